//! A running hub: database open and migrated, HTTP server listening.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tanba_api::{AppState, HttpServer, Metrics, TlsFiles};
use tanba_i18n::Catalogue;
use tanba_localpg::LocalCluster;
use tanba_plugin_host::{EngineSettings, PluginEngine};
use tanba_rules::RuleRegistry;

use crate::database::{DatabaseLocation, open_database};
use crate::{Config, HubError};

/// A started hub. Stop it with [`Hub::run_until`].
pub struct Hub {
    server: HttpServer,
    state: AppState,
    follower: tokio::task::JoinHandle<()>,
    worker: tokio::task::JoinHandle<()>,
    pki_tasks: Vec<tokio::task::JoinHandle<()>>,
    adapters: Option<tokio::task::JoinHandle<()>>,
    export_scheduler: tokio::task::JoinHandle<()>,
    cluster: Option<LocalCluster>,
    location: DatabaseLocation,
    grace: Duration,
}

impl Hub {
    /// Opens the database (starting the private cluster in zero-config mode), applies pending
    /// migrations, loads the active rule sets (and follows their changes), and starts the HTTP
    /// server. Fails, with nothing left running, when any of
    /// these cannot be done.
    pub async fn start(config: &Config, path_var: Option<String>) -> Result<Hub, HubError> {
        let catalogue = Arc::new(Catalogue::embedded()?);
        let opened = open_database(config, path_var).await?;
        let applied = opened.db.migrate().await?;
        if !applied.is_empty() {
            tracing::info!(?applied, "database schema migrated");
        }
        let engine = PluginEngine::new(&EngineSettings::default())?;
        let mut metrics = Metrics::new();
        engine.metrics().register(metrics.registry_mut());
        let rules = Arc::new(RuleRegistry::new(opened.db.clone(), engine.clone()));
        rules.reload().await?;
        let follower = rules.follow();
        let pki = crate::pki(config)?;
        let trust = match &pki {
            Some(pki) => Some(start_trust_cache(&opened.db, pki.clone()).await?),
            None => None,
        };
        let mut registry = crate::registry(config, opened.db.clone())?;
        if let Some(pki) = &pki {
            registry = registry.with_pki(pki.clone());
        }
        // One OCSP client (and cache) for logins, mTLS clients and documents' signers.
        let ocsp: Option<Arc<dyn tanba_pki::OcspCheck>> = match config.pki.ocsp() {
            Some(settings) => Some(Arc::new(
                tanba_adapters::OcspClient::new(&settings)
                    .map_err(crate::config::ocsp_url_invalid)?,
            )),
            None => None,
        };
        if let Some(ocsp) = &ocsp {
            registry = registry.with_ocsp(ocsp.clone());
        }
        let mut documents =
            tanba_documents::Documents::new(opened.db.clone(), rules.clone(), catalogue.clone());
        if let Some(pki) = &pki {
            let check = crate::signature_check(config, pki.clone(), ocsp.clone());
            documents = documents.with_signature_check(check);
        }
        let worker = documents.run_worker();
        let mut pki_tasks = Vec::new();
        if let Some(pki) = pki.clone() {
            pki_tasks.push(follow_pki(pki, Duration::from_secs(config.pki.reload_secs)));
        }
        if let Some(trust) = &trust {
            pki_tasks.push(trust.follow());
        }
        let crl_fetch = match &trust {
            Some(trust) if !config.pki.crl_urls.is_empty() => {
                let fetch = tanba_adapters::CrlFetch::new(
                    opened.db.clone(),
                    trust.clone(),
                    &config.pki.crl_fetch(),
                )
                .map_err(|(key, reason)| crate::config::crl_fetch_invalid(key, reason))?;
                pki_tasks.push(fetch.clone().spawn());
                Some(fetch)
            }
            _ => None,
        };
        let adapters = start_adapters(
            config,
            &opened.db,
            &registry,
            &documents,
            &engine,
            trust.as_ref(),
        )
        .await?;
        // The schedule was checked with the configuration.
        let exports = tanba_exports::Exports::new(opened.db.clone(), &config.exports)
            .map_err(|_| config.exports_cron_invalid())?;
        let export_scheduler = exports.clone().spawn();
        let state = AppState {
            exports,
            reference: tanba_reference::Reference::new(opened.db.clone()),
            db: opened.db,
            catalogue,
            default_lang: config.default_lang,
            metrics: Arc::new(metrics),
            rules,
            registry,
            documents,
            trusted_proxies: Arc::new(config.trusted_proxies.clone()),
            public_limiter: Arc::new(tanba_api::PublicLimiter::new(
                config.public.checks_per_minute,
            )),
            adapters: adapters.as_ref().map(|(a, _)| a.clone()),
            trust: trust.clone(),
            crl_fetch,
            web: tanba_api::WebOptions {
                ncalayer_url: config.web.ncalayer_url.clone(),
                secure_cookies: config.tls.is_some(),
            },
        };
        let tls = config.tls.as_ref().map(|t| TlsFiles {
            cert: t.cert.clone(),
            key: t.key.clone(),
            client_roots: client_roots(pki.as_ref(), t),
        });
        let server = HttpServer::start(
            config.listen,
            tls.as_ref(),
            tanba_api::router(state.clone()),
        )
        .await?;
        Ok(Hub {
            server,
            state,
            follower,
            pki_tasks,
            worker,
            adapters: adapters.map(|(_, task)| task),
            export_scheduler,
            cluster: opened.cluster,
            location: opened.location,
            grace: Duration::from_secs(config.shutdown_grace_secs),
        })
    }

    /// The address the HTTP server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.server.local_addr()
    }

    /// Where the database is.
    pub fn database_location(&self) -> &DatabaseLocation {
        &self.location
    }

    /// Serves until `shutdown` resolves (SIGTERM in the binary), then stops gracefully:
    /// requests in flight finish (up to the grace period), the pool closes, and the private
    /// cluster, if this process runs it, shuts down cleanly.
    pub async fn run_until(mut self, shutdown: impl Future<Output = ()>) -> Result<(), HubError> {
        let served = tokio::select! {
            () = shutdown => self.server.shutdown(self.grace).await,
            stopped = self.server.stopped() => stopped,
        };
        self.follower.abort();
        // A document being decided rolls back and waits for the next worker.
        self.worker.abort();
        for task in &self.pki_tasks {
            task.abort();
        }
        // A message being delivered rolls back and is sent again (same idempotency key).
        if let Some(adapters) = &self.adapters {
            adapters.abort();
        }
        // A scheduled export being made rolls back; the slot stays due for the next look.
        self.export_scheduler.abort();
        self.state.db.close();
        if let Some(mut cluster) = self.cluster.take() {
            tokio::task::spawn_blocking(move || cluster.stop())
                .await
                .expect("stopping the cluster does not panic")?;
        }
        tracing::info!("hub stopped");
        Ok(served?)
    }
}

/// The trust anchors for client certificates: the CA certificates of the hub's PKI (the
/// `[pki] trust_dir` folder and the cached CA certificates), when `[tls] client_auth` asks for
/// mTLS (validation made sure the folder is named). They follow the PKI's reloads.
fn client_roots(
    pki: Option<&Arc<tanba_pki::PkiFolders>>,
    tls: &crate::TlsSettings,
) -> Option<Arc<dyn tanba_api::ClientAnchors>> {
    match (pki, tls.client_auth) {
        (Some(pki), true) => Some(Arc::new(PkiAnchors {
            pki: pki.clone(),
            last: std::sync::Mutex::new(None),
        })),
        _ => None,
    }
}

/// CA certificates as DER.
type Anchors = Arc<Vec<Vec<u8>>>;

/// The CA certificates of the PKI in use, as DER, the same `Arc` until the PKI is reloaded.
struct PkiAnchors {
    pki: Arc<tanba_pki::PkiFolders>,
    /// The PKI last seen and its anchors.
    last: std::sync::Mutex<Option<(Arc<tanba_pki::Pki>, Anchors)>>,
}

impl std::fmt::Debug for PkiAnchors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PkiAnchors")
    }
}

impl tanba_api::ClientAnchors for PkiAnchors {
    fn current(&self) -> Arc<Vec<Vec<u8>>> {
        let pki = self.pki.current();
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((seen, anchors)) = last.as_ref()
            && Arc::ptr_eq(seen, &pki)
        {
            return anchors.clone();
        }
        let trust = pki.trust();
        let anchors: Arc<Vec<Vec<u8>>> = Arc::new(
            trust
                .roots()
                .iter()
                .chain(trust.intermediates())
                .map(|c| c.der().to_vec())
                .collect(),
        );
        *last = Some((pki, anchors.clone()));
        anchors
    }
}

/// The PKI of the folders plus the CA certificates and CRLs cached in the database (issue 6):
/// read at start, before any request, with no network.
async fn start_trust_cache(
    db: &tanba_store::Database,
    pki: Arc<tanba_pki::PkiFolders>,
) -> Result<tanba_trust::TrustCache, HubError> {
    let trust = tanba_trust::TrustCache::new(db.clone(), pki);
    let left_out = trust.load().await?;
    tracing::info!(left_out = left_out.len(), "cached trust items loaded");
    Ok(trust)
}

/// Reloads the trust and CRL folders when their files change, every `every` and on SIGHUP
/// (issue 6). A reload that fails keeps the previous PKI and is logged with the reason.
fn follow_pki(pki: Arc<tanba_pki::PkiFolders>, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        use tokio::signal::unix::{SignalKind, signal};
        let mut hangup = signal(SignalKind::hangup()).ok();
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            match hangup.as_mut() {
                Some(hup) => tokio::select! {
                    _ = ticks.tick() => {}
                    _ = hup.recv() => {}
                },
                None => {
                    ticks.tick().await;
                }
            }
            let pki = pki.clone();
            match tokio::task::spawn_blocking(move || pki.reload_if_changed()).await {
                Ok(Ok(true)) => tracing::info!("trusted CAs and CRLs reloaded"),
                Ok(Ok(false)) => {}
                Ok(Err(err)) => {
                    tracing::error!(%err, "trusted CAs and CRLs not reloaded; the previous ones stay in use")
                }
                Err(join) => tracing::error!(%join, "the PKI reload task failed"),
            }
        }
    })
}

/// Loads the operator's adapters and starts their scheduler and delivery worker, when
/// `[adapters] enabled` (issue 7).
async fn start_adapters(
    config: &Config,
    db: &tanba_store::Database,
    registry: &tanba_registry::Registry,
    documents: &tanba_documents::Documents,
    engine: &PluginEngine,
    trust: Option<&tanba_trust::TrustCache>,
) -> Result<Option<(tanba_adapters::Adapters, tokio::task::JoinHandle<()>)>, HubError> {
    let settings = &config.adapters;
    if !settings.enabled {
        return Ok(None);
    }
    let http = tanba_adapters::ReqwestClient::from_settings(settings)
        .map_err(tanba_adapters::AdapterError::from)?;
    let adapters = tanba_adapters::Adapters::load(
        db.clone(),
        registry.clone(),
        documents.clone(),
        engine,
        settings,
        Arc::new(http),
    )
    .await?;
    if let Some(trust) = trust {
        adapters.set_trust(trust.clone());
    }
    tracing::info!(adapters = ?adapters.ids(), "adapters running");
    let task = adapters.spawn();
    Ok(Some((adapters, task)))
}
