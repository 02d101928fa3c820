//! Signed documents (R16): the document's bytes must carry a valid CMS detached signature by a
//! certificate that chains to a trusted certifying centre, is not revoked by a loaded CRL (nor,
//! where `[pki] ocsp_url` is set, by the OCSP responder), and names the sender: its BIN (an
//! organisation's key) or its IIN (an individual entrepreneur). The check runs once per
//! document, before any rule, at the time of processing.

use std::sync::Arc;

use tanba_domain::{CheckDigitPolicy, Msg};
use tanba_pki::{Certificate, OcspCheck, Pki, PkiError, PkiFolders};
use time::OffsetDateTime;

use crate::plan::CoreFinding;
use crate::{Checked, SignatureCheck};

/// The national PKI behind documents' signatures.
pub struct PkiSignatureCheck {
    pki: Arc<PkiFolders>,
    ids: CheckDigitPolicy,
    required: bool,
    ocsp: Option<Arc<dyn OcspCheck>>,
}

fn refusal(e: PkiError) -> CoreFinding {
    CoreFinding {
        code: e.code(),
        path: String::new(),
        msg: e.msg(),
    }
}

impl PkiSignatureCheck {
    /// Checks against `pki`; with `required`, an unsigned document is rejected.
    pub fn new(pki: Arc<PkiFolders>, ids: CheckDigitPolicy, required: bool) -> Self {
        PkiSignatureCheck {
            pki,
            ids,
            required,
            ocsp: None,
        }
    }

    /// The same check, also asking `ocsp` about each signer once its chain, CRLs, role and
    /// identity passed (`[pki] ocsp_url`, issue 6): one question per signer certificate, which
    /// the client answers from its cache until the answer's nextUpdate, so a large document
    /// or a run of documents by one key costs at most one round trip. An unreachable
    /// responder refuses or passes as `[pki] ocsp_soft_fail` says, as at login.
    pub fn with_ocsp(mut self, ocsp: Arc<dyn OcspCheck>) -> Self {
        self.ocsp = Some(ocsp);
        self
    }

    async fn verify(&self, sender: &str, body: &[u8], signature: &[u8]) -> Result<(), CoreFinding> {
        let pki = self.pki.current();
        let signers = self.signers(&pki, sender, body, signature)?;
        if let Some(ocsp) = &self.ocsp {
            for cert in &signers {
                let issuer = pki
                    .issuer_of(cert, OffsetDateTime::now_utc())
                    .map_err(refusal)?;
                ocsp.check(cert, &issuer).await.map_err(refusal)?;
            }
        }
        Ok(())
    }

    /// The signers of `signature` over `body`, each trusted now (chain and CRLs), allowed to
    /// sign, and naming `sender`.
    fn signers(
        &self,
        pki: &Pki,
        sender: &str,
        body: &[u8],
        signature: &[u8],
    ) -> Result<Vec<Certificate>, CoreFinding> {
        let signers = pki
            .verify_signed(body, signature, OffsetDateTime::now_utc())
            .map_err(refusal)?;
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
            if cert.participant(self.ids).map_err(refusal)?.as_deref() != Some(sender) {
                return Err(CoreFinding {
                    code: "SIGNER_NOT_SENDER",
                    path: String::new(),
                    msg: Msg::new("document-signer-not-sender")
                        .with("subject", cert.subject().to_string())
                        .with("id", sender),
                });
            }
        }
        Ok(signers)
    }
}

impl SignatureCheck for PkiSignatureCheck {
    fn check<'a>(
        &'a self,
        sender: &'a str,
        body: &'a [u8],
        signature: Option<&'a [u8]>,
    ) -> Checked<'a> {
        Box::pin(async move {
            match signature {
                Some(signature) => self.verify(sender, body, signature).await,
                None if self.required => Err(CoreFinding {
                    code: "SIGNATURE_MISSING",
                    path: String::new(),
                    msg: Msg::new("document-signature-missing"),
                }),
                None => Ok(()),
            }
        })
    }
}
