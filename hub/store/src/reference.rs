//! Reference data (migration 0011; R20): versions of classifier entries with effective dates,
//! read "as of" a date, searched by code prefix or name, and replaced by an import in one
//! audited transaction.
//!
//! Dates cross this boundary as `YYYY-MM-DD` text (the service has parsed them); what an entry
//! may contain is checked by the reference service (`tanba-reference`) before it calls here.

use tokio_postgres::{GenericClient, Row};

use crate::error::pg;
use crate::registry::MAX_PAGE;
use crate::{AuditEntry, Database, StoreError, audit};

/// One version of a classifier entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceRow {
    /// The classifier (`tn-ved`, `country`, ...).
    pub classifier: String,
    /// The entry's code within it.
    pub code: String,
    /// The code of the entry above it (TN VED heading of a subheading, KATO region).
    pub parent_code: Option<String>,
    /// `{"kk": ..., "ru": ..., "en": ...}`.
    pub names: serde_json::Value,
    /// Further attributes, as text.
    pub attributes: serde_json::Value,
    /// First day in force, `YYYY-MM-DD`.
    pub valid_from: String,
    /// First day no longer in force, if it ends.
    pub valid_to: Option<String>,
}

/// What a search asks for.
#[derive(Debug, Clone, Default)]
pub struct ReferenceQuery {
    /// The classifier.
    pub classifier: String,
    /// Versions in force on this day, `YYYY-MM-DD`.
    pub as_of: String,
    /// Lower-cased text: a code prefix, or a part of a name in any language.
    pub text: Option<String>,
    /// Only the children of this code.
    pub parent: Option<String>,
    /// Codes after this one.
    pub after: Option<String>,
    /// At most this many.
    pub limit: i64,
}

/// The changes an import makes, decided by the reference service.
#[derive(Debug, Clone, Default)]
pub struct ReferenceChanges {
    /// New versions.
    pub added: Vec<ReferenceRow>,
    /// Versions whose content changes (same code and first day).
    pub changed: Vec<ReferenceRow>,
    /// Versions that end: (the version, its new last-day-exclusive).
    pub closed: Vec<(ReferenceRow, String)>,
}

const SELECT: &str = "select classifier, code, parent_code, names, attributes,
        to_char(valid_from, 'YYYY-MM-DD'), to_char(valid_to, 'YYYY-MM-DD')
    from reference_entries";

const IN_FORCE: &str = "valid_from <= $2::text::date
    and (valid_to is null or valid_to > $2::text::date)";

fn read(r: &Row) -> ReferenceRow {
    ReferenceRow {
        classifier: r.get(0),
        code: r.get(1),
        parent_code: r.get(2),
        names: r.get(3),
        attributes: r.get(4),
        valid_from: r.get(5),
        valid_to: r.get(6),
    }
}

/// The text a name search matches: every name, lower-cased, one a line (codes are matched by
/// prefix only, so `64` does not find `0406400000`).
fn search_text(row: &ReferenceRow) -> String {
    row.names
        .as_object()
        .map(|names| {
            names
                .values()
                .filter_map(|v| v.as_str())
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

/// `text` with LIKE's wildcards escaped, so a search for `50%` finds `50%` only.
fn like_escaped(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

impl Database {
    /// Every version of every entry of `classifier`, by code and first day.
    pub async fn reference_versions(
        &self,
        classifier: &str,
    ) -> Result<Vec<ReferenceRow>, StoreError> {
        versions(&**self.client().await?, classifier).await
    }

    /// Entries in force on `q.as_of`, by code, matching the query.
    pub async fn reference_search(
        &self,
        q: &ReferenceQuery,
    ) -> Result<Vec<ReferenceRow>, StoreError> {
        let pattern = q.text.as_deref().map(like_escaped);
        let rows = self
            .client()
            .await?
            .query(
                &format!(
                    "{SELECT} where classifier = $1 and {IN_FORCE}
                       and ($3::text is null or lower(code) like $3 || '%'
                            or search like '%' || $3 || '%')
                       and ($4::text is null or parent_code = $4)
                       and ($5::text is null or code > $5)
                     order by code limit $6"
                ),
                &[
                    &q.classifier,
                    &q.as_of,
                    &pattern,
                    &q.parent,
                    &q.after,
                    &q.limit.clamp(1, MAX_PAGE),
                ],
            )
            .await
            .map_err(pg("searching reference data"))?;
        Ok(rows.iter().map(read).collect())
    }

    /// The version of `code` in force on `as_of`.
    pub async fn reference_entry(
        &self,
        classifier: &str,
        code: &str,
        as_of: &str,
    ) -> Result<Option<ReferenceRow>, StoreError> {
        let row = self
            .client()
            .await?
            .query_opt(
                &format!("{SELECT} where classifier = $1 and {IN_FORCE} and code = $3"),
                &[&classifier, &as_of, &code],
            )
            .await
            .map_err(pg("reading a reference entry"))?;
        Ok(row.as_ref().map(read))
    }

    /// How many entries each classifier has in force on `as_of`.
    pub async fn reference_counts(&self, as_of: &str) -> Result<Vec<(String, i64)>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                "select classifier, count(*) from reference_entries
                 where valid_from <= $1::text::date
                   and (valid_to is null or valid_to > $1::text::date)
                 group by classifier",
                &[&as_of],
            )
            .await
            .map_err(pg("counting reference data"))?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// Codes of `classifier` in force on `as_of` whose space-separated attribute `key` lists
    /// `value` (the TN VED codes of a product group, for its rule set).
    pub async fn reference_codes_tagged(
        &self,
        classifier: &str,
        as_of: &str,
        key: &str,
        value: &str,
    ) -> Result<Vec<String>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                &format!(
                    "select code from reference_entries
                     where classifier = $1 and {IN_FORCE}
                       and $4 = any(string_to_array(attributes->>$3, ' '))
                     order by code"
                ),
                &[&classifier, &as_of, &key, &value],
            )
            .await
            .map_err(pg("reading tagged reference codes"))?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// Imports into `classifier` in one transaction: locks the classifier against other
    /// imports, reads its versions, lets `decide` compute the changes from them (and what to
    /// answer) or refuse, writes them and appends `entry` to the audit log. Nothing is written
    /// when `decide` refuses.
    pub async fn import_reference<T, E>(
        &self,
        classifier: &str,
        decide: impl FnOnce(&[ReferenceRow]) -> Result<(ReferenceChanges, T), E>,
        entry: &AuditEntry,
    ) -> Result<Result<T, E>, StoreError> {
        let context = "importing reference data";
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(pg(context))?;
        tx.execute(
            "select pg_advisory_xact_lock(hashtext('tanba-reference:' || $1))",
            &[&classifier],
        )
        .await
        .map_err(pg(context))?;
        let stored = versions(&*tx, classifier).await?;
        let (changes, answer) = match decide(&stored) {
            Ok(decided) => decided,
            Err(refused) => return Ok(Err(refused)),
        };
        write_changes(&*tx, &changes).await?;
        audit(&*tx, entry).await?;
        tx.commit().await.map_err(pg(context))?;
        Ok(Ok(answer))
    }
}

async fn versions(
    client: &impl GenericClient,
    classifier: &str,
) -> Result<Vec<ReferenceRow>, StoreError> {
    let rows = client
        .query(
            &format!("{SELECT} where classifier = $1 order by code, valid_from"),
            &[&classifier],
        )
        .await
        .map_err(pg("reading reference versions"))?;
    Ok(rows.iter().map(read).collect())
}

async fn write_changes(
    tx: &impl GenericClient,
    changes: &ReferenceChanges,
) -> Result<(), StoreError> {
    let context = "writing reference data";
    let close = tx
        .prepare(
            "update reference_entries set valid_to = $4::text::date, updated_at = now()
             where classifier = $1 and code = $2 and valid_from = $3::text::date",
        )
        .await
        .map_err(pg(context))?;
    for (row, to) in &changes.closed {
        tx.execute(&close, &[&row.classifier, &row.code, &row.valid_from, to])
            .await
            .map_err(pg(context))?;
    }
    let update = tx
        .prepare(
            "update reference_entries set parent_code = $4, names = $5, attributes = $6,
                 valid_to = $7::text::date, search = $8, updated_at = now()
             where classifier = $1 and code = $2 and valid_from = $3::text::date",
        )
        .await
        .map_err(pg(context))?;
    for row in &changes.changed {
        let search = search_text(row);
        tx.execute(&update, &params(row, &search))
            .await
            .map_err(pg(context))?;
    }
    let insert = tx
        .prepare(
            "insert into reference_entries (classifier, code, valid_from, parent_code, names,
                 attributes, valid_to, search)
             values ($1, $2, $3::text::date, $4, $5, $6, $7::text::date, $8)",
        )
        .await
        .map_err(pg(context))?;
    for row in &changes.added {
        let search = search_text(row);
        tx.execute(&insert, &params(row, &search))
            .await
            .map_err(pg(context))?;
    }
    Ok(())
}

/// A version's columns in the order the insert and the update name them.
fn params<'a>(
    row: &'a ReferenceRow,
    search: &'a (dyn tokio_postgres::types::ToSql + Sync),
) -> [&'a (dyn tokio_postgres::types::ToSql + Sync); 8] {
    [
        &row.classifier,
        &row.code,
        &row.valid_from,
        &row.parent_code,
        &row.names,
        &row.attributes,
        &row.valid_to,
        search,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_text_holds_every_name_lower_cased() {
        let row = ReferenceRow {
            classifier: "country".into(),
            code: "KZ".into(),
            parent_code: None,
            names: serde_json::json!({"kk": "Қазақстан", "ru": "Казахстан", "en": "Kazakhstan"}),
            attributes: serde_json::json!({}),
            valid_from: "2000-01-01".into(),
            valid_to: None,
        };
        let text = search_text(&row);
        assert!(
            !text.contains("kz"),
            "codes are matched by prefix, not in names"
        );
        for part in ["қазақстан", "казахстан", "kazakhstan"] {
            assert!(text.contains(part), "{text}");
        }
    }

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(like_escaped("50%_a\\"), "50\\%\\_a\\\\");
    }
}
