//! Exports for analytic systems (issue 9; R15), migration 0013: the flows of the unit history
//! counted per day, product group, region and GTIN, and the stored exports (manifest and file).

use tokio_postgres::GenericClient;
use uuid::Uuid;

use crate::error::pg;
use crate::{Database, StoreError};

/// One counted flow: how many codes of a GTIN had `event` on a day, in a region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowCount {
    /// The day, as the caller numbered it (days since 1970-01-01).
    pub day: i32,
    /// The GTIN's product group, `unknown` if the GTIN is not in the catalogue.
    pub product_group: String,
    /// The acting participant's KATO code, or `None` when the registry does not know it.
    pub region: Option<String>,
    /// 14 digits.
    pub gtin: String,
    /// The history event (`INTRODUCE`, `SHIP`, ...).
    pub event: String,
    /// How many codes.
    pub units: i64,
}

/// A day to count: its number and its bounds `[from, to)` as Unix seconds.
#[derive(Debug, Clone, Copy)]
pub struct DayBounds {
    /// Days since 1970-01-01.
    pub day: i32,
    /// Its first second.
    pub from_unix: i64,
    /// The first second of the next day.
    pub to_unix: i64,
}

/// Counts the history rows of codes (not transport units) with one of `events` on each of
/// `days`, by product group, the actor's region and GTIN. Only codes, so a pallet shipped
/// counts the codes inside it once each and the pallet not at all.
pub async fn flow_counts(
    tx: &impl GenericClient,
    days: &[DayBounds],
    events: &[&str],
) -> Result<Vec<FlowCount>, StoreError> {
    let numbers: Vec<i32> = days.iter().map(|d| d.day).collect();
    let from: Vec<i64> = days.iter().map(|d| d.from_unix).collect();
    let to: Vec<i64> = days.iter().map(|d| d.to_unix).collect();
    let rows = tx
        .query(
            "select d.day, coalesce(p.product_group, 'unknown'), a.kato,
                    substr(h.unit, 3, 14) as gtin, h.event, count(*)
             from unnest($1::int[], $2::bigint[], $3::bigint[]) as d (day, lo, hi)
             join unit_history h
               on h.at >= to_timestamp(d.lo) and h.at < to_timestamp(d.hi)
             left join products p on p.gtin = substr(h.unit, 3, 14)
             left join participants a on a.id = h.actor
             where h.unit like '01%' and h.event = any($4::text[])
             group by 1, 2, 3, 4, 5",
            &[&numbers, &from, &to, &events],
        )
        .await
        .map_err(pg("counting flows for an export"))?;
    Ok(rows
        .iter()
        .map(|r| FlowCount {
            day: r.get(0),
            product_group: r.get(1),
            region: r.get(2),
            gtin: r.get(3),
            event: r.get(4),
            units: r.get(5),
        })
        .collect())
}

/// The time of the first history row, as Unix seconds; `None` while there is none.
pub async fn first_history_unix(tx: &impl GenericClient) -> Result<Option<i64>, StoreError> {
    let row = tx
        .query_one(
            "select extract(epoch from min(at))::bigint from unit_history",
            &[],
        )
        .await
        .map_err(pg("reading the first history row"))?;
    Ok(row.get(0))
}

/// Where the last scheduled export ended (`YYYY-MM-DD`, exclusive); `None` before the first.
pub async fn last_scheduled_end(tx: &impl GenericClient) -> Result<Option<String>, StoreError> {
    let row = tx
        .query_one(
            "select max(period_to)::text from exports where trigger = 'scheduled'",
            &[],
        )
        .await
        .map_err(pg("reading the last scheduled export"))?;
    Ok(row.get(0))
}

/// An export to store.
#[derive(Debug, Clone)]
pub struct NewExport {
    /// Its id.
    pub id: Uuid,
    /// First day, `YYYY-MM-DD`.
    pub period_from: String,
    /// The day after the last, `YYYY-MM-DD`.
    pub period_to: String,
    /// `scheduled` or `on-demand`.
    pub trigger: &'static str,
    /// The manifest.
    pub manifest: serde_json::Value,
    /// The Parquet file.
    pub file: Vec<u8>,
    /// Its SHA-256.
    pub file_sha256: Vec<u8>,
}

/// Stores an export in the caller's transaction (with its audit row beside it).
pub async fn insert_export(tx: &impl GenericClient, e: &NewExport) -> Result<(), StoreError> {
    tx.execute(
        "insert into exports (id, period_from, period_to, trigger, manifest, file, file_sha256)
         values ($1, $2::text::date, $3::text::date, $4, $5, $6, $7)",
        &[
            &e.id,
            &e.period_from,
            &e.period_to,
            &e.trigger,
            &e.manifest,
            &e.file,
            &e.file_sha256,
        ],
    )
    .await
    .map_err(pg("storing an export"))?;
    Ok(())
}

impl Database {
    /// The manifests of stored exports, oldest first, after `after` (an export id), at most
    /// `limit`.
    pub async fn export_manifests(
        &self,
        after: Option<Uuid>,
        limit: i64,
    ) -> Result<Vec<(Uuid, serde_json::Value)>, StoreError> {
        let client = self.client().await?;
        let rows = client
            .query(
                "select e.id, e.manifest from exports e
                 where $1::uuid is null
                    or (e.created_at, e.id) > (select created_at, id from exports where id = $1)
                 order by e.created_at, e.id limit $2",
                &[&after, &limit],
            )
            .await
            .map_err(pg("listing exports"))?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// One export's manifest.
    pub async fn export_manifest(&self, id: Uuid) -> Result<Option<serde_json::Value>, StoreError> {
        let client = self.client().await?;
        let row = client
            .query_opt("select manifest from exports where id = $1", &[&id])
            .await
            .map_err(pg("reading an export"))?;
        Ok(row.map(|r| r.get(0)))
    }

    /// One export's file, with an audit row for the download in the same transaction; `None`
    /// (and no audit row) if there is no such export.
    pub async fn export_file(
        &self,
        id: Uuid,
        audit: &crate::AuditEntry,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let mut client = self.client().await?;
        let tx = client
            .transaction()
            .await
            .map_err(pg("reading an export file"))?;
        let row = tx
            .query_opt("select file from exports where id = $1", &[&id])
            .await
            .map_err(pg("reading an export file"))?;
        if row.is_some() {
            crate::audit(&*tx, audit).await?;
        }
        tx.commit().await.map_err(pg("reading an export file"))?;
        Ok(row.map(|r| r.get(0)))
    }
}
