//! A large document shows its progress while it is processed (issue 5): units checked / total,
//! visible to its sender mid-way, and the document still applies whole afterwards.
//!
//! To see it mid-way on any machine, the test holds a row lock on the one unit inside the last
//! listed SSCC: processing checks the first 10,000 listed units, reports them, then waits on
//! that lock until the test lets go.

mod support;

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::*;

async fn progress(w: &World, id: &str) -> Value {
    let (_, doc) = w
        .call("GET", &format!("/api/v1/documents/{id}"), &w.maker, None)
        .await;
    doc
}

#[tokio::test]
async fn a_large_document_reports_units_checked_while_it_is_processed() {
    let w = world().await;
    w.with_product().await;
    let codes = w.applied_codes(10_001).await;
    let (inner, loose) = codes.split_last().expect("codes");
    let pack = sscc(7);
    let (status, body) = w
        .call(
            "POST",
            "/api/v1/aggregations",
            &w.maker,
            Some(json!({ "operation": "aggregate", "parent": pack, "children": [inner] })),
        )
        .await;
    assert_eq!(status, http::StatusCode::OK, "{body}");

    let db = w.app.db.as_ref().expect("the test database").pool();
    let blocker = db.client().await.expect("a connection");
    blocker.batch_execute("begin").await.expect("begin");
    let inner_key = tanba_registry::unit_key(inner, "").expect("a unit key");
    blocker
        .query(
            "select 1 from units where key = $1 for update",
            &[&inner_key],
        )
        .await
        .expect("locked");

    let mut units: Vec<String> = loose.to_vec();
    units.push(pack);
    let body = json!({ "kind": "introduction", "route": "PRODUCTION", "production_date": "2026-11-20", "units": units });
    let (status, submitted) = w
        .call("POST", "/api/v1/documents", &w.maker, Some(body))
        .await;
    assert_eq!(status, http::StatusCode::ACCEPTED, "{submitted}");
    let id = submitted["id"].as_str().expect("an id").to_owned();

    let deadline = Instant::now() + Duration::from_secs(60);
    let midway = loop {
        let doc = progress(&w, &id).await;
        if doc["progress"]["checked"].as_i64().unwrap_or(0) > 0 {
            break doc;
        }
        assert!(Instant::now() < deadline, "no progress within 60 s: {doc}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(midway["status"], "checking", "{midway}");
    assert_eq!(midway["progress"]["checked"], 10_000, "{midway}");
    assert_eq!(midway["progress"]["total"], 10_001, "{midway}");

    blocker.batch_execute("rollback").await.expect("let go");
    let done = w.decided(&w.maker, &id).await;
    assert_eq!(done["status"], "applied", "{done}");
    assert_eq!(
        done["progress"]["checked"], done["progress"]["total"],
        "{done}"
    );
    // Written by binary COPY (over tanba_store::registry::COPY_ABOVE rows): every code, the
    // pack and the code inside it introduced, each with its history row (R8).
    let document = uuid::Uuid::parse_str(&id).expect("a uuid");
    let written = blocker
        .query_one(
            "select (select count(*) from units where status = 'INTRODUCED'),
                    (select count(*) from unit_history where cause_id = $1 and event = 'INTRODUCE'
                        and status = 'INTRODUCED' and owner = $2)",
            &[&document, &MAKER],
        )
        .await
        .expect("counts");
    assert_eq!(
        (written.get::<_, i64>(0), written.get::<_, i64>(1)),
        (10_002, 10_002)
    );
}
