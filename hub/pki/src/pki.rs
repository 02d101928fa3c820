//! The PKI as the hub trusts it (R16): trusted CA certificates and the CRLs they signed, loaded
//! from two folders, and one call that verifies a CMS signature over given bytes at a given
//! time: signature, chain to a trusted root, revocation of the signer. Used for signed
//! documents and for login.

use std::path::Path;

use time::OffsetDateTime;

use crate::{Certificate, Crl, PkiError, RevocationIndex, RevocationScope, TrustStore, verify_cms};

/// Trusted CAs and their CRLs.
pub struct Pki {
    trust: TrustStore,
    revocation: RevocationIndex,
}

impl Pki {
    /// From a folder of CA certificates (self-issued ones become roots) and, optionally, a
    /// folder of `.crl` files, each verified against those CAs.
    pub fn load(trust_dir: &Path, crl_dir: Option<&Path>) -> Result<Pki, PkiError> {
        let trust = crate::load_trust_store(trust_dir)?;
        let mut revocation = RevocationIndex::new();
        if let Some(dir) = crl_dir {
            for bytes in crate::load::read_files(dir, &["crl"])? {
                revocation.add(Crl::parse(&bytes)?, &trust)?;
            }
        }
        Ok(Pki { trust, revocation })
    }

    /// From a trust store and revocation index already built.
    pub fn new(trust: TrustStore, revocation: RevocationIndex) -> Pki {
        Pki { trust, revocation }
    }

    /// Verifies the CMS `signature` over `content` (detached, or the content it carries must
    /// be `content`), each signer's chain to a trusted root and its revocation, at `at`.
    /// Returns the signers' certificates.
    pub fn verify_signed(
        &self,
        content: &[u8],
        signature: &[u8],
        at: OffsetDateTime,
    ) -> Result<Vec<Certificate>, PkiError> {
        let signers = verify_cms(signature, Some(content), &[])?;
        let mut certificates = Vec::with_capacity(signers.len());
        for signer in signers {
            let chain = self.trust.validate(&signer.certificate, at)?;
            self.revocation
                .check_chain(&chain, at, RevocationScope::LeafOnly)?;
            certificates.push(signer.certificate);
        }
        Ok(certificates)
    }
}
