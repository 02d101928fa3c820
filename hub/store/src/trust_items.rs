//! Trust items cached in the database (migration 0015; issue 6, R16): CA certificates and CRLs
//! the hub verified before storing them. This module keeps and lists bytes; whether an item may
//! be stored is decided by the PKI layer before it gets here.

use crate::error::pg;
use crate::{Database, StoreError};

/// The channel an insert notifies (a trigger, in the same transaction).
pub const TRUST_CHANNEL: &str = "tanba_pki";

/// An item to store.
#[derive(Debug, Clone)]
pub struct NewTrustItem<'a> {
    /// `ca-certificate`, `crl` or `delta-crl`.
    pub kind: &'a str,
    /// Where it came from: a URL, `adapter:<id>`.
    pub source: &'a str,
    /// The issuer's name.
    pub issuer: &'a str,
    /// The subject's name (CA certificates).
    pub subject: Option<&'a str>,
    /// thisUpdate (CRL) or notBefore (certificate), Unix seconds.
    pub this_update: i64,
    /// nextUpdate (CRL) or notAfter (certificate), Unix seconds.
    pub next_update: Option<i64>,
    /// cRLNumber in decimal.
    pub crl_number: Option<String>,
    /// SHA-256 of `der`.
    pub sha256: &'a [u8],
    /// The DER bytes.
    pub der: &'a [u8],
}

/// A stored item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustItemRow {
    /// `ca-certificate`, `crl` or `delta-crl`.
    pub kind: String,
    /// Where it came from.
    pub source: String,
    /// The issuer's name.
    pub issuer: String,
    /// The subject's name (CA certificates).
    pub subject: Option<String>,
    /// thisUpdate or notBefore, RFC 3339 UTC.
    pub this_update: String,
    /// nextUpdate or notAfter, RFC 3339 UTC.
    pub next_update: Option<String>,
    /// cRLNumber in decimal.
    pub crl_number: Option<String>,
    /// SHA-256 of the DER bytes.
    pub sha256: Vec<u8>,
    /// The DER bytes.
    pub der: Vec<u8>,
    /// When it was stored, RFC 3339 UTC.
    pub stored_at: String,
}

const UTC: &str = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'";

/// Stores `item` through `client` (a transaction or a pooled connection) unless an item with the
/// same SHA-256 is there; `true` when stored. Every node hears of it on [`TRUST_CHANNEL`] once
/// it commits.
pub async fn insert_trust_item(
    client: &impl tokio_postgres::GenericClient,
    item: &NewTrustItem<'_>,
) -> Result<bool, StoreError> {
    let stored = client
        .execute(
            "insert into pki_trust_items (kind, source, issuer, subject, this_update,
                     next_update, crl_number, sha256, der)
                 values ($1, $2, $3, $4, to_timestamp($5::bigint),
                         to_timestamp($6::bigint), $7, $8, $9)
                 on conflict (sha256) do nothing",
            &[
                &item.kind,
                &item.source,
                &item.issuer,
                &item.subject,
                &item.this_update,
                &item.next_update,
                &item.crl_number,
                &item.sha256,
                &item.der,
            ],
        )
        .await
        .map_err(pg("storing a trust item"))?;
    Ok(stored == 1)
}

impl Database {
    /// Every stored item, oldest first.
    pub async fn trust_items(&self) -> Result<Vec<TrustItemRow>, StoreError> {
        let sql = format!(
            "select kind, source, issuer, subject,
                    to_char(this_update at time zone 'UTC', {UTC}),
                    to_char(next_update at time zone 'UTC', {UTC}),
                    crl_number, sha256, der,
                    to_char(stored_at at time zone 'UTC', {UTC})
             from pki_trust_items order by id"
        );
        let rows = self
            .client()
            .await?
            .query(&sql, &[])
            .await
            .map_err(pg("reading trust items"))?;
        Ok(rows
            .iter()
            .map(|r| TrustItemRow {
                kind: r.get(0),
                source: r.get(1),
                issuer: r.get(2),
                subject: r.get(3),
                this_update: r.get(4),
                next_update: r.get(5),
                crl_number: r.get(6),
                sha256: r.get(7),
                der: r.get(8),
                stored_at: r.get(9),
            })
            .collect())
    }
}
