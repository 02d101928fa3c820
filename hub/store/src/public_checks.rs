//! Public checks and clone signals (migration 0009; R7, R2).

use crate::error::pg;
use crate::{Database, StoreError};

/// A check to record.
#[derive(Debug, Clone)]
pub struct NewCheck {
    /// The unit key checked.
    pub unit: String,
    /// Its product group, when the code was genuine.
    pub product_group: Option<String>,
    /// The verdict given.
    pub verdict: String,
    /// A salted hash of the client's address.
    pub client_hash: Option<Vec<u8>>,
    /// Where, if the person sent it: latitude and longitude in degrees.
    pub place: Option<(f64, f64)>,
}

/// An earlier check of the same unit that carried a place.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedCheck {
    /// Its id.
    pub id: i64,
    /// Latitude, longitude.
    pub place: (f64, f64),
    /// Minutes before now.
    pub minutes_ago: f64,
}

/// A clone signal as a regulator reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct CloneSignalRow {
    /// Its id.
    pub id: i64,
    /// The unit.
    pub unit: String,
    /// Its product group.
    pub product_group: String,
    /// When, RFC 3339 UTC.
    pub raised_at: String,
    /// How far apart the two checks were (a public check's signal).
    pub distance_km: Option<f64>,
    /// How far apart in time (a public check's signal).
    pub minutes_apart: Option<f64>,
    /// `open`, `confirmed` or `dismissed`.
    pub status: String,
    /// `public-check` or `retail-sale`.
    pub source: String,
    /// A retail sale's: `SOLD_TWICE` or `NOT_IN_CIRCULATION`.
    pub reason: Option<String>,
    /// A retail sale's: the retail-sale document.
    pub document: Option<uuid::Uuid>,
}

/// R13, R2: a code sold twice or sold while not in circulation, in the sale document's own
/// transaction; the signal's id.
pub async fn raise_sale_clone_signal(
    tx: &impl tokio_postgres::GenericClient,
    unit: &str,
    product_group: &str,
    reason: &str,
    document: uuid::Uuid,
) -> Result<i64, StoreError> {
    let row = tx
        .query_one(
            "insert into clone_signals (unit, product_group, source, reason, document)
             values ($1, $2, 'retail-sale', $3, $4) returning id",
            &[&unit, &product_group, &reason, &document],
        )
        .await
        .map_err(pg("raising a clone signal of a sale"))?;
    Ok(row.get(0))
}

impl Database {
    /// Records a check; its id.
    pub async fn record_check(&self, check: &NewCheck) -> Result<i64, StoreError> {
        let (lat, lon) = check.place.unzip();
        let row = self
            .client()
            .await?
            .query_one(
                "insert into public_checks
                     (unit, product_group, verdict, client_hash, latitude, longitude)
                 values ($1, $2, $3, $4, $5, $6) returning id",
                &[
                    &check.unit,
                    &check.product_group,
                    &check.verdict,
                    &check.client_hash,
                    &lat,
                    &lon,
                ],
            )
            .await
            .map_err(pg("recording a public check"))?;
        Ok(row.get(0))
    }

    /// Checks of `unit` with a place in the last `minutes`, newest first (at most 50).
    pub async fn recent_placed_checks(
        &self,
        unit: &str,
        minutes: f64,
    ) -> Result<Vec<PlacedCheck>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                "select id, latitude, longitude,
                        (extract(epoch from now() - checked_at) / 60)::float8
                 from public_checks
                 where unit = $1 and latitude is not null
                   and checked_at > now() - make_interval(mins => $2::int)
                 order by checked_at desc limit 50",
                &[&unit, &(minutes.ceil() as i32)],
            )
            .await
            .map_err(pg("reading recent public checks"))?;
        Ok(rows
            .iter()
            .map(|r| PlacedCheck {
                id: r.get(0),
                place: (r.get(1), r.get(2)),
                minutes_ago: r.get(3),
            })
            .collect())
    }

    /// Raises a clone signal for `unit` between two checks; its id.
    pub async fn raise_clone_signal(
        &self,
        unit: &str,
        product_group: &str,
        (earlier, later): (&PlacedCheck, i64),
        distance_km: f64,
    ) -> Result<i64, StoreError> {
        let row = self
            .client()
            .await?
            .query_one(
                "insert into clone_signals
                     (unit, product_group, distance_km, minutes_apart, earlier_check, later_check)
                 values ($1, $2, $3, $4, $5, $6) returning id",
                &[
                    &unit,
                    &product_group,
                    &distance_km,
                    &earlier.minutes_ago,
                    &earlier.id,
                    &later,
                ],
            )
            .await
            .map_err(pg("raising a clone signal"))?;
        Ok(row.get(0))
    }

    /// The newest `limit` clone signals of `groups` (all groups when `None`), older than
    /// signal `before` when given.
    pub async fn clone_signals(
        &self,
        groups: Option<&[String]>,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<CloneSignalRow>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                "select id, unit, product_group,
                        to_char(raised_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
                        distance_km, minutes_apart, status, source, reason, document
                 from clone_signals
                 where ($1::text[] is null or product_group = any($1))
                   and ($2::bigint is null or id < $2)
                 order by id desc limit $3",
                &[&groups, &before, &limit],
            )
            .await
            .map_err(pg("reading clone signals"))?;
        Ok(rows
            .iter()
            .map(|r| CloneSignalRow {
                id: r.get(0),
                unit: r.get(1),
                product_group: r.get(2),
                raised_at: r.get(3),
                distance_km: r.get(4),
                minutes_apart: r.get(5),
                status: r.get(6),
                source: r.get(7),
                reason: r.get(8),
                document: r.get(9),
            })
            .collect())
    }
}
