//! A plugin's manifest: who it is, what it is for, what it may use.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::PluginError;

/// The WIT package rule sets are built against.
pub const RULES_WIT: &str = "tanba:rules@1.0.0";
/// The WIT package adapters are built against (issue 7): the current version, `wit/adapter`.
pub const ADAPTER_WIT: &str = "tanba:adapter@1.1.0";
/// The first adapter contract (`wit/adapter-1.0.0`, frozen); adapters built against it still
/// load (DESIGN.md, principle 5).
pub(crate) const ADAPTER_WIT_1_0: &str = "tanba:adapter@1.0.0";
/// Every adapter WIT version this hub loads, oldest first.
pub const ADAPTER_WITS: &[&str] = &[ADAPTER_WIT_1_0, ADAPTER_WIT];

/// `manifest.toml` of a plugin package.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Stable id, lowercase letters, digits and dashes (`tobacco`).
    pub id: String,
    /// What kind of plugin.
    pub kind: PluginKind,
    /// Its version.
    pub version: semver::Version,
    /// The product groups it serves (for a rule set, at least one; an adapter serves none).
    #[serde(default)]
    pub product_groups: Vec<String>,
    /// The WIT package and version it was built against.
    pub wit: String,
    /// What it may use per call.
    #[serde(default)]
    pub limits: ManifestLimits,
    /// For an adapter with inbound endpoints (issue 7): the SHA-256, hex, of the WSDL it
    /// serves at `GET /soap/{adapter}?wsdl`, carried as `service.wsdl` beside the component.
    /// The package signature covers the manifest, and so, through this hash, the WSDL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wsdl_sha256: Option<String>,
}

/// Plugin kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PluginKind {
    /// A product group's rule set (`tanba:rules`).
    RuleSet,
    /// An adapter to an external system (`tanba:adapter`, issue 7).
    Adapter,
}

impl PluginKind {
    /// The WIT packages (with their versions) this hub loads plugins of this kind against.
    pub fn wits(self) -> &'static [&'static str] {
        match self {
            PluginKind::RuleSet => &[RULES_WIT],
            PluginKind::Adapter => ADAPTER_WITS,
        }
    }
}

/// Per-call limits a manifest asks for; the hub caps them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ManifestLimits {
    /// Linear memory, MiB.
    pub memory_mib: u64,
    /// Wall-clock deadline per call, milliseconds.
    pub timeout_ms: u64,
}

impl Default for ManifestLimits {
    fn default() -> Self {
        ManifestLimits {
            memory_mib: 16,
            timeout_ms: 100,
        }
    }
}

/// The most any manifest may ask for.
const MAX_MEMORY_MIB: u64 = 64;
const MAX_TIMEOUT_MS: u64 = 5_000;

impl Manifest {
    /// Parses and checks `manifest.toml`.
    pub fn parse(text: &str) -> Result<Self, PluginError> {
        let manifest: Manifest = toml::from_str(text).map_err(|e| PluginError::Manifest {
            reason: e.to_string().trim().to_owned(),
        })?;
        manifest.check()?;
        Ok(manifest)
    }

    fn check(&self) -> Result<(), PluginError> {
        let bad = |reason: String| Err(PluginError::Manifest { reason });
        let is_slug = |s: &str| {
            !s.is_empty()
                && s.len() <= 64
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        };
        if !is_slug(&self.id) {
            return bad(format!(
                "id `{}` must be lowercase letters, digits and dashes",
                self.id
            ));
        }
        match self.kind {
            PluginKind::RuleSet if self.product_groups.is_empty() => {
                return bad("product_groups must list at least one group id".into());
            }
            PluginKind::Adapter if !self.product_groups.is_empty() => {
                return bad("product_groups must be empty for an adapter".into());
            }
            _ if !self.product_groups.iter().all(|g| is_slug(g)) => {
                return bad("product_groups must be group ids".into());
            }
            _ => {}
        }
        let wits = self.kind.wits();
        if !wits.contains(&self.wit.as_str()) {
            return bad(format!(
                "wit `{}` is not supported for this kind; this hub loads {}",
                self.wit,
                wits.join(", ")
            ));
        }
        if !(1..=MAX_MEMORY_MIB).contains(&self.limits.memory_mib) {
            return bad(format!("limits.memory_mib must be 1..={MAX_MEMORY_MIB}"));
        }
        if !(1..=MAX_TIMEOUT_MS).contains(&self.limits.timeout_ms) {
            return bad(format!("limits.timeout_ms must be 1..={MAX_TIMEOUT_MS}"));
        }
        Ok(())
    }

    /// `id@version`, for logs and messages.
    pub fn label(&self) -> String {
        format!("{}@{}", self.id, self.version)
    }

    /// The per-call memory limit in bytes.
    pub fn memory_bytes(&self) -> usize {
        (self.limits.memory_mib << 20) as usize
    }

    /// The per-call deadline.
    pub fn timeout(&self) -> Duration {
        Duration::from_millis(self.limits.timeout_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
        id = "tobacco"
        kind = "rule-set"
        version = "1.2.0"
        product_groups = ["tobacco"]
        wit = "tanba:rules@1.0.0"
        [limits]
        memory_mib = 8
        timeout_ms = 50
    "#;

    #[test]
    fn a_good_manifest_parses() {
        let manifest = Manifest::parse(GOOD).expect("valid");
        assert_eq!(manifest.label(), "tobacco@1.2.0");
        assert_eq!(manifest.memory_bytes(), 8 << 20);
    }

    #[test]
    fn each_broken_rule_is_named() {
        for (from, to, needle) in [
            ("id = \"tobacco\"", "id = \"Tobacco!\"", "id"),
            ("version = \"1.2.0\"", "version = \"one\"", "version"),
            ("[\"tobacco\"]", "[]", "product_groups"),
            ("tanba:rules@1.0.0", "tanba:rules@2.0.0", "wit"),
            ("memory_mib = 8", "memory_mib = 4096", "memory_mib"),
            ("timeout_ms = 50", "timeout_ms = 0", "timeout_ms"),
            ("kind = \"rule-set\"", "kind = \"gadget\"", "kind"),
            (
                "kind = \"rule-set\"",
                "kind = \"adapter\"",
                "product_groups",
            ),
        ] {
            let err = Manifest::parse(&GOOD.replace(from, to)).expect_err(needle);
            assert!(
                err.to_string().contains(needle) || format!("{err:?}").contains(needle),
                "{needle}: {err}"
            );
        }
    }
    #[test]
    fn an_adapter_names_one_of_the_adapter_contracts_this_hub_loads() {
        let adapter = |wit: &str| {
            format!("id = \"minfin\"\nkind = \"adapter\"\nversion = \"0.2.0\"\nwit = \"{wit}\"\n")
        };
        for wit in ["tanba:adapter@1.0.0", "tanba:adapter@1.1.0"] {
            let manifest = Manifest::parse(&adapter(wit)).expect(wit);
            assert_eq!(manifest.wit, wit);
        }
        let err = Manifest::parse(&adapter("tanba:adapter@1.2.0")).expect_err("not yet");
        assert!(
            err.to_string()
                .contains("this hub loads tanba:adapter@1.0.0, tanba:adapter@1.1.0"),
            "{err}"
        );
    }

    #[test]
    fn an_adapter_manifest_names_the_adapter_contract_and_no_group() {
        let adapter = "id = \"shep\"\nkind = \"adapter\"\nversion = \"0.1.0\"\n\
            wit = \"tanba:adapter@1.0.0\"\n";
        let manifest = Manifest::parse(adapter).expect("valid adapter manifest");
        assert_eq!(manifest.kind, PluginKind::Adapter);
        assert!(manifest.product_groups.is_empty());
        let rules_wit = adapter.replace("tanba:adapter@1.0.0", "tanba:rules@1.0.0");
        let err = Manifest::parse(&rules_wit).expect_err("an adapter built against the rules");
        assert!(err.to_string().contains("wit"), "{err}");
    }
}
