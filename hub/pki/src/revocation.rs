//! "Was this certificate revoked at time t, and by which CRL?" (R16), over CRLs whose
//! signatures were checked when they were added.
//!
//! For a certificate and a time, the index takes the issuer's newest complete CRL that is fresh
//! at that time (thisUpdate <= t <= nextUpdate), and the newest fresh delta CRL that extends it
//! (BaseCRLNumber <= the complete CRL's number < the delta's number). The delta's entry wins: a
//! removeFromCRL there lifts a hold from the complete CRL. An entry counts only from its
//! revocationDate on, so a signature made before the revocation still checks as good.

use time::OffsetDateTime;

use crate::cert::Certificate;
use crate::crl::{Crl, RevocationReason, RevokedEntry};
use crate::error::PkiError;
use crate::trust::{TrustStore, ValidatedChain};

/// The answer for one certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RevocationStatus {
    /// Not revoked at the time asked, per the CRL(s) named.
    Good {
        /// cRLNumber of the complete CRL consulted.
        crl_number: Option<u128>,
        /// cRLNumber of the delta CRL consulted, if any.
        delta_number: Option<u128>,
    },
    /// Revoked at the time asked.
    Revoked {
        /// The CRL entry.
        entry: RevokedEntry,
        /// cRLNumber of the CRL that lists it.
        crl_number: Option<u128>,
        /// Whether that CRL is a delta CRL.
        from_delta: bool,
    },
}

/// Which certificates of a chain [`RevocationIndex::check_chain`] checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevocationScope {
    /// The leaf only (the national CA publishes no CRL of its root for the intermediates).
    LeafOnly,
    /// Every certificate but the trust anchor.
    AllButRoot,
}

struct IndexedCrl {
    crl: Crl,
    /// subjectKeyIdentifier of the CA certificate whose key verified the CRL.
    ca_key_id: Option<Vec<u8>>,
}

/// CRLs whose signatures verified against a trust store, ready to answer queries.
#[derive(Default)]
pub struct RevocationIndex {
    crls: Vec<IndexedCrl>,
}

impl RevocationIndex {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// Verifies `crl` against `store` and adds it. Freshness is judged per query.
    pub fn add(&mut self, crl: Crl, store: &TrustStore) -> Result<(), PkiError> {
        let ca = crl.verify_signature(store)?;
        let ca_key_id = ca.subject_key_id().map(<[u8]>::to_vec);
        self.crls.push(IndexedCrl { crl, ca_key_id });
        Ok(())
    }

    /// The newest CRL it holds of `crl`'s issuer and kind (complete or delta), by cRLNumber
    /// then thisUpdate.
    pub fn newest_like(&self, crl: &Crl) -> Option<&Crl> {
        self.crls
            .iter()
            .map(|c| &c.crl)
            .filter(|c| c.issuer().der() == crl.issuer().der() && c.is_delta() == crl.is_delta())
            .max_by_key(|c| (c.number(), c.this_update()))
    }

    /// Every CRL it holds, in the order added.
    pub fn crls(&self) -> impl Iterator<Item = &Crl> {
        self.crls.iter().map(|c| &c.crl)
    }

    /// How many CRLs it holds.
    pub fn len(&self) -> usize {
        self.crls.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.crls.is_empty()
    }

    /// The status of `cert` at `at`. Errors if no CRL of its issuer is fresh at `at`.
    pub fn status(
        &self,
        cert: &Certificate,
        at: OffsetDateTime,
    ) -> Result<RevocationStatus, PkiError> {
        let of_issuer: Vec<&Crl> = self
            .crls
            .iter()
            .filter(|c| c.crl.issuer().der() == cert.issuer().der())
            .filter(
                |c| match (cert.authority_key_id(), c.ca_key_id.as_deref()) {
                    (Some(aki), Some(ski)) => aki == ski,
                    _ => true,
                },
            )
            .map(|c| &c.crl)
            .collect();
        let complete = newest_fresh(of_issuer.iter().copied().filter(|c| !c.is_delta()), at)
            .map_err(|e| e.unwrap_or_else(|| no_crl(cert)))?;
        let delta = newest_fresh(
            of_issuer.iter().copied().filter(|d| extends(d, complete)),
            at,
        )
        .ok();
        if let Some(delta) = delta
            && let Some(entry) = delta.entry(cert.serial())
        {
            return Ok(verdict(entry, delta, complete, Some(delta), at));
        }
        match complete.entry(cert.serial()) {
            Some(entry) => Ok(verdict(entry, complete, complete, delta, at)),
            None => Ok(good(complete, delta)),
        }
    }

    /// `Ok` if `cert` is not revoked at `at`; [`PkiError::Revoked`] if it is.
    pub fn check(&self, cert: &Certificate, at: OffsetDateTime) -> Result<(), PkiError> {
        match self.status(cert, at)? {
            RevocationStatus::Good { .. } => Ok(()),
            RevocationStatus::Revoked { entry, .. } => Err(PkiError::Revoked {
                subject: cert.subject().to_string(),
                serial: cert.serial_hex(),
                revoked_at: entry.revoked_at,
                reason: entry.reason,
            }),
        }
    }

    /// Checks the certificates of a validated chain that `scope` names.
    pub fn check_chain(
        &self,
        chain: &ValidatedChain,
        at: OffsetDateTime,
        scope: RevocationScope,
    ) -> Result<(), PkiError> {
        let certs = chain.certificates();
        let upto = match scope {
            RevocationScope::LeafOnly => 1,
            RevocationScope::AllButRoot => certs.len().saturating_sub(1).max(1),
        };
        certs[..upto].iter().try_for_each(|c| self.check(c, at))
    }
}

fn extends(delta: &Crl, complete: &Crl) -> bool {
    match (delta.delta_base(), delta.number(), complete.number()) {
        (Some(base), Some(number), Some(complete)) => base <= complete && complete < number,
        _ => false,
    }
}

/// The newest CRL fresh at `at`; if none, the freshness error of the newest one (or `None` if
/// there is no CRL at all).
fn newest_fresh<'a>(
    crls: impl Iterator<Item = &'a Crl>,
    at: OffsetDateTime,
) -> Result<&'a Crl, Option<PkiError>> {
    let mut all: Vec<&Crl> = crls.collect();
    all.sort_by_key(|c| (c.number(), c.this_update()));
    if let Some(fresh) = all.iter().rev().find(|c| c.check_fresh(at).is_ok()) {
        return Ok(fresh);
    }
    Err(all.last().and_then(|c| c.check_fresh(at).err()))
}

fn verdict(
    entry: &RevokedEntry,
    listed_in: &Crl,
    complete: &Crl,
    delta: Option<&Crl>,
    at: OffsetDateTime,
) -> RevocationStatus {
    let lifted = entry.reason == Some(RevocationReason::RemoveFromCrl);
    if lifted || entry.revoked_at > at {
        return good(complete, delta);
    }
    RevocationStatus::Revoked {
        entry: entry.clone(),
        crl_number: listed_in.number(),
        from_delta: listed_in.is_delta(),
    }
}

fn good(complete: &Crl, delta: Option<&Crl>) -> RevocationStatus {
    RevocationStatus::Good {
        crl_number: complete.number(),
        delta_number: delta.and_then(Crl::number),
    }
}

fn no_crl(cert: &Certificate) -> PkiError {
    PkiError::NoCrl {
        issuer: cert.issuer().to_string(),
    }
}
