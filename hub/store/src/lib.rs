//! Tanba's storage on PostgreSQL, the source of truth (DESIGN.md principle 3): the connection
//! pool with its settings, the versioned SQL migrations, and (as the registry grows) the
//! repositories with their named, parameterised queries.
//!
//! Not for: business rules (they live in `tanba-domain`), HTTP, or starting a database server
//! (`tanba-localpg` does that for the zero-config mode).

pub mod adapter_events;
pub mod adapters;
mod audit;
mod customs;
mod database;
mod documents;
mod error;
pub mod exports;
mod listen;
mod migrate;
mod plugins;
mod public_checks;
mod reference;
pub mod registry;
mod sessions;
mod settings;
mod shadows;
pub mod statistics;
mod trust_items;
mod violations;

pub use audit::{AuditEntry, AuditFilter, AuditRow, audit, audit_with_detail};
pub use customs::{
    DeclarationRow, DeclaredItem, Recorded, customs_declaration_uses, lock_customs_declaration,
    record_customs_declaration, record_customs_declaration_uses,
};
pub use database::{Database, PoolStatus, ensure_database};
pub use documents::{DocumentRow, claim_document, decide_document, insert_adapter_document};
pub use error::StoreError;
pub use listen::ListenEvent;
pub use migrate::{AppliedMigration, MIGRATIONS, Migration, MigrationStatus, Readiness};
pub use plugins::{Activation, PackageSummary, StoredPackage, StoredPublisher, adapter_slot};
pub use public_checks::{CloneSignalRow, NewCheck, PlacedCheck, raise_sale_clone_signal};
pub use reference::{ReferenceChanges, ReferenceQuery, ReferenceRow};
pub use sessions::{NewSession, SessionOf};
pub use settings::{DatabaseSettings, DbTls};
pub use shadows::Disagreement;
pub use tokio_postgres::Config as PgConfig;
pub use trust_items::{NewTrustItem, TRUST_CHANNEL, TrustItemRow, insert_trust_item};
pub use violations::{NewViolation, ViolationFilter, ViolationRow};
