//! Shipment figures (issue 5; `docs/BENCHMARKS.md`). Prints, asserts nothing.
//!
//! 1,000,000 introduced codes packed as 1,000 SSCCs of 1,000, and 1,000,000 more unpacked: a
//! shipment of the 1,000 SSCCs and its acceptance, a shipment of the flat list of 1,000,000
//! codes and its acceptance (each: submit, then process to the decision, timed), and, as the
//! limit, COPY of 1,000,000 rows into a table shaped like `units`.

use std::sync::Arc;
use std::time::Instant;

use futures_util::SinkExt;
use serde_json::json;
use tanba_documents::Documents;
use tanba_domain::{ParticipantStatus, Role};
use tanba_plugin_host::{EngineSettings, PluginEngine};
use tanba_registry::Caller;
use tanba_rules::RuleRegistry;
use tanba_testkit::TestDb;

const MAKER: &str = "200540000009";
const RETAILER: &str = "040740000001";
const GTIN: &str = "04870000000012";
/// Codes per set; `BENCH_CODES` sets a smaller run (a multiple of 1,000).
fn codes() -> usize {
    std::env::var("BENCH_CODES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

fn main() {
    // RUST_LOG=tanba_documents=debug shows where a document's time goes.
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(run());
}

fn sscc(n: usize) -> String {
    let body = format!("04870000{n:09}");
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    format!("00{body}{}", (10 - sum % 10) % 10)
}

fn code(set: usize, n: usize) -> String {
    format!("01{GTIN}21{set}{n:07}")
}

fn caller(id: &str, role: Role) -> Caller {
    Caller {
        id: id.to_owned(),
        roles: vec![role],
        product_groups: vec!["tobacco".to_owned()],
        status: ParticipantStatus::Active,
        iin: None,
        client_ip: None,
        read_only: false,
    }
}

async fn run() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let client = pool.client().await.expect("a connection");
    client
        .batch_execute("set statement_timeout = 0")
        .await
        .expect("no timeout");
    for (id, role) in [(MAKER, "manufacturer"), (RETAILER, "retailer")] {
        client
            .execute(
                "insert into participants (id, kind, names, roles, product_groups, status)
                 values ($1, 'bin', '{\"kk\":\"a\",\"ru\":\"b\"}', array[$2], '{}', 'active')",
                &[&id, &role],
            )
            .await
            .expect("a participant");
    }
    let ssccs: Vec<String> = (0..codes() / 1_000).map(sscc).collect();
    let packed: Vec<String> = (0..codes()).map(|n| code(1, n)).collect();
    let parents: Vec<String> = (0..codes()).map(|n| ssccs[n / 1_000].clone()).collect();
    let flat: Vec<String> = (0..codes()).map(|n| code(2, n)).collect();
    let started = Instant::now();
    for (keys, parents) in [(&ssccs, None), (&packed, Some(&parents)), (&flat, None)] {
        client
            .execute(
                "insert into units (key, status, owner, parent)
                 select k, 'INTRODUCED', $2, p from unnest($1::text[], $3::text[]) as t (k, p)",
                &[
                    keys,
                    &MAKER,
                    &parents
                        .cloned()
                        .unwrap_or_else(|| vec![String::new(); keys.len()])
                        .iter()
                        .map(|p| (!p.is_empty()).then_some(p.clone()))
                        .collect::<Vec<_>>(),
                ],
            )
            .await
            .expect("units");
    }
    println!(
        "set-up: 2,001,000 units in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let engine = PluginEngine::new(&EngineSettings::default()).expect("an engine");
    let rules = Arc::new(RuleRegistry::new(pool.clone(), engine));
    let catalogue = Arc::new(tanba_i18n::Catalogue::embedded().expect("a catalogue"));
    let documents = Documents::new(pool.clone(), rules, catalogue);
    let maker = caller(MAKER, Role::Manufacturer);
    let retailer = caller(RETAILER, Role::Retailer);

    for (label, units) in [
        (format!("{} SSCCs of 1,000 codes", ssccs.len()), &ssccs),
        (format!("a flat list of {} codes", flat.len()), &flat),
    ] {
        let body = json!({ "kind": "shipment", "receiver": RETAILER, "units": units });
        let id = timed(&documents, &maker, body, &format!("shipment of {label}")).await;
        let body = json!({ "kind": "acceptance", "shipment": id, "result": "full" });
        timed(
            &documents,
            &retailer,
            body,
            &format!("acceptance of {label}"),
        )
        .await;
    }

    client
        .batch_execute("create table copy_limit (like units including all)")
        .await
        .expect("a table");
    let mut text = String::with_capacity(codes() * 48);
    for n in 0..codes() {
        text.push_str(&code(3, n));
        text.push_str("\tINTRODUCED\t");
        text.push_str(MAKER);
        text.push('\n');
    }
    let started = Instant::now();
    let sink = client
        .copy_in("copy copy_limit (key, status, owner) from stdin")
        .await
        .expect("copy");
    let mut sink = std::pin::pin!(sink);
    sink.send(bytes::Bytes::from(text)).await.expect("rows");
    sink.as_mut().finish().await.expect("copy done");
    let secs = started.elapsed().as_secs_f64();
    println!(
        "COPY of the same number of rows (the limit): {:.0} rows/s",
        codes() as f64 / secs
    );
}

/// Submits and processes a document; prints codes/s; returns its id.
async fn timed(documents: &Documents, by: &Caller, body: serde_json::Value, label: &str) -> String {
    let bytes = serde_json::to_vec(&body).expect("json");
    let started = Instant::now();
    let submitted = documents
        .submit(by, bytes, None, None)
        .await
        .expect("submitted");
    let id = submitted.document.id.clone();
    let uuid = uuid::Uuid::parse_str(&id).expect("uuid");
    assert!(documents.process_next(Some(uuid)).await.expect("processed"));
    let secs = started.elapsed().as_secs_f64();
    let decided = documents.get(by, &id).await.expect("read back");
    println!(
        "{label}: {} in {secs:.1} s, {:.0} codes/s",
        decided.status,
        codes() as f64 / secs
    );
    id
}
