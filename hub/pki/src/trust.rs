//! The trust store and path validation (R16): which CAs we trust, and whether a certificate
//! chains up to one of them at a given time.
//!
//! Validation builds the path leaf -> intermediate(s) -> root by issuer name (and key
//! identifier where both sides carry one), trying every candidate issuer, and on each link
//! checks: the issuer's validity at `at`, basicConstraints cA and pathLenConstraint,
//! keyCertSign when keyUsage is present, and the signature. Roots are trust anchors: reaching
//! one ends the path (its own signature is not what makes it trusted). Revocation is a separate
//! step ([`crate::RevocationIndex::check_chain`]), so CRLs stay optional for callers that only
//! need a path.

use time::OffsetDateTime;

use crate::KeyUsageBit;
use crate::cert::Certificate;
use crate::error::{Object, PkiError};

/// At most this many certificates in a path (leaf and root included).
const MAX_PATH: usize = 8;

/// Trusted roots and known intermediate CA certificates.
#[derive(Debug, Clone, Default)]
pub struct TrustStore {
    roots: Vec<Certificate>,
    intermediates: Vec<Certificate>,
}

/// A path that validated: leaf first, the trusted root last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidatedChain {
    certificates: Vec<Certificate>,
}

impl ValidatedChain {
    /// The certificate that was validated.
    pub fn leaf(&self) -> &Certificate {
        &self.certificates[0]
    }
    /// The trust anchor the path ends at.
    pub fn root(&self) -> &Certificate {
        &self.certificates[self.certificates.len() - 1]
    }
    /// The whole path, leaf first.
    pub fn certificates(&self) -> &[Certificate] {
        &self.certificates
    }
}

impl TrustStore {
    /// An empty store (trusts nothing).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds trust anchors from DER or PEM bytes (a PEM file may hold several).
    pub fn add_roots(&mut self, bytes: &[u8]) -> Result<(), PkiError> {
        self.roots.extend(Certificate::parse_all(bytes)?);
        Ok(())
    }

    /// Adds intermediate CA certificates from DER or PEM bytes.
    pub fn add_intermediates(&mut self, bytes: &[u8]) -> Result<(), PkiError> {
        self.intermediates.extend(Certificate::parse_all(bytes)?);
        Ok(())
    }

    /// Adds a parsed trust anchor.
    pub fn add_root(&mut self, cert: Certificate) {
        self.roots.push(cert);
    }

    /// Adds a parsed intermediate CA certificate.
    pub fn add_intermediate(&mut self, cert: Certificate) {
        self.intermediates.push(cert);
    }

    /// The trust anchors.
    pub fn roots(&self) -> &[Certificate] {
        &self.roots
    }

    /// The intermediate CA certificates.
    pub fn intermediates(&self) -> &[Certificate] {
        &self.intermediates
    }

    /// Validates `leaf` at `at` against the store.
    pub fn validate(
        &self,
        leaf: &Certificate,
        at: OffsetDateTime,
    ) -> Result<ValidatedChain, PkiError> {
        self.validate_with(leaf, &[], at)
    }

    /// Validates `leaf` at `at`, also using `untrusted` CA certificates (e.g. those embedded in
    /// a CMS message) to build the path; the path must still end at a root of the store.
    pub fn validate_with(
        &self,
        leaf: &Certificate,
        untrusted: &[Certificate],
        at: OffsetDateTime,
    ) -> Result<ValidatedChain, PkiError> {
        leaf.check_validity(at)?;
        let mut path = vec![leaf.clone()];
        self.extend_path(&mut path, untrusted, at)?;
        Ok(ValidatedChain { certificates: path })
    }

    fn is_root(&self, cert: &Certificate) -> bool {
        self.roots
            .iter()
            .any(|r| r.fingerprint_sha256() == cert.fingerprint_sha256())
    }

    /// Candidate issuers of a certificate or CRL issued under `issuer_name` with
    /// `authority_key_id`: trusted roots first, then intermediates, then `untrusted`.
    pub(crate) fn issuers<'a, 'q>(
        &'a self,
        issuer_name: &'q [u8],
        authority_key_id: Option<&'q [u8]>,
        untrusted: &'a [Certificate],
    ) -> impl Iterator<Item = &'a Certificate> + use<'a, 'q> {
        self.roots
            .iter()
            .chain(&self.intermediates)
            .chain(untrusted)
            .filter(move |c| c.subject().der() == issuer_name)
            .filter(move |c| match (authority_key_id, c.subject_key_id()) {
                (Some(aki), Some(ski)) => aki == ski,
                _ => true,
            })
    }

    /// Depth-first: the first candidate issuer whose link holds and whose own path reaches a
    /// root wins; if none does, the first failure explains why.
    fn extend_path(
        &self,
        path: &mut Vec<Certificate>,
        untrusted: &[Certificate],
        at: OffsetDateTime,
    ) -> Result<(), PkiError> {
        let child = path[path.len() - 1].clone();
        if self.is_root(&child) {
            return Ok(());
        }
        let mut first_error = None;
        for issuer in self.issuers(child.issuer().der(), child.authority_key_id(), untrusted) {
            let looped = path
                .iter()
                .any(|c| c.fingerprint_sha256() == issuer.fingerprint_sha256());
            if looped {
                continue;
            }
            if path.len() >= MAX_PATH {
                return Err(PkiError::PathTooLong {
                    subject: issuer.subject().to_string(),
                });
            }
            let cas_below = path.len() - 1;
            let outcome = check_link(&child, issuer, cas_below, at).and_then(|()| {
                path.push(issuer.clone());
                let rest = self.extend_path(path, untrusted, at);
                if rest.is_err() {
                    path.pop();
                }
                rest
            });
            match outcome {
                Ok(()) => return Ok(()),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        Err(first_error.unwrap_or_else(|| PkiError::UnknownIssuer {
            object: Object::Certificate,
            name: child.subject().to_string(),
            issuer: child.issuer().to_string(),
        }))
    }
}

/// One link: may `issuer` have issued `child`, and did it?
fn check_link(
    child: &Certificate,
    issuer: &Certificate,
    cas_below: usize,
    at: OffsetDateTime,
) -> Result<(), PkiError> {
    issuer.check_validity(at)?;
    let constraints = issuer.basic_constraints().filter(|bc| bc.ca);
    let Some(constraints) = constraints else {
        return Err(PkiError::NotCa {
            subject: issuer.subject().to_string(),
        });
    };
    if constraints
        .path_len
        .is_some_and(|max| cas_below > usize::from(max))
    {
        return Err(PkiError::PathTooLong {
            subject: issuer.subject().to_string(),
        });
    }
    issuer.require_key_usage(KeyUsageBit::KeyCertSign)?;
    child.verify_signed_by(issuer)
}
