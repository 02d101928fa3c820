//! A fresh database per test.

use std::sync::OnceLock;

use tanba_store::{Database, DatabaseSettings, PgConfig, ensure_database};

use crate::TestCluster;

/// The database every migrated test database is copied from, migrated once per process.
const TEMPLATE: &str = "tanba_template";
static TEMPLATE_READY: OnceLock<()> = OnceLock::new();

/// A database of the shared test cluster, made for one test.
pub struct TestDb {
    name: String,
}

impl TestDb {
    /// An empty database (no migrations applied).
    pub async fn empty() -> TestDb {
        Self::create(None).await
    }

    /// A database with every migration applied, copied from a template (quicker than
    /// migrating each one).
    pub async fn migrated() -> TestDb {
        tokio::task::spawn_blocking(|| TEMPLATE_READY.get_or_init(make_template))
            .await
            .expect("the template is made");
        Self::create(Some(TEMPLATE)).await
    }

    async fn create(template: Option<&str>) -> TestDb {
        let cluster = tokio::task::spawn_blocking(TestCluster::shared)
            .await
            .expect("the cluster starts");
        let name = format!("test_{}", uuid::Uuid::new_v4().simple());
        let admin: PgConfig = cluster
            .conninfo("postgres")
            .parse()
            .expect("conninfo parses");
        ensure_database(&admin, &name, template)
            .await
            .unwrap_or_else(|err| panic!("creating test database {name}: {err}"));
        TestDb { name }
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its libpq connection string.
    pub fn url(&self) -> String {
        TestCluster::shared().conninfo(&self.name)
    }

    /// A pool on it with default settings.
    pub fn pool(&self) -> Database {
        Database::connect(
            &DatabaseSettings::default(),
            self.url().parse().expect("url"),
        )
        .expect("a pool")
    }
}

/// Creates and migrates the template in a runtime of its own (pools must not outlive the
/// runtime they were made in, and each test has its own).
fn make_template() {
    std::thread::spawn(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async {
            let cluster = TestCluster::shared();
            let admin: PgConfig = cluster.conninfo("postgres").parse().expect("conninfo");
            ensure_database(&admin, TEMPLATE, None)
                .await
                .expect("template created");
            let url = cluster.conninfo(TEMPLATE);
            let db = Database::connect(&DatabaseSettings::default(), url.parse().expect("url"))
                .expect("a pool");
            db.migrate().await.expect("the template migrates");
            db.close();
        });
    })
    .join()
    .expect("the template thread does not panic");
}
