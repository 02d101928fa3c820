//! The package lifecycle both plugin kinds share (issues 4 and 7): verify a signed package,
//! store it with its compiled code (a version never changes content), read it back, cache and
//! find compiled code per engine build, and switch or roll back an activation slot (a product
//! group for a rule set, `@adapter/<id>` for an adapter) with its history. The rule-set
//! registry and the hub's adapters both stand on it; what a slot means and how a package is
//! compiled stay with each of them.

use std::hash::{DefaultHasher, Hash, Hasher};

use tanba_plugin_host::{
    LoadedAdapter, LoadedRuleSet, Manifest, PluginEngine, PluginError, PluginKind, PluginPackage,
    Publisher,
};
use tanba_store::{Activation, Database, StoredPackage};

use crate::{DeployOutcome, RulesError};

/// A plugin kind as the shelf compiles and loads it.
pub trait Loadable: Sized + Send + 'static {
    /// Its kind in manifests and storage.
    const KIND: PluginKind;
    /// Compiles and checks a component.
    fn compile(
        engine: &PluginEngine,
        manifest: Manifest,
        component: &[u8],
    ) -> Result<Self, PluginError>;
    /// Loads code this engine build compiled earlier.
    fn from_precompiled(
        engine: &PluginEngine,
        manifest: Manifest,
        code: &[u8],
    ) -> Result<Self, PluginError>;
    /// Its compiled code, for the cache.
    fn precompiled(&self) -> Result<Vec<u8>, PluginError>;
}

impl Loadable for LoadedRuleSet {
    const KIND: PluginKind = PluginKind::RuleSet;
    fn compile(e: &PluginEngine, m: Manifest, c: &[u8]) -> Result<Self, PluginError> {
        LoadedRuleSet::compile(e, m, c)
    }
    fn from_precompiled(e: &PluginEngine, m: Manifest, c: &[u8]) -> Result<Self, PluginError> {
        LoadedRuleSet::from_precompiled(e, m, c)
    }
    fn precompiled(&self) -> Result<Vec<u8>, PluginError> {
        LoadedRuleSet::precompiled(self)
    }
}

impl Loadable for LoadedAdapter {
    const KIND: PluginKind = PluginKind::Adapter;
    fn compile(e: &PluginEngine, m: Manifest, c: &[u8]) -> Result<Self, PluginError> {
        LoadedAdapter::compile(e, m, c)
    }
    fn from_precompiled(e: &PluginEngine, m: Manifest, c: &[u8]) -> Result<Self, PluginError> {
        LoadedAdapter::from_precompiled(e, m, c)
    }
    fn precompiled(&self) -> Result<Vec<u8>, PluginError> {
        LoadedAdapter::precompiled(self)
    }
}

/// The largest component accepted, of either kind.
pub const MAX_COMPONENT_BYTES: usize = 16 << 20;

/// The packages in the database, seen by one engine build.
#[derive(Clone)]
pub struct PackageShelf {
    db: Database,
    engine: PluginEngine,
    engine_hash: String,
}

impl PackageShelf {
    /// The shelf of `db` for code compiled by `engine`.
    pub fn new(db: Database, engine: PluginEngine) -> Self {
        let mut hasher = DefaultHasher::new();
        engine
            .engine()
            .precompile_compatibility_hash()
            .hash(&mut hasher);
        PackageShelf {
            db,
            engine,
            engine_hash: format!("wasmtime-48-{:016x}", hasher.finish()),
        }
    }

    /// The engine packages are compiled with.
    pub fn engine(&self) -> &PluginEngine {
        &self.engine
    }

    /// The database.
    pub fn db(&self) -> &Database {
        &self.db
    }

    /// Checks `package` against the registered publishers (size, signature, manifest, the
    /// publisher's right to its groups or to `@adapters`) and that it is of `kind`. Nothing
    /// unsigned is parsed; nothing is compiled here.
    pub async fn verify(
        &self,
        package: &PluginPackage,
        kind: PluginKind,
    ) -> Result<Manifest, RulesError> {
        let manifest = package.verify(&self.publishers().await?, MAX_COMPONENT_BYTES)?;
        if manifest.kind != kind {
            return Err(RulesError::WrongKind {
                plugin: manifest.id,
                version: manifest.version.to_string(),
                expected: kind_name(kind),
            });
        }
        Ok(manifest)
    }

    /// Whether `manifest`'s version is stored already: `Some(AlreadyStored)` when with the
    /// very same bytes, an error when with other bytes (a version never changes content).
    pub async fn already_stored(
        &self,
        manifest: &Manifest,
        package: &PluginPackage,
    ) -> Result<Option<DeployOutcome>, RulesError> {
        let version = manifest.version.to_string();
        match self.db.package(&manifest.id, &version).await? {
            None => Ok(None),
            Some(stored)
                if stored.component_sha256 == package.component_sha256()
                    && stored.manifest == package.manifest =>
            {
                Ok(Some(DeployOutcome::AlreadyStored {
                    label: manifest.label(),
                }))
            }
            Some(_) => Err(RulesError::VersionExists {
                plugin: manifest.id.clone(),
                version,
            }),
        }
    }

    /// Verifies `package` as a `T`, checks the WSDL its manifest names (adapters), compiles
    /// and checks its component, then stores package and compiled code. A refused package
    /// leaves nothing behind; the same package again changes nothing.
    pub async fn deploy<T: Loadable>(
        &self,
        package: PluginPackage,
        wsdl: Option<Vec<u8>>,
        by: &str,
    ) -> Result<DeployOutcome, RulesError> {
        let manifest = self.verify(&package, T::KIND).await?;
        check_wsdl(&manifest, wsdl.as_deref())?;
        if let Some(outcome) = self.already_stored(&manifest, &package).await? {
            return Ok(outcome);
        }
        let component = package.component.clone();
        let checked = manifest.clone();
        let loaded = self
            .blocking(move |engine| T::compile(engine, checked, &component))
            .await?;
        let code = loaded.precompiled()?;
        let label = manifest.label();
        let sha = package.component_sha256().to_vec();
        let stored = StoredPackage {
            plugin_id: manifest.id.clone(),
            version: manifest.version.to_string(),
            kind: kind_name(manifest.kind).into(),
            product_groups: manifest.product_groups.clone(),
            manifest: package.manifest.clone(),
            component: package.component.clone(),
            component_sha256: sha.clone(),
            key_id: package.signature.key_id.clone(),
            signature: package.signature.signature.to_vec(),
            wsdl,
        };
        if !self.db.insert_package(&stored, by).await? {
            // Another node stored it between our look-up and insert; same rule as above.
            return Ok(self
                .already_stored(&manifest, &package)
                .await?
                .unwrap_or(DeployOutcome::AlreadyStored { label }));
        }
        self.cache_code(&sha, &code).await?;
        tracing::info!(plugin = %label, kind = %stored.kind, by, "plugin package deployed");
        Ok(DeployOutcome::Stored { label })
    }

    /// A stored package as a `T`: from cached compiled code when this engine build has it,
    /// else compiled now (and cached).
    pub async fn load<T: Loadable>(&self, stored: &StoredPackage) -> Result<T, RulesError> {
        let manifest = Self::manifest(stored)?;
        let sha = &stored.component_sha256;
        if let Some(code) = self.cached_code(sha).await? {
            let cached = manifest.clone();
            match self
                .blocking(move |engine| T::from_precompiled(engine, cached, &code))
                .await
            {
                Ok(loaded) => return Ok(loaded),
                Err(err) => tracing::warn!(%err, "cached code unusable; compiling again"),
            }
        }
        let component = stored.component.clone();
        let loaded = self
            .blocking(move |engine| T::compile(engine, manifest, &component))
            .await?;
        self.cache_code(sha, &loaded.precompiled()?).await?;
        Ok(loaded)
    }

    /// A stored package, or the error that names it.
    pub async fn stored(&self, plugin: &str, version: &str) -> Result<StoredPackage, RulesError> {
        self.db
            .package(plugin, version)
            .await?
            .ok_or_else(|| RulesError::UnknownPackage {
                plugin: plugin.into(),
                version: version.into(),
            })
    }

    /// A stored package's manifest (signed when stored, so parsed as is).
    pub fn manifest(stored: &StoredPackage) -> Result<Manifest, RulesError> {
        Ok(Manifest::parse(&String::from_utf8_lossy(&stored.manifest))?)
    }

    /// Compiled code of a component for this engine build, if cached.
    pub async fn cached_code(&self, sha256: &[u8]) -> Result<Option<Vec<u8>>, RulesError> {
        Ok(self.db.compiled_code(sha256, &self.engine_hash).await?)
    }

    /// Caches compiled code of a component for this engine build.
    pub async fn cache_code(&self, sha256: &[u8], code: &[u8]) -> Result<(), RulesError> {
        Ok(self
            .db
            .store_compiled_code(sha256, &self.engine_hash, code)
            .await?)
    }

    /// Makes `plugin@version` what `slot` runs, with its history row; every node hears of it
    /// through `NOTIFY tanba_plugins`.
    pub async fn switch(
        &self,
        slot: &str,
        plugin: &str,
        version: &str,
        by: &str,
    ) -> Result<(), RulesError> {
        let activation = Activation {
            product_group: slot.into(),
            plugin_id: plugin.into(),
            version: version.into(),
        };
        Ok(self.db.activate_plugin(&activation, by).await?)
    }

    /// What `slot` ran before its current version (what a rollback returns to), if anything.
    pub async fn previous(&self, slot: &str) -> Result<Option<Activation>, RulesError> {
        Ok(self.db.previous_activation(slot).await?)
    }

    /// Every stored package of `kind` and where it is active.
    pub async fn packages(
        &self,
        kind: PluginKind,
    ) -> Result<Vec<tanba_store::PackageSummary>, RulesError> {
        Ok(self.db.packages(kind_name(kind)).await?)
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

    /// Runs a compile or a load off the async threads.
    pub async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&PluginEngine) -> T + Send + 'static,
    ) -> T {
        let engine = self.engine.clone();
        tokio::task::spawn_blocking(move || work(&engine))
            .await
            .expect("compiling or loading a plugin does not panic")
    }
}

/// The WSDL a package carries must be the one its signed manifest names by SHA-256, and
/// there is none without that name.
fn check_wsdl(manifest: &Manifest, wsdl: Option<&[u8]>) -> Result<(), RulesError> {
    let matches = match (&manifest.wsdl_sha256, wsdl) {
        (None, None) => true,
        (Some(expected), Some(bytes)) => {
            let digest = <sha2::Sha256 as sha2::Digest>::digest(bytes);
            let actual: String = digest.iter().map(|b| format!("{b:02x}")).collect();
            actual.eq_ignore_ascii_case(expected.trim())
        }
        _ => false,
    };
    if matches {
        Ok(())
    } else {
        Err(RulesError::WsdlMismatch {
            plugin: manifest.id.clone(),
            version: manifest.version.to_string(),
        })
    }
}

/// The kind as stored in `plugin_packages.kind`.
pub fn kind_name(kind: PluginKind) -> &'static str {
    match kind {
        PluginKind::RuleSet => "rule-set",
        PluginKind::Adapter => "adapter",
    }
}
