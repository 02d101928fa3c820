//! The trust store as the operator sees it (issue 6; `GET /api/v1/pki/trust-store`): every CA
//! certificate and CRL of the PKI in use, from the folders or the database cache, with where it
//! came from and when it was loaded.

use std::collections::HashMap;

use tanba_pki::{Pki, TrustItemKind};
use tanba_store::{StoreError, TrustItemRow};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::TrustCache;

/// One item of the trust store in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustStoreEntry {
    /// `root-certificate`, `ca-certificate`, `crl` or `delta-crl`.
    pub kind: &'static str,
    /// The certificate's subject (none for CRLs).
    pub subject: Option<String>,
    /// The issuer.
    pub issuer: String,
    /// A certificate's serial number, hex (none for CRLs).
    pub serial: Option<String>,
    /// A CRL's cRLNumber, decimal.
    pub crl_number: Option<String>,
    /// thisUpdate of a CRL, notBefore of a certificate (RFC 3339 UTC).
    pub this_update: String,
    /// nextUpdate of a CRL, notAfter of a certificate.
    pub next_update: Option<String>,
    /// SHA-256 of the DER bytes, hex.
    pub sha256: String,
    /// `trust_dir`, `crl_dir`, or the stored row's source (a URL, `adapter:<id>:...`).
    pub source: String,
    /// When it was loaded: the row's storing time, or the folders' last reading.
    pub loaded_at: String,
}

/// A row's source and storing time, by SHA-256.
type Stored = HashMap<Vec<u8>, (String, String)>;

impl TrustCache {
    /// Every CA certificate and CRL of the PKI in use now: roots first, then intermediates,
    /// then CRLs, each in the order loaded.
    pub async fn entries(&self) -> Result<Vec<TrustStoreEntry>, StoreError> {
        let stored: Stored = self
            .db()
            .trust_items()
            .await?
            .into_iter()
            .map(|r: TrustItemRow| (r.sha256, (r.source, r.stored_at)))
            .collect();
        Ok(list(&self.folders().current(), &stored))
    }
}

fn list(pki: &Pki, stored: &Stored) -> Vec<TrustStoreEntry> {
    let folders_read = format_utc(pki.loaded_at());
    let origin = |sha: &[u8; 32], folder: &str| match stored.get(sha.as_slice()) {
        Some((source, at)) => (source.clone(), at.clone()),
        None => (folder.to_owned(), folders_read.clone()),
    };
    let trust = pki.trust();
    let roots = trust.roots().iter().map(|c| ("root-certificate", c));
    let cas = trust
        .intermediates()
        .iter()
        .map(|c| (TrustItemKind::CaCertificate.as_str(), c));
    let mut entries: Vec<TrustStoreEntry> = roots
        .chain(cas)
        .map(|(kind, cert)| {
            let sha = cert.fingerprint_sha256();
            let (source, loaded_at) = origin(&sha, "trust_dir");
            TrustStoreEntry {
                kind,
                subject: Some(cert.subject().to_string()),
                issuer: cert.issuer().to_string(),
                serial: Some(cert.serial_hex()),
                crl_number: None,
                this_update: format_utc(cert.not_before()),
                next_update: Some(format_utc(cert.not_after())),
                sha256: hex::encode(sha),
                source,
                loaded_at,
            }
        })
        .collect();
    entries.extend(pki.revocation().crls().map(|crl| {
        let sha = crl.fingerprint_sha256();
        let (source, loaded_at) = origin(&sha, "crl_dir");
        let kind = if crl.is_delta() {
            TrustItemKind::DeltaCrl
        } else {
            TrustItemKind::Crl
        };
        TrustStoreEntry {
            kind: kind.as_str(),
            subject: None,
            issuer: crl.issuer().to_string(),
            serial: None,
            crl_number: crl.number().map(|n| n.to_string()),
            this_update: format_utc(crl.this_update()),
            next_update: crl.next_update().map(format_utc),
            sha256: hex::encode(sha),
            source,
            loaded_at,
        }
    }));
    entries
}

/// RFC 3339 in UTC, as the database's times are given.
fn format_utc(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_else(|_| t.to_string())
}
