//! Loading the operator's adapters: the version active in the database for each configured
//! adapter (its `@adapter/<id>` slot, deployed and activated like a rule set: signed by a key
//! with the `@adapters` scope, R17), its compiled code from the shared cache, its settings and
//! endpoints matched against what it declares.

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;
use std::sync::{Arc, RwLock};

use croner::Cron;
use tanba_documents::Documents;
use tanba_pki::SigningIdentity;
use tanba_plugin_host::adapter_types::{Context, Direction, Info};
use tanba_plugin_host::{LoadedAdapter, PluginEngine, PluginKind, PluginPackage};
use tanba_registry::Registry;
use tanba_rules::PackageShelf;
use tanba_store::{Database, adapter_slot};

use crate::{AdapterConfig, AdapterError, Adapters, AdaptersSettings, HttpClient, Inner};

/// One loaded adapter with the operator's settings for it.
pub(crate) struct Installed {
    pub(crate) adapter: LoadedAdapter,
    pub(crate) config: AdapterConfig,
    /// Every declared setting with the operator's value or its default.
    pub(crate) settings: Vec<(String, String)>,
    /// Each job and its schedule (`None`: switched off by the operator).
    pub(crate) jobs: Vec<(String, Option<Cron>)>,
    /// The hub's signing key and certificate of each endpoint that has one.
    pub(crate) signers: BTreeMap<String, Arc<SigningIdentity>>,
    /// The WSDL the package carries (`service.wsdl`, its hash in the signed manifest).
    pub(crate) wsdl: Option<Arc<Vec<u8>>>,
}

impl Installed {
    /// The context of a call now.
    pub(crate) fn context(&self) -> Context {
        Context {
            now_unix_seconds: chrono::Utc::now().timestamp(),
            settings: self.settings.clone(),
        }
    }

    pub(crate) fn id(&self) -> &str {
        &self.adapter.manifest().id
    }

    /// Whether `endpoint` is declared outbound and configured.
    pub(crate) fn outbound(&self, endpoint: &str) -> bool {
        let declared = self
            .adapter
            .info()
            .endpoints
            .iter()
            .any(|e| e.name == endpoint && e.direction == Direction::Outbound);
        declared && self.config.endpoints.contains_key(endpoint)
    }
}

impl Adapters {
    /// The adapters of `settings`, each running the version activated for it in the database
    /// (its `@adapter/<id>` slot). An adapter whose `package` folder is configured has that
    /// package deployed first (nothing changes when it is stored already) and activated when
    /// it has no active version yet: a version the operator activated later is kept across
    /// restarts.
    pub async fn load(
        db: Database,
        registry: Registry,
        documents: Documents,
        engine: &PluginEngine,
        settings: &AdaptersSettings,
        http: Arc<dyn HttpClient>,
    ) -> Result<Adapters, AdapterError> {
        let adapters = Adapters {
            inner: Arc::new(Inner {
                shelf: PackageShelf::new(db.clone(), engine.clone()),
                db,
                registry,
                documents,
                trust: std::sync::OnceLock::new(),
                http,
                delivery: settings.delivery.clone(),
                configs: settings.installed.clone(),
                installed: RwLock::new(BTreeMap::new()),
            }),
        };
        for (id, config) in &settings.installed {
            if let Some(dir) = &config.package {
                adapters.install_folder(id, dir).await?;
            }
        }
        adapters.reload().await?;
        Ok(adapters)
    }

    /// Deploys the package folder of `id` and activates it when `id` runs nothing yet.
    async fn install_folder(&self, id: &str, dir: &Path) -> Result<(), AdapterError> {
        let shelf = &self.inner.shelf;
        let package = PluginPackage::read_dir(dir)?;
        let manifest = shelf.verify(&package, PluginKind::Adapter).await?;
        if manifest.id != id {
            return Err(config_error(
                id,
                format!(
                    "the package at {} is adapter {}",
                    dir.display(),
                    manifest.id
                ),
            ));
        }
        let wsdl = match manifest.wsdl_sha256 {
            Some(_) => {
                let path = dir.join("service.wsdl");
                Some(
                    std::fs::read(&path)
                        .map_err(|e| config_error(id, format!("{}: {e}", path.display())))?,
                )
            }
            None => None,
        };
        shelf
            .deploy::<LoadedAdapter>(package, wsdl, STARTUP)
            .await?;
        let slot = adapter_slot(id);
        if self.inner.db.activation(&slot).await?.is_none() {
            let version = manifest.version.to_string();
            shelf.switch(&slot, id, &version, STARTUP).await?;
            tracing::info!(adapter = %manifest.label(), "adapter package installed and activated");
        }
        Ok(())
    }

    /// Loads the version each configured adapter's slot names, keeping those already loaded,
    /// and swaps this node's view in one step. Work in flight finishes on the version it
    /// started with; queued events and outbox messages are keyed by adapter, not version, so
    /// the new version takes them. An adapter whose active version does not load keeps the
    /// one it ran (logged).
    pub async fn reload(&self) -> Result<(), AdapterError> {
        let mut next = BTreeMap::new();
        for (id, config) in &self.inner.configs {
            let current = self.installed(id);
            let Some(active) = self.inner.db.activation(&adapter_slot(id)).await? else {
                tracing::warn!(adapter = %id, "configured but no version is active; not running");
                continue;
            };
            let same = current
                .as_ref()
                .filter(|c| c.adapter.manifest().version.to_string() == active.version);
            let installed = match same {
                Some(same) => same.clone(),
                None => match self.fit(id, config, &active.version).await {
                    Ok(fresh) => {
                        tracing::info!(adapter = %fresh.adapter.manifest().label(), "adapter loaded");
                        // The hub's events it handles: documents applied from now on queue one.
                        self.inner
                            .db
                            .set_subscriptions(id, &fresh.adapter.info().events)
                            .await?;
                        Arc::new(fresh)
                    }
                    Err(err) if current.is_some() => {
                        tracing::error!(adapter = %id, version = %active.version, code = %err.code(), %err,
                            "the activated version does not load here; keeping the one running");
                        current.clone().expect("checked")
                    }
                    Err(err) => return Err(err),
                },
            };
            next.insert(id.clone(), installed);
        }
        *self
            .inner
            .installed
            .write()
            .unwrap_or_else(|p| p.into_inner()) = next;
        Ok(())
    }

    /// Stored `id@version` loaded and fitted to this node's settings for `id`.
    pub(crate) async fn fit(
        &self,
        id: &str,
        config: &AdapterConfig,
        version: &str,
    ) -> Result<Installed, AdapterError> {
        let stored = self.inner.shelf.stored(id, version).await?;
        let adapter: LoadedAdapter = self.inner.shelf.load(&stored).await?;
        if adapter.manifest().id != id {
            return Err(config_error(
                id,
                format!("the package is adapter {}", adapter.manifest().id),
            ));
        }
        let info = adapter.info().clone();
        check_endpoints(id, &info, config)?;
        Ok(Installed {
            wsdl: stored.wsdl.map(Arc::new),
            signers: signers(id, config)?,
            settings: settings(id, &info, config)?,
            jobs: jobs(id, &info, config)?,
            adapter,
            config: config.clone(),
        })
    }
}

/// Who the records name for what the hub does itself at start.
const STARTUP: &str = "hub:start";

/// Reads each endpoint's `signing_key` and `signing_cert` (both or neither), refusing a key
/// that is not the certificate's.
fn signers(
    id: &str,
    config: &AdapterConfig,
) -> Result<BTreeMap<String, Arc<SigningIdentity>>, AdapterError> {
    let mut signers = BTreeMap::new();
    for (name, endpoint) in &config.endpoints {
        let (key, cert) = match (&endpoint.signing_key, &endpoint.signing_cert) {
            (None, None) => continue,
            (Some(k), Some(c)) => (k, c),
            _ => {
                return Err(config_error(
                    id,
                    format!("endpoint {name}: give both signing_key and signing_cert, or neither"),
                ));
            }
        };
        let read = |path: &std::path::Path| {
            std::fs::read(path)
                .map_err(|e| config_error(id, format!("endpoint {name}: {}: {e}", path.display())))
        };
        let identity = SigningIdentity::from_pem(&read(key)?, &read(cert)?).map_err(|e| {
            config_error(
                id,
                format!("endpoint {name}: signing key or certificate: {e}"),
            )
        })?;
        tracing::info!(adapter = id, endpoint = %name, signer = %identity.certificate().subject(),
            "WS-Security signing configured");
        signers.insert(name.clone(), Arc::new(identity));
    }
    Ok(signers)
}

fn check_endpoints(id: &str, info: &Info, config: &AdapterConfig) -> Result<(), AdapterError> {
    for name in config.endpoints.keys() {
        let declared = info
            .endpoints
            .iter()
            .any(|e| &e.name == name && e.direction == Direction::Outbound);
        if !declared {
            return Err(config_error(
                id,
                format!("endpoint {name} is not an outbound endpoint it declares"),
            ));
        }
    }
    Ok(())
}

fn settings(
    id: &str,
    info: &Info,
    config: &AdapterConfig,
) -> Result<Vec<(String, String)>, AdapterError> {
    if let Some(name) = config
        .settings
        .keys()
        .find(|n| !info.settings.iter().any(|s| &s.name == *n))
    {
        return Err(config_error(
            id,
            format!("setting {name} is not one it declares"),
        ));
    }
    info.settings
        .iter()
        .map(|s| {
            let value = config
                .settings
                .get(&s.name)
                .cloned()
                .or_else(|| s.default_value.clone());
            value
                .map(|v| (s.name.clone(), v))
                .ok_or_else(|| config_error(id, format!("setting {} is required", s.name)))
        })
        .collect()
}

fn jobs(
    id: &str,
    info: &Info,
    config: &AdapterConfig,
) -> Result<Vec<(String, Option<Cron>)>, AdapterError> {
    if let Some(name) = config
        .jobs
        .keys()
        .find(|n| !info.jobs.iter().any(|j| &j.name == *n))
    {
        return Err(config_error(
            id,
            format!("job {name} is not one it declares"),
        ));
    }
    info.jobs
        .iter()
        .map(|job| {
            let expr = config.jobs.get(&job.name).unwrap_or(&job.cron);
            if expr.trim() == "off" {
                return Ok((job.name.clone(), None));
            }
            let cron = Cron::from_str(expr)
                .map_err(|e| config_error(id, format!("job {}: cron `{expr}`: {e}", job.name)))?;
            Ok((job.name.clone(), Some(cron)))
        })
        .collect()
}

fn config_error(adapter: &str, reason: String) -> AdapterError {
    AdapterError::Config {
        adapter: adapter.to_owned(),
        reason,
    }
}

impl From<(String, String)> for AdapterError {
    fn from((adapter, reason): (String, String)) -> Self {
        AdapterError::Config { adapter, reason }
    }
}
