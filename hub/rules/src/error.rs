//! Registry errors, each with the message a person reads.

use tanba_domain::Msg;
use tanba_plugin_host::PluginError;
use tanba_store::StoreError;

/// Why a deployment, activation or rollback was refused.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// The package or its component was refused by the plugin host.
    #[error(transparent)]
    Plugin(#[from] PluginError),
    /// The database.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The same plugin version exists with other content.
    #[error("{plugin}@{version} is already stored with another component")]
    VersionExists {
        /// Plugin id.
        plugin: String,
        /// Version.
        version: String,
    },
    /// No such package.
    #[error("no package {plugin}@{version}")]
    UnknownPackage {
        /// Plugin id.
        plugin: String,
        /// Version.
        version: String,
    },
    /// The package does not serve the group.
    #[error("{plugin}@{version} does not serve product group {group}")]
    NotForGroup {
        /// Plugin id.
        plugin: String,
        /// Version.
        version: String,
        /// The group.
        group: String,
    },
    /// No earlier version to return to.
    #[error("product group {group} has no earlier rule set to roll back to")]
    NothingToRollBack {
        /// The group.
        group: String,
    },
    /// A package of the other kind (an adapter where a rule set was expected, or back).
    #[error("{plugin}@{version} is not a {expected} package")]
    WrongKind {
        /// Plugin id.
        plugin: String,
        /// Version.
        version: String,
        /// `rule-set` or `adapter`.
        expected: &'static str,
    },
    /// The WSDL sent is not the one the signed manifest names (or one is missing or extra).
    #[error("{plugin}@{version}: the WSDL is not the one its signed manifest names")]
    WsdlMismatch {
        /// Plugin id.
        plugin: String,
        /// Version.
        version: String,
    },
    /// A stored publisher key is not a valid Ed25519 key.
    #[error("publisher key {key_id} is not a valid Ed25519 public key")]
    BadPublisherKey {
        /// Its id.
        key_id: String,
    },
}

impl RulesError {
    /// The stable machine code (for problem details).
    pub fn code(&self) -> &'static str {
        match self {
            RulesError::Plugin(err) => err.code(),
            RulesError::Store(_) => "STORE",
            RulesError::VersionExists { .. } => "RULES_VERSION_EXISTS",
            RulesError::UnknownPackage { .. } => "RULES_UNKNOWN_PACKAGE",
            RulesError::NotForGroup { .. } => "RULES_NOT_FOR_GROUP",
            RulesError::NothingToRollBack { .. } => "RULES_NOTHING_TO_ROLL_BACK",
            RulesError::BadPublisherKey { .. } => "RULES_BAD_PUBLISHER_KEY",
            RulesError::WrongKind { .. } => "PLUGIN_WRONG_KIND",
            RulesError::WsdlMismatch { .. } => "PLUGIN_WSDL_MISMATCH",
        }
    }

    /// The message a person reads.
    pub fn msg(&self) -> Msg {
        match self {
            RulesError::Plugin(err) => err.msg(),
            RulesError::Store(err) => err.msg(),
            RulesError::VersionExists { plugin, version } => Msg::new("rules-version-exists")
                .with("plugin", plugin)
                .with("version", version),
            RulesError::UnknownPackage { plugin, version } => Msg::new("rules-unknown-package")
                .with("plugin", plugin)
                .with("version", version),
            RulesError::NotForGroup {
                plugin,
                version,
                group,
            } => Msg::new("rules-not-for-group")
                .with("plugin", plugin)
                .with("version", version)
                .with("group", group),
            RulesError::NothingToRollBack { group } => {
                Msg::new("rules-nothing-to-roll-back").with("group", group)
            }
            RulesError::BadPublisherKey { key_id } => {
                Msg::new("rules-bad-publisher-key").with("key", key_id)
            }
            RulesError::WrongKind {
                plugin,
                version,
                expected,
            } => Msg::new("rules-wrong-kind")
                .with("plugin", plugin)
                .with("version", version)
                .with("expected", *expected),
            RulesError::WsdlMismatch { plugin, version } => Msg::new("rules-wsdl-mismatch")
                .with("plugin", plugin)
                .with("version", version),
        }
    }
}
