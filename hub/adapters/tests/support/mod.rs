//! A hub's adapters on a fresh database with the SHEP adapter (built by `cargo xtask plugins`),
//! signed by an operator key with the `@adapters` scope, talking to the SHEP simulator on
//! loopback through the real HTTP client.

#![allow(dead_code)]

pub mod probe;

use std::sync::Arc;
use std::time::{Duration, Instant};

use ed25519_dalek::SigningKey;
use tanba_adapters::{
    AdapterConfig, Adapters, AdaptersSettings, DeliverySettings, EndpointSettings, ReqwestClient,
};
use tanba_domain::emission::MasterSecret;
use tanba_domain::{CheckDigitPolicy, ParticipantId};
use tanba_plugin_host::{ADAPTER_SCOPE, EngineSettings, PluginEngine, PluginPackage, sign_package};
use tanba_registry::Registry;
use tanba_sim_shep::SimShep;
use tanba_store::{Database, StoredPublisher};
use tanba_testkit::TestDb;

pub const JOB: &str = "entrepreneurs-sync";

/// One test's world: a database, the simulator, the package directory.
pub struct World {
    pub test_db: TestDb,
    pub db: Database,
    pub sim: SimShep,
    pub package: tempfile::TempDir,
}

impl World {
    /// A migrated database with the operator's publisher key, the signed SHEP package, and a
    /// simulator with no entrepreneurs yet.
    pub async fn new() -> World {
        let test_db = TestDb::migrated().await;
        let db = test_db.pool();
        let key = SigningKey::from_bytes(&[7; 32]);
        let publisher = StoredPublisher {
            key_id: "operator".into(),
            public_key: key.verifying_key().to_bytes().to_vec(),
            product_groups: vec![ADAPTER_SCOPE.into()],
        };
        db.put_publisher(&publisher, "test")
            .await
            .expect("publisher");
        let package = tempfile::tempdir().expect("tempdir");
        let manifest = "id = \"shep\"\nkind = \"adapter\"\nversion = \"0.1.0\"\n\
            wit = \"tanba:adapter@1.1.0\"\n";
        let component = tanba_testkit::guest_component("tanba-adapter-shep");
        std::fs::write(package.path().join("manifest.toml"), manifest).expect("manifest");
        std::fs::write(package.path().join("component.wasm"), &component).expect("component");
        let signature = sign_package(manifest.as_bytes(), &component, &key, "operator");
        PluginPackage::write_signature(package.path(), &signature).expect("signature");
        let sim = SimShep::start("2026-11-25").await.expect("simulator");
        World {
            test_db,
            db,
            sim,
            package,
        }
    }

    /// The `[adapters]` settings for this world: pages of two, the CA job off, quick retries.
    pub fn settings(&self) -> AdaptersSettings {
        let mut shep = AdapterConfig {
            package: Some(self.package.path().to_path_buf()),
            ..AdapterConfig::default()
        };
        for (name, value) in [
            ("sender-id", "TANBA"),
            ("entrepreneurs-service-id", "ENTREPRENEURS_REGISTER"),
            ("entrepreneurs-page-size", "2"),
            ("nca-certificate-files", "root_rsa.cer"),
            ("nca-crl-files", "nca_rsa.crl"),
        ] {
            shep.settings.insert(name.into(), value.into());
        }
        shep.jobs.insert("nca-trust-refresh".into(), "off".into());
        shep.endpoints.insert(
            "shep-sync".into(),
            EndpointSettings {
                url: self.sim.url(),
                timeout_ms: Some(2_000),
                // The hub signs the gateway's messages (WS-Security) with a test key.
                signing_key: Some(test_key("rsa.key.pem")),
                signing_cert: Some(test_key("rsa.cert.pem")),
                ..EndpointSettings::default()
            },
        );
        let mut settings = AdaptersSettings {
            enabled: true,
            delivery: DeliverySettings {
                max_attempts: 4,
                base_delay_ms: 20,
                max_delay_ms: 100,
                poll_ms: 20,
            },
            ..AdaptersSettings::default()
        };
        settings.installed.insert("shep".into(), shep);
        settings
    }

    /// A hub node's adapters on this world's database.
    pub async fn node(&self, settings: &AdaptersSettings) -> Adapters {
        let engine = PluginEngine::new(&EngineSettings::default()).expect("engine");
        let master = MasterSecret::new(vec![9; 32]).expect("master secret");
        let registry = Registry::new(self.db.clone(), master, CheckDigitPolicy::Strict);
        let http = Arc::new(ReqwestClient::from_settings(settings).expect("endpoints"));
        let documents = documents(&self.db, &engine);
        Adapters::load(
            self.db.clone(),
            registry,
            documents,
            &engine,
            settings,
            http,
        )
        .await
        .expect("the SHEP adapter loads")
    }

    /// How many outbox messages have `status`.
    pub async fn outbox_count(&self, status: &str) -> usize {
        self.db.outbox(status, 1_000).await.expect("outbox").len()
    }

    /// The job's row.
    pub async fn job(&self) -> tanba_store::adapters::JobRow {
        let jobs = self.db.adapter_jobs().await.expect("jobs");
        jobs.into_iter()
            .find(|j| j.adapter == "shep" && j.job == JOB)
            .expect("the job has a row")
    }
}

/// A test-only key or certificate of `hub/pki/tests/data/wss`.
pub fn test_key(name: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../pki/tests/data/wss/{name}"))
}

/// The documents service on `db`, with no rule set active.
pub fn documents(db: &Database, engine: &PluginEngine) -> tanba_documents::Documents {
    let rules = Arc::new(tanba_rules::RuleRegistry::new(db.clone(), engine.clone()));
    let catalogue = Arc::new(tanba_i18n::Catalogue::embedded().expect("catalogue"));
    tanba_documents::Documents::new(db.clone(), rules, catalogue)
}

/// Signs a package directory of `component` under `manifest` with the test operator key.
pub fn signed_package(manifest: &str, component: &[u8]) -> tempfile::TempDir {
    let key = SigningKey::from_bytes(&[7; 32]);
    let package = tempfile::tempdir().expect("tempdir");
    std::fs::write(package.path().join("manifest.toml"), manifest).expect("manifest");
    std::fs::write(package.path().join("component.wasm"), component).expect("component");
    let signature = sign_package(manifest.as_bytes(), component, &key, "operator");
    PluginPackage::write_signature(package.path(), &signature).expect("signature");
    package
}

/// Registers the test operator key with the `@adapters` scope.
pub async fn operator_key(db: &Database) {
    let key = SigningKey::from_bytes(&[7; 32]);
    let publisher = StoredPublisher {
        key_id: "operator".into(),
        public_key: key.verifying_key().to_bytes().to_vec(),
        product_groups: vec![ADAPTER_SCOPE.into()],
    };
    db.put_publisher(&publisher, "test")
        .await
        .expect("publisher");
}

/// Delivers until no message is pending (waiting out backoffs), for at most `limit`.
pub async fn deliver_all(adapters: &Adapters, db: &Database, limit: Duration) {
    let started = Instant::now();
    while started.elapsed() < limit {
        if adapters.deliver_next().await.expect("delivery") {
            continue;
        }
        if db.outbox("pending", 1).await.expect("outbox").is_empty() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("messages still pending after {limit:?}");
}

/// A valid IIN starting with `first11` (the check digit found by the domain's parser).
pub fn iin(first11: &str) -> String {
    (0..10)
        .map(|d| format!("{first11}{d}"))
        .find(|c| ParticipantId::parse(c, CheckDigitPolicy::Strict).is_ok())
        .expect("some check digit fits")
}
