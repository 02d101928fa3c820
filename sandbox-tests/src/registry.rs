//! A rule registry on a fresh database with the `echo` rule set (versions 1.0.0 and 2.0.0)
//! signed by a registered publisher: the set-up of the registry's deploy, activation and
//! hot-swap tests, and of the hot-swap bench (`benches/hot_swap.rs`).

use std::sync::Arc;

use ed25519_dalek::SigningKey;
use tanba_plugin_host::{PluginError, PluginPackage, sign_package};
use tanba_rules::RuleRegistry;
use tanba_testkit::{TestDb, guest_component};

use crate::{code, context, engine, product};

/// Who deploys and activates in these tests.
pub const OPERATOR: &str = "operator-test";

/// The product group the echo rule set serves.
pub const ECHO_GROUP: &str = "echo";

/// A publisher signing key made from one repeated byte.
pub fn key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

/// A package manifest (`manifest.toml` text) of rule set `id` at `version` for `group`.
pub fn manifest(id: &str, version: &str, group: &str) -> String {
    format!(
        "id = \"{id}\"\nkind = \"rule-set\"\nversion = \"{version}\"\nproduct_groups = [\"{group}\"]\n\
         wit = \"tanba:rules@1.0.0\"\n"
    )
}

/// Guest component `guest` with `manifest`, signed by `signer` as `key_id`.
pub fn package(guest: &str, manifest: &str, signer: &SigningKey, key_id: &str) -> PluginPackage {
    let component = guest_component(guest);
    let signature = sign_package(manifest.as_bytes(), &component, signer, key_id);
    PluginPackage {
        manifest: manifest.as_bytes().to_vec(),
        component,
        signature,
    }
}

/// The echo rule set at `version`.0.0 (1 or 2), signed by the echo group's publisher.
pub fn echo(version: u8) -> PluginPackage {
    package(
        &format!("tanba-echo-v{version}"),
        &manifest("echo", &format!("{version}.0.0"), ECHO_GROUP),
        &key(1),
        "echo-regulator",
    )
}

/// A registry on `db` with the echo group's publisher registered and nothing deployed.
pub async fn registry(db: &TestDb) -> Arc<RuleRegistry> {
    let registry = Arc::new(RuleRegistry::new(db.pool(), engine()));
    registry
        .register_publisher(
            "echo-regulator",
            key(1).verifying_key().to_bytes(),
            &[ECHO_GROUP.into()],
            OPERATOR,
        )
        .await
        .expect("publisher registered");
    registry
}

/// A registry with echo 1.0.0 and 2.0.0 deployed and 1.0.0 active.
pub async fn echo_v1_active_of_two(db: &TestDb) -> Arc<RuleRegistry> {
    let registry = registry(db).await;
    for version in [1, 2] {
        registry
            .deploy(echo(version), OPERATOR)
            .await
            .expect("deploys");
    }
    registry
        .activate("echo", "1.0.0", &[], OPERATOR)
        .await
        .expect("activates");
    registry
}

/// Which echo version answers `check-code` for the group on this node (`ECHO_V1`,
/// `ECHO_V2`), or `None` when no version is active.
pub fn answering(registry: &RuleRegistry) -> Option<String> {
    try_answering(registry).expect("echo answers")
}

/// [`answering`], with a failed call returned rather than a panic (for counting failures).
pub fn try_answering(registry: &RuleRegistry) -> Result<Option<String>, PluginError> {
    let Some(rules) = registry.rule_set(ECHO_GROUP) else {
        return Ok(None);
    };
    let findings = rules.check_code(
        &code("04600000000015", "x", &[]),
        &product("04600000000015", ECHO_GROUP),
        &context(),
    )?;
    Ok(findings.first().map(|f| f.code.clone()))
}

/// Deploys the bundled rule set `id` (guest `tanba-rules-<id>`, at its crate's version 0.1.0,
/// built by `cargo xtask plugins`) for `group` on `rules` and activates it, signed by a publisher
/// registered for that group: a product group that runs the real rules, for tests of the hub.
pub async fn activate_bundled(rules: &RuleRegistry, id: &str, group: &str) {
    let publisher = format!("{group}-regulator");
    rules
        .register_publisher(
            &publisher,
            key(3).verifying_key().to_bytes(),
            &[group.into()],
            OPERATOR,
        )
        .await
        .expect("publisher registered");
    let package = package(
        &format!("tanba-rules-{id}"),
        &manifest(id, "0.1.0", group),
        &key(3),
        &publisher,
    );
    rules.deploy(package, OPERATOR).await.expect("deploys");
    rules
        .activate(id, "0.1.0", &[], OPERATOR)
        .await
        .expect("activates");
}
