//! The database goes away and comes back while the hub runs: requests get 503 with
//! `Retry-After` meanwhile, and service resumes by itself.

use std::time::{Duration, Instant};

use http::StatusCode;
use serde_json::Value;
use tanba_localpg::LocalCluster;
use tanba_store::{PgConfig, ensure_database};
use tanba_testkit::{open_tempdir, spawn_app_on, test_config, test_options};

#[tokio::test]
async fn readyz_follows_the_database_down_and_back_up() {
    let dir = open_tempdir();
    let options = test_options(dir.path().join("pg"));
    let mut cluster = tokio::task::spawn_blocking(move || LocalCluster::start(options))
        .await
        .expect("join")
        .expect("a private cluster for this test");
    let admin: PgConfig = cluster.conninfo("postgres").parse().expect("conninfo");
    ensure_database(&admin, "tanba", None)
        .await
        .expect("database");
    let app = spawn_app_on(test_config(&cluster.conninfo("tanba"))).await;
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);

    cluster = stop(cluster).await;
    let response = app.get("/readyz").await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.headers()["retry-after"], "5");
    let body: Value = response.json().await.expect("problem json");
    assert_eq!(body["code"], "DATABASE_UNAVAILABLE");
    assert_eq!(
        app.get("/healthz").await.status(),
        StatusCode::OK,
        "the process stays alive"
    );

    let cluster = resume(cluster).await;
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut status = StatusCode::SERVICE_UNAVAILABLE;
    while status != StatusCode::OK && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
        status = app.get("/readyz").await.status();
    }
    assert_eq!(status, StatusCode::OK, "ready again without a restart");
    app.stop().await;
    drop(cluster);
}

async fn stop(mut cluster: LocalCluster) -> LocalCluster {
    tokio::task::spawn_blocking(move || {
        cluster.stop().expect("stops");
        cluster
    })
    .await
    .expect("join")
}

async fn resume(mut cluster: LocalCluster) -> LocalCluster {
    tokio::task::spawn_blocking(move || {
        cluster.resume().expect("starts again");
        cluster
    })
    .await
    .expect("join")
}
