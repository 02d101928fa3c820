//! Storage errors, each with the message a person reads.

use tanba_domain::Msg;

/// What went wrong talking to PostgreSQL.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database cannot be reached now; the caller may retry later.
    #[error("the database is unavailable: {reason}")]
    Unavailable {
        /// Why (connection refused, pool timeout, ...), without secrets.
        reason: String,
    },
    /// A query failed for a reason other than reachability.
    #[error("database query failed while {context}: {source}")]
    Query {
        /// What the hub was doing.
        context: &'static str,
        /// The driver's error.
        source: tokio_postgres::Error,
    },
    /// The TLS settings for the database could not be used.
    #[error("database TLS settings are unusable: {reason}")]
    Tls {
        /// Why.
        reason: String,
    },
    /// A migration's SQL failed; nothing of it was applied.
    #[error("migration {version} ({name}) failed: {reason}")]
    MigrationFailed {
        /// Its version.
        version: i32,
        /// Its name.
        name: &'static str,
        /// PostgreSQL's message.
        reason: String,
    },
    /// An applied migration's SQL differs from the one this binary carries.
    #[error("migration {version} ({name}) was changed after it was applied")]
    ChecksumMismatch {
        /// Its version.
        version: i32,
        /// Its name.
        name: String,
    },
    /// The database has migrations this binary does not know: it is older than the database.
    #[error("the database has migration {version}, newer than this hub knows")]
    DatabaseNewer {
        /// The unknown version.
        version: i32,
    },
}

impl StoreError {
    /// Wraps a driver error: a lost or refused connection becomes [`StoreError::Unavailable`].
    pub fn from_pg(context: &'static str, source: tokio_postgres::Error) -> Self {
        // Connection exceptions (class 08) and operator intervention (57P: the server shutting
        // down) mean "try again later", like a refused or dropped connection.
        let code = source.code().map(|c| c.code()).unwrap_or_default();
        let lost = source.is_closed()
            || source.as_db_error().is_none()
            || code.starts_with("08")
            || code.starts_with("57P");
        if lost {
            StoreError::Unavailable {
                reason: source.to_string(),
            }
        } else {
            StoreError::Query { context, source }
        }
    }

    /// Whether retrying later may succeed (the API answers 503 with `Retry-After`).
    pub fn is_unavailable(&self) -> bool {
        matches!(self, StoreError::Unavailable { .. })
    }

    /// The message a person reads, with what to do about it.
    pub fn msg(&self) -> Msg {
        match self {
            StoreError::Unavailable { reason } => {
                Msg::new("store-unavailable").with("reason", reason)
            }
            StoreError::Query { context, source } => Msg::new("store-query-failed")
                .with("context", context)
                .with("reason", source),
            StoreError::Tls { reason } => Msg::new("store-tls").with("reason", reason),
            StoreError::MigrationFailed {
                version,
                name,
                reason,
            } => Msg::new("store-migration-failed")
                .with("version", version)
                .with("name", name)
                .with("reason", reason),
            StoreError::ChecksumMismatch { version, name } => Msg::new("store-migration-changed")
                .with("version", version)
                .with("name", name),
            StoreError::DatabaseNewer { version } => {
                Msg::new("store-database-newer").with("version", version)
            }
        }
    }
}

/// Maps a driver error for `context` (a closure for `map_err`).
pub(crate) fn pg(context: &'static str) -> impl Fn(tokio_postgres::Error) -> StoreError {
    move |e| StoreError::from_pg(context, e)
}
