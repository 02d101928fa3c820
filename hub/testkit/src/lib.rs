//! The test harness (STYLE.md, "Tests"): one private PostgreSQL cluster per test process, a
//! fresh database per test, and [`spawn_app`], which starts the real hub on a random loopback
//! port against that database so a test talks to it over HTTP like any client.
//!
//! Not for: production code. Nothing here is mocked: the cluster is a real PostgreSQL server
//! (`tanba-localpg`) and the app is the real [`tanba::Hub`].

mod cluster;
mod db;
mod guests;

use std::net::SocketAddr;

use tanba::{Config, Hub};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use cluster::{TestCluster, open_tempdir, pg_binaries, process_dir, test_options};
pub use db::TestDb;
pub use guests::{guest_component, plugins_dir};

/// A hub running in this test's runtime, with its own database.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    /// The bound address.
    pub addr: SocketAddr,
    /// A client for it.
    pub http: reqwest::Client,
    /// The hub's database, when it is one of the shared test cluster's.
    pub db: Option<TestDb>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<Result<(), tanba::HubError>>>,
}

/// Starts the hub on `127.0.0.1:0` against a fresh, migrated database.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Like [`spawn_app`], with the configuration adjusted by `tweak` first.
pub async fn spawn_app_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
    let db = TestDb::migrated().await;
    let mut config = test_config(&db.url());
    tweak(&mut config);
    let mut app = spawn_app_on(config).await;
    app.db = Some(db);
    app
}

/// The configuration tests start from: loopback, random port, the given database.
pub fn test_config(database_url: &str) -> Config {
    let mut config = Config {
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        // The emission master secret is made here once per test process.
        data_dir: process_dir().join("hub"),
        shutdown_grace_secs: 10,
        ..Config::default()
    };
    config.database.url = Some(database_url.to_owned());
    config.database.connect_timeout_ms = 2_000;
    config.database.acquire_timeout_ms = 2_000;
    config
}

/// Starts the hub with `config` as it is (a test that brings its own database).
pub async fn spawn_app_on(config: Config) -> TestApp {
    let hub = Hub::start(&config, None).await.expect("the hub starts");
    let addr = hub.local_addr();
    let (stop, stopped) = oneshot::channel();
    let task = tokio::spawn(hub.run_until(async move {
        let _ = stopped.await;
    }));
    TestApp {
        address: format!("http://{addr}"),
        addr,
        http: reqwest::Client::new(),
        db: None,
        stop: Some(stop),
        task: Some(task),
    }
}

impl TestApp {
    /// `GET {address}{path}`.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("the request reaches the hub")
    }

    /// Stops the hub gracefully and waits until it has.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await
                .expect("the hub task does not panic")
                .expect("the hub stops cleanly");
        }
    }
}
