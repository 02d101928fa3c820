//! A world for the hub's adapter runtime with the probe adapter (`sandbox-tests/guests/
//! adapter-probe`): a maker and a retailer, introduced codes, the documents service, and a
//! loopback receiver that records what reaches it and can be down.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::http::HeaderMap;
use serde_json::json;
use tanba_adapters::{
    AdapterConfig, Adapters, AdaptersSettings, DeliverySettings, EndpointSettings, ReqwestClient,
};
use tanba_documents::Documents;
use tanba_domain::emission::MasterSecret;
use tanba_domain::{CheckDigitPolicy, ParticipantStatus, Role};
use tanba_plugin_host::{EngineSettings, PluginEngine};
use tanba_registry::{Caller, Registry};
use tanba_store::Database;
use tanba_testkit::TestDb;

pub const MAKER: &str = "200540000009";
pub const RETAILER: &str = "040740000001";
pub const GTIN: &str = "04870000000012";

/// A code of the test GTIN.
pub fn code(n: usize) -> String {
    format!("01{GTIN}21P{n:07}")
}

/// One request the receiver got: its idempotency key and body.
#[derive(Debug, Clone)]
pub struct Received {
    pub key: String,
    pub body: String,
}

/// A loopback HTTP server that records each POST and answers 200.
pub struct Receiver {
    pub received: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Receiver {
    /// Listens on `addr` (a port reserved earlier, or 0).
    pub async fn start(addr: SocketAddr) -> (Receiver, SocketAddr) {
        let received = Arc::new(Mutex::new(Vec::new()));
        let seen = received.clone();
        let app = axum::Router::new().fallback(move |headers: HeaderMap, body: String| {
            let seen = seen.clone();
            async move {
                let key = headers
                    .get("idempotency-key")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                seen.lock().expect("lock").push(Received { key, body });
                "<ok/>"
            }
        });
        let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("serve");
        });
        (Receiver { received, task }, addr)
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("lock").clone()
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A loopback address nobody listens on (yet).
pub async fn free_addr() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    listener.local_addr().expect("addr")
}

/// The probe's world (or another adapter's: [`ProbeWorld::with_adapter`]).
pub struct ProbeWorld {
    pub test_db: TestDb,
    pub db: Database,
    pub package: tempfile::TempDir,
    pub engine: PluginEngine,
    pub documents: Documents,
    /// The adapter's id.
    pub adapter: &'static str,
}

impl ProbeWorld {
    /// A maker and a retailer, `codes` introduced codes of the maker, the probe package.
    pub async fn new(codes: usize) -> ProbeWorld {
        let manifest = "id = \"probe\"\nkind = \"adapter\"\nversion = \"1.0.0\"\n\
            wit = \"tanba:adapter@1.1.0\"\n";
        Self::with_adapter(codes, "probe", manifest, "tanba-adapter-probe").await
    }

    /// The same world with adapter `id` of guest crate `guest` under `manifest`.
    pub async fn with_adapter(
        codes: usize,
        adapter: &'static str,
        manifest: &str,
        guest: &str,
    ) -> ProbeWorld {
        let test_db = TestDb::migrated().await;
        let db = test_db.pool();
        super::operator_key(&db).await;
        let client = db.client().await.expect("client");
        for (id, role) in [(MAKER, "manufacturer"), (RETAILER, "retailer")] {
            client
                .execute(
                    "insert into participants (id, kind, names, roles, product_groups, status)
                     values ($1, 'bin', '{\"kk\":\"a\",\"ru\":\"b\"}', array[$2], '{}', 'active')",
                    &[&id, &role],
                )
                .await
                .expect("participant");
        }
        let keys: Vec<String> = (0..codes).map(code).collect();
        client
            .execute(
                "insert into units (key, status, owner)
                 select k, 'INTRODUCED', $2 from unnest($1::text[]) as k",
                &[&keys, &MAKER],
            )
            .await
            .expect("units");
        let component = tanba_testkit::guest_component(guest);
        let package = super::signed_package(manifest, &component);
        let engine = PluginEngine::new(&EngineSettings::default()).expect("engine");
        let documents = super::documents(&db, &engine);
        ProbeWorld {
            test_db,
            db,
            package,
            engine,
            documents,
            adapter,
        }
    }

    /// `[adapters]` with the probe, its receiver at `receiver`, quick retries.
    pub fn settings(&self, receiver: SocketAddr, settings: &[(&str, &str)]) -> AdaptersSettings {
        let mut probe = AdapterConfig {
            package: Some(self.package.path().to_path_buf()),
            ..AdapterConfig::default()
        };
        for (name, value) in settings {
            probe.settings.insert((*name).into(), (*value).into());
        }
        probe.endpoints.insert(
            "receiver".into(),
            EndpointSettings {
                url: format!("http://{receiver}/in"),
                timeout_ms: Some(2_000),
                ..EndpointSettings::default()
            },
        );
        let mut all = AdaptersSettings {
            enabled: true,
            delivery: DeliverySettings {
                max_attempts: 6,
                base_delay_ms: 20,
                max_delay_ms: 100,
                poll_ms: 20,
            },
            ..AdaptersSettings::default()
        };
        all.installed.insert(self.adapter.into(), probe);
        all
    }

    /// A hub node's adapters (a fresh load, as after a restart).
    pub async fn node(&self, settings: &AdaptersSettings) -> Adapters {
        let master = MasterSecret::new(vec![9; 32]).expect("master secret");
        let registry = Registry::new(self.db.clone(), master, CheckDigitPolicy::Strict);
        let http = Arc::new(ReqwestClient::from_settings(settings).expect("endpoints"));
        Adapters::load(
            self.db.clone(),
            registry,
            self.documents.clone(),
            &self.engine,
            settings,
            http,
        )
        .await
        .expect("the adapter loads")
    }

    /// Submits `body` as `sender` and processes it; its status.
    pub async fn document(&self, sender: &str, body: serde_json::Value) -> (String, String) {
        let by = caller(sender);
        let bytes = serde_json::to_vec(&body).expect("json");
        let submitted = self
            .documents
            .submit(&by, bytes, None, None)
            .await
            .expect("submitted");
        let id = submitted.document.id.clone();
        let uuid = uuid::Uuid::parse_str(&id).expect("uuid");
        assert!(
            self.documents
                .process_next(Some(uuid))
                .await
                .expect("processed")
        );
        let view = self.documents.get(&by, &id).await.expect("read back");
        (id, view.status.to_owned())
    }

    /// A shipment of `units` from the maker to the retailer, processed.
    pub async fn shipment(&self, units: &[String]) -> (String, String) {
        self.document(
            MAKER,
            json!({ "kind": "shipment", "receiver": RETAILER, "units": units }),
        )
        .await
    }
}

/// An active participant as a caller.
pub fn caller(id: &str) -> Caller {
    Caller {
        id: id.to_owned(),
        roles: vec![if id == MAKER {
            Role::Manufacturer
        } else {
            Role::Retailer
        }],
        product_groups: Vec::new(),
        status: ParticipantStatus::Active,
        iin: None,
        client_ip: None,
        read_only: false,
    }
}
