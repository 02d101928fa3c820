//! What can go wrong with a private cluster, each with the message a person reads.

use std::path::PathBuf;

use tanba_domain::Msg;

/// A private cluster could not be made, started or stopped.
#[derive(Debug, thiserror::Error)]
pub enum LocalPgError {
    /// `initdb` and `postgres` are nowhere we looked.
    #[error("PostgreSQL server programs (initdb, postgres) not found; searched: {searched}")]
    BinariesNotFound {
        /// The directories searched, comma-separated.
        searched: String,
    },
    /// The process is root and the user the cluster should run as does not exist.
    #[error("cannot run PostgreSQL as root, and user `{user}` does not exist")]
    NoUnprivilegedUser {
        /// The user name looked up.
        user: String,
    },
    /// The cluster's user cannot reach its directory through a parent directory.
    #[error("user `{user}` cannot enter `{path}`, a parent of the cluster directory")]
    NotTraversable {
        /// The parent directory without search permission.
        path: PathBuf,
        /// The cluster's user.
        user: String,
    },
    /// A file-system operation failed.
    #[error("cannot {action} `{path}`: {source}")]
    Io {
        /// What was being done (`create`, `open`, ...).
        action: &'static str,
        /// On what.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// `initdb` failed.
    #[error("initdb failed: {output}")]
    InitdbFailed {
        /// What initdb printed.
        output: String,
    },
    /// The server exited or did not become ready in time.
    #[error("PostgreSQL did not start: {reason}; end of its log ({log}):\n{log_tail}")]
    StartFailed {
        /// Why we gave up.
        reason: String,
        /// The server log.
        log: PathBuf,
        /// Its last lines.
        log_tail: String,
    },
}

impl LocalPgError {
    /// The message a person reads, with what to do about it.
    pub fn msg(&self) -> Msg {
        match self {
            LocalPgError::BinariesNotFound { searched } => {
                Msg::new("localpg-binaries-not-found").with("searched", searched)
            }
            LocalPgError::NoUnprivilegedUser { user } => {
                Msg::new("localpg-no-unprivileged-user").with("user", user)
            }
            LocalPgError::NotTraversable { path, user } => Msg::new("localpg-not-traversable")
                .with("path", path.display())
                .with("user", user),
            LocalPgError::Io {
                action,
                path,
                source,
            } => Msg::new("localpg-io")
                .with("action", action)
                .with("path", path.display())
                .with("reason", source),
            LocalPgError::InitdbFailed { output } => {
                Msg::new("localpg-initdb-failed").with("output", output)
            }
            LocalPgError::StartFailed {
                reason,
                log,
                log_tail,
            } => Msg::new("localpg-start-failed")
                .with("reason", reason)
                .with("log", log.display())
                .with("tail", log_tail),
        }
    }
}
