//! Why a plugin was refused or a call failed, each with the message a person reads.

use tanba_domain::Msg;

/// A plugin package refused, or a call to a plugin that did not produce an answer.
#[derive(Debug, thiserror::Error)]
pub enum PluginError {
    /// The engine could not be created.
    #[error("the WebAssembly engine cannot start: {0}")]
    Engine(String),
    /// The manifest does not parse or breaks a rule.
    #[error("the plugin manifest is invalid: {reason}")]
    Manifest {
        /// What is wrong.
        reason: String,
    },
    /// No signature, or one that does not verify.
    #[error("the plugin package's signature is missing or does not verify")]
    BadSignature,
    /// The signing key is not registered.
    #[error("publisher key {key_id} is not registered")]
    UnknownPublisher {
        /// The key id named by the signature.
        key_id: String,
    },
    /// The publisher signs for other product groups.
    #[error("publisher {key_id} may not publish rules for product group {group}")]
    PublisherNotAllowed {
        /// The key id.
        key_id: String,
        /// The group it may not sign for.
        group: String,
    },
    /// Too big to load.
    #[error("the component has {size} bytes, over the limit of {limit}")]
    TooLarge {
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// Not a valid component (garbage, a core module, a broken binary).
    #[error("not a valid WebAssembly component: {reason}")]
    NotAComponent {
        /// What wasmtime said.
        reason: String,
    },
    /// The component imports something; rule sets may import nothing.
    #[error("the component imports {imports}; a rule set may import nothing")]
    Imports {
        /// What it imports.
        imports: String,
    },
    /// It does not export the world it claims.
    #[error("the component does not implement {world}: {reason}")]
    WrongWorld {
        /// The world expected.
        world: &'static str,
        /// What wasmtime said.
        reason: String,
    },
    /// What the plugin says of itself contradicts its manifest.
    #[error("the plugin describes itself as {described}, its manifest says {manifest}")]
    DescribeMismatch {
        /// From `describe()`.
        described: String,
        /// From the manifest.
        manifest: String,
    },
    /// The call ran past its deadline.
    #[error("plugin {plugin} ran past its deadline of {millis} ms")]
    Timeout {
        /// Plugin id and version.
        plugin: String,
        /// The deadline.
        millis: u64,
    },
    /// The call wanted more memory than the plugin's limit.
    #[error("plugin {plugin} exceeded its memory limit of {mib} MiB")]
    OutOfMemory {
        /// Plugin id and version.
        plugin: String,
        /// The limit.
        mib: u64,
    },
    /// The call trapped (a panic, a stack overflow, an out-of-bounds access).
    #[error("plugin {plugin} failed: {reason}")]
    Trap {
        /// Plugin id and version.
        plugin: String,
        /// The trap.
        reason: String,
    },
    /// The plugin answered something the hub cannot use.
    #[error("plugin {plugin} gave an unusable answer: {reason}")]
    BadOutput {
        /// Plugin id and version.
        plugin: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl PluginError {
    /// A stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            PluginError::Engine(_) => "PLUGIN_ENGINE",
            PluginError::Manifest { .. } => "PLUGIN_MANIFEST",
            PluginError::BadSignature => "PLUGIN_SIGNATURE",
            PluginError::UnknownPublisher { .. } => "PLUGIN_UNKNOWN_PUBLISHER",
            PluginError::PublisherNotAllowed { .. } => "PLUGIN_PUBLISHER_NOT_ALLOWED",
            PluginError::TooLarge { .. } => "PLUGIN_TOO_LARGE",
            PluginError::NotAComponent { .. } => "PLUGIN_NOT_A_COMPONENT",
            PluginError::Imports { .. } => "PLUGIN_IMPORTS",
            PluginError::WrongWorld { .. } => "PLUGIN_WRONG_WORLD",
            PluginError::DescribeMismatch { .. } => "PLUGIN_DESCRIBE_MISMATCH",
            PluginError::Timeout { .. } => "PLUGIN_TIMEOUT",
            PluginError::OutOfMemory { .. } => "PLUGIN_OUT_OF_MEMORY",
            PluginError::Trap { .. } => "PLUGIN_TRAP",
            PluginError::BadOutput { .. } => "PLUGIN_BAD_OUTPUT",
        }
    }

    /// The message a person reads, with what to do about it.
    pub fn msg(&self) -> Msg {
        let msg = Msg::new(match self {
            PluginError::Engine(_) => "plugin-engine",
            PluginError::Manifest { .. } => "plugin-manifest",
            PluginError::BadSignature => "plugin-signature",
            PluginError::UnknownPublisher { .. } => "plugin-unknown-publisher",
            PluginError::PublisherNotAllowed { .. } => "plugin-publisher-not-allowed",
            PluginError::TooLarge { .. } => "plugin-too-large",
            PluginError::NotAComponent { .. } => "plugin-not-a-component",
            PluginError::Imports { .. } => "plugin-imports",
            PluginError::WrongWorld { .. } => "plugin-wrong-world",
            PluginError::DescribeMismatch { .. } => "plugin-describe-mismatch",
            PluginError::Timeout { .. } => "plugin-timeout",
            PluginError::OutOfMemory { .. } => "plugin-out-of-memory",
            PluginError::Trap { .. } => "plugin-trap",
            PluginError::BadOutput { .. } => "plugin-bad-output",
        });
        match self {
            PluginError::Engine(reason) => msg.with("reason", reason),
            PluginError::Manifest { reason } | PluginError::NotAComponent { reason } => {
                msg.with("reason", reason)
            }
            PluginError::BadSignature => msg,
            PluginError::UnknownPublisher { key_id } => msg.with("key", key_id),
            PluginError::PublisherNotAllowed { key_id, group } => {
                msg.with("key", key_id).with("group", group)
            }
            PluginError::TooLarge { size, limit } => msg
                .with_number("size", *size as i64)
                .with_number("limit", *limit as i64),
            PluginError::Imports { imports } => msg.with("imports", imports),
            PluginError::WrongWorld { world, reason } => {
                msg.with("world", world).with("reason", reason)
            }
            PluginError::DescribeMismatch {
                described,
                manifest,
            } => msg.with("described", described).with("manifest", manifest),
            PluginError::Timeout { plugin, millis } => msg
                .with("plugin", plugin)
                .with_number("millis", *millis as i64),
            PluginError::OutOfMemory { plugin, mib } => {
                msg.with("plugin", plugin).with_number("mib", *mib as i64)
            }
            PluginError::Trap { plugin, reason } | PluginError::BadOutput { plugin, reason } => {
                msg.with("plugin", plugin).with("reason", reason)
            }
        }
    }

    /// Whether the fault lies with the plugin at call time (the hub goes on; the operation
    /// fails with this message) rather than with a package being loaded.
    pub fn is_call_failure(&self) -> bool {
        matches!(
            self,
            PluginError::Timeout { .. }
                | PluginError::OutOfMemory { .. }
                | PluginError::Trap { .. }
                | PluginError::BadOutput { .. }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tanba_domain::Lang;

    #[test]
    fn every_error_has_texts_in_every_language() {
        let catalogue = tanba_i18n::Catalogue::embedded().expect("catalogue");
        let plugin = || "tobacco@1.0.0".to_owned();
        let errors = [
            PluginError::Engine("x".into()),
            PluginError::Manifest { reason: "x".into() },
            PluginError::BadSignature,
            PluginError::UnknownPublisher { key_id: "k".into() },
            PluginError::PublisherNotAllowed {
                key_id: "k".into(),
                group: "g".into(),
            },
            PluginError::TooLarge { size: 2, limit: 1 },
            PluginError::NotAComponent { reason: "x".into() },
            PluginError::Imports {
                imports: "wasi:x".into(),
            },
            PluginError::WrongWorld {
                world: "w",
                reason: "x".into(),
            },
            PluginError::DescribeMismatch {
                described: "a".into(),
                manifest: "b".into(),
            },
            PluginError::Timeout {
                plugin: plugin(),
                millis: 5,
            },
            PluginError::OutOfMemory {
                plugin: plugin(),
                mib: 8,
            },
            PluginError::Trap {
                plugin: plugin(),
                reason: "x".into(),
            },
            PluginError::BadOutput {
                plugin: plugin(),
                reason: "x".into(),
            },
        ];
        for err in &errors {
            for lang in Lang::ALL {
                assert!(
                    catalogue.has(lang, err.msg().id()),
                    "{} in {lang}",
                    err.code()
                );
            }
        }
        let text = catalogue.render(Lang::Ru, &errors[10].msg());
        assert!(
            text.contains("tobacco@1.0.0") && text.contains("5 мс"),
            "{text}"
        );
    }
}
