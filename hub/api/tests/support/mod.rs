//! A registry with two product groups and one participant per role, each with an API token,
//! behind a running hub: the set-up of the registry's API tests.

#![allow(dead_code)]

use http::StatusCode;
use serde_json::{Value, json};
use tanba_registry::{Caller, GroupSpec, ParticipantInput, Registry};
use tanba_testkit::{TestApp, spawn_app_with, test_config};

pub mod ncalayer;
pub mod ocsp;
pub mod web;

/// The operator's BIN.
pub const OPERATOR: &str = "000140000002";
/// A tobacco and pharma manufacturer.
pub const MAKER: &str = "200540000009";
/// Another tobacco manufacturer.
pub const OTHER_MAKER: &str = "030240000001";
/// The tobacco regulator.
pub const REGULATOR: &str = "110440000006";
/// A retailer.
pub const RETAILER: &str = "040740000001";
/// An analytic system (R15: reads the de-personalised exports).
pub const ANALYST: &str = "130440000037";
/// A tobacco GTIN for MAKER.
pub const GTIN: &str = "04870000000012";

/// The hub, its registry, and a token per participant.
pub struct World {
    pub app: TestApp,
    pub registry: Registry,
    pub operator: String,
    pub maker: String,
    pub other_maker: String,
    pub regulator: String,
    pub retailer: String,
    pub analyst: String,
}

fn group(id: &str, length: usize, tail: &str) -> GroupSpec {
    serde_json::from_value(json!({
        "id": id,
        "names": { "kk": format!("{id} kk"), "ru": format!("{id} ru"), "en": id },
        "serial": { "length": length, "alphabet": "0123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz" },
        "tail": tail,
    }))
    .expect("a group spec")
}

fn participant(id: &str, roles: &[&str], groups: &[&str]) -> ParticipantInput {
    serde_json::from_value(json!({
        "id": id,
        "names": { "kk": format!("Қатысушы {id}"), "ru": format!("Участник {id}") },
        "roles": roles,
        "product_groups": groups,
    }))
    .expect("a participant")
}

pub async fn world() -> World {
    world_with(|_| {}).await
}

/// [`world`] on a hub whose configuration `tweak` adjusts first.
pub async fn world_with(tweak: impl FnOnce(&mut tanba::Config)) -> World {
    let app = spawn_app_with(tweak).await;
    let db = app.db.as_ref().expect("the test database");
    let registry = tanba::registry(&test_config(&db.url()), db.pool()).expect("the registry opens");
    let console = Caller::console();
    registry
        .put_group(&console, group("tobacco", 7, "93"))
        .await
        .expect("tobacco");
    registry
        .put_group(&console, group("pharma", 13, "92-44"))
        .await
        .expect("pharma");
    for (id, roles, groups) in [
        (OPERATOR, &["operator"][..], &[][..]),
        (MAKER, &["manufacturer"], &["tobacco", "pharma"]),
        (OTHER_MAKER, &["manufacturer"], &["tobacco"]),
        (REGULATOR, &["regulator"], &["tobacco"]),
        (RETAILER, &["retailer"], &["tobacco", "pharma"]),
        (ANALYST, &["analytic-system"], &[]),
    ] {
        registry
            .register_participant(None, participant(id, roles, groups))
            .await
            .expect("a participant");
    }
    let token = |id: &'static str| {
        let registry = registry.clone();
        async move { registry.issue_token(id, "test").await.expect("a token") }
    };
    World {
        operator: token(OPERATOR).await,
        maker: token(MAKER).await,
        other_maker: token(OTHER_MAKER).await,
        regulator: token(REGULATOR).await,
        retailer: token(RETAILER).await,
        analyst: token(ANALYST).await,
        registry,
        app,
    }
}

impl World {
    /// `method path` as `token`, with a JSON `body`, in English.
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        self.call_in(method, path, token, body, "en").await
    }

    /// Like [`World::call`], in `lang`.
    pub async fn call_in(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<Value>,
        lang: &str,
    ) -> (StatusCode, Value) {
        let url = format!("{}{path}", self.app.address);
        let method = method.parse::<reqwest::Method>().expect("a method");
        let mut request = self
            .app
            .http
            .request(method, url)
            .header("accept-language", lang)
            .bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("the request reaches the hub");
        let status = response.status();
        let text = response.text().await.expect("a body");
        let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, value)
    }

    /// Registers MAKER's tobacco product GTIN.
    pub async fn with_product(&self) {
        let (status, body) = self
            .call(
                "PUT",
                &format!("/api/v1/products/{GTIN}"),
                &self.maker,
                Some(product_body("tobacco")),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
}

/// A product of `group`.
pub fn product_body(group: &str) -> Value {
    json!({
        "product_group": group,
        "names": { "kk": "Темекі", "ru": "Сигареты", "en": "Cigarettes" },
        "tn_ved": "2402209000",
    })
}

impl World {
    /// MAKER orders `n` codes of GTIN and reports them applied; the raw codes.
    pub async fn applied_codes(&self, n: i64) -> Vec<String> {
        let (_, order) = self
            .call(
                "POST",
                "/api/v1/orders",
                &self.maker,
                Some(json!({ "gtin": GTIN, "quantity": n })),
            )
            .await;
        let id = order["id"].as_str().expect("an order id");
        let (_, text) = self.print_file(&self.maker, id, "txt").await;
        let codes: Vec<String> = text.lines().map(str::to_owned).collect();
        let (status, body) = self
            .call(
                "POST",
                &format!("/api/v1/orders/{id}/applied"),
                &self.maker,
                Some(json!({ "codes": codes })),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        codes
    }

    /// An order's print file (`ext` is `txt` or `csv`), as `token`.
    pub async fn print_file(&self, token: &str, id: &str, ext: &str) -> (StatusCode, String) {
        let response = self
            .app
            .http
            .get(format!(
                "{}/api/v1/orders/{id}/codes.{ext}",
                self.app.address
            ))
            .bearer_auth(token)
            .send()
            .await
            .expect("sent");
        (response.status(), response.text().await.expect("text"))
    }

    /// Submits a document as `token` and waits until it is decided; its final view.
    pub async fn document(&self, token: &str, body: Value) -> Value {
        let (status, submitted) = self
            .call("POST", "/api/v1/documents", token, Some(body))
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{submitted}");
        self.decided(token, submitted["id"].as_str().expect("an id"))
            .await
    }

    /// Polls a document until it is applied or rejected.
    pub async fn decided(&self, token: &str, id: &str) -> Value {
        for _ in 0..400 {
            let (_, doc) = self
                .call("GET", &format!("/api/v1/documents/{id}"), token, None)
                .await;
            if doc["status"] == "applied" || doc["status"] == "rejected" {
                return doc;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        panic!("document {id} was not decided within 10 s");
    }
}

/// An SSCC with extension digit 0, company prefix 4870000 and serial reference `n`.
pub fn sscc(n: u32) -> String {
    let body = format!("04870000{n:09}");
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    format!("00{body}{}", (10 - sum % 10) % 10)
}

/// A code percent-encoded for a query string (GS and every sign of CSET 82 escaped).
pub fn encoded(code: &str) -> String {
    code.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The test PKI's CA certificates and CRL written as a hub's `[pki]` folders under `dir`:
/// (trust_dir, crl_dir).
pub fn pki_folders(
    pki: &tanba_pki::testpki::TestPki,
    dir: &std::path::Path,
) -> (std::path::PathBuf, std::path::PathBuf) {
    let (ca, crl) = (dir.join("ca"), dir.join("crl"));
    std::fs::create_dir_all(&ca).expect("ca dir");
    std::fs::create_dir_all(&crl).expect("crl dir");
    std::fs::write(ca.join("root.der"), pki.root.der()).expect("root");
    std::fs::write(ca.join("intermediate.der"), pki.intermediate.der()).expect("intermediate");
    std::fs::write(crl.join("intermediate.crl"), &pki.crl).expect("crl");
    (ca, crl)
}

/// A world whose hub trusts `pki` (its CA and CRL folders written under `dir`), configured
/// further by `tweak`, with the test PKI's organisation (`ORG_BIN`) registered as a tobacco
/// manufacturer: the set-up of the EDS tests.
pub async fn pki_world(
    pki: &tanba_pki::testpki::TestPki,
    dir: &std::path::Path,
    tweak: impl FnOnce(&mut tanba::Config),
) -> World {
    let (ca, crl) = pki_folders(pki, dir);
    let w = world_with(|config| {
        config.pki.trust_dir = Some(ca);
        config.pki.crl_dir = Some(crl);
        tweak(config);
    })
    .await;
    let org = participant(tanba_pki::testpki::ORG_BIN, &["manufacturer"], &["tobacco"]);
    w.registry
        .register_participant(None, org)
        .await
        .expect("the organisation is registered");
    w
}

impl World {
    /// The audit rows of `object`, oldest first, as the operator searches them (R23).
    pub async fn audit_rows(&self, object: &str) -> Vec<Value> {
        let (status, page) = self
            .call(
                "GET",
                &format!("/api/v1/audit?object={object}"),
                &self.operator,
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        page["items"].as_array().expect("rows").clone()
    }

    /// Gives the test PKI's organisation (`ORG_BIN`) `roles` in the tobacco group.
    pub async fn org_with_roles(&self, roles: &[&str]) {
        let input = serde_json::from_value(json!({
            "id": tanba_pki::testpki::ORG_BIN,
            "names": { "kk": "Ұйым", "ru": "Организация" },
            "roles": roles,
            "product_groups": ["tobacco"],
        }))
        .expect("a participant");
        self.registry
            .update_participant(&Caller::console(), input)
            .await
            .expect("updated");
    }
}
