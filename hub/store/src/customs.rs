//! Customs declarations (migration 0021; R5, issue 7): kept as an adapter delivered them, and
//! what applied introductions from import used of them. Whether a declaration is valid, and
//! whether an introduction fits it, is decided before it gets here (`tanba-adapters`,
//! `tanba-documents`).

use serde::{Deserialize, Serialize};
use tokio_postgres::GenericClient;
use tokio_postgres::types::Json;
use uuid::Uuid;

use crate::error::pg;
use crate::{AuditEntry, Database, StoreError};

/// A customs declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclarationRow {
    /// Its registration number.
    pub number: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// BIN or IIN of the declarant.
    pub declarant: String,
    /// Its goods items, in order.
    pub items: Vec<DeclaredItem>,
}

/// One goods item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclaredItem {
    /// The item's number in the declaration.
    pub number: u32,
    /// 10-digit TN VED code.
    pub tnved: String,
    /// 14-digit GTIN.
    pub gtin: String,
    /// Units declared.
    pub quantity: u64,
    /// ISO 3166-1 alpha-2.
    pub country_of_origin: String,
}

/// What recording a declaration did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// It is new and stored.
    Stored,
    /// The same declaration was already stored; nothing changed.
    Unchanged,
    /// A different declaration with this number is stored; nothing changed (the caller refuses
    /// the step, so its transaction rolls back).
    Conflict,
}

/// Stores `row` delivered by `adapter` in `tx`, with an audit row (`audit`'s action and who,
/// the number as object, `stored` or `unchanged` as outcome) when it is stored or unchanged.
pub async fn record_customs_declaration(
    tx: &impl GenericClient,
    row: &DeclarationRow,
    adapter: &str,
    audit: &AuditEntry,
) -> Result<Recorded, StoreError> {
    let items = Json(&row.items);
    let inserted = tx
        .execute(
            "insert into customs_declarations (number, declared_on, declarant, items, adapter)
             values ($1, $2::text::date, $3, $4, $5)
             on conflict (number) do nothing",
            &[&row.number, &row.date, &row.declarant, &items, &adapter],
        )
        .await
        .map_err(pg("storing a customs declaration"))?;
    let recorded = if inserted == 1 {
        Recorded::Stored
    } else if read(tx, &row.number, false).await?.as_ref() == Some(row) {
        Recorded::Unchanged
    } else {
        return Ok(Recorded::Conflict);
    };
    let entry = AuditEntry {
        object: Some(row.number.clone()),
        outcome: match recorded {
            Recorded::Stored => "stored",
            _ => "unchanged",
        }
        .to_owned(),
        ..audit.clone()
    };
    crate::audit(tx, &entry).await?;
    Ok(recorded)
}

/// The declaration `number`, its row locked until `tx` ends (introductions under one
/// declaration are decided one after the other).
pub async fn lock_customs_declaration(
    tx: &impl GenericClient,
    number: &str,
) -> Result<Option<DeclarationRow>, StoreError> {
    read(tx, number, true).await
}

/// Codes per GTIN that applied introductions used of declaration `number`, GTIN order.
pub async fn customs_declaration_uses(
    tx: &impl GenericClient,
    number: &str,
) -> Result<Vec<(String, u64)>, StoreError> {
    let rows = tx
        .query(
            "select gtin, sum(codes)::bigint from customs_declaration_uses
             where declaration = $1 group by gtin order by gtin",
            &[&number],
        )
        .await
        .map_err(pg("reading a customs declaration's uses"))?;
    Ok(rows
        .iter()
        .map(|r| (r.get(0), r.get::<_, i64>(1).unsigned_abs()))
        .collect())
}

/// Records that `document` introduced `codes` codes per GTIN under declaration `number`.
pub async fn record_customs_declaration_uses(
    tx: &impl GenericClient,
    number: &str,
    document: Uuid,
    codes: &[(String, u64)],
) -> Result<(), StoreError> {
    let (gtins, counts): (Vec<&str>, Vec<i64>) = codes
        .iter()
        .map(|(g, n)| (g.as_str(), i64::try_from(*n).unwrap_or(i64::MAX)))
        .unzip();
    tx.execute(
        "insert into customs_declaration_uses (declaration, document, gtin, codes)
         select $1, $2, g, n from unnest($3::text[], $4::bigint[]) as u (g, n)",
        &[&number, &document, &gtins, &counts],
    )
    .await
    .map_err(pg("recording a customs declaration's use"))?;
    Ok(())
}

async fn read(
    tx: &impl GenericClient,
    number: &str,
    lock: bool,
) -> Result<Option<DeclarationRow>, StoreError> {
    let sql = format!(
        "select number, to_char(declared_on, 'YYYY-MM-DD'), declarant, items
         from customs_declarations where number = $1{}",
        if lock { " for update" } else { "" }
    );
    let Some(row) = tx
        .query_opt(&sql, &[&number])
        .await
        .map_err(pg("reading a customs declaration"))?
    else {
        return Ok(None);
    };
    let Json(items) = row
        .try_get(3)
        .map_err(pg("reading a customs declaration's items"))?;
    Ok(Some(DeclarationRow {
        number: row.get(0),
        date: row.get(1),
        declarant: row.get(2),
        items,
    }))
}

impl Database {
    /// The customs declaration `number`, if one is stored.
    pub async fn customs_declaration(
        &self,
        number: &str,
    ) -> Result<Option<DeclarationRow>, StoreError> {
        let client = self.client().await?;
        read(&**client, number, false).await
    }
}
