//! Signed documents (R16): the document's bytes must carry a valid CMS detached signature by a
//! certificate that chains to a trusted certifying centre, is not revoked by a loaded CRL, and
//! names the sender: its BIN (an organisation's key) or its IIN (an individual entrepreneur).
//! The check runs once per document, before any rule, at the time of processing.

use std::path::Path;

use tanba_domain::{CheckDigitPolicy, Msg};
use tanba_pki::{Crl, PkiError, RevocationIndex, RevocationScope, TrustStore, verify_cms};
use time::OffsetDateTime;

use crate::SignatureCheck;
use crate::plan::CoreFinding;

/// The national PKI as the hub trusts it: CA certificates and CRLs.
pub struct PkiSignatureCheck {
    trust: TrustStore,
    revocation: RevocationIndex,
    ids: CheckDigitPolicy,
    required: bool,
}

impl PkiSignatureCheck {
    /// From a folder of trusted CA certificates (roots and intermediates) and a folder of CRLs
    /// (`.crl`, DER or PEM; each must be signed by a trusted CA). With `required`, an unsigned
    /// document is rejected.
    pub fn load(
        trust_dir: &Path,
        crl_dir: Option<&Path>,
        ids: CheckDigitPolicy,
        required: bool,
    ) -> Result<Self, PkiError> {
        let trust = tanba_pki::load_trust_store(trust_dir)?;
        let mut revocation = RevocationIndex::new();
        if let Some(dir) = crl_dir {
            let read = |path: &Path, e: std::io::Error| PkiError::Read {
                path: path.display().to_string(),
                detail: e.to_string(),
            };
            let mut files: Vec<_> = std::fs::read_dir(dir)
                .map_err(|e| read(dir, e))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("crl")))
                .collect();
            files.sort();
            for path in files {
                let bytes = std::fs::read(&path).map_err(|e| read(&path, e))?;
                revocation.add(Crl::parse(&bytes)?, &trust)?;
            }
        }
        Ok(PkiSignatureCheck {
            trust,
            revocation,
            ids,
            required,
        })
    }

    fn verify(&self, sender: &str, body: &[u8], signature: &[u8]) -> Result<(), CoreFinding> {
        let refuse = |e: PkiError| CoreFinding {
            code: e.code(),
            path: String::new(),
            msg: e.msg(),
        };
        let now = OffsetDateTime::now_utc();
        let signers = verify_cms(signature, Some(body), &[]).map_err(refuse)?;
        for signer in &signers {
            let cert = &signer.certificate;
            let chain = self.trust.validate(cert, now).map_err(refuse)?;
            self.revocation
                .check_chain(&chain, now, RevocationScope::LeafOnly)
                .map_err(refuse)?;
            let bin = cert.bin(self.ids).map_err(refuse)?.map(|b| b.to_string());
            let iin = cert.iin(self.ids).map_err(refuse)?.map(|i| i.to_string());
            let names_sender = match &bin {
                Some(bin) => bin == sender,
                None => iin.as_deref() == Some(sender),
            };
            if !names_sender {
                return Err(CoreFinding {
                    code: "SIGNER_NOT_SENDER",
                    path: String::new(),
                    msg: Msg::new("document-signer-not-sender")
                        .with("subject", cert.subject().to_string())
                        .with("id", sender),
                });
            }
        }
        Ok(())
    }
}

impl SignatureCheck for PkiSignatureCheck {
    fn check(
        &self,
        sender: &str,
        body: &[u8],
        signature: Option<&[u8]>,
    ) -> Result<(), CoreFinding> {
        match signature {
            Some(signature) => self.verify(sender, body, signature),
            None if self.required => Err(CoreFinding {
                code: "SIGNATURE_MISSING",
                path: String::new(),
                msg: Msg::new("document-signature-missing"),
            }),
            None => Ok(()),
        }
    }
}
