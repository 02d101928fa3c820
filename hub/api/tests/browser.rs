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

    // A photo of the genuine code, drawn as a printer would (R7: the check by photo).
    let shots = tanba_testkit::open_tempdir();
    let photo = shots.path().join("genuine.png");
    let png = tanba_scan::datamatrix_png(&codes[0], 6).expect("drawn");
    std::fs::write(&photo, png).expect("the photo");

    let fixture = json!({ "authentic": genuine, "verification_failed": forged, "sold": sold, "photo": photo });
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
    let codes = org_codes(w, token, n).await;
    let doc = w
        .document(token, json!({ "kind": "introduction", "route": "PRODUCTION", "production_date": "2026-11-20", "units": codes }))
        .await;
    assert_eq!(doc["status"], "applied", "{doc}");
    codes.iter().map(|c| key(c)).collect()
}

/// A raw code's unit key: the code up to GS and the verification tail.
fn key(code: &str) -> String {
    code.split('\u{1d}').next().expect("a key").to_owned()
}

/// The organisation's `n` codes, ordered and applied but not in circulation: the raw codes.
async fn org_codes(w: &World, token: &str, n: i64) -> Vec<String> {
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
    codes
}

/// A hub whose pages sign with a double of NCALayer holding the organisation head's key of a
/// fresh test PKI, the organisation (`ORG_BIN`) given `roles` in the tobacco group, and its API
/// token.
struct Cabinet {
    w: World,
    double: ncalayer::NcaLayer,
    token: String,
    _dir: tempfile::TempDir,
}

async fn cabinet(roles: &[&str]) -> Cabinet {
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
    w.org_with_roles(roles).await;
    Cabinet {
        w,
        double,
        token,
        _dir: dir,
    }
}

impl Cabinet {
    /// What NCALayer was asked to sign with, in order (`AUTHENTICATION`, `SIGNATURE`).
    fn key_types(&self) -> Vec<String> {
        let requests = self.double.requests.lock().expect("requests").clone();
        requests
            .iter()
            .filter_map(|r| r["args"][1].as_str().map(str::to_owned))
            .collect()
    }

    /// `key`'s trace as the organisation sees it.
    async fn trace(&self, key: &str) -> Value {
        let (status, trace) = self
            .w
            .call(
                "GET",
                &format!("/api/v1/units/trace?code={key}"),
                &self.token,
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{trace}");
        trace
    }

    /// MAKER's `n` codes introduced and shipped to the organisation: the shipment's id and
    /// the raw codes.
    async fn shipped_to_org(&self, n: i64) -> (String, Vec<String>) {
        let w = &self.w;
        let codes = w.applied_codes(n).await;
        let doc = w
            .document(&w.maker, json!({ "kind": "introduction", "route": "PRODUCTION", "production_date": "2026-11-20", "units": codes }))
            .await;
        assert_eq!(doc["status"], "applied", "{doc}");
        let receiver = tanba_pki::testpki::ORG_BIN;
        let shipment = w
            .document(
                &w.maker,
                json!({ "kind": "shipment", "receiver": receiver, "units": codes }),
            )
            .await;
        assert_eq!(shipment["status"], "applied", "{shipment}");
        let id = shipment["id"].as_str().expect("an id").to_owned();
        (id, codes)
    }
}

/// The cabinet (issue 8; R14, R16): EDS sign-in through NCALayer's protocol (a double signing
/// with the test PKI), the dashboard, a shipment signed in NCALayer and applied, a received
/// shipment accepted in part, the language switch on signed-in pages; then the receiver sees
/// the signed shipment over the API.
#[tokio::test]
async fn the_cabinet_works_in_chromium_with_an_ncalayer_double() {
    // It also regulates tobacco, to move a violation report on its own page.
    let c = cabinet(&["manufacturer", "regulator"]).await;
    let (w, org) = (&c.w, tanba_pki::testpki::ORG_BIN);
    let units = org_goods(w, &c.token, 3).await;
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
    // MAKER ships two of its codes to the organisation, which accepts one on its page.
    w.with_product().await;
    let (incoming, shipped) = c.shipped_to_org(2).await;
    let (kept, sent_back) = (key(&shipped[0]), key(&shipped[1]));

    let fixture = json!({ "participant": org, "receiver": RETAILER, "units": units, "in_circulation": 3, "gtin": ORG_GTIN, "violation": report["id"], "incoming": incoming, "shipped": [kept, sent_back], "accepted_unit": kept, "sscc": sscc(7) });
    node(
        "cabinet.test.js",
        &w.app.address,
        &[("TANBA_CABINET", fixture.to_string())],
    )
    .await;

    assert_eq!(
        c.key_types(),
        ["AUTHENTICATION", "SIGNATURE", "SIGNATURE"],
        "signed in, then a shipment and an acceptance"
    );
    let trace = c.trace(&kept).await;
    assert_eq!(trace["owner"], org, "accepted on the page: {trace}");
    assert_eq!(trace["parent"], sscc(7), "packed on the page: {trace}");
    let (_, back) = w
        .call(
            "GET",
            &format!("/api/v1/units/trace?code={sent_back}"),
            &w.maker,
            None,
        )
        .await;
    assert_eq!(
        back["owner"], MAKER,
        "not ticked, so back with MAKER: {back}"
    );
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

/// The operator imports the demo's names of classifier `id` (R20), which the forms show.
async fn reference_names(w: &World, id: &str) {
    let csv = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../deploy/demo/reference/{id}.csv")),
    )
    .expect("the demo's classifier");
    let response = w
        .app
        .http
        .post(format!("{}/api/v1/reference/{id}/import", w.app.address))
        .bearer_auth(&w.operator)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .expect("imported");
    assert_eq!(response.status(), StatusCode::OK, "{id}");
}

/// The customs declaration the import in documents.test.js names, stored as the Ministry's
/// adapter stores one (R5: an introduction from import is checked against it).
async fn declare_import(w: &World, declarant: &str, gtin: &str, quantity: u64) {
    let db = w.app.db.as_ref().expect("the test database").pool();
    let row = tanba_store::DeclarationRow {
        number: "50101010/201126/0001234".into(),
        date: "2026-11-20".into(),
        declarant: declarant.into(),
        items: vec![tanba_store::DeclaredItem {
            number: 1,
            tnved: "2402209000".into(),
            gtin: gtin.into(),
            quantity,
            country_of_origin: "CN".into(),
        }],
    };
    let audit = tanba_store::AuditEntry {
        iin: None,
        bin: None,
        role: Some("adapter".into()),
        client_ip: None,
        action: "customs.declaration.record".into(),
        object: None,
        outcome: String::new(),
    };
    let client = db.client().await.expect("a connection");
    let recorded = tanba_store::record_customs_declaration(&**client, &row, "minfin", &audit)
        .await
        .expect("stored");
    assert_eq!(recorded, tanba_store::Recorded::Stored);
}

/// Every other kind of document in the cabinet (issue 8; R3, R10): introduction from import,
/// write-off and withdrawal with the API's reasons named from the reference data, remarking, a
/// return, a refusal of a received shipment, and a document the hub rejects with its findings
/// in the page's language: each built in a form, signed in NCALayer over the exact bytes and
/// submitted with an idempotency key.
#[tokio::test]
async fn every_kind_of_document_is_made_signed_and_sent_in_chromium() {
    let c = cabinet(&["manufacturer", "importer"]).await;
    let (w, org) = (&c.w, tanba_pki::testpki::ORG_BIN);
    for id in ["write-off-reason", "withdrawal-reason"] {
        reference_names(w, id).await;
    }
    let goods = org_goods(w, &c.token, 3).await;
    let fresh = org_codes(w, &c.token, 3).await;
    let (imported, new_code) = (&fresh[..2], key(&fresh[2]));
    declare_import(w, org, &key(&imported[0])[2..16], 2).await;
    w.with_product().await;
    let (bought, codes) = c.shipped_to_org(1).await;
    let acceptance = json!({ "kind": "acceptance", "shipment": bought, "result": "full" });
    let doc = w.document(&c.token, acceptance).await;
    assert_eq!(doc["status"], "applied", "{doc}");
    let returned = key(&codes[0]);
    let (refused, refused_codes) = c.shipped_to_org(1).await;

    let fixture = json!({
        "maker": MAKER,
        "imported": imported.iter().map(|c| key(c)).collect::<Vec<_>>(),
        "written_off": goods[0], "withdrawn": goods[1], "remarked": goods[2], "new_code": new_code,
        "returned": returned, "refused": refused,
    });
    node(
        "documents.test.js",
        &w.app.address,
        &[("TANBA_DOCUMENTS", fixture.to_string())],
    )
    .await;

    let mut expected = vec!["AUTHENTICATION"];
    expected.extend(["SIGNATURE"; 7]);
    assert_eq!(c.key_types(), expected, "signed in, then seven documents");
    for (unit, status) in [
        (key(&imported[0]), "INTRODUCED"),
        (goods[0].clone(), "WRITTEN_OFF"),
        (goods[1].clone(), "WITHDRAWN"),
        (new_code, "INTRODUCED"),
    ] {
        let trace = c.trace(&unit).await;
        assert_eq!(trace["status"], status, "{unit}: {trace}");
    }
    let (_, back) = w
        .call(
            "GET",
            &format!("/api/v1/units/trace?code={}", key(&refused_codes[0])),
            &w.maker,
            None,
        )
        .await;
    assert_eq!(back["owner"], MAKER, "refused on the page: {back}");
    let (_, page) = w
        .call("GET", "/api/v1/documents?kind=return", &w.maker, None)
        .await;
    assert_eq!(
        page["items"][0]["sender"], org,
        "the return reached MAKER: {page}"
    );
    assert_eq!(page["items"][0]["signed"], true, "{page}");

    // Each was submitted with the signing page's idempotency key, not one the hub made.
    let db = w.app.db.as_ref().expect("the database").pool();
    let rows = db
        .client()
        .await
        .expect("a client")
        .query(
            "select id::text, idempotency_key from documents where sender = $1 and signature is not null",
            &[&org],
        )
        .await
        .expect("the documents");
    assert_eq!(rows.len(), 7, "seven signed documents");
    for row in rows {
        let (id, key): (String, String) = (row.get(0), row.get(1));
        assert!(
            key != id && uuid::Uuid::parse_str(&key).is_ok(),
            "{id}: {key}"
        );
    }
}

/// The publisher key the rule-set test registers for the echo group.
const PUBLISHER: &str = "echo-publisher";

/// The echo rule set of `version` (`tanba-echo-v1`/`-v2`, the guests `cargo xtask plugins`
/// compiles for the rule-set tests; each describes itself as `echo@<version>.0.0`) as a
/// package signed by `key`: its manifest, its component and the signature in hex.
fn echo_package(version: u8, key: &ed25519_dalek::SigningKey) -> (String, Vec<u8>, String) {
    let manifest = format!(
        "id = \"echo\"\nkind = \"rule-set\"\nversion = \"{version}.0.0\"\n\
         product_groups = [\"echo\"]\nwit = \"tanba:rules@1.0.0\"\n"
    );
    let component = tanba_testkit::guest_component(&format!("tanba-echo-v{version}"));
    let signed = tanba_plugin_host::sign_package(manifest.as_bytes(), &component, key, PUBLISHER);
    let hex = signed
        .signature
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    (manifest, component, hex)
}

/// The regulator's rule-set page clicked in a real browser (issue 8; R17): a signed package
/// uploaded through the form, activated, rolled back to the version before it, and started as
/// a shadow run, the page showing each result; the API then says the same.
#[tokio::test]
async fn a_regulator_governs_rule_sets_in_chromium() {
    use base64::Engine as _;
    let c = cabinet(&["regulator"]).await;
    let w = &c.w;
    let console = tanba_registry::Caller::console();
    let echo = serde_json::from_value(json!({
        "id": "echo",
        "names": { "kk": "Жаңғырық", "ru": "Эхо", "en": "Echo" },
        "serial": { "length": 7, "alphabet": "0123456789" },
        "tail": "93",
    }))
    .expect("a group");
    w.registry
        .put_group(&console, echo)
        .await
        .expect("the echo group");
    let regulator = serde_json::from_value(json!({
        "id": tanba_pki::testpki::ORG_BIN,
        "names": { "kk": "Ұйым", "ru": "Организация" },
        "roles": ["regulator"],
        "product_groups": ["echo"],
    }))
    .expect("a participant");
    w.registry
        .update_participant(&console, regulator)
        .await
        .expect("the echo group's regulator");
    let key = ed25519_dalek::SigningKey::from_bytes(&[9u8; 32]);
    let engine = tanba_plugin_host::PluginEngine::new(&Default::default()).expect("an engine");
    let db = w.app.db.as_ref().expect("the database");
    tanba_rules::RuleRegistry::new(db.pool(), engine)
        .register_publisher(
            PUBLISHER,
            key.verifying_key().to_bytes(),
            &["echo".to_owned()],
            "test",
        )
        .await
        .expect("a publisher");
    // The version in force before: deployed and activated over the API.
    let (manifest, component, signature) = echo_package(1, &key);
    let upload = json!({
        "manifest": manifest,
        "component": base64::engine::general_purpose::STANDARD.encode(&component),
        "key_id": PUBLISHER,
        "ed25519": signature,
    });
    let (status, body) = w
        .call("POST", "/api/v1/rule-sets/packages", &c.token, Some(upload))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let version = json!({ "plugin": "echo", "version": "1.0.0" });
    let path = "/api/v1/product-groups/echo/rule-set";
    let (status, body) = w.call("PUT", path, &c.token, Some(version)).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");

    // The new version, as files a regulator picks in the form.
    let (manifest, component, signature) = echo_package(2, &key);
    let dir = tanba_testkit::open_tempdir();
    let (manifest_file, component_file) = (
        dir.path().join("manifest.toml"),
        dir.path().join("component.wasm"),
    );
    std::fs::write(&manifest_file, manifest).expect("manifest.toml");
    std::fs::write(&component_file, component).expect("component.wasm");
    let fixture = json!({
        "group": "echo", "plugin": "echo", "before": "1.0.0", "new": "2.0.0",
        "manifest": manifest_file, "component": component_file,
        "key_id": PUBLISHER, "ed25519": signature,
    });
    node(
        "govern.test.js",
        &w.app.address,
        &[("TANBA_GOVERN", fixture.to_string())],
    )
    .await;

    let (_, active) = w.call("GET", "/api/v1/rule-sets", "", None).await;
    let echo = active
        .as_array()
        .and_then(|list| list.iter().find(|r| r["product_group"] == "echo"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(echo["version"], "1.0.0", "rolled back: {active}");
    let (_, packages) = w
        .call("GET", "/api/v1/rule-sets/packages", &c.token, None)
        .await;
    let new = packages
        .as_array()
        .and_then(|list| list.iter().find(|p| p["version"] == "2.0.0"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(new["shadow_for"], json!(["echo"]), "{packages}");
    assert_eq!(new["active_for"], json!([]), "{packages}");
}
