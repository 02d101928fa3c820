//! Admission of trust items kept outside the operator's folders (issue 6: "CRLs ... cached in
//! the database, used offline"; R16): a CA certificate or CRL fetched or delivered while the hub
//! runs is kept only after it is checked against the PKI in use. A CA certificate must chain to
//! a root the operator put in the trust folder (a cached certificate never becomes a root); a
//! CRL must be signed by a trusted CA and newer than the one held for that issuer.

use time::OffsetDateTime;

use crate::cert::sha256;
use crate::{Certificate, Crl, Pki, PkiError};

/// What a trust item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TrustItemKind {
    /// A CA certificate (intermediate: roots come only from the trust folder).
    CaCertificate,
    /// A complete CRL.
    Crl,
    /// A delta CRL.
    DeltaCrl,
}

impl TrustItemKind {
    /// Its stable name, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            TrustItemKind::CaCertificate => "ca-certificate",
            TrustItemKind::Crl => "crl",
            TrustItemKind::DeltaCrl => "delta-crl",
        }
    }

    /// From its stored name.
    pub fn parse(name: &str) -> Option<TrustItemKind> {
        [Self::CaCertificate, Self::Crl, Self::DeltaCrl]
            .into_iter()
            .find(|k| k.as_str() == name)
    }

    /// Whether it is a CRL (complete or delta).
    pub fn is_crl(self) -> bool {
        self != TrustItemKind::CaCertificate
    }
}

/// A CA certificate or CRL that was admitted, with what is kept next to its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustItem {
    /// What it is.
    pub kind: TrustItemKind,
    /// Its DER bytes.
    pub der: Vec<u8>,
    /// The issuer's name.
    pub issuer: String,
    /// The subject's name (CA certificates only).
    pub subject: Option<String>,
    /// thisUpdate of a CRL, notBefore of a certificate.
    pub this_update: OffsetDateTime,
    /// nextUpdate of a CRL, notAfter of a certificate.
    pub next_update: Option<OffsetDateTime>,
    /// cRLNumber of a CRL.
    pub crl_number: Option<u128>,
    /// SHA-256 of the DER bytes.
    pub sha256: [u8; 32],
}

/// The bytes of items admitted earlier, to build a [`Pki`] with (see [`Pki::load_with`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CachedItems {
    /// CA certificates, DER.
    pub ca_certificates: Vec<Vec<u8>>,
    /// CRLs (complete and delta), DER.
    pub crls: Vec<Vec<u8>>,
}

impl Pki {
    /// Admits the CA certificate `bytes` (DER or PEM): a CA whose chain validates at `at` to a
    /// root of this PKI.
    pub fn admit_ca_certificate(
        &self,
        bytes: &[u8],
        at: OffsetDateTime,
    ) -> Result<TrustItem, PkiError> {
        let cert = Certificate::parse(bytes)?;
        if !cert.is_ca() {
            return Err(PkiError::NotCa {
                subject: cert.subject().to_string(),
            });
        }
        self.trust().validate(&cert, at)?;
        Ok(TrustItem {
            kind: TrustItemKind::CaCertificate,
            der: cert.der().to_vec(),
            issuer: cert.issuer().to_string(),
            subject: Some(cert.subject().to_string()),
            this_update: cert.not_before(),
            next_update: Some(cert.not_after()),
            crl_number: None,
            sha256: cert.fingerprint_sha256(),
        })
    }

    /// Admits the CRL `bytes` (DER or PEM): signed by a CA this PKI trusts, and newer than
    /// every CRL of the same issuer and kind (complete or delta) it holds.
    pub fn admit_crl(&self, bytes: &[u8]) -> Result<TrustItem, PkiError> {
        let der = crate::pem::der_blocks(bytes, crate::Object::Crl)?
            .into_iter()
            .next()
            .ok_or_else(|| PkiError::malformed(crate::Object::Crl, "empty"))?;
        let crl = Crl::from_der(&der)?;
        crl.verify_signature(self.trust())?;
        if let Some(held) = self.revocation().newest_like(&crl)
            && !is_newer(&crl, held)
        {
            return Err(PkiError::CrlNotNewer {
                issuer: crl.issuer().to_string(),
                this_update: crl.this_update(),
                held_this_update: held.this_update(),
            });
        }
        Ok(TrustItem {
            kind: if crl.is_delta() {
                TrustItemKind::DeltaCrl
            } else {
                TrustItemKind::Crl
            },
            issuer: crl.issuer().to_string(),
            subject: None,
            this_update: crl.this_update(),
            next_update: crl.next_update(),
            crl_number: crl.number(),
            sha256: sha256(&der),
            der,
        })
    }
}

/// A higher cRLNumber when both carry one, otherwise a later thisUpdate.
fn is_newer(offered: &Crl, held: &Crl) -> bool {
    match (offered.number(), held.number()) {
        (Some(a), Some(b)) => a > b,
        _ => offered.this_update() > held.this_update(),
    }
}
