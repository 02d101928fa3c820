//! Certificate revocation lists (R16): parsed, their signature checked against the trust
//! store, their freshness judged against a time given by the caller. Complete and delta CRLs
//! (deltaCRLIndicator / BaseCRLNumber, RFC 5280 5.2.4) are both read here; combining them is
//! [`crate::RevocationIndex`]'s job.

use std::collections::HashMap;

use der::Decode;
use der::asn1::Uint;
use spki::AlgorithmIdentifierOwned;
use time::OffsetDateTime;
use x509_cert::crl::CertificateList;
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::CrlReason;

use crate::cert::Certificate;
use crate::der_raw::{bit_string_bytes, children, tag_byte, unsigned_magnitude};
use crate::error::{Object, PkiError};
use crate::name::Name;
use crate::pem::der_blocks;
use crate::trust::TrustStore;
use crate::verify::verify_signature;
use crate::{KeyUsageBit, oid, when};

/// Why a certificate was revoked (CRLReason, RFC 5280 5.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RevocationReason {
    /// unspecified (0).
    Unspecified,
    /// keyCompromise (1).
    KeyCompromise,
    /// cACompromise (2).
    CaCompromise,
    /// affiliationChanged (3).
    AffiliationChanged,
    /// superseded (4).
    Superseded,
    /// cessationOfOperation (5).
    CessationOfOperation,
    /// certificateHold (6): suspended; a later CRL may lift it.
    CertificateHold,
    /// removeFromCRL (8): in a delta CRL, lifts an earlier hold.
    RemoveFromCrl,
    /// privilegeWithdrawn (9).
    PrivilegeWithdrawn,
    /// aACompromise (10).
    AaCompromise,
}

impl RevocationReason {
    pub(crate) fn from_x509(r: CrlReason) -> Self {
        match r {
            CrlReason::Unspecified => Self::Unspecified,
            CrlReason::KeyCompromise => Self::KeyCompromise,
            CrlReason::CaCompromise => Self::CaCompromise,
            CrlReason::AffiliationChanged => Self::AffiliationChanged,
            CrlReason::Superseded => Self::Superseded,
            CrlReason::CessationOfOperation => Self::CessationOfOperation,
            CrlReason::CertificateHold => Self::CertificateHold,
            CrlReason::RemoveFromCRL => Self::RemoveFromCrl,
            CrlReason::PrivilegeWithdrawn => Self::PrivilegeWithdrawn,
            CrlReason::AaCompromise => Self::AaCompromise,
        }
    }

    /// A stable lower-case name, also the catalogue's selector.
    pub fn name(self) -> &'static str {
        match self {
            Self::Unspecified => "unspecified",
            Self::KeyCompromise => "key-compromise",
            Self::CaCompromise => "ca-compromise",
            Self::AffiliationChanged => "affiliation-changed",
            Self::Superseded => "superseded",
            Self::CessationOfOperation => "cessation-of-operation",
            Self::CertificateHold => "certificate-hold",
            Self::RemoveFromCrl => "remove-from-crl",
            Self::PrivilegeWithdrawn => "privilege-withdrawn",
            Self::AaCompromise => "aa-compromise",
        }
    }
}

/// One entry of a CRL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevokedEntry {
    /// Serial number magnitude, big-endian, no leading zeros (as [`Certificate::serial`]).
    pub serial: Vec<u8>,
    /// revocationDate.
    pub revoked_at: OffsetDateTime,
    /// The reasonCode entry extension, if any.
    pub reason: Option<RevocationReason>,
}

/// A parsed CRL. Its signature is not checked until [`Crl::verify_signature`].
#[derive(Debug, Clone)]
pub struct Crl {
    tbs: Vec<u8>,
    signature: Vec<u8>,
    signature_algorithm: AlgorithmIdentifierOwned,
    issuer: Name,
    this_update: OffsetDateTime,
    next_update: Option<OffsetDateTime>,
    number: Option<u128>,
    delta_base: Option<u128>,
    authority_key_id: Option<Vec<u8>>,
    entries: HashMap<Vec<u8>, RevokedEntry>,
    sha256: [u8; 32],
}

impl Crl {
    /// Parses a CRL from DER or PEM.
    pub fn parse(bytes: &[u8]) -> Result<Crl, PkiError> {
        let der = der_blocks(bytes, Object::Crl)?;
        let first = der
            .first()
            .ok_or_else(|| PkiError::malformed(Object::Crl, "empty"))?;
        Crl::from_der(first)
    }

    /// Parses a DER CRL.
    pub fn from_der(der: &[u8]) -> Result<Crl, PkiError> {
        let bad = |e: der::Error| PkiError::malformed(Object::Crl, e);
        let typed = CertificateList::from_der(der).map_err(bad)?;
        let top = children(der).map_err(bad)?;
        let [tbs, _, sig_bits] = top.as_slice() else {
            return Err(PkiError::malformed(Object::Crl, "not 3 elements"));
        };
        // tbsCertList: version?, signature, issuer, ...
        let fields = children(tbs).map_err(bad)?;
        let skip = usize::from(fields.first().map(|f| tag_byte(f)) == Some(0x02));
        let issuer_der = fields
            .get(skip + 1)
            .ok_or_else(|| PkiError::malformed(Object::Crl, "short tbsCertList"))?;
        let t = &typed.tbs_cert_list;
        let time = |x: &x509_cert::time::Time| {
            when::from_x509(x).ok_or_else(|| PkiError::malformed(Object::Crl, "time"))
        };
        let exts = t.crl_extensions.as_deref().unwrap_or_default();
        let mut entries = HashMap::new();
        for rc in t.revoked_certificates.iter().flatten() {
            let serial = unsigned_magnitude(rc.serial_number.as_bytes());
            let reason = rc
                .crl_entry_extensions
                .iter()
                .flatten()
                .find(|e| e.extn_id == oid::CRL_REASON)
                .and_then(|e| CrlReason::from_der(e.extn_value.as_bytes()).ok())
                .map(RevocationReason::from_x509);
            let entry = RevokedEntry {
                serial: serial.clone(),
                revoked_at: time(&rc.revocation_date)?,
                reason,
            };
            entries.insert(serial, entry);
        }
        Ok(Crl {
            tbs: tbs.to_vec(),
            signature: bit_string_bytes(sig_bits).map_err(bad)?.to_vec(),
            signature_algorithm: typed.signature_algorithm.clone(),
            issuer: Name::from_der(issuer_der, Object::Crl)?,
            this_update: time(&t.this_update)?,
            next_update: t.next_update.as_ref().map(time).transpose()?,
            number: integer_extension(exts, oid::CRL_NUMBER)?,
            delta_base: integer_extension(exts, oid::DELTA_CRL_INDICATOR)?,
            authority_key_id: authority_key_id(exts)?,
            entries,
            sha256: crate::cert::sha256(der),
        })
    }

    /// SHA-256 of its DER bytes.
    pub fn fingerprint_sha256(&self) -> [u8; 32] {
        self.sha256
    }

    /// The CA that issued the CRL.
    pub fn issuer(&self) -> &Name {
        &self.issuer
    }
    /// thisUpdate.
    pub fn this_update(&self) -> OffsetDateTime {
        self.this_update
    }
    /// nextUpdate, if given.
    pub fn next_update(&self) -> Option<OffsetDateTime> {
        self.next_update
    }
    /// cRLNumber, if given.
    pub fn number(&self) -> Option<u128> {
        self.number
    }
    /// For a delta CRL, the BaseCRLNumber of the complete CRL it extends.
    pub fn delta_base(&self) -> Option<u128> {
        self.delta_base
    }
    /// Whether this is a delta CRL.
    pub fn is_delta(&self) -> bool {
        self.delta_base.is_some()
    }
    /// authorityKeyIdentifier's keyIdentifier, if present.
    pub fn authority_key_id(&self) -> Option<&[u8]> {
        self.authority_key_id.as_deref()
    }
    /// The entry for a serial number (magnitude, as [`Certificate::serial`]).
    pub fn entry(&self, serial: &[u8]) -> Option<&RevokedEntry> {
        self.entries.get(serial)
    }
    /// Every entry, in no particular order.
    pub fn entries(&self) -> impl Iterator<Item = &RevokedEntry> {
        self.entries.values()
    }
    /// How many certificates it lists.
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    /// Whether it lists none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Finds the CRL's issuer among the store's CA certificates and checks the signature (and
    /// cRLSign where keyUsage is present). Returns the issuer's certificate.
    pub fn verify_signature<'a>(&self, store: &'a TrustStore) -> Result<&'a Certificate, PkiError> {
        let mut first_error = None;
        for ca in store.issuers(self.issuer.der(), self.authority_key_id(), &[]) {
            let checked = ca.require_key_usage(KeyUsageBit::CrlSign).and_then(|()| {
                verify_signature(
                    ca.spki_der(),
                    &self.signature_algorithm,
                    &self.tbs,
                    &self.signature,
                )
            });
            match checked {
                Ok(()) => return Ok(ca),
                Err(e) => {
                    first_error.get_or_insert(e.about(Object::Crl, &self.issuer.to_string()));
                }
            }
        }
        Err(first_error.unwrap_or_else(|| PkiError::UnknownIssuer {
            object: Object::Crl,
            name: self.issuer.to_string(),
            issuer: self.issuer.to_string(),
        }))
    }

    /// `Ok` if `at` lies between thisUpdate and nextUpdate (no nextUpdate: any time after).
    pub fn check_fresh(&self, at: OffsetDateTime) -> Result<(), PkiError> {
        if at < self.this_update {
            return Err(PkiError::CrlNotYetValid {
                issuer: self.issuer.to_string(),
                this_update: self.this_update,
                at,
            });
        }
        match self.next_update {
            Some(next_update) if at > next_update => Err(PkiError::CrlStale {
                issuer: self.issuer.to_string(),
                next_update,
                at,
            }),
            _ => Ok(()),
        }
    }
}

fn integer_extension(
    exts: &[Extension],
    id: der::asn1::ObjectIdentifier,
) -> Result<Option<u128>, PkiError> {
    let Some(ext) = exts.iter().find(|e| e.extn_id == id) else {
        return Ok(None);
    };
    let n = Uint::from_der(ext.extn_value.as_bytes())
        .map_err(|e| PkiError::malformed(Object::Crl, e))?;
    let bytes = unsigned_magnitude(n.as_bytes());
    if bytes.len() > 16 {
        return Err(PkiError::malformed(
            Object::Crl,
            "CRL number longer than 128 bits",
        ));
    }
    Ok(Some(
        bytes
            .iter()
            .fold(0u128, |acc, b| (acc << 8) | u128::from(*b)),
    ))
}

fn authority_key_id(exts: &[Extension]) -> Result<Option<Vec<u8>>, PkiError> {
    let Some(ext) = exts.iter().find(|e| e.extn_id == oid::AUTHORITY_KEY_ID) else {
        return Ok(None);
    };
    let aki = x509_cert::ext::pkix::AuthorityKeyIdentifier::from_der(ext.extn_value.as_bytes())
        .map_err(|e| PkiError::malformed(Object::Crl, e))?;
    Ok(aki.key_identifier.map(|k| k.as_bytes().to_vec()))
}
