//! Loading the operator's adapters: package verified against the publishers in the database
//! (R17's signatures; adapters need the `@adapters` scope), component compiled and checked,
//! settings and endpoints matched against what the adapter declares.

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::Arc;

use croner::Cron;
use tanba_documents::Documents;
use tanba_pki::SigningIdentity;
use tanba_plugin_host::adapter_types::{Context, Direction, Info};
use tanba_plugin_host::{LoadedAdapter, PluginEngine, PluginPackage, Publisher};
use tanba_registry::Registry;
use tanba_store::Database;

use crate::{AdapterConfig, AdapterError, Adapters, AdaptersSettings, HttpClient, Inner};

/// The largest adapter component accepted.
const MAX_COMPONENT_BYTES: usize = 16 << 20;

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
    /// Loads every adapter in `settings` (none when there are none).
    pub async fn load(
        db: Database,
        registry: Registry,
        documents: Documents,
        engine: &PluginEngine,
        settings: &AdaptersSettings,
        http: Arc<dyn HttpClient>,
    ) -> Result<Adapters, AdapterError> {
        let publishers = publishers(&db).await?;
        let mut installed = BTreeMap::new();
        for (id, config) in &settings.installed {
            let loaded = install(engine, &publishers, id, config)?;
            tracing::info!(adapter = %loaded.adapter.manifest().label(), "adapter loaded");
            // The hub's events it handles: documents applied from now on queue one for it.
            db.set_subscriptions(id, &loaded.adapter.info().events)
                .await?;
            installed.insert(id.clone(), loaded);
        }
        Ok(Adapters {
            inner: Arc::new(Inner {
                db,
                registry,
                documents,
                trust: std::sync::OnceLock::new(),
                http,
                delivery: settings.delivery.clone(),
                installed,
            }),
        })
    }
}

async fn publishers(db: &Database) -> Result<Vec<Publisher>, AdapterError> {
    Ok(db
        .publishers()
        .await?
        .into_iter()
        .filter_map(|p| Publisher::from_stored(p.key_id, &p.public_key, p.product_groups))
        .collect())
}

fn install(
    engine: &PluginEngine,
    publishers: &[Publisher],
    id: &str,
    config: &AdapterConfig,
) -> Result<Installed, AdapterError> {
    let package = PluginPackage::read_dir(&config.package)?;
    let manifest = package.verify(publishers, MAX_COMPONENT_BYTES)?;
    if manifest.id != id {
        return Err(config_error(
            id,
            format!(
                "the package at {} is adapter {}",
                config.package.display(),
                manifest.id
            ),
        ));
    }
    let wsdl = wsdl(id, config, &manifest)?;
    let adapter = LoadedAdapter::compile(engine, manifest, &package.component)?;
    let info = adapter.info().clone();
    check_endpoints(id, &info, config)?;
    Ok(Installed {
        wsdl,
        signers: signers(id, config)?,
        settings: settings(id, &info, config)?,
        jobs: jobs(id, &info, config)?,
        adapter,
        config: config.clone(),
    })
}

/// The package's `service.wsdl` when its manifest names one, checked against the manifest's
/// SHA-256 (the signature covers the manifest).
fn wsdl(
    id: &str,
    config: &AdapterConfig,
    manifest: &tanba_plugin_host::Manifest,
) -> Result<Option<Arc<Vec<u8>>>, AdapterError> {
    let Some(expected) = &manifest.wsdl_sha256 else {
        return Ok(None);
    };
    let path = config.package.join("service.wsdl");
    let bytes =
        std::fs::read(&path).map_err(|e| config_error(id, format!("{}: {e}", path.display())))?;
    let actual: String = tanba_pki::DigestAlgorithm::Sha256
        .digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if !actual.eq_ignore_ascii_case(expected.trim()) {
        return Err(config_error(
            id,
            format!(
                "{} is not the WSDL its signed manifest names",
                path.display()
            ),
        ));
    }
    Ok(Some(Arc::new(bytes)))
}

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
