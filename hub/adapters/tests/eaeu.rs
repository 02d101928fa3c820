//! The EAEU adapter through a running hub, end to end on loopback (issue 7, R12): the real hub
//! (HTTP API, document worker, adapters' event runner and outbox delivery) with the signed EAEU
//! adapter, and the EAEU integration gateway simulator (`tanba-sim-gov`).
//!
//! - an export to another member state, applied in the hub, becomes a movement in the
//!   Commission-modelled structure (valid against `adapters/eaeu/schema`; the shared schemas
//!   have none for the EAEU) that the outbox delivers to the gateway, which acknowledges it;
//! - a movement the gateway sends to `/soap/eaeu/eaeu-inbound` becomes an `eaeu_import`
//!   document that the hub's checks apply, introducing the codes; a redelivery changes nothing;
//!   a malformed one, or one for a consignee the hub does not know, is a SOAP Fault naming the
//!   problem, with nothing applied;
//! - while the gateway is down the messages wait, and each arrives once when it is back.

mod support;

use std::future::Future;
use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};
use support::{operator_key, signed_package};
use tanba_adapters::{AdapterConfig, AdaptersSettings, DeliverySettings, EndpointSettings};
use tanba_domain::CheckDigitPolicy;
use tanba_domain::emission::MasterSecret;
use tanba_registry::{ParticipantInput, Registry};
use tanba_sim_gov::{Sim, eaeu};
use tanba_store::Database;
use tanba_testkit::{TestApp, TestDb, spawn_app_on, test_config};
use tanba_xsd_check::Schema;

const EXPORTER: &str = "200540000009";
const IMPORTER: &str = "040740000001";
const GATEWAY: &str = "110440000006";
/// A Belarusian buyer's UNP.
const BUYER: &str = "190000001";
const LIMIT: Duration = Duration::from_secs(20);

/// A code of a Kazakh GTIN.
fn code(n: usize) -> String {
    format!("0104870000000012215E{n:06}")
}

/// The hub with the EAEU adapter and the gateway simulator.
struct Stand {
    app: TestApp,
    _db: TestDb,
    pool: Database,
    gateway: Sim<eaeu::Gateway>,
    exporter: String,
    gov: String,
    _package: tempfile::TempDir,
}

fn participant(id: &str, role: &str) -> ParticipantInput {
    serde_json::from_value(json!({
        "id": id,
        "names": { "kk": format!("Қатысушы {id}"), "ru": format!("Участник {id}") },
        "roles": [role],
    }))
    .expect("participant")
}

async fn stand() -> Stand {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    operator_key(&pool).await;
    let manifest = format!(
        "id = \"eaeu\"\nkind = \"adapter\"\nversion = \"0.1.0\"\nwit = \"{}\"\n",
        tanba_plugin_host::ADAPTER_WIT
    );
    let package = signed_package(
        &manifest,
        &tanba_testkit::guest_component("tanba-adapter-eaeu"),
    );
    let gateway = eaeu::start().await.expect("the gateway simulator");
    let mut eaeu = AdapterConfig {
        package: Some(package.path().to_path_buf()),
        ..AdapterConfig::default()
    };
    eaeu.endpoints.insert(
        "eaeu-outbound".into(),
        EndpointSettings {
            url: gateway.url(eaeu::MOVEMENTS_PATH),
            timeout_ms: Some(2_000),
            ..EndpointSettings::default()
        },
    );
    let mut config = test_config(&db.url());
    config.adapters = AdaptersSettings {
        enabled: true,
        delivery: DeliverySettings {
            max_attempts: 1_000,
            base_delay_ms: 20,
            max_delay_ms: 200,
            poll_ms: 20,
        },
        ..AdaptersSettings::default()
    };
    config.adapters.installed.insert("eaeu".into(), eaeu);
    let master = MasterSecret::new(vec![9; 32]).expect("master secret");
    let registry = Registry::new(pool.clone(), master, CheckDigitPolicy::AcceptNcaTestIds);
    for (id, role) in [
        (EXPORTER, "manufacturer"),
        (IMPORTER, "importer"),
        (GATEWAY, "government-system"),
    ] {
        registry
            .register_participant(None, participant(id, role))
            .await
            .expect("participant");
    }
    let exporter = registry.issue_token(EXPORTER, "test").await.expect("token");
    let gov = registry.issue_token(GATEWAY, "test").await.expect("token");
    let app = spawn_app_on(config).await;
    Stand {
        app,
        _db: db,
        pool,
        gateway,
        exporter,
        gov,
        _package: package,
    }
}

impl Stand {
    /// `units` of `owner` in `status`.
    async fn units(&self, owner: &str, status: &str, units: &[String]) {
        self.pool
            .client()
            .await
            .expect("client")
            .execute(
                "insert into units (key, status, owner) select k, $2, $3 from unnest($1::text[]) k",
                &[&units, &status, &owner],
            )
            .await
            .expect("units");
    }

    /// Submits an export of `units` to Belarus through the API; its id.
    async fn export(&self, units: &[String]) -> String {
        let body = json!({
            "kind": "eaeu_export",
            "country": "BY",
            "consignee_taxpayer_id": BUYER,
            "units": units,
        });
        let response = self
            .app
            .http
            .post(format!("{}/api/v1/documents", self.app.address))
            .bearer_auth(&self.exporter)
            .json(&body)
            .send()
            .await
            .expect("sent");
        assert_eq!(response.status().as_u16(), 202);
        let answer: Value = response.json().await.expect("json");
        answer["id"].as_str().expect("an id").to_owned()
    }

    /// Sends `movement` as the gateway does; the hub's status and answer.
    async fn send(&self, movement: &str) -> (u16, String) {
        let url = format!("{}/soap/eaeu/eaeu-inbound", self.app.address);
        eaeu::send_to_hub(&url, &self.gov, movement)
            .await
            .expect("the hub answers")
    }

    async fn one<T: for<'a> tokio_postgres::types::FromSql<'a>>(
        &self,
        sql: &str,
        params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    ) -> Option<T> {
        let client = self.pool.client().await.expect("client");
        let row = client.query_opt(sql, params).await.expect("query");
        row.map(|r| r.get(0))
    }

    /// The document's status once decided.
    async fn decided(&self, id: &str) -> (String, Value) {
        let id = uuid::Uuid::parse_str(id).expect("uuid");
        eventually("the document is decided", || async {
            let client = self.pool.client().await.expect("client");
            let row = client
                .query_one(
                    "select status, findings from documents where id = $1",
                    &[&id],
                )
                .await
                .expect("document");
            let status: String = row.get(0);
            (status == "applied" || status == "rejected").then(|| (status, row.get(1)))
        })
        .await
    }

    async fn status(&self, unit: &str) -> String {
        self.one("select status from units where key = $1", &[&unit])
            .await
            .expect("the unit")
    }

    async fn outbox(&self, status: &str) -> i64 {
        self.one(
            "select count(*) from adapter_outbox where adapter = 'eaeu' and status = $1",
            &[&status],
        )
        .await
        .unwrap_or_default()
    }
}

/// Polls `check` until it gives a value, for at most [`LIMIT`].
async fn eventually<T, F: Future<Output = Option<T>>>(what: &str, check: impl Fn() -> F) -> T {
    let started = std::time::Instant::now();
    while started.elapsed() < LIMIT {
        if let Some(value) = check().await {
            return value;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("{what}: not within {LIMIT:?}");
}

fn schema() -> Schema {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../adapters/eaeu/schema/MarkedGoodsMovement.xsd");
    Schema::load(&path).expect("the EAEU adapter's schema")
}

#[tokio::test]
async fn an_export_reaches_the_member_states_gateway_as_a_movement() {
    let s = stand().await;
    let units = [code(1), code(2)];
    s.units(EXPORTER, "INTRODUCED", &units).await;

    let id = s.export(&units).await;
    let (status, findings) = s.decided(&id).await;
    assert_eq!(status, "applied", "{findings}");
    for unit in &units {
        assert_eq!(s.status(unit).await, "WITHDRAWN", "R12: the goods left");
    }
    let accepted = eventually("the gateway accepts the movement", || async {
        let accepted = s.gateway.with(|g| g.accepted.clone());
        (!accepted.is_empty()).then_some(accepted)
    })
    .await;
    assert_eq!(
        accepted,
        std::slice::from_ref(&id),
        "EDocId is the hub's document id"
    );

    let received = s.gateway.received();
    assert_eq!(received.len(), 1, "{received:?}");
    let movement = &received[0];
    assert_eq!(
        movement.idempotency_key.as_deref(),
        Some(format!("eaeu-{id}").as_str())
    );
    assert_eq!(
        schema().validate(movement.body.as_bytes(), &[]),
        Ok(()),
        "{}",
        movement.body
    );
    let body = &movement.body;
    for part in [
        format!(
            "<mgm:ConsignorDetails><mgm:UnifiedCountryCode>KZ</mgm:UnifiedCountryCode>\
             <mgm:TaxpayerId>{EXPORTER}</mgm:TaxpayerId></mgm:ConsignorDetails>"
        ),
        format!(
            "<mgm:ConsigneeDetails><mgm:UnifiedCountryCode>BY</mgm:UnifiedCountryCode>\
             <mgm:TaxpayerId>{BUYER}</mgm:TaxpayerId></mgm:ConsigneeDetails>"
        ),
        format!("<mgm:UnitIdentifier>{}</mgm:UnitIdentifier>", units[0]),
        format!("<mgm:UnitIdentifier>{}</mgm:UnitIdentifier>", units[1]),
    ] {
        assert!(body.contains(&part), "{part} in {body}");
    }
    eventually("the outbox row is delivered", || async {
        (s.outbox("delivered").await == 1).then_some(())
    })
    .await;
    assert_eq!(s.outbox("pending").await + s.outbox("dead").await, 0);
}

#[tokio::test]
async fn a_movement_from_a_member_state_is_imported_once_and_a_bad_one_is_a_fault() {
    let s = stand().await;
    // Codes the importer ordered here for its Russian supplier, who put them on the goods.
    let units = [code(10), code(11)];
    s.units(IMPORTER, "APPLIED", &units).await;
    let edoc = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    let refs: Vec<&str> = units.iter().map(String::as_str).collect();
    let movement =
        eaeu::incoming_movement(edoc, "2026-11-24", ("RU", "7707083893"), IMPORTER, &refs);
    assert_eq!(schema().validate(movement.as_bytes(), &[]), Ok(()));

    let (status, answer) = s.send(&movement).await;
    assert_eq!(status, 200, "{answer}");
    assert!(answer.contains("commands=\"1\""), "{answer}");
    let id: uuid::Uuid = s
        .one(
            "select id from documents where origin_adapter = 'eaeu' and external_id = $1",
            &[&edoc],
        )
        .await
        .expect("the import document");
    let (decided, findings) = s.decided(&id.to_string()).await;
    assert_eq!(decided, "applied", "{findings}");
    let body: Value = s
        .one(
            "select convert_from(body, 'UTF8')::jsonb from documents where id = $1",
            &[&id],
        )
        .await
        .expect("body");
    assert_eq!(
        (
            &body["kind"],
            &body["country_of_origin"],
            &body["shipment_date"],
            &body["consignor_taxpayer_id"]
        ),
        (
            &json!("eaeu_import"),
            &json!("RU"),
            &json!("2026-11-24"),
            &json!("7707083893")
        )
    );
    let sender: String = s
        .one("select sender from documents where id = $1", &[&id])
        .await
        .expect("sender");
    assert_eq!(sender, IMPORTER);
    for unit in &units {
        assert_eq!(
            s.status(unit).await,
            "INTRODUCED",
            "R12: in circulation here"
        );
    }

    // The gateway sends it again: nothing changes.
    let (status, answer) = s.send(&movement).await;
    assert_eq!(status, 200, "a redelivery is harmless: {answer}");
    let history = "select count(*) from unit_history where unit = $1";
    let documents = "select count(*) from documents";
    assert_eq!(s.one::<i64>(documents, &[]).await, Some(1));
    assert_eq!(s.one::<i64>(history, &[&units[0]]).await, Some(1));

    // A movement whose date is not a date, broken XML, and a consignee the hub does not know:
    // each a SOAP Fault (Client) naming the problem, nothing stored.
    let other = "9a1bc2de-0000-4000-8000-00000000000b";
    let more = [code(12)];
    s.units(IMPORTER, "APPLIED", &more).await;
    let refs: Vec<&str> = more.iter().map(String::as_str).collect();
    let good = eaeu::incoming_movement(other, "2026-11-24", ("BY", "190000001"), IMPORTER, &refs);
    let undated = good.replace(
        "<mgm:ShipmentDate>2026-11-24</mgm:ShipmentDate>",
        "<mgm:ShipmentDate>24.11.2026</mgm:ShipmentDate>",
    );
    let broken = &good[..good.len() / 2];
    let stranger = eaeu::incoming_movement(
        other,
        "2026-11-24",
        ("BY", "190000001"),
        "991240000009",
        &refs,
    );
    for (message, code, names) in [
        (undated.as_str(), "EAEU_MESSAGE_INVALID", "ShipmentDate"),
        (broken, "XML_MALFORMED", "XML"),
        (
            stranger.as_str(),
            "ADAPTER_DOCUMENT_REFUSED",
            "DOCUMENT_SENDER_UNKNOWN",
        ),
    ] {
        let (status, fault) = s.send(message).await;
        assert_eq!(status, 400, "{fault}");
        assert!(
            fault.contains("<faultcode>soap:Client</faultcode>"),
            "{fault}"
        );
        assert!(
            fault.contains(&format!("code=\"{code}\"")),
            "{code}: {fault}"
        );
        for lang in ["kk", "ru", "en"] {
            assert!(fault.contains(&format!("xml:lang=\"{lang}\"")), "{fault}");
        }
        assert!(fault.contains(names), "the fault names {names}: {fault}");
    }
    assert_eq!(s.one::<i64>(documents, &[]).await, Some(1));
    assert_eq!(s.status(&more[0]).await, "APPLIED", "nothing applied");
}

#[tokio::test]
async fn exports_wait_while_the_gateway_is_down_and_each_arrives_once() {
    let mut s = stand().await;
    let units: Vec<String> = (20..23).map(code).collect();
    s.units(EXPORTER, "INTRODUCED", &units).await;
    s.gateway.stop().await;

    let mut ids = Vec::new();
    for unit in &units {
        let id = s.export(std::slice::from_ref(unit)).await;
        assert_eq!(s.decided(&id).await.0, "applied");
        ids.push(id);
    }
    // The hub has tried each more than once, and keeps them.
    let tried = "select count(*) from adapter_outbox where adapter = 'eaeu' and attempts >= 2";
    eventually(
        "every message was tried while the gateway was down",
        || async { (s.one::<i64>(tried, &[]).await == Some(3)).then_some(()) },
    )
    .await;
    assert_eq!(s.outbox("dead").await, 0);
    assert_eq!(s.outbox("delivered").await, 0);

    s.gateway.restart().await.expect("the gateway is back");
    eventually("every message is delivered", || async {
        (s.outbox("delivered").await == 3).then_some(())
    })
    .await;
    let mut accepted = s.gateway.with(|g| g.accepted.clone());
    accepted.sort();
    ids.sort();
    assert_eq!(accepted, ids);
    let mut keys: Vec<String> = s
        .gateway
        .received()
        .into_iter()
        .filter_map(|r| r.idempotency_key)
        .collect();
    keys.sort();
    let expected: Vec<String> = ids.iter().map(|id| format!("eaeu-{id}")).collect();
    assert_eq!(keys, expected, "each once");
}
