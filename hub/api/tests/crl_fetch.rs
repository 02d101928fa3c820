//! CRLs fetched on a schedule (issue 6; R16, R23) against a CRL distribution point simulated on
//! loopback (DER CRLs over HTTP, made by the test PKI): a certificate accepted at login is
//! refused with its revocation error once the job has loaded the delta CRL that lists it; a
//! CRL that is not newer leaves the store as it was; an unreachable URL is reported in the
//! job's result and does not stop the others; every admission and refusal is audited; the
//! operator sees each item of the trust store with its source.

mod support;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::StatusCode as AxumStatus;
use base64::Engine as _;
use http::StatusCode;
use serde_json::{Value, json};
use support::*;
use tanba_pki::testpki::{TestIdentity, TestPki, detached_cms};

/// A CRL distribution point: serves what the test published under `/{name}`, 404 otherwise.
#[derive(Clone, Default)]
struct Distribution {
    files: Arc<Mutex<HashMap<String, Vec<u8>>>>,
}

impl Distribution {
    async fn start() -> (Distribution, String) {
        let dist = Distribution::default();
        let app = axum::Router::new()
            .route("/{name}", axum::routing::get(serve))
            .with_state(dist.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        (dist, base)
    }

    fn publish(&self, name: &str, der: Vec<u8>) {
        self.files
            .lock()
            .expect("not poisoned")
            .insert(name.into(), der);
    }
}

async fn serve(
    State(dist): State<Distribution>,
    Path(name): Path<String>,
) -> Result<([(&'static str, &'static str); 1], Vec<u8>), AxumStatus> {
    let files = dist.files.lock().expect("not poisoned");
    let der = files.get(&name).cloned().ok_or(AxumStatus::NOT_FOUND)?;
    Ok(([("content-type", "application/pkix-crl")], der))
}

async fn login(w: &World, signer: &TestIdentity) -> (StatusCode, Value) {
    let (status, challenge) = w.call("POST", "/api/v1/auth/challenge", "", None).await;
    assert_eq!(status, StatusCode::CREATED, "{challenge}");
    let text = challenge["challenge"].as_str().expect("a text");
    let cms = detached_cms(text.as_bytes(), signer).expect("a signature");
    let body = json!({
        "challenge_id": challenge["id"],
        "signature": base64::engine::general_purpose::STANDARD.encode(cms),
    });
    w.call("POST", "/api/v1/auth/login", "", Some(body)).await
}

async fn run_job(w: &World) -> Value {
    let (status, started) = w
        .call(
            "POST",
            "/api/v1/adapters/jobs/@hub/crl-fetch/run",
            &w.operator,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{started}");
    let (status, jobs) = w
        .call("GET", "/api/v1/adapters/jobs", &w.operator, None)
        .await;
    assert_eq!(status, StatusCode::OK, "{jobs}");
    jobs.as_array()
        .expect("a list")
        .iter()
        .find(|j| j["adapter"] == "@hub" && j["job"] == "crl-fetch")
        .cloned()
        .unwrap_or_else(|| panic!("the CRL job is listed: {jobs}"))
}

/// The `trust.admit` rows of `object`: (outcome, detail). R23, issue 6: the detail names the
/// item's source, the URL it was fetched from.
async fn audited(w: &World, object: &str) -> Vec<(String, String)> {
    w.audit_rows(object)
        .await
        .iter()
        .map(|row| {
            assert_eq!(row["action"], "trust.admit", "{row}");
            let text = |field: &str| row[field].as_str().unwrap_or_default().to_owned();
            (text("outcome"), text("detail"))
        })
        .collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    hex::encode(sha2::Sha256::digest(bytes))
}

#[tokio::test]
async fn a_crl_fetched_by_the_job_revokes_at_once_and_a_dead_url_is_reported() {
    let pki = TestPki::generate().expect("a test PKI");
    let dir = tanba_testkit::open_tempdir();
    let (dist, base) = Distribution::start().await;
    // The complete CRL the folder already holds, and a delta published later.
    dist.publish("nca.crl", pki.crl.clone());
    let dead = "http://127.0.0.1:9/nca.crl".to_owned();
    let urls = vec![
        format!("{base}/nca.crl"),
        format!("{base}/nca_delta.crl"),
        dead.clone(),
    ];
    let w = pki_world(&pki, dir.path(), |config| {
        config.pki.crl_urls = urls.clone();
        config.pki.crl_cron = String::new();
        config.pki.crl_timeout_secs = 5;
    })
    .await;
    let db = w.app.db.as_ref().expect("the test database").pool();

    let (status, session) = login(&w, &pki.org_head).await;
    assert_eq!(status, StatusCode::OK, "accepted before: {session}");

    let job = run_job(&w).await;
    assert_eq!(job["outcome"], "failed", "{job}");
    let error = job["last_error"].as_str().expect("a reason");
    assert!(
        error.contains(&format!("{base}/nca_delta.crl: CRL_FETCH_STATUS")),
        "not published yet: {error}"
    );
    assert!(
        error.contains(&format!("{dead}: CRL_FETCH_TRANSPORT")),
        "{error}"
    );
    assert!(
        !error.contains(&format!("{base}/nca.crl:")),
        "the CRL the hub holds is no failure: {error}"
    );
    assert!(db.trust_items().await.expect("rows").is_empty());
    assert_eq!(
        audited(&w, &format!("crl:{}", sha256_hex(&pki.crl))).await,
        [(
            "refused:PKI_CRL_NOT_NEWER".to_owned(),
            format!("source={base}/nca.crl")
        )]
    );

    let delta = pki
        .delta_crl(2, 1, &[&pki.org_head], &[])
        .expect("a delta CRL");
    dist.publish("nca_delta.crl", delta.clone());
    let job = run_job(&w).await;
    assert_eq!(job["outcome"], "failed", "the dead URL still fails: {job}");
    let error = job["last_error"].as_str().expect("a reason");
    assert!(!error.contains("nca_delta.crl"), "{error}");

    let (status, problem) = login(&w, &pki.org_head).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
    assert_eq!(problem["code"], "PKI_REVOKED", "{problem}");

    let rows = db.trust_items().await.expect("rows");
    assert_eq!(rows.len(), 1, "the delta only");
    assert_eq!(rows[0].kind, "delta-crl");
    assert_eq!(rows[0].source, format!("{base}/nca_delta.crl"));
    let delta_object = format!("delta-crl:{}", sha256_hex(&delta));
    assert_eq!(
        audited(&w, &delta_object).await,
        [("stored".to_owned(), format!("source={base}/nca_delta.crl"))]
    );

    // Served again: not newer, nothing stored, the refusal audited.
    run_job(&w).await;
    assert_eq!(db.trust_items().await.expect("rows").len(), 1);
    let crl_object = format!("crl:{}", sha256_hex(&delta));
    assert_eq!(
        audited(&w, &crl_object).await,
        [(
            "refused:PKI_CRL_NOT_NEWER".to_owned(),
            format!("source={base}/nca_delta.crl")
        )],
        "a refusal names the bytes offered and where they came from"
    );

    let (status, store) = w
        .call("GET", "/api/v1/pki/trust-store", &w.operator, None)
        .await;
    assert_eq!(status, StatusCode::OK, "{store}");
    let items = store.as_array().expect("a list");
    let kinds: Vec<(&str, &str)> = items
        .iter()
        .map(|i| {
            (
                i["kind"].as_str().expect("kind"),
                i["source"].as_str().expect("source"),
            )
        })
        .collect();
    let delta_url = format!("{base}/nca_delta.crl");
    assert_eq!(
        kinds,
        [
            ("root-certificate", "trust_dir"),
            ("ca-certificate", "trust_dir"),
            ("crl", "crl_dir"),
            ("delta-crl", delta_url.as_str()),
        ],
        "{store}"
    );
    let delta_item = &items[3];
    assert_eq!(delta_item["crl_number"], "2");
    assert_eq!(delta_item["sha256"], sha256_hex(&delta));
    assert_eq!(delta_item["next_update"], "2045-01-01T00:00:00Z");
    assert_eq!(items[0]["serial"], pki.root.certificate().serial_hex());
    assert!(
        delta_item["loaded_at"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z'))
    );

    let (status, problem) = w
        .call("GET", "/api/v1/pki/trust-store", &w.maker, None)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "operator only: {problem}");
}

#[tokio::test]
async fn the_trust_store_answers_not_configured_in_each_language() {
    let w = world().await;
    let mut details = Vec::new();
    for lang in ["kk", "ru", "en"] {
        let (status, problem) = w
            .call_in("GET", "/api/v1/pki/trust-store", &w.operator, None, lang)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{problem}");
        assert_eq!(problem["code"], "PKI_NOT_CONFIGURED");
        details.push(problem["detail"].as_str().expect("a detail").to_owned());
    }
    assert!(details[0].contains("trust_dir") && details[0].contains("қоймасы"));
    assert!(details[1].contains("хранилища"));
    assert!(details[2].contains("no trust store"));
}
