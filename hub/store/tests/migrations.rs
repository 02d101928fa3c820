//! Migrations against a real PostgreSQL database made fresh for each test.

use tanba_store::{Database, DatabaseSettings, MIGRATIONS, StoreError};
use tanba_testkit::TestDb;

fn latest() -> i32 {
    MIGRATIONS.last().expect("at least one migration").version
}

#[tokio::test]
async fn migrations_apply_to_an_empty_database_and_are_idempotent() {
    let test_db = TestDb::empty().await;
    let db = test_db.pool();
    let before = db.readiness().await.expect("reachable");
    assert_eq!(before.applied, 0);
    assert!(!before.is_current());

    let applied = db.migrate().await.expect("migrations apply");
    let all: Vec<i32> = MIGRATIONS.iter().map(|m| m.version).collect();
    assert_eq!(applied, all);
    assert!(db.readiness().await.expect("reachable").is_current());

    assert_eq!(db.migrate().await.expect("second run"), Vec::<i32>::new());
    let status = db.migration_status().await.expect("status");
    assert_eq!(status.applied.len(), MIGRATIONS.len());
    assert!(status.pending.is_empty());

    let client = db.client().await.expect("client");
    let instances: i64 = client
        .query_one("select count(*) from instance", &[])
        .await
        .expect("instance table")
        .get(0);
    assert_eq!(
        instances, 1,
        "the first migration made exactly one instance row"
    );
}

#[tokio::test]
async fn nodes_migrating_at_once_apply_each_migration_once() {
    let test_db = TestDb::empty().await;
    let (a, b, c) = (test_db.pool(), test_db.pool(), test_db.pool());
    let (ra, rb, rc) = tokio::join!(a.migrate(), b.migrate(), c.migrate());
    let mut applied = [ra.expect("a"), rb.expect("b"), rc.expect("c")].concat();
    applied.sort();
    let all: Vec<i32> = MIGRATIONS.iter().map(|m| m.version).collect();
    assert_eq!(applied, all, "every migration applied by exactly one node");
}

#[tokio::test]
async fn a_changed_migration_is_refused() {
    let test_db = TestDb::migrated().await;
    let db = test_db.pool();
    db.client()
        .await
        .expect("client")
        .execute(
            "update schema_migrations set checksum = '\\x00' where version = 1",
            &[],
        )
        .await
        .expect("tamper");
    let err = db.migrate().await.expect_err("checksum differs");
    assert!(
        matches!(err, StoreError::ChecksumMismatch { version: 1, .. }),
        "{err}"
    );
    assert_eq!(err.msg().id(), "store-migration-changed");
}

#[tokio::test]
async fn a_database_newer_than_the_hub_is_refused() {
    let test_db = TestDb::migrated().await;
    let db = test_db.pool();
    let future = latest() + 100;
    db.client()
        .await
        .expect("client")
        .execute(
            "insert into schema_migrations (version, name, checksum) values ($1, 'future', '\\x00')",
            &[&future],
        )
        .await
        .expect("insert");
    let err = db.migrate().await.expect_err("unknown version");
    assert!(
        matches!(err, StoreError::DatabaseNewer { version } if version == future),
        "{err}"
    );
}

#[tokio::test]
async fn an_unreachable_database_is_unavailable_not_an_internal_error() {
    let settings = DatabaseSettings {
        connect_timeout_ms: 500,
        acquire_timeout_ms: 500,
        ..DatabaseSettings::default()
    };
    let target = "host=/nonexistent/tanba-socket-dir user=tanba dbname=x"
        .parse()
        .expect("conninfo");
    let db = Database::connect(&settings, target).expect("a pool connects lazily");
    let err = db.readiness().await.expect_err("nothing listens there");
    assert!(err.is_unavailable(), "{err}");
    assert_eq!(err.msg().id(), "store-unavailable");
}
