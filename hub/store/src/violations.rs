//! Violation reports (migration 0014; R7): stored as the public sent them, read by the product
//! group's regulator and the operator, moved through their statuses with an audit row.

use crate::audit::{AuditEntry, audit};
use crate::error::pg;
use crate::{Database, StoreError};

/// A report to store, already checked by the registry.
#[derive(Debug, Clone, Default)]
pub struct NewViolation {
    /// The code as scanned.
    pub code: String,
    /// The product group it belongs to, when the hub could tell.
    pub product_group: Option<String>,
    /// One of the closed list of reasons.
    pub reason: String,
    /// Free text.
    pub details: String,
    /// Latitude and longitude, if sent.
    pub place: Option<(f64, f64)>,
    /// An address, if sent.
    pub address: Option<String>,
    /// `kk`, `ru` or `en`.
    pub lang: String,
    /// The photo and its content type, as found from its bytes.
    pub photo: Option<(Vec<u8>, String)>,
    /// A keyed hash of the reporter's address.
    pub client_hash: Option<Vec<u8>>,
}

/// A stored report, without its photo.
#[derive(Debug, Clone, PartialEq)]
pub struct ViolationRow {
    /// Its id.
    pub id: i64,
    /// When received, RFC 3339 UTC.
    pub received_at: String,
    /// The code as scanned.
    pub code: String,
    /// Its product group, if known.
    pub product_group: Option<String>,
    /// The reason.
    pub reason: String,
    /// Free text.
    pub details: String,
    /// Latitude and longitude.
    pub place: Option<(f64, f64)>,
    /// Address.
    pub address: Option<String>,
    /// The reporter's language.
    pub lang: String,
    /// The photo's content type, if there is a photo.
    pub photo_type: Option<String>,
    /// The status.
    pub status: String,
    /// When the status last changed, RFC 3339 UTC.
    pub status_changed_at: Option<String>,
    /// Who changed it (BIN/IIN of the participant).
    pub status_changed_by: Option<String>,
}

/// Which reports to list.
#[derive(Debug, Clone, Default)]
pub struct ViolationFilter {
    /// Only these groups (`None`: every group and the reports without one).
    pub groups: Option<Vec<String>>,
    /// Only this status.
    pub status: Option<String>,
    /// Only this group (within `groups`).
    pub product_group: Option<String>,
    /// Older than this id.
    pub before: Option<i64>,
}

const COLUMNS: &str =
    "id, to_char(received_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
    code, product_group, reason, details, latitude, longitude, address, lang, photo_type, status,
    to_char(status_changed_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
    status_changed_by";

fn row(r: &tokio_postgres::Row) -> ViolationRow {
    let lat: Option<f64> = r.get(6);
    let lon: Option<f64> = r.get(7);
    ViolationRow {
        id: r.get(0),
        received_at: r.get(1),
        code: r.get(2),
        product_group: r.get(3),
        reason: r.get(4),
        details: r.get(5),
        place: lat.zip(lon),
        address: r.get(8),
        lang: r.get(9),
        photo_type: r.get(10),
        status: r.get(11),
        status_changed_at: r.get(12),
        status_changed_by: r.get(13),
    }
}

impl Database {
    /// Stores a report; its id.
    pub async fn insert_violation(&self, v: &NewViolation) -> Result<i64, StoreError> {
        let (lat, lon) = v.place.unzip();
        let (photo, photo_type) = v.photo.clone().unzip();
        let row = self
            .client()
            .await?
            .query_one(
                "insert into violation_reports (code, product_group, reason, details, latitude,
                     longitude, address, lang, photo, photo_type, client_hash)
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id",
                &[
                    &v.code,
                    &v.product_group,
                    &v.reason,
                    &v.details,
                    &lat,
                    &lon,
                    &v.address,
                    &v.lang,
                    &photo,
                    &photo_type,
                    &v.client_hash,
                ],
            )
            .await
            .map_err(pg("storing a violation report"))?;
        Ok(row.get(0))
    }

    /// Reports matching `filter`, newest first, at most `limit`.
    pub async fn violations(
        &self,
        filter: &ViolationFilter,
        limit: i64,
    ) -> Result<Vec<ViolationRow>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                &format!(
                    "select {COLUMNS} from violation_reports
                     where ($1::text[] is null or product_group = any($1))
                       and ($2::text is null or status = $2)
                       and ($3::text is null or product_group = $3)
                       and ($4::bigint is null or id < $4)
                     order by id desc limit $5"
                ),
                &[
                    &filter.groups,
                    &filter.status,
                    &filter.product_group,
                    &filter.before,
                    &limit,
                ],
            )
            .await
            .map_err(pg("reading violation reports"))?;
        Ok(rows.iter().map(row).collect())
    }

    /// One report.
    pub async fn violation(&self, id: i64) -> Result<Option<ViolationRow>, StoreError> {
        let found = self
            .client()
            .await?
            .query_opt(
                &format!("select {COLUMNS} from violation_reports where id = $1"),
                &[&id],
            )
            .await
            .map_err(pg("reading a violation report"))?;
        Ok(found.as_ref().map(row))
    }

    /// A report's photo and its content type.
    pub async fn violation_photo(&self, id: i64) -> Result<Option<(Vec<u8>, String)>, StoreError> {
        let found = self
            .client()
            .await?
            .query_opt(
                "select photo, photo_type from violation_reports
                 where id = $1 and photo is not null",
                &[&id],
            )
            .await
            .map_err(pg("reading a violation report's photo"))?;
        Ok(found.map(|r| (r.get(0), r.get(1))))
    }

    /// Moves report `id` from status `from` to `to` and appends `entry`, in one transaction.
    /// `false` when the report was no longer in `from` (changed meanwhile): nothing written.
    pub async fn set_violation_status(
        &self,
        id: i64,
        from: &str,
        to: &str,
        entry: &AuditEntry,
    ) -> Result<bool, StoreError> {
        const CONTEXT: &str = "changing a violation report's status";
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(pg(CONTEXT))?;
        let changed = tx
            .execute(
                "update violation_reports
                 set status = $3, status_changed_at = now(), status_changed_by = $4
                 where id = $1 and status = $2",
                &[&id, &from, &to, &entry.bin],
            )
            .await
            .map_err(pg(CONTEXT))?;
        if changed == 0 {
            return Ok(false);
        }
        audit(&*tx, entry).await?;
        tx.commit().await.map_err(pg(CONTEXT))?;
        Ok(true)
    }
}
