//! The Tanba hub assembled: configuration, the database (a URL, or a private cluster under the
//! data directory), migrations, and the HTTP server with every part mounted. The `tanba` binary
//! is a thin command line over this library; tests start the same [`Hub`] in-process.
//!
//! Not for: business rules, SQL or HTTP handlers; those live in the crates this one assembles.

mod config;
mod database;
mod error;
mod hub;
mod secrets;

pub use config::{
    Config, ConfigError, LogFormat, LogSettings, Overrides, RegistrySettings, TlsSettings,
};
pub use database::{DatabaseLocation, OpenDatabase, open_database};
pub use error::HubError;
pub use hub::Hub;

/// The registry service on `db`, with the configured master secret and BIN/IIN policy.
pub fn registry(
    config: &Config,
    db: tanba_store::Database,
) -> Result<tanba_registry::Registry, HubError> {
    let policy = if config.registry.accept_nca_test_ids {
        tanba_domain::CheckDigitPolicy::AcceptNcaTestIds
    } else {
        tanba_domain::CheckDigitPolicy::Strict
    };
    Ok(tanba_registry::Registry::new(
        db,
        secrets::master_secret(config)?,
        policy,
    ))
}
