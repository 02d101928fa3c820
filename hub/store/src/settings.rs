//! The `[database]` section of the hub's configuration.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// How the hub reaches PostgreSQL. With no `url`, the hub runs a private cluster under its data
/// directory (`tanba-localpg`).
#[derive(Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseSettings {
    /// A libpq URL or key=value string (`postgres://user:pass@host:5432/tanba`). Holds a secret:
    /// never logged.
    pub url: Option<String>,
    /// Connections in the pool.
    pub pool_size: usize,
    /// How long to wait for a new connection, in milliseconds.
    pub connect_timeout_ms: u64,
    /// How long a request waits for a free pooled connection, in milliseconds.
    pub acquire_timeout_ms: u64,
    /// PostgreSQL's `statement_timeout` for every session, in milliseconds (0 = none).
    pub statement_timeout_ms: u64,
    /// Transport security to a database given by `url`.
    pub tls: DbTls,
    /// PEM file of the CA(s) that sign the database server's certificate, for `tls = "verify-full"`.
    pub ca_file: Option<PathBuf>,
    /// Where `initdb` and `postgres` are, for the private cluster (default: `PATH`, then
    /// `/usr/lib/postgresql/*/bin`).
    pub pg_bin_dir: Option<PathBuf>,
    /// The user the private cluster runs as when the hub runs as root.
    pub local_user: String,
}

/// TLS to the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DbTls {
    /// Plain connection (a local socket, or a trusted network).
    Disable,
    /// TLS with the server's certificate checked against `ca_file` and its name against the host.
    VerifyFull,
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        DatabaseSettings {
            url: None,
            pool_size: 16,
            connect_timeout_ms: 5_000,
            acquire_timeout_ms: 5_000,
            statement_timeout_ms: 30_000,
            tls: DbTls::Disable,
            ca_file: None,
            pg_bin_dir: None,
            local_user: "postgres".into(),
        }
    }
}

impl fmt::Debug for DatabaseSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseSettings")
            .field("url", &self.url.as_ref().map(|_| "<redacted>"))
            .field("pool_size", &self.pool_size)
            .field("connect_timeout_ms", &self.connect_timeout_ms)
            .field("acquire_timeout_ms", &self.acquire_timeout_ms)
            .field("statement_timeout_ms", &self.statement_timeout_ms)
            .field("tls", &self.tls)
            .field("ca_file", &self.ca_file)
            .field("pg_bin_dir", &self.pg_bin_dir)
            .field("local_user", &self.local_user)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_the_url() {
        let settings = DatabaseSettings {
            url: Some("postgres://app:s3cret@db/tanba".into()),
            ..DatabaseSettings::default()
        };
        let shown = format!("{settings:?}");
        assert!(
            !shown.contains("s3cret") && shown.contains("<redacted>"),
            "{shown}"
        );
    }
}
