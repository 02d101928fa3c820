//! The hub side of adapters to external systems (issue 7; G1, R6, R12, R13). Adapters are
//! sans-IO state machines (DESIGN.md, principle 2): this crate does their IO.
//!
//! - [`Adapters::load`]: the operator's adapter packages, verified (signed by a key with the
//!   `@adapters` scope), compiled and checked against the `[adapters]` settings: every
//!   configured endpoint and setting must be one the adapter declares, every required setting
//!   given.
//! - the runner (`runner`): starts a job (`start-job`), and applies each step in one
//!   transaction: its commands (participants from state registers, through `tanba-registry`),
//!   its message into the outbox, the job's run.
//! - the delivery worker (`delivery`): sends due outbox messages through an [`HttpClient`]
//!   with an `Idempotency-Key`, feeds a job's reply back (`on-reply`), retries with
//!   exponential backoff and jitter, dead-letters after `max_attempts`;
//!   [`Adapters::replay`] puts a dead message back for the operator.
//! - the scheduler (`schedule`): runs jobs by cron expression in Asia/Almaty, each slot once
//!   across hub nodes (`pg_try_advisory_xact_lock` and the job's row).
//!
//! - hub events (`events`): `document-applied` rows queued in the document's transaction, handed
//!   to `on-event` with the adapter's kept state; the step goes through the outbox like a job's.
//! - documents from adapters (`commands`): through `Documents::submit_from_adapter`, the
//!   adapter as origin, a redelivered external id ignored.
//! - customs declarations (`customs`, R5): checked at the door and stored with an audit row in
//!   the step's transaction; the same one again is ignored, a different one under a stored
//!   number refused. Introductions from import are checked against them (`tanba-documents`).
//! - WS-Security signing at delivery with the endpoint's key (`tanba_pki::sign_soap_body`).
//! - inbound messages (`inbound`): unsafe XML refused, `on-inbound`'s commands in one
//!   transaction.
//!
//! - versions (`versions`): adapters deployed, activated and rolled back through the database
//!   like rule sets (`tanba_rules::PackageShelf`, slot `@adapter/<id>`); every node follows
//!   `NOTIFY tanba_plugins` and swaps versions without a restart. Queued events and outbox
//!   messages are keyed by adapter, not version: the version active when one is handled takes
//!   it.
//!
//! Not for: HTTP serving (the API crate), SQL (the store), or deciding anything the adapter
//! decides. Trust-store updates go through `tanba_trust::TrustCache::verify_and_store_in` when
//! the hub has a trust store (without one a step asking for them fails with
//! `ADAPTER_COMMAND_UNSUPPORTED`).

mod commands;
pub mod config;
mod crl_fetch;
mod customs;
mod delivery;
mod error;
mod events;
pub mod http;
mod inbound;
mod load;
mod ocsp;
mod runner;
mod schedule;
mod versions;

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use tanba_documents::Documents;
use tanba_registry::Registry;
use tanba_store::Database;

pub use config::{AdapterConfig, AdaptersSettings, DeliverySettings, EndpointSettings};
pub use crl_fetch::{CRL_JOB, CRL_JOB_OWNER, CrlFetch, CrlFetchSettings, UrlOutcome, UrlReport};
pub use error::AdapterError;
pub use http::{HttpClient, ReqwestClient};
pub use inbound::{InboundRefusal, MAX_INBOUND_BYTES};
pub use ocsp::{OcspClient, OcspSettings};
pub use schedule::next_due;
pub use tanba_plugin_host::adapter_types::Inbound;

use load::Installed;

/// The loaded adapters and what they need to run. Cheap to clone.
#[derive(Clone)]
pub struct Adapters {
    inner: Arc<Inner>,
}

struct Inner {
    db: Database,
    registry: Registry,
    documents: Documents,
    /// The hub's trust cache, for trust-store updates (none without `[pki] trust_dir`).
    trust: std::sync::OnceLock<tanba_trust::TrustCache>,
    http: Arc<dyn HttpClient>,
    delivery: DeliverySettings,
    /// The packages in the database (shared with rule sets).
    shelf: tanba_rules::PackageShelf,
    /// The operator's settings of each adapter this node may run.
    configs: BTreeMap<String, AdapterConfig>,
    /// The version each adapter runs on this node now; swapped whole by `reload`.
    installed: RwLock<BTreeMap<String, Arc<Installed>>>,
}

impl Adapters {
    /// The ids of the loaded adapters.
    pub fn ids(&self) -> Vec<String> {
        self.loaded().into_iter().map(|(id, _)| id).collect()
    }

    /// Each loaded adapter and the version it runs (`id@version`).
    pub fn versions(&self) -> Vec<(String, String)> {
        self.loaded()
            .into_iter()
            .map(|(id, i)| (id, i.adapter.manifest().version.to_string()))
            .collect()
    }

    /// Lets adapters' trust-store updates reach `trust` (issue 6); without it they are
    /// refused. Set once, at start.
    pub fn set_trust(&self, trust: tanba_trust::TrustCache) {
        let _ = self.inner.trust.set(trust);
    }

    /// The version of `adapter` running now; hold the `Arc` for the whole step.
    fn installed(&self, adapter: &str) -> Option<Arc<Installed>> {
        self.inner
            .installed
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(adapter)
            .cloned()
    }

    /// Every loaded adapter now, by id.
    fn loaded(&self) -> Vec<(String, Arc<Installed>)> {
        let installed = self
            .inner
            .installed
            .read()
            .unwrap_or_else(|p| p.into_inner());
        installed
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// The hub's services commands are applied with.
    fn hub(&self) -> commands::Hub<'_> {
        commands::Hub {
            registry: &self.inner.registry,
            documents: &self.inner.documents,
            trust: self.inner.trust.get(),
        }
    }

    /// Puts a dead outbox message back in the queue (the operator's replay, recorded with
    /// `audit`); `false` when there is no dead message with that id. A job's message resumes
    /// its exchange.
    pub async fn replay(
        &self,
        id: uuid::Uuid,
        audit: &tanba_store::AuditEntry,
    ) -> Result<bool, AdapterError> {
        let replayed = self.inner.db.replay_outbox(id, audit).await?;
        if replayed {
            tracing::info!(%id, "outbox message replayed by the operator");
        }
        Ok(replayed)
    }

    /// Runs the delivery worker and the scheduler on this node until the task is aborted:
    /// every due message, then every due job, then a pause of `poll_ms`; and follows version
    /// changes of every node meanwhile.
    pub fn spawn(&self) -> tokio::task::JoinHandle<()> {
        let adapters = self.clone();
        tokio::spawn(async move {
            struct AbortOnDrop(tokio::task::JoinHandle<()>);
            impl Drop for AbortOnDrop {
                fn drop(&mut self) {
                    self.0.abort();
                }
            }
            let _follower = AbortOnDrop(adapters.follow());
            let pause = std::time::Duration::from_millis(adapters.inner.delivery.poll_ms.max(10));
            loop {
                adapters.work_once().await;
                tokio::time::sleep(pause).await;
            }
        })
    }

    async fn work_once(&self) {
        loop {
            match self.handle_next_event().await {
                Ok(true) => continue,
                Ok(false) => break,
                Err(err) => {
                    tracing::warn!(code = %err.code(), %err, "adapter event handling failed");
                    break;
                }
            }
        }
        loop {
            match self.deliver_next().await {
                Ok(true) => continue,
                Ok(false) => break,
                Err(err) => {
                    tracing::warn!(code = %err.code(), %err, "outbox delivery failed");
                    break;
                }
            }
        }
        if let Err(err) = self.run_due_jobs(chrono::Utc::now()).await {
            tracing::warn!(code = %err.code(), %err, "adapter scheduler failed");
        }
    }
}
