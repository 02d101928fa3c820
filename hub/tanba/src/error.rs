//! Why the hub could not start or stopped, each with the message a person reads.

use std::path::PathBuf;

use tanba_api::ServerError;
use tanba_domain::Msg;
use tanba_localpg::LocalPgError;
use tanba_store::StoreError;

use crate::ConfigError;

/// A failure of the hub as a whole.
#[derive(Debug, thiserror::Error)]
pub enum HubError {
    /// The configuration.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The private database cluster.
    #[error(transparent)]
    LocalPg(#[from] LocalPgError),
    /// The database.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The HTTP server.
    #[error(transparent)]
    Server(#[from] ServerError),
    /// The data directory cannot be made or used.
    #[error("cannot use the data directory {path}: {source}")]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The rule-set registry.
    #[error(transparent)]
    Rules(#[from] tanba_rules::RulesError),
    /// The plugin host.
    #[error(transparent)]
    Plugin(#[from] tanba_plugin_host::PluginError),
    /// A file named on the command line.
    #[error("cannot use {path}: {reason}")]
    File {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The emission master secret cannot be read or made.
    #[error("cannot use the emission master secret {path}: {reason}")]
    MasterSecret {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The trusted CA certificates or CRLs cannot be used.
    #[error(transparent)]
    Pki(#[from] tanba_pki::PkiError),
    /// The audit log's hash chain breaks at a row.
    #[error("the audit log's chain breaks at row {row}")]
    AuditBroken {
        /// The first row that does not verify.
        row: i64,
    },
    /// The registry refused a command of the console.
    #[error("{0}")]
    Registry(#[from] tanba_registry::RegistryError),
    /// An adapter cannot be loaded (issue 7).
    #[error(transparent)]
    Adapter(#[from] tanba_adapters::AdapterError),
    /// The reference data refused an import or a read.
    #[error("{}", .0.code())]
    Reference(tanba_reference::ReferenceError),
    /// The message catalogue compiled into the binary is broken (a bug).
    #[error(transparent)]
    Catalogue(#[from] tanba_i18n::CatalogueError),
}

impl HubError {
    /// The message a person reads.
    pub fn msg(&self) -> Msg {
        match self {
            HubError::Config(err) => err.msg(),
            HubError::LocalPg(err) => err.msg(),
            HubError::Store(err) => err.msg(),
            HubError::Server(err) => err.msg(),
            HubError::DataDir { path, source } => Msg::new("hub-data-dir")
                .with("path", path.display())
                .with("reason", source),
            HubError::Catalogue(err) => Msg::new("hub-catalogue").with("reason", err),
            HubError::Rules(err) => err.msg(),
            HubError::Plugin(err) => err.msg(),
            HubError::Adapter(err) => err.msg(),
            HubError::MasterSecret { path, reason } => Msg::new("hub-master-secret")
                .with("path", path.display())
                .with("reason", reason),
            HubError::Registry(err) => err.msg.clone(),
            HubError::Reference(err) => err.msg(),
            HubError::Pki(err) => err.msg(),
            HubError::AuditBroken { row } => Msg::new("cli-audit-broken").with("row", row),
            HubError::File { path, reason } => Msg::new("hub-file")
                .with("path", path.display())
                .with("reason", reason),
        }
    }

    /// A configuration problem (exit code 2) rather than a runtime failure (exit code 1).
    pub fn is_config(&self) -> bool {
        matches!(self, HubError::Config(_))
    }
}

impl From<tanba_reference::ReferenceError> for HubError {
    fn from(err: tanba_reference::ReferenceError) -> Self {
        HubError::Reference(err)
    }
}

impl From<tanba_trust::TrustError> for HubError {
    fn from(err: tanba_trust::TrustError) -> Self {
        match err {
            tanba_trust::TrustError::Pki(e) => HubError::Pki(e),
            tanba_trust::TrustError::Store(e) => HubError::Store(e),
        }
    }
}
