//! The Ministry of Finance adapter through the hub (issue 7; R5, R6, G2):
//!
//! - customs declarations the customs side posts (built by the simulator, `deploy/sim-gov`)
//!   land in the hub's table through `on-inbound` and `record-customs-declaration`, audited; the
//!   same one again changes nothing, a different one under the same number is refused;
//! - introductions from import are checked against them (each finding, and the accepted case);
//! - applied introductions, shipments and withdrawals reach the IS ESF simulator through the
//!   outbox, the delivery worker and the ESF session exchange (createSession, syncInvoice,
//!   closeSession; each request valid against the published WSDLs), once each, also when the
//!   simulator was down for a while.

mod support;

use std::time::Duration;

use serde_json::{Value, json};
use support::probe::{GTIN, MAKER, ProbeWorld, RETAILER, caller, code};
use support::{deliver_all, test_key};
use tanba_adapters::{Adapters, AdaptersSettings, EndpointSettings, InboundRefusal};
use tanba_plugin_host::adapter_types::Inbound;
use tanba_sim_gov::minfin::{self, DeclaredGoods, Esf, SESSION_PATH, UPLOAD_PATH};
use tanba_sim_gov::{Mode, Sim};
use tanba_xsd_check::Schema;

const LIMIT: Duration = Duration::from_secs(30);
const NUMBER: &str = "50508/251126/0012345";
const DATE: &str = "2026-11-25";
/// A GTIN the declarations never declare.
const OTHER_GTIN: &str = "04600000000015";

/// The maker's world with the Ministry adapter, and a node talking to `sim`.
async fn stand(sim: &Sim<Esf>) -> (ProbeWorld, Adapters) {
    let manifest = "id = \"minfin\"\nkind = \"adapter\"\nversion = \"0.2.0\"\n\
        wit = \"tanba:adapter@1.1.0\"\n";
    let world = ProbeWorld::with_adapter(0, "minfin", manifest, "tanba-adapter-minfin").await;
    let node = world.node(&settings(&world, sim)).await;
    (world, node)
}

/// `[adapters]` with the Ministry adapter: the hub's BIN and certificate, both ESF services at
/// the simulator, signed with the test key.
fn settings(world: &ProbeWorld, sim: &Sim<Esf>) -> AdaptersSettings {
    let mut all = world.settings("127.0.0.1:9".parse().expect("addr"), &[]);
    let config = all.installed.get_mut("minfin").expect("minfin");
    config.endpoints.clear();
    config.settings.insert("tin".into(), "991240001234".into());
    config
        .settings
        .insert("x509-certificate".into(), "MIIBkTCCATegAwIBAgIUTEST".into());
    for (name, path) in [("esf-session", SESSION_PATH), ("esf-upload", UPLOAD_PATH)] {
        config.endpoints.insert(
            name.into(),
            EndpointSettings {
                url: sim.url(path),
                timeout_ms: Some(2_000),
                signing_key: Some(test_key("rsa.key.pem")),
                signing_cert: Some(test_key("rsa.cert.pem")),
                ..EndpointSettings::default()
            },
        );
    }
    all
}

/// Posts a declaration as the customs side would, to the adapter's inbound endpoint.
async fn declare(
    node: &Adapters,
    number: &str,
    declarant: &str,
    goods: &[DeclaredGoods<'_>],
) -> Result<usize, InboundRefusal> {
    let body = minfin::customs_declaration(number, DATE, declarant, goods);
    let message = Inbound {
        content_type: "text/xml; charset=utf-8".into(),
        headers: vec![("SOAPAction".into(), "\"\"".into())],
        body: body.into_bytes(),
    };
    node.inbound("minfin", "customs-declarations", message)
        .await
}

fn goods(gtin: &str, quantity: u64) -> DeclaredGoods<'_> {
    DeclaredGoods {
        tnved: "2402209000",
        gtin,
        quantity,
        country_of_origin: "CN",
    }
}

/// The `customs.declaration.record` audit rows: (object, outcome).
async fn declaration_audit(world: &ProbeWorld) -> Vec<(String, String)> {
    let rows = world
        .db
        .audit_search(&tanba_store::AuditFilter::default(), 100)
        .await
        .expect("audit");
    rows.into_iter()
        .filter(|r| r.entry.action == "customs.declaration.record")
        .map(|r| (r.entry.object.unwrap_or_default(), r.entry.outcome))
        .collect()
}

#[tokio::test]
async fn a_declaration_from_the_customs_side_is_stored_once_and_never_changed() {
    let sim = minfin::start().await.expect("simulator");
    let (world, node) = stand(&sim).await;

    let applied = declare(
        &node,
        NUMBER,
        MAKER,
        &[goods(GTIN, 3), goods(OTHER_GTIN, 1)],
    )
    .await;
    assert_eq!(applied.expect("stored"), 1);
    let stored = world
        .db
        .customs_declaration(NUMBER)
        .await
        .expect("read")
        .expect("the declaration is in the table");
    assert_eq!(
        (stored.date.as_str(), stored.declarant.as_str()),
        (DATE, MAKER)
    );
    let items: Vec<_> = stored
        .items
        .iter()
        .map(|i| {
            (
                i.number,
                i.gtin.as_str(),
                i.quantity,
                i.country_of_origin.as_str(),
            )
        })
        .collect();
    assert_eq!(items, [(1, GTIN, 3, "CN"), (2, OTHER_GTIN, 1, "CN")]);

    // Sent again, the same: harmless, audited as unchanged.
    declare(
        &node,
        NUMBER,
        MAKER,
        &[goods(GTIN, 3), goods(OTHER_GTIN, 1)],
    )
    .await
    .expect("the same declaration again");
    assert_eq!(
        declaration_audit(&world).await,
        [
            (NUMBER.to_owned(), "stored".to_owned()),
            (NUMBER.to_owned(), "unchanged".to_owned())
        ]
    );

    // Different content under the stored number: refused, the sender's fault, nothing changed.
    let Err(InboundRefusal::Command(err)) = declare(&node, NUMBER, MAKER, &[goods(GTIN, 30)]).await
    else {
        panic!("a different declaration under a stored number must be refused");
    };
    assert_eq!(err.code(), "CUSTOMS_DECLARATION_CONFLICT");
    assert!(err.is_senders_fault());
    let kept = world.db.customs_declaration(NUMBER).await.expect("read");
    assert_eq!(kept, Some(stored));

    // The hub checks what the adapter passes on: a GTIN with a wrong check digit.
    let Err(InboundRefusal::Command(err)) = declare(
        &node,
        "50508/251126/0099999",
        MAKER,
        &[goods("04870000000013", 1)],
    )
    .await
    else {
        panic!("a GTIN with a wrong check digit must be refused");
    };
    assert_eq!(err.code(), "CUSTOMS_DECLARATION_REFUSED");
    let absent = world.db.customs_declaration("50508/251126/0099999").await;
    assert_eq!(absent.expect("read"), None);
    assert_eq!(declaration_audit(&world).await.len(), 2);
}

/// Codes of the maker in status APPLIED (ready to be introduced): the test GTIN's serials
/// `from..to`, and one of a GTIN no declaration names.
async fn applied_codes(world: &ProbeWorld, from: usize, to: usize) -> (Vec<String>, String) {
    let mut keys: Vec<String> = (from..to).map(code).collect();
    let other = format!("01{OTHER_GTIN}21X{from:07}");
    keys.push(other.clone());
    world
        .db
        .client()
        .await
        .expect("client")
        .execute(
            "insert into units (key, status, owner)
             select k, 'APPLIED', $2 from unnest($1::text[]) as k",
            &[&keys, &MAKER],
        )
        .await
        .expect("units");
    keys.pop();
    (keys, other)
}

/// Submits an introduction from import by `sender` and processes it: its status and findings.
async fn import(world: &ProbeWorld, sender: &str, body: Value) -> (String, Value) {
    let (id, status) = world.document(sender, body).await;
    let view = world
        .documents
        .get(&caller(sender), &id)
        .await
        .expect("read back");
    (status, view.findings)
}

fn introduction(
    number: Option<&str>,
    date: Option<&str>,
    country: Option<&str>,
    units: &[String],
) -> Value {
    let mut body = json!({ "kind": "introduction", "route": "IMPORT", "units": units });
    for (name, value) in [
        ("customs_declaration", number),
        ("declaration_date", date),
        ("country_of_origin", country),
    ] {
        if let Some(value) = value {
            body[name] = json!(value);
        }
    }
    body
}

/// The one finding of a rejected document: its code and path, with texts in kk, ru and en.
fn only_finding(status: &str, findings: &Value) -> (String, String) {
    assert_eq!(status, "rejected", "{findings}");
    let [f] = findings.as_array().expect("findings").as_slice() else {
        panic!("one finding: {findings}");
    };
    for lang in ["kk", "ru", "en"] {
        let text = f["message"][lang].as_str().unwrap_or_default();
        assert!(
            !text.is_empty() && !text.contains("document-"),
            "{lang}: {f}"
        );
    }
    assert_ne!(f["message"]["kk"], f["message"]["ru"], "{f}");
    assert_eq!(f["source"], "core");
    (
        f["code"].as_str().unwrap_or_default().to_owned(),
        f["path"].as_str().unwrap_or_default().to_owned(),
    )
}

#[tokio::test]
async fn introductions_from_import_are_checked_against_their_declaration() {
    let sim = minfin::start().await.expect("simulator");
    let (world, node) = stand(&sim).await;
    declare(&node, NUMBER, MAKER, &[goods(GTIN, 3)])
        .await
        .expect("the maker's declaration");
    declare(&node, "50508/251126/0000001", RETAILER, &[goods(GTIN, 9)])
        .await
        .expect("the retailer's declaration");
    let (c, other) = applied_codes(&world, 10, 15).await;
    let n = Some(NUMBER);
    let (d, cn) = (Some(DATE), Some("CN"));

    let cases = [
        (
            introduction(None, d, cn, &c[..1]),
            "IMPORT_DECLARATION_MISSING",
            "/customs_declaration",
        ),
        (
            introduction(Some("00000/000000/0000000"), d, cn, &c[..1]),
            "CUSTOMS_DECLARATION_UNKNOWN",
            "/customs_declaration",
        ),
        (
            introduction(Some("50508/251126/0000001"), d, cn, &c[..1]),
            "CUSTOMS_DECLARANT_MISMATCH",
            "/customs_declaration",
        ),
        (
            introduction(n, None, cn, &c[..1]),
            "IMPORT_DECLARATION_DATE_MISSING",
            "/declaration_date",
        ),
        (
            introduction(n, Some("2026-11-24"), cn, &c[..1]),
            "CUSTOMS_DECLARATION_DATE_MISMATCH",
            "/declaration_date",
        ),
        (
            introduction(n, d, cn, &[c[0].clone(), other.clone()]),
            "CUSTOMS_GTIN_NOT_DECLARED",
            "/units/1",
        ),
        (
            introduction(n, d, Some("TR"), &c[..1]),
            "CUSTOMS_ORIGIN_MISMATCH",
            "/country_of_origin",
        ),
        (
            introduction(n, d, cn, &c[..4]),
            "CUSTOMS_QUANTITY_EXCEEDED",
            "/units",
        ),
    ];
    for (body, code, path) in cases {
        let (status, findings) = import(&world, MAKER, body).await;
        assert_eq!(
            only_finding(&status, &findings),
            (code.to_owned(), path.to_owned())
        );
    }

    // Within the declaration: applied, and what it used counts for the next one.
    let (status, findings) = import(&world, MAKER, introduction(n, d, cn, &c[..2])).await;
    assert_eq!(status, "applied", "{findings}");
    let (status, findings) = import(&world, MAKER, introduction(n, d, None, &c[2..4])).await;
    let (code, _) = only_finding(&status, &findings);
    assert_eq!(code, "CUSTOMS_QUANTITY_EXCEEDED");
    let en = findings[0]["message"]["en"].as_str().unwrap_or_default();
    assert!(
        en.contains("declares 3") && en.contains("used 2") && en.contains("has 2"),
        "{en}"
    );
    let (status, findings) = import(&world, MAKER, introduction(n, d, None, &c[2..3])).await;
    assert_eq!(status, "applied", "the third of three declared: {findings}");
}

/// The requests IS ESF got, each valid against the service's published WSDL.
fn assert_valid_requests(sim: &Sim<Esf>) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/formats/schemas/esf");
    let session = Schema::load_from_wsdl(&dir.join("SessionService.wsdl")).expect("session");
    let upload = Schema::load_from_wsdl(&dir.join("UploadInvoiceService.wsdl")).expect("upload");
    let envelope = "http://schemas.xmlsoap.org/soap/envelope/";
    for r in sim.received() {
        let (schema, element) = match (r.path.as_str(), r.body.contains("closeSessionRequest")) {
            (SESSION_PATH, false) => (&session, "createSessionRequest"),
            (SESSION_PATH, true) => (&session, "closeSessionRequest"),
            _ => (&upload, "syncInvoiceRequest"),
        };
        let result = schema.validate(r.body.as_bytes(), &[(envelope, "Body"), ("esf", element)]);
        assert_eq!(result, Ok(()), "{element}: {}", r.body);
        assert!(
            r.body.contains("wsse:Security"),
            "signed by the hub: {}",
            r.body
        );
    }
}

/// The uploads IS ESF holds for document `id`.
fn uploads_of(sim: &Sim<Esf>, id: &str) -> usize {
    sim.with(|esf| {
        esf.uploads
            .iter()
            .filter(|u| u.invoice_body.contains(id))
            .count()
    })
}

async fn handle_events(node: &Adapters) {
    while node.handle_next_event().await.expect("event") {}
}

#[tokio::test]
async fn applied_documents_reach_is_esf_once_each_also_after_an_outage() {
    let mut sim = minfin::start().await.expect("simulator");
    let (world, node) = stand(&sim).await;
    declare(&node, NUMBER, MAKER, &[goods(GTIN, 10)])
        .await
        .expect("declaration");
    let (c, _) = applied_codes(&world, 0, 4).await;

    let (introduced, status) = world
        .document(
            MAKER,
            introduction(Some(NUMBER), Some(DATE), Some("CN"), &c),
        )
        .await;
    assert_eq!(status, "applied");
    let (shipped, status) = world
        .document(
            MAKER,
            json!({ "kind": "shipment", "receiver": RETAILER, "units": [c[0], c[1]] }),
        )
        .await;
    assert_eq!(status, "applied");
    let (withdrawn, status) = world
        .document(
            MAKER,
            json!({ "kind": "withdrawal", "reason": "OWN_USE", "units": [c[2]] }),
        )
        .await;
    assert_eq!(status, "applied", "withdrawal");
    handle_events(&node).await;
    deliver_all(&node, &world.db, LIMIT).await;
    for id in [&introduced, &shipped, &withdrawn] {
        assert_eq!(uploads_of(&sim, id), 1, "document {id}");
    }
    let body = sim.with(|esf| esf.uploads[0].invoice_body.clone());
    assert!(
        body.contains(NUMBER),
        "the import names its declaration: {body}"
    );
    assert_valid_requests(&sim);

    // IS ESF is down: the next document's exchange waits, and is delivered once it is back.
    sim.stop().await;
    let (second, status) = world
        .document(
            MAKER,
            json!({ "kind": "withdrawal", "reason": "OWN_USE", "units": [c[3]] }),
        )
        .await;
    assert_eq!(status, "applied");
    handle_events(&node).await;
    assert!(node.deliver_next().await.expect("attempted"));
    let pending = world.db.outbox("pending", 10).await.expect("outbox");
    assert_eq!(pending.len(), 1, "the createSession waits");
    assert!(pending[0].attempts >= 1);
    sim.restart().await.expect("back");
    sim.set_mode(Mode::Normal);
    deliver_all(&node, &world.db, LIMIT).await;
    assert_eq!(uploads_of(&sim, &second), 1);
    for id in [&introduced, &shipped, &withdrawn] {
        assert_eq!(uploads_of(&sim, id), 1, "still once: {id}");
    }
    assert!(
        world
            .db
            .outbox("dead", 10)
            .await
            .expect("outbox")
            .is_empty()
    );
    assert_eq!(
        world
            .db
            .adapter_events("done", 10)
            .await
            .expect("events")
            .len(),
        4
    );
}
