//! Tanba's documents (issue 5; R3, R4, R5, R8, R10, R17): participants submit accompanying
//! documents (introduction, shipment, acceptance, write-off, withdrawal) as JSON; the hub keeps
//! the exact bytes and the detached signature, answers at once with an id, and processes the
//! document in the background: every unit it lists (and everything packed inside) is locked,
//! checked by the core rules ([`plan`]) and the product group's rule set ([`flc`]), and changed
//! in one transaction with its history rows, or not at all, with findings in kk/ru/en. An
//! introduction from import is checked against its customs declaration (`customs`, R5).
//!
//! Any number of hub nodes share the queue: a document is claimed with
//! `for no key update skip locked` inside the transaction that decides it, so a node that dies
//! mid-way leaves the document waiting for the next one.

mod customs;
mod events;
mod finding;
mod flc;
pub mod form;
mod origin;
pub mod plan;
mod process;
mod retail;
mod signature;
mod submit;

use std::sync::Arc;

use tanba_i18n::Catalogue;
use tanba_rules::RuleRegistry;
use tanba_store::Database;
use tokio::sync::Notify;

pub use finding::{FindingView, Severity, Texts};
pub use form::{AcceptanceResult, DocumentForm, MAX_UNITS};
pub use origin::AdapterDocument;
pub use signature::PkiSignatureCheck;
pub use submit::{DocumentView, Submitted};

/// Checks a document's detached signature before it is decided (R16). The hub's default,
/// [`NotVerifiedYet`], accepts every document and only keeps the signature; the EDS issue plugs
/// in the national PKI here (chain, revocation, the signer's BIN = the sender), one call per
/// document.
///
/// The check is asynchronous so that it may ask an OCSP responder about the signer (issue 6,
/// "OCSP where configured"); it runs inside the document's transaction, which then holds only
/// the document's claim, so the decision stays all or nothing.
pub trait SignatureCheck: Send + Sync {
    /// `Ok` when `signature` is acceptable for `body` sent by `sender`; the finding otherwise.
    fn check<'a>(
        &'a self,
        sender: &'a str,
        body: &'a [u8],
        signature: Option<&'a [u8]>,
    ) -> Checked<'a>;
}

/// What a [`SignatureCheck`] answers, when it is ready.
pub type Checked<'a> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), plan::CoreFinding>> + Send + 'a>>;

/// Until signatures are verified: every document passes; its signature is kept verbatim.
pub struct NotVerifiedYet;

impl SignatureCheck for NotVerifiedYet {
    fn check<'a>(&'a self, _: &'a str, _: &'a [u8], _: Option<&'a [u8]>) -> Checked<'a> {
        Box::pin(std::future::ready(Ok(())))
    }
}

/// The documents service. Cheap to clone.
#[derive(Clone)]
pub struct Documents {
    db: Database,
    signatures: Arc<dyn SignatureCheck>,
    rules: Arc<RuleRegistry>,
    catalogue: Arc<Catalogue>,
    reference: tanba_reference::Reference,
    wake: Arc<Notify>,
}

impl Documents {
    /// The service over the hub's database, rule sets and message catalogue.
    pub fn new(db: Database, rules: Arc<RuleRegistry>, catalogue: Arc<Catalogue>) -> Self {
        Documents {
            reference: tanba_reference::Reference::new(db.clone()),
            db,
            signatures: Arc::new(NotVerifiedYet),
            rules,
            catalogue,
            wake: Arc::new(Notify::new()),
        }
    }

    /// The same service with another signature check.
    pub fn with_signature_check(mut self, check: Arc<dyn SignatureCheck>) -> Self {
        self.signatures = check;
        self
    }

    /// The background worker: processes waiting documents, oldest first, whenever one is
    /// submitted on this node and every two seconds (documents submitted on other nodes, or
    /// left by a node that stopped).
    pub fn run_worker(&self) -> tokio::task::JoinHandle<()> {
        let this = self.clone();
        tokio::spawn(async move {
            loop {
                loop {
                    match this.process_next(None).await {
                        Ok(true) => continue,
                        Ok(false) => break,
                        Err(err) => {
                            tracing::warn!(%err, "document processing failed; retrying later");
                            break;
                        }
                    }
                }
                let _ =
                    tokio::time::timeout(std::time::Duration::from_secs(2), this.wake.notified())
                        .await;
            }
        })
    }
}
