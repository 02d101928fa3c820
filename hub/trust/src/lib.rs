//! The hub's PKI as it runs (issue 6; R16): the operator's trust and CRL folders
//! ([`tanba_pki::PkiFolders`]) plus CA certificates and CRLs admitted while the hub runs and
//! cached in the database (`pki_trust_items`), so that the hub starts without network on what it
//! fetched before, and "a revoked certificate is refused from the moment the CRL that lists it
//! is loaded" on every node: a node that stores an item notifies the others
//! ([`tanba_store::TRUST_CHANNEL`]), and each rebuilds its PKI from the folders plus the rows.
//!
//! [`TrustCache::verify_and_store`] is the one way an item gets in, whatever brought it (the
//! scheduled CRL fetch, an adapter's trust-update command).
//!
//! Not for: parsing or verifying certificates and CRLs (`tanba-pki` decides), fetching over the
//! network, or HTTP.

mod cache;
mod error;
mod listing;

pub use cache::{Offered, TrustCache, Verdict, audit_detail, audit_object};
pub use error::TrustError;
pub use listing::TrustStoreEntry;
