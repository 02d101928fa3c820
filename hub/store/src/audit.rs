//! The audit log (migrations 0008, 0019; R23): appended inside the transaction of the action it
//! records, hash-chained, searched by the operator, verified end to end.

use tokio_postgres::GenericClient;

use crate::error::pg;
use crate::{Database, StoreError};

/// One action to record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditEntry {
    /// The person (from an EDS session), if known.
    pub iin: Option<String>,
    /// The participant acted for.
    pub bin: Option<String>,
    /// The participant's roles, comma-separated.
    pub role: Option<String>,
    /// The client's address.
    pub client_ip: Option<String>,
    /// What was done (`order.create`, `document.submit`, `login`, ...).
    pub action: String,
    /// What it was done to (an id or key).
    pub object: Option<String>,
    /// `ok`, `refused`, `applied`, `rejected`, ...
    pub outcome: String,
}

/// A recorded row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    /// Its position in the chain.
    pub id: i64,
    /// When, RFC 3339 UTC with milliseconds.
    pub at: String,
    /// The entry.
    pub entry: AuditEntry,
    /// What the object alone does not say (migration 0019), e.g. where a trust item came from.
    pub detail: Option<String>,
}

/// Appends `entry` in the caller's transaction.
pub async fn audit(tx: &impl GenericClient, entry: &AuditEntry) -> Result<(), StoreError> {
    append(tx, entry, None).await
}

/// Appends `entry` with `detail` (covered by the row's hash, shown by the audit search) in the
/// caller's transaction: for `trust.admit`, the item's source (issue 6, R23).
pub async fn audit_with_detail(
    tx: &impl GenericClient,
    entry: &AuditEntry,
    detail: &str,
) -> Result<(), StoreError> {
    append(tx, entry, Some(detail)).await
}

async fn append(
    tx: &impl GenericClient,
    entry: &AuditEntry,
    detail: Option<&str>,
) -> Result<(), StoreError> {
    tx.execute(
        "select audit_append($1, $2, $3, $4, $5, $6, $7, $8)",
        &[
            &entry.iin,
            &entry.bin,
            &entry.role,
            &entry.client_ip,
            &entry.action,
            &entry.object,
            &entry.outcome,
            &detail,
        ],
    )
    .await
    .map_err(pg("writing the audit log"))?;
    Ok(())
}

/// What to look for in the audit log; every given field must match.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// The participant.
    pub bin: Option<String>,
    /// The person.
    pub iin: Option<String>,
    /// The object.
    pub object: Option<String>,
    /// From this time (RFC 3339), inclusive.
    pub from: Option<String>,
    /// Until this time, exclusive.
    pub to: Option<String>,
    /// Rows after this id.
    pub after: Option<i64>,
}

impl Database {
    /// Runs one statement and, if it changed a row, appends `entry` in the same transaction.
    /// Returns how many rows it changed.
    pub(crate) async fn execute_audited(
        &self,
        sql: &str,
        params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
        context: &'static str,
        entry: &AuditEntry,
    ) -> Result<u64, StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(pg(context))?;
        let changed = tx.execute(sql, params).await.map_err(pg(context))?;
        if changed > 0 {
            audit(&*tx, entry).await?;
        }
        tx.commit().await.map_err(pg(context))?;
        Ok(changed)
    }

    /// Appends `entry` on its own (an action whose only trace is the record, such as a refused
    /// login).
    pub async fn audit_alone(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        audit(&**self.client().await?, entry).await
    }

    /// Rows matching `filter`, oldest first, at most `limit`.
    pub async fn audit_search(
        &self,
        filter: &AuditFilter,
        limit: i64,
    ) -> Result<Vec<AuditRow>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                "select id, to_char(at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),
                        iin, bin, role, client_ip, action, object, outcome, detail
                 from audit_log
                 where ($1::text is null or bin = $1) and ($2::text is null or iin = $2)
                   and ($3::text is null or object = $3)
                   and ($4::text is null or at >= $4::timestamptz)
                   and ($5::text is null or at < $5::timestamptz)
                   and ($6::bigint is null or id > $6)
                 order by id limit $7",
                &[
                    &filter.bin,
                    &filter.iin,
                    &filter.object,
                    &filter.from,
                    &filter.to,
                    &filter.after,
                    &limit.clamp(1, crate::registry::MAX_PAGE),
                ],
            )
            .await
            .map_err(pg("searching the audit log"))?;
        Ok(rows
            .iter()
            .map(|r| AuditRow {
                id: r.get(0),
                at: r.get(1),
                entry: AuditEntry {
                    iin: r.get(2),
                    bin: r.get(3),
                    role: r.get(4),
                    client_ip: r.get(5),
                    action: r.get(6),
                    object: r.get(7),
                    outcome: r.get(8),
                },
                detail: r.get(9),
            })
            .collect())
    }

    /// The first row whose chain breaks (its hash is not the hash of the previous row's hash
    /// and its own fields), or `None` when the whole log verifies; and how many rows it read.
    pub async fn audit_verify(&self) -> Result<(Option<i64>, i64), StoreError> {
        let client = self.client().await?;
        let broken = client
            .query_opt(
                "select id from (
                     select id, hash, prev_hash,
                            coalesce(lag(hash) over (order by id), '\\x'::bytea) as previous,
                            sha256(prev_hash || audit_canonical(at, iin, bin, role, client_ip,
                                action, object, outcome, detail)) as expected
                     from audit_log) t
                 where hash <> expected or prev_hash <> previous
                 order by id limit 1",
                &[],
            )
            .await
            .map_err(pg("verifying the audit log"))?
            .map(|r| r.get(0));
        let count = client
            .query_one("select count(*) from audit_log", &[])
            .await
            .map_err(pg("counting the audit log"))?
            .get(0);
        Ok((broken, count))
    }
}
