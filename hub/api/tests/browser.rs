//! The web pages in a real browser (issue 8; R7, R18, R19). This harness starts a real hub on
//! loopback with a private test database and demo data (the API tests' `world()`: product
//! groups, participants, a product, codes made genuine, forged and sold through documents), then
//! runs the JavaScript tests in `web-tests/` with node, which drive Debian's Chromium headless
//! through playwright-core, and fails when node fails.
//!
//! Rust starts the hub rather than node because the hub, its PostgreSQL cluster and the demo
//! data are already built by `tanba-testkit` and the API tests' support; node only drives the
//! browser. `cargo xtask test` installs Chromium (apt-get) and runs `npm ci` in `web-tests/`
//! first; run alone, this test says what is missing. Screenshots of the key pages go to
//! `<target>/tmp/web-screenshots/`. The cabinet's test also runs a double of NCALayer
//! (tests/support/ncalayer.rs) that the pages sign with.

mod support;

use std::path::Path;
use std::process::Command;

use http::StatusCode;
use serde_json::{Value, json};
use support::*;

/// The bracketed form a person types from the pack.
async fn typed(w: &World, code: &str) -> String {
    let (_, parsed) = w
        .call(
            "POST",
            "/api/v1/codes/parse",
            "",
            Some(json!({ "code": code })),
        )
        .await;
    parsed["forms"]["bracketed"]
        .as_str()
        .expect("a bracketed form")
        .to_owned()
}

/// Runs `file` of `web-tests/` with node against the hub at `address`, with `env` and the
/// screenshots folder; fails when node fails.
async fn node(file: &'static str, address: &str, env: &[(&str, String)]) {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web-tests");
    assert!(
        Path::new(&chromium).exists(),
        "{chromium} is missing: run `cargo xtask test` (it installs Debian's chromium) or `apt-get install -y chromium`"
    );
    assert!(
        tests.join("node_modules/playwright-core").exists(),
        "playwright-core is missing: run `cargo xtask test` or `npm ci` in web-tests/"
    );
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("web-screenshots");
    std::fs::create_dir_all(&shots).expect("the screenshots folder");
    let mut command = Command::new("node");
    command
        .arg("--test")
        .arg("--test-concurrency=1")
        .arg(file)
        .current_dir(&tests)
        .env("TANBA_URL", address)
        .env("TANBA_SCREENSHOTS", &shots)
        .env("CHROMIUM", chromium);
    for (name, value) in env {
        command.env(name, value);
    }
    let status = tokio::task::spawn_blocking(move || command.status())
        .await
        .expect("node ran")
        .expect("node starts (is it installed?)");
    assert!(
        status.success(),
        "the browser tests of {file} failed: {status}"
    );
}

#[tokio::test]
async fn the_public_pages_work_in_chromium() {
    let w = world().await;
    w.with_product().await;
    let codes = w.applied_codes(3).await;
    let doc = w
        .document(&w.maker, json!({ "kind": "introduction", "route": "PRODUCTION", "production_date": "2026-11-20", "units": [codes[0], codes[2]] }))
        .await;
    assert_eq!(doc["status"], "applied", "{doc}");
    let doc = w
        .document(
            &w.maker,
            json!({ "kind": "retail_sale", "units": [codes[2]] }),
        )
        .await;
    assert_eq!(doc["status"], "applied", "{doc}");
    let genuine = typed(&w, &codes[0]).await;
    let sold = typed(&w, &codes[2]).await;
    let mut forged = typed(&w, &codes[1]).await;
    let last = forged.pop().expect("a character");
    forged.push(if last == 'A' { 'B' } else { 'A' });

    let fixture = json!({ "authentic": genuine, "verification_failed": forged, "sold": sold });
    node(
        "public.test.js",
        &w.app.address,
        &[("TANBA_CODES", fixture.to_string())],
    )
    .await;

    let (status, reports) = w
        .call("GET", "/api/v1/violations", &w.regulator, None)
        .await;
    assert_eq!(status, StatusCode::OK, "{reports}");
    let sent: Vec<&Value> = reports
        .as_array()
        .expect("a list")
        .iter()
        .filter(|r| r["reason"] == "check_failed" && r["has_photo"] == true && r["lang"] == "ru")
        .collect();
    assert_eq!(
        sent.len(),
        1,
        "the report sent in the browser reached the regulator: {reports}"
    );
}

/// A GTIN of the test PKI's organisation.
const ORG_GTIN: &str = "04870000000029";

/// The organisation's `n` codes, introduced into circulation: their unit keys.
async fn org_goods(w: &World, token: &str, n: i64) -> Vec<String> {
    let (status, body) = w
        .call(
            "PUT",
            &format!("/api/v1/products/{ORG_GTIN}"),
            token,
            Some(product_body("tobacco")),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, order) = w
        .call(
            "POST",
            "/api/v1/orders",
            token,
            Some(json!({ "gtin": ORG_GTIN, "quantity": n })),
        )
        .await;
    let id = order["id"].as_str().expect("an order id");
    let (_, text) = w.print_file(token, id, "txt").await;
    let codes: Vec<String> = text.lines().map(str::to_owned).collect();
    let (status, body) = w
        .call(
            "POST",
            &format!("/api/v1/orders/{id}/applied"),
            token,
            Some(json!({ "codes": codes })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let doc = w
        .document(token, json!({ "kind": "introduction", "route": "PRODUCTION", "production_date": "2026-11-20", "units": codes }))
        .await;
    assert_eq!(doc["status"], "applied", "{doc}");
    // A raw code is its unit key, then GS and the verification tail.
    codes
        .iter()
        .map(|c| c.split('\u{1d}').next().expect("a key").to_owned())
        .collect()
}

/// The cabinet (issue 8; R14, R16): EDS sign-in through NCALayer's protocol (a double signing
/// with the test PKI), the dashboard, a shipment signed in NCALayer and applied, the language
/// switch on signed-in pages; then the receiver sees the signed shipment over the API.
#[tokio::test]
async fn the_cabinet_works_in_chromium_with_an_ncalayer_double() {
    let pki = std::sync::Arc::new(tanba_pki::testpki::TestPki::generate().expect("a test PKI"));
    let double = ncalayer::ncalayer(pki.clone()).await;
    let dir = tanba_testkit::open_tempdir();
    let url = double.url.clone();
    let w = pki_world(&pki, dir.path(), move |config| {
        config.web.ncalayer_url = url;
        config.pki.require_signed_documents = false;
    })
    .await;
    let org = tanba_pki::testpki::ORG_BIN;
    let token = w.registry.issue_token(org, "test").await.expect("a token");
    let units = org_goods(&w, &token, 3).await;
    // It also regulates tobacco, to move a violation report on its own page.
    let regulating = serde_json::from_value(json!({
        "id": org,
        "names": { "kk": "Ұйым", "ru": "Организация" },
        "roles": ["manufacturer", "regulator"],
        "product_groups": ["tobacco"],
    }))
    .expect("a participant");
    w.registry
        .update_participant(&tanba_registry::Caller::console(), regulating)
        .await
        .expect("updated");
    let (status, report) = w
        .call(
            "POST",
            "/api/v1/public/violations",
            "",
            Some(json!({ "code": units[2], "reason": "sold_again" })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{report}");
    let units = &units[..2];
    // MAKER ships one of its codes to the organisation, which accepts it on its page.
    w.with_product().await;
    let incoming = w.applied_codes(1).await;
    let doc = w
        .document(&w.maker, json!({ "kind": "introduction", "route": "PRODUCTION", "production_date": "2026-11-20", "units": incoming }))
        .await;
    assert_eq!(doc["status"], "applied", "{doc}");
    let shipment = w
        .document(
            &w.maker,
            json!({ "kind": "shipment", "receiver": org, "units": incoming }),
        )
        .await;
    assert_eq!(shipment["status"], "applied", "{shipment}");

    let fixture = json!({ "participant": org, "receiver": RETAILER, "units": units, "in_circulation": 3, "gtin": ORG_GTIN, "violation": report["id"], "incoming": shipment["id"], "accepted_unit": incoming[0].split('\u{1d}').next(), "sscc": sscc(7) });
    node(
        "cabinet.test.js",
        &w.app.address,
        &[("TANBA_CABINET", fixture.to_string())],
    )
    .await;

    let requests = double.requests.lock().expect("requests").clone();
    let key_types: Vec<&str> = requests
        .iter()
        .filter_map(|r| r["args"][1].as_str())
        .collect();
    assert_eq!(
        key_types,
        ["AUTHENTICATION", "SIGNATURE", "SIGNATURE"],
        "{requests:?}"
    );
    let key = incoming[0].split('\u{1d}').next().expect("a key");
    let (_, trace) = w
        .call(
            "GET",
            &format!("/api/v1/units/trace?code={key}"),
            &token,
            None,
        )
        .await;
    assert_eq!(trace["owner"], org, "accepted on the page: {trace}");
    assert_eq!(trace["parent"], sscc(7), "packed on the page: {trace}");
    let (status, page) = w
        .call("GET", "/api/v1/documents?kind=shipment", &w.retailer, None)
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let shipment = &page["items"][0];
    assert_eq!(shipment["sender"], org, "{page}");
    assert_eq!(shipment["status"], "applied");
    assert_eq!(shipment["signed"], true, "signed in NCALayer: {shipment}");
    let (_, moved) = w
        .call(
            "GET",
            &format!("/api/v1/violations/{}", report["id"]),
            &w.regulator,
            None,
        )
        .await;
    assert_eq!(moved["status"], "in_review", "{moved}");
    assert_eq!(moved["status_changed_by"], org, "{moved}");
}
