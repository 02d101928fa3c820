//! Deploy, activate, roll back, and the node's view of the active rule sets.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, RwLock};

use ed25519_dalek::VerifyingKey;
use tanba_plugin_host::{LoadedRuleSet, Manifest, PluginEngine, PluginPackage, Publisher};
use tanba_store::{Activation, Database, ListenEvent, StoredPackage, StoredPublisher};

use crate::RulesError;

/// The channel activations are announced on (see migration 0002's trigger).
const CHANNEL: &str = "tanba_plugins";
/// The largest component accepted.
const MAX_COMPONENT_BYTES: usize = 16 << 20;

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
    engine: PluginEngine,
    engine_hash: String,
    active: RwLock<HashMap<String, Arc<LoadedRuleSet>>>,
    /// Candidates running beside the active rule sets (shadow runs).
    pub(crate) shadows: RwLock<HashMap<String, Arc<LoadedRuleSet>>>,
}

impl RuleRegistry {
    /// A registry with nothing loaded yet; call [`RuleRegistry::reload`] or
    /// [`RuleRegistry::follow`].
    pub fn new(db: Database, engine: PluginEngine) -> Self {
        let mut hasher = DefaultHasher::new();
        engine
            .engine()
            .precompile_compatibility_hash()
            .hash(&mut hasher);
        RuleRegistry {
            db,
            engine,
            engine_hash: format!("wasmtime-48-{:016x}", hasher.finish()),
            active: RwLock::new(HashMap::new()),
            shadows: RwLock::new(HashMap::new()),
        }
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

    /// Verifies `package` (signature, publisher's groups, manifest), compiles and checks its
    /// component, then stores package and compiled code. Refused packages leave nothing behind.
    pub async fn deploy(
        &self,
        package: PluginPackage,
        by: &str,
    ) -> Result<DeployOutcome, RulesError> {
        let publishers = self.publishers().await?;
        let manifest = package.verify(&publishers, MAX_COMPONENT_BYTES)?;
        let label = manifest.label();
        let sha = package.component_sha256().to_vec();
        let version = manifest.version.to_string();
        if let Some(stored) = self.db.package(&manifest.id, &version).await? {
            if stored.component_sha256 == sha && stored.manifest == package.manifest {
                return Ok(DeployOutcome::AlreadyStored { label });
            }
            return Err(RulesError::VersionExists {
                plugin: manifest.id,
                version,
            });
        }
        let loaded = self
            .compile(manifest.clone(), package.component.clone())
            .await?;
        let code = loaded.precompiled()?;
        let stored = StoredPackage {
            plugin_id: manifest.id.clone(),
            version: version.clone(),
            kind: "rule-set".into(),
            product_groups: manifest.product_groups.clone(),
            manifest: package.manifest,
            component: package.component,
            component_sha256: sha.clone(),
            key_id: package.signature.key_id,
            signature: package.signature.signature.to_vec(),
        };
        if !self.db.insert_package(&stored, by).await? {
            // Another node stored it between our look-up and insert; same rule as above.
            return self.already_or_conflict(&stored).await;
        }
        self.db
            .store_compiled_code(&sha, &self.engine_hash, &code)
            .await?;
        tracing::info!(plugin = %label, by, "rule set deployed");
        Ok(DeployOutcome::Stored { label })
    }

    /// A stored package, or the error that names it.
    async fn stored(&self, plugin: &str, version: &str) -> Result<StoredPackage, RulesError> {
        self.db
            .package(plugin, version)
            .await?
            .ok_or_else(|| RulesError::UnknownPackage {
                plugin: plugin.into(),
                version: version.into(),
            })
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
            let activation = Activation {
                product_group: group,
                plugin_id: plugin.into(),
                version: version.into(),
            };
            self.db.activate_plugin(&activation, by).await?;
        }
        tracing::info!(plugin, version, by, "rule set activated");
        self.reload().await
    }

    /// Returns `group` to the version it ran before the current one.
    pub async fn rollback(&self, group: &str, by: &str) -> Result<Activation, RulesError> {
        let previous = self.db.previous_activation(group).await?.ok_or_else(|| {
            RulesError::NothingToRollBack {
                group: group.into(),
            }
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
        let mut events = self.db.listen(CHANNEL);
        tokio::spawn(async move {
            while let Some(event) = events.recv().await {
                if let ListenEvent::Notified(group) = &event {
                    tracing::debug!(group, "activation changed on some node");
                }
                if let Err(err) = registry.reload().await {
                    tracing::error!(%err, "reloading active rule sets failed; keeping the current ones");
                }
            }
        })
    }

    /// Every deployed package and where it is active.
    pub async fn packages(&self) -> Result<Vec<tanba_store::PackageSummary>, RulesError> {
        Ok(self.db.packages().await?)
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

    async fn publishers(&self) -> Result<Vec<Publisher>, RulesError> {
        self.db
            .publishers()
            .await?
            .into_iter()
            .map(|p| {
                let key_id = p.key_id.clone();
                Publisher::from_stored(p.key_id, &p.public_key, p.product_groups)
                    .ok_or(RulesError::BadPublisherKey { key_id })
            })
            .collect()
    }

    /// A stored package as a rule set: from cached compiled code when this engine build has
    /// it, else compiled now (and cached).
    pub(crate) async fn load(&self, stored: &StoredPackage) -> Result<LoadedRuleSet, RulesError> {
        let text = String::from_utf8_lossy(&stored.manifest);
        let manifest = Manifest::parse(&text)?;
        let sha = &stored.component_sha256;
        if let Some(code) = self.db.compiled_code(sha, &self.engine_hash).await? {
            let engine = self.engine.clone();
            let cached = manifest.clone();
            let loaded = tokio::task::spawn_blocking(move || {
                LoadedRuleSet::from_precompiled(&engine, cached, &code)
            })
            .await
            .expect("loading precompiled code does not panic");
            match loaded {
                Ok(loaded) => return Ok(loaded),
                Err(err) => tracing::warn!(%err, "cached code unusable; compiling again"),
            }
        }
        let loaded = self.compile(manifest, stored.component.clone()).await?;
        self.db
            .store_compiled_code(sha, &self.engine_hash, &loaded.precompiled()?)
            .await?;
        Ok(loaded)
    }

    async fn compile(
        &self,
        manifest: Manifest,
        component: Vec<u8>,
    ) -> Result<LoadedRuleSet, RulesError> {
        let engine = self.engine.clone();
        Ok(tokio::task::spawn_blocking(move || {
            LoadedRuleSet::compile(&engine, manifest, &component)
        })
        .await
        .expect("compiling does not panic")?)
    }

    async fn already_or_conflict(
        &self,
        wanted: &StoredPackage,
    ) -> Result<DeployOutcome, RulesError> {
        let label = format!("{}@{}", wanted.plugin_id, wanted.version);
        match self.db.package(&wanted.plugin_id, &wanted.version).await? {
            Some(stored) if stored.component_sha256 == wanted.component_sha256 => {
                Ok(DeployOutcome::AlreadyStored { label })
            }
            _ => Err(RulesError::VersionExists {
                plugin: wanted.plugin_id.clone(),
                version: wanted.version.clone(),
            }),
        }
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
