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
        let rules = Arc::new(RuleRegistry::new(opened.db.clone(), engine));
        rules.reload().await?;
        let follower = rules.follow();
        let pki = crate::pki(config)?;
        let mut registry = crate::registry(config, opened.db.clone())?;
        if let Some(pki) = &pki {
            registry = registry.with_pki(pki.clone());
        }
        let mut documents =
            tanba_documents::Documents::new(opened.db.clone(), rules.clone(), catalogue.clone());
        if let Some(pki) = &pki {
            documents = documents.with_signature_check(crate::signature_check(config, pki.clone()));
        }
        let worker = documents.run_worker();
        let state = AppState {
            reference: tanba_reference::Reference::new(opened.db.clone()),
            db: opened.db,
            catalogue,
            default_lang: config.default_lang,
            metrics: Arc::new(metrics),
            rules,
            registry,
            documents,
            trusted_proxies: Arc::new(config.trusted_proxies.clone()),
        };
        let tls = config.tls.as_ref().map(|t| TlsFiles {
            cert: t.cert.clone(),
            key: t.key.clone(),
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
            worker,
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
