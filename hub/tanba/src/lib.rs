//! The Tanba hub assembled: configuration, the database (a URL, or a private cluster under the
//! data directory), migrations, and the HTTP server with every part mounted. The `tanba` binary
//! is a thin command line over this library; tests start the same [`Hub`] in-process.
//!
//! Not for: business rules, SQL or HTTP handlers; those live in the crates this one assembles.

mod config;
mod database;
mod error;
mod hub;

pub use config::{Config, ConfigError, LogFormat, LogSettings, Overrides, TlsSettings};
pub use database::{DatabaseLocation, OpenDatabase, open_database};
pub use error::HubError;
pub use hub::Hub;
