//! Why an offered item was not stored, or the cache not read.

use tanba_pki::PkiError;
use tanba_store::StoreError;

/// The PKI layer refused the item, or the database failed.
#[derive(Debug, thiserror::Error)]
pub enum TrustError {
    /// Not verified: the PKI's own error says why (kk/ru/en in `pki.ftl`).
    #[error(transparent)]
    Pki(#[from] PkiError),
    /// The database could not store or read items.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl TrustError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            TrustError::Pki(e) => e.code(),
            TrustError::Store(_) => "TRUST_STORE_UNAVAILABLE",
        }
    }
}
