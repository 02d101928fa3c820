//! Folders plus database items, and the one verify-and-store path.

use std::sync::Arc;

use sha2::{Digest, Sha256};
use tanba_pki::{CachedItems, PkiError, PkiFolders, TrustItem, TrustItemKind};
use tanba_store::{
    AuditEntry, Database, ListenEvent, NewTrustItem, StoreError, TRUST_CHANNEL, insert_trust_item,
};
use time::OffsetDateTime;
use tokio_postgres::GenericClient;

use crate::TrustError;

/// A CA certificate or CRL offered to the trust store (DER or PEM bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Offered {
    /// A CA certificate.
    CaCertificate(Vec<u8>),
    /// A CRL, complete or delta.
    Crl(Vec<u8>),
}

/// What became of one offered item.
#[derive(Debug)]
pub struct Verdict {
    /// The item.
    pub offered: Offered,
    /// Stored (and what it is), or why not.
    pub outcome: Result<TrustItem, TrustError>,
}

/// The PKI of the folders plus the cached items of `db`.
#[derive(Clone)]
pub struct TrustCache {
    db: Database,
    pki: Arc<PkiFolders>,
}

impl TrustCache {
    /// Over the folders `pki` and the database `db`; nothing is read until [`TrustCache::load`].
    pub fn new(db: Database, pki: Arc<PkiFolders>) -> TrustCache {
        TrustCache { db, pki }
    }

    /// The folders' PKI this cache feeds.
    pub fn folders(&self) -> &Arc<PkiFolders> {
        &self.pki
    }

    /// The database.
    pub fn db(&self) -> &Database {
        &self.db
    }

    /// Reads every cached item and rebuilds the PKI from the folders plus them. Returns why
    /// any item was left out (its CA no longer trusted); the rest are in use.
    pub async fn load(&self) -> Result<Vec<PkiError>, TrustError> {
        let mut cached = CachedItems::default();
        for row in self.db.trust_items().await? {
            match TrustItemKind::parse(&row.kind) {
                Some(TrustItemKind::CaCertificate) => cached.ca_certificates.push(row.der),
                Some(_) => cached.crls.push(row.der),
                None => {}
            }
        }
        let pki = self.pki.clone();
        let left_out = tokio::task::spawn_blocking(move || pki.set_cached(cached))
            .await
            .map_err(|e| PkiError::Read {
                path: "pki_trust_items".into(),
                detail: e.to_string(),
            })??;
        for err in &left_out {
            tracing::warn!(code = err.code(), %err, "a cached trust item is left out");
        }
        Ok(left_out)
    }

    /// Verifies and stores `offered` through a pooled connection, then uses the stored items
    /// at once on this node ([`TrustCache::verify_and_store_in`]; the others hear of them).
    pub async fn verify_and_store(
        &self,
        offered: &[Offered],
        source: &str,
        at: OffsetDateTime,
    ) -> Result<Vec<Verdict>, TrustError> {
        let client = self.db.client().await?;
        let client: &tokio_postgres::Client = &client;
        let verdicts = self.verify_and_store_in(client, offered, source, at).await;
        self.load().await?;
        Ok(verdicts)
    }

    /// The one way an item gets into the cache: verifies each offered item (CA certificates
    /// first, so that a CRL they signed can follow in the same batch) against the PKI in use
    /// plus the items this batch admitted so far, and stores those that pass through `client`
    /// (the caller's transaction: an adapter step's), from `source` (a URL, `adapter:<id>`).
    /// Every node, this one included, uses them once the transaction commits (the insert's
    /// NOTIFY; [`TrustCache::follow`]) or at the next [`TrustCache::load`]. One verdict per
    /// item, in the order checked; a refused item does not stop the others.
    pub async fn verify_and_store_in(
        &self,
        client: &impl GenericClient,
        offered: &[Offered],
        source: &str,
        at: OffsetDateTime,
    ) -> Vec<Verdict> {
        let mut ordered: Vec<&Offered> = offered.iter().collect();
        ordered.sort_by_key(|o| matches!(o, Offered::Crl(_)));
        let mut batch = CachedItems::default();
        let mut verdicts = Vec::with_capacity(ordered.len());
        for item in ordered {
            let mut outcome = self.store_one(client, &mut batch, item, source, at).await;
            match &outcome {
                Ok(t) => {
                    tracing::info!(kind = t.kind.as_str(), issuer = %t.issuer, source, "trust item stored")
                }
                Err(e) => tracing::warn!(code = e.code(), %e, source, "trust item refused"),
            }
            if let Err(e) = audit(client, item, source, &outcome).await {
                tracing::error!(%e, source, "the trust item's audit row was not written");
                outcome = Err(e.into());
            }
            verdicts.push(Verdict {
                offered: item.clone(),
                outcome,
            });
        }
        verdicts
    }

    async fn store_one(
        &self,
        client: &impl GenericClient,
        batch: &mut CachedItems,
        offered: &Offered,
        source: &str,
        at: OffsetDateTime,
    ) -> Result<TrustItem, TrustError> {
        let pki = if batch == &CachedItems::default() {
            self.pki.current()
        } else {
            Arc::new(self.pki.with_extra(batch)?)
        };
        let item = match offered {
            Offered::CaCertificate(bytes) => pki.admit_ca_certificate(bytes, at)?,
            Offered::Crl(bytes) => pki.admit_crl(bytes)?,
        };
        let crl_number = item.crl_number.map(|n| n.to_string());
        let new = NewTrustItem {
            kind: item.kind.as_str(),
            source,
            issuer: &item.issuer,
            subject: item.subject.as_deref(),
            this_update: item.this_update.unix_timestamp(),
            next_update: item.next_update.map(OffsetDateTime::unix_timestamp),
            crl_number,
            sha256: &item.sha256,
            der: &item.der,
        };
        insert_trust_item(client, &new).await?;
        match item.kind {
            TrustItemKind::CaCertificate => batch.ca_certificates.push(item.der.clone()),
            _ => batch.crls.push(item.der.clone()),
        }
        Ok(item)
    }

    /// Follows items stored by any node: reloads on every notification and whenever the
    /// listening connection (re)starts, since notifications sent while it was down are lost.
    pub fn follow(&self) -> tokio::task::JoinHandle<()> {
        let cache = self.clone();
        let mut events = self.db.listen(TRUST_CHANNEL);
        tokio::spawn(async move {
            while let Some(event) = events.recv().await {
                if let ListenEvent::Notified(_) | ListenEvent::Listening = event
                    && let Err(err) = cache.load().await
                {
                    tracing::error!(%err, "cached trust items not reloaded; the previous PKI stays");
                }
            }
        })
    }
}

/// R23: every admission or refusal of a trust item, whoever offered it, is an audit row in the
/// caller's transaction: action `trust.admit`, object `<kind>:<SHA-256 hex>` (the offered bytes'
/// hash when they did not parse: the operator searches the log by it), outcome `stored` or
/// `refused:<CODE>`, role `hub`, and the detail `source=<source>`: where it came from (a CRL
/// URL, `adapter:<id>:<source>`), as the stored row's `source` says, for refused items too.
async fn audit(
    client: &impl GenericClient,
    offered: &Offered,
    source: &str,
    outcome: &Result<TrustItem, TrustError>,
) -> Result<(), StoreError> {
    let (kind, sha256, result) = match outcome {
        Ok(item) => (item.kind.as_str(), item.sha256, "stored".to_owned()),
        Err(e) => {
            let (kind, bytes) = match offered {
                Offered::CaCertificate(b) => (TrustItemKind::CaCertificate.as_str(), b),
                Offered::Crl(b) => (TrustItemKind::Crl.as_str(), b),
            };
            let hash: [u8; 32] = Sha256::digest(bytes).into();
            (kind, hash, format!("refused:{}", e.code()))
        }
    };
    let entry = AuditEntry {
        role: Some("hub".into()),
        action: "trust.admit".into(),
        object: Some(audit_object(kind, &sha256)),
        outcome: result,
        ..Default::default()
    };
    tanba_store::audit_with_detail(client, &entry, &audit_detail(source)).await
}

/// The audit detail of a trust item offered from `source`: `source=<source>`.
pub fn audit_detail(source: &str) -> String {
    format!("source={source}")
}

/// The audit object of a trust item: `<kind>:<SHA-256 hex>`.
pub fn audit_object(kind: &str, sha256: &[u8; 32]) -> String {
    format!("{kind}:{}", hex::encode(sha256))
}
