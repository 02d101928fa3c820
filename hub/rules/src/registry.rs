//! Deploy, activate, roll back, and the node's view of the active rule sets.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use ed25519_dalek::VerifyingKey;
use tanba_plugin_host::{LoadedRuleSet, PluginEngine, PluginKind, PluginPackage};
use tanba_store::{Activation, Database, ListenEvent, StoredPackage, StoredPublisher};

use crate::{PackageShelf, RulesError};

/// The channel activations are announced on (see migration 0002's trigger), for rule sets
/// and adapters alike.
pub const PLUGINS_CHANNEL: &str = "tanba_plugins";

/// What a deployment did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeployOutcome {
    /// Stored, compiled and cached.
    Stored {
        /// `id@version`.
        label: String,
    },
    /// The very same package was already stored; nothing changed.
    AlreadyStored {
        /// `id@version`.
        label: String,
    },
}

/// The rule sets of this node, and the operations that change them for every node.
pub struct RuleRegistry {
    pub(crate) db: Database,
    shelf: PackageShelf,
    active: RwLock<HashMap<String, Arc<LoadedRuleSet>>>,
    /// Candidates running beside the active rule sets (shadow runs).
    pub(crate) shadows: RwLock<HashMap<String, Arc<LoadedRuleSet>>>,
}

impl RuleRegistry {
    /// A registry with nothing loaded yet; call [`RuleRegistry::reload`] or
    /// [`RuleRegistry::follow`].
    pub fn new(db: Database, engine: PluginEngine) -> Self {
        RuleRegistry {
            shelf: PackageShelf::new(db.clone(), engine),
            db,
            active: RwLock::new(HashMap::new()),
            shadows: RwLock::new(HashMap::new()),
        }
    }

    /// The packages in the database, for the other plugin kind (adapters) to deploy and read
    /// through the same lifecycle.
    pub fn shelf(&self) -> &PackageShelf {
        &self.shelf
    }

    /// The active rule set of `group`, if it has one. Hold the `Arc` for the whole call.
    pub fn rule_set(&self, group: &str) -> Option<Arc<LoadedRuleSet>> {
        read(&self.active).get(group).cloned()
    }

    /// Every product group's active rule set, by group.
    pub fn active(&self) -> Vec<(String, Arc<LoadedRuleSet>)> {
        let active = read(&self.active);
        let mut all: Vec<_> = active.iter().map(|(g, r)| (g.clone(), r.clone())).collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }

    /// Verifies `package` (signature, publisher's groups, manifest, a rule set), compiles and
    /// checks its component, then stores package and compiled code. Refused packages leave
    /// nothing behind.
    pub async fn deploy(
        &self,
        package: PluginPackage,
        by: &str,
    ) -> Result<DeployOutcome, RulesError> {
        self.shelf.deploy::<LoadedRuleSet>(package, None, by).await
    }

    /// A stored package, or the error that names it.
    async fn stored(&self, plugin: &str, version: &str) -> Result<StoredPackage, RulesError> {
        self.shelf.stored(plugin, version).await
    }

    /// A stored package that serves `group`, or why not.
    pub(crate) async fn package_for(
        &self,
        plugin: &str,
        version: &str,
        group: &str,
    ) -> Result<StoredPackage, RulesError> {
        let stored = self.stored(plugin, version).await?;
        if !stored.product_groups.iter().any(|g| g == group) {
            return Err(RulesError::NotForGroup {
                plugin: plugin.into(),
                version: version.into(),
                group: group.into(),
            });
        }
        Ok(stored)
    }

    /// Makes `plugin@version` active for `groups` (every group it serves when empty). The
    /// rule set must load; every node switches when it hears the notification.
    pub async fn activate(
        &self,
        plugin: &str,
        version: &str,
        groups: &[String],
        by: &str,
    ) -> Result<(), RulesError> {
        let stored = self.stored(plugin, version).await?;
        let groups = if groups.is_empty() {
            stored.product_groups.clone()
        } else {
            groups.to_vec()
        };
        if let Some(group) = groups.iter().find(|g| !stored.product_groups.contains(g)) {
            return Err(RulesError::NotForGroup {
                plugin: plugin.into(),
                version: version.into(),
                group: group.clone(),
            });
        }
        self.load(&stored).await?;
        for group in groups {
            self.shelf.switch(&group, plugin, version, by).await?;
        }
        tracing::info!(plugin, version, by, "rule set activated");
        self.reload().await
    }

    /// Returns `group` to the version it ran before the current one.
    pub async fn rollback(&self, group: &str, by: &str) -> Result<Activation, RulesError> {
        let previous =
            self.shelf
                .previous(group)
                .await?
                .ok_or_else(|| RulesError::NothingToRollBack {
                    group: group.into(),
                })?;
        self.activate(
            &previous.plugin_id,
            &previous.version,
            &[group.to_owned()],
            by,
        )
        .await?;
        Ok(previous)
    }

    /// Loads the active rule set and the shadow candidate of every group from the database,
    /// reusing the ones already loaded, and swaps the node's view in one step each.
    pub async fn reload(&self) -> Result<(), RulesError> {
        let active = self
            .load_all(self.db.activations().await?, &self.active)
            .await?;
        let shadows = self
            .load_all(self.db.shadows().await?, &self.shadows)
            .await?;
        *write(&self.active) = active;
        *write(&self.shadows) = shadows;
        Ok(())
    }

    async fn load_all(
        &self,
        wanted: Vec<Activation>,
        current: &RwLock<HashMap<String, Arc<LoadedRuleSet>>>,
    ) -> Result<HashMap<String, Arc<LoadedRuleSet>>, RulesError> {
        let mut next = HashMap::new();
        for activation in wanted {
            let loaded = read(current)
                .get(&activation.product_group)
                .cloned()
                .filter(|r| {
                    r.manifest().id == activation.plugin_id
                        && r.manifest().version.to_string() == activation.version
                });
            let loaded = match loaded {
                Some(loaded) => loaded,
                None => {
                    let stored = self
                        .stored(&activation.plugin_id, &activation.version)
                        .await?;
                    Arc::new(self.load(&stored).await?)
                }
            };
            next.insert(activation.product_group, loaded);
        }
        Ok(next)
    }

    /// Keeps this node's view current: reloads now, then whenever any node changes an
    /// activation (and after every reconnect, when notifications may have been missed).
    pub fn follow(self: &Arc<Self>) -> tokio::task::JoinHandle<()> {
        let registry = self.clone();
        let mut events = self.db.listen(PLUGINS_CHANNEL);
        tokio::spawn(async move {
            while let Some(event) = events.recv().await {
                if let ListenEvent::Notified(slot) = &event {
                    if slot.starts_with('@') {
                        continue; // an adapter's slot: the adapters follow it
                    }
                    tracing::debug!(group = slot, "activation changed on some node");
                }
                if let Err(err) = registry.reload().await {
                    tracing::error!(%err, "reloading active rule sets failed; keeping the current ones");
                }
            }
        })
    }

    /// Every deployed package and where it is active.
    pub async fn packages(&self) -> Result<Vec<tanba_store::PackageSummary>, RulesError> {
        self.shelf.packages(PluginKind::RuleSet).await
    }

    /// Registers a publisher key for `groups` (the operator's act).
    pub async fn register_publisher(
        &self,
        key_id: &str,
        public_key: [u8; 32],
        groups: &[String],
        by: &str,
    ) -> Result<(), RulesError> {
        VerifyingKey::from_bytes(&public_key).map_err(|_| RulesError::BadPublisherKey {
            key_id: key_id.into(),
        })?;
        let publisher = StoredPublisher {
            key_id: key_id.into(),
            public_key: public_key.to_vec(),
            product_groups: groups.to_vec(),
        };
        Ok(self.db.put_publisher(&publisher, by).await?)
    }

    /// A stored package as a rule set (from cached compiled code when there is some).
    pub(crate) async fn load(&self, stored: &StoredPackage) -> Result<LoadedRuleSet, RulesError> {
        self.shelf.load::<LoadedRuleSet>(stored).await
    }
}

type RuleSets = HashMap<String, Arc<LoadedRuleSet>>;

fn read(lock: &RwLock<RuleSets>) -> std::sync::RwLockReadGuard<'_, RuleSets> {
    lock.read().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn write(lock: &RwLock<RuleSets>) -> std::sync::RwLockWriteGuard<'_, RuleSets> {
    lock.write()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
