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
//! `<target>/tmp/web-screenshots/`.

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

#[tokio::test]
async fn the_public_pages_work_in_chromium() {
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

    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("web-screenshots");
    std::fs::create_dir_all(&shots).expect("the screenshots folder");
    let fixture = json!({ "authentic": genuine, "verification_failed": forged, "sold": sold });
    let address = w.app.address.clone();
    let status = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg("--test")
            .arg("--test-concurrency=1")
            .current_dir(&tests)
            .env("TANBA_URL", address)
            .env("TANBA_CODES", fixture.to_string())
            .env("TANBA_SCREENSHOTS", &shots)
            .env("CHROMIUM", chromium)
            .status()
    })
    .await
    .expect("node ran")
    .expect("node starts (is it installed?)");
    assert!(status.success(), "the browser tests failed: {status}");

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
