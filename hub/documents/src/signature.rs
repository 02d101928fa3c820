//! Signed documents (R16): the document's bytes must carry a valid CMS detached signature by a
//! certificate that chains to a trusted certifying centre, is not revoked by a loaded CRL, and
//! names the sender: its BIN (an organisation's key) or its IIN (an individual entrepreneur).
//! The check runs once per document, before any rule, at the time of processing.

use std::sync::Arc;

use tanba_domain::{CheckDigitPolicy, Msg};
use tanba_pki::{PkiError, PkiFolders};
use time::OffsetDateTime;

use crate::SignatureCheck;
use crate::plan::CoreFinding;

/// The national PKI behind documents' signatures.
pub struct PkiSignatureCheck {
    pki: Arc<PkiFolders>,
    ids: CheckDigitPolicy,
    required: bool,
}

impl PkiSignatureCheck {
    /// Checks against `pki`; with `required`, an unsigned document is rejected.
    pub fn new(pki: Arc<PkiFolders>, ids: CheckDigitPolicy, required: bool) -> Self {
        PkiSignatureCheck { pki, ids, required }
    }

    fn verify(&self, sender: &str, body: &[u8], signature: &[u8]) -> Result<(), CoreFinding> {
        let refuse = |e: PkiError| CoreFinding {
            code: e.code(),
            path: String::new(),
            msg: e.msg(),
        };
        let signers = self
            .pki
            .current()
            .verify_signed(body, signature, OffsetDateTime::now_utc())
            .map_err(refuse)?;
        for cert in &signers {
            if !tanba_pki::may_act(&cert.roles()) {
                return Err(CoreFinding {
                    code: "SIGNER_MAY_NOT_SIGN",
                    path: String::new(),
                    msg: Msg::new("document-signer-may-not-sign")
                        .with("subject", cert.subject().to_string())
                        .with("id", sender),
                });
            }
            if cert.participant(self.ids).map_err(refuse)?.as_deref() != Some(sender) {
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
