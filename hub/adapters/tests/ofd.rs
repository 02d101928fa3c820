//! The fiscal-data (OFD) adapter through the hub, end to end (issue 7; R13, R2): a receipt in
//! the OFD simulator's feed, the scheduled `receipts-poll` job run by the hub, the receipt a
//! retail-sale document with the receipt's fields (sold_at, cash register, fiscal sign,
//! prices), each code RETIRED with its history naming that document; a second receipt of a
//! code already sold is applied code by code: the new code is sold, the sold one is a
//! suspected clone with a signal for the regulator.

mod support;

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use support::probe::{RETAILER, caller, code};
use support::{deliver_all, documents, operator_key, signed_package};
use tanba_adapters::{
    AdapterConfig, Adapters, AdaptersSettings, DeliverySettings, EndpointSettings, ReqwestClient,
};
use tanba_domain::CheckDigitPolicy;
use tanba_domain::emission::MasterSecret;
use tanba_plugin_host::{EngineSettings, PluginEngine};
use tanba_registry::Registry;
use tanba_sim_gov::ofd::{self, FEED_PATH};
use tanba_store::Database;
use tanba_testkit::TestDb;

const LIMIT: Duration = Duration::from_secs(20);

/// A retailer owning `codes` introduced codes of a tobacco product (with the tobacco rule set
/// active when `tobacco_rules`), and the hub's adapters with the OFD adapter reading the
/// simulator's feed.
async fn stand(
    feed: &tanba_sim_kit::Sim<ofd::Feed>,
    codes: usize,
    tobacco_rules: bool,
) -> (
    TestDb,
    Database,
    Adapters,
    tanba_documents::Documents,
    tempfile::TempDir,
) {
    let test_db = TestDb::migrated().await;
    let db = test_db.pool();
    operator_key(&db).await;
    let client = db.client().await.expect("client");
    client
        .batch_execute(&format!(
            "insert into participants (id, kind, names, roles, product_groups, status)
             values ('{RETAILER}', 'bin', '{{\"kk\":\"Дүкен\",\"ru\":\"Магазин\"}}',
                     array['retailer'], '{{}}', 'active');
             insert into product_groups (id, names, serial_length, serial_alphabet, tail)
             values ('tobacco', '{{\"kk\":\"Темекі\",\"ru\":\"Табак\",\"en\":\"Tobacco\"}}',
                     8, 'A-Z0-9', '93');
             insert into products (gtin, product_group, owner, names)
             values ('{gtin}', 'tobacco', '{RETAILER}',
                     '{{\"kk\":\"Темекі\",\"ru\":\"Сигареты\",\"en\":\"Cigarettes\"}}');",
            gtin = support::probe::GTIN,
        ))
        .await
        .expect("participant and product");
    let keys: Vec<String> = (0..codes).map(code).collect();
    client
        .execute(
            "insert into units (key, status, owner)
             select k, 'INTRODUCED', $2 from unnest($1::text[]) as k",
            &[&keys, &RETAILER],
        )
        .await
        .expect("units");
    let manifest = "id = \"ofd\"\nkind = \"adapter\"\nversion = \"0.1.0\"\n\
        wit = \"tanba:adapter@1.1.0\"\n";
    let package = signed_package(
        manifest,
        &tanba_testkit::guest_component("tanba-adapter-ofd"),
    );
    let mut config = AdapterConfig {
        package: Some(package.path().to_path_buf()),
        ..AdapterConfig::default()
    };
    config.endpoints.insert(
        "ofd-feed".into(),
        EndpointSettings {
            url: feed.url(FEED_PATH),
            timeout_ms: Some(2_000),
            ..EndpointSettings::default()
        },
    );
    let mut settings = AdaptersSettings {
        enabled: true,
        delivery: DeliverySettings {
            max_attempts: 4,
            base_delay_ms: 20,
            max_delay_ms: 100,
            poll_ms: 20,
        },
        ..AdaptersSettings::default()
    };
    settings.installed.insert("ofd".into(), config);
    let engine = PluginEngine::new(&EngineSettings::default()).expect("engine");
    let documents = if tobacco_rules {
        with_tobacco_rules(&db, &engine).await
    } else {
        documents(&db, &engine)
    };
    let master = MasterSecret::new(vec![9; 32]).expect("master secret");
    let registry = Registry::new(db.clone(), master, CheckDigitPolicy::Strict);
    let http = Arc::new(ReqwestClient::from_settings(&settings).expect("endpoints"));
    let adapters = Adapters::load(
        db.clone(),
        registry,
        documents.clone(),
        &engine,
        &settings,
        http,
    )
    .await
    .expect("the OFD adapter loads");
    (test_db, db, adapters, documents, package)
}

/// The documents service with the bundled tobacco rule set active for `tobacco`.
async fn with_tobacco_rules(db: &Database, engine: &PluginEngine) -> tanba_documents::Documents {
    let rules = Arc::new(tanba_rules::RuleRegistry::new(db.clone(), engine.clone()));
    tanba_sandbox_tests::registry::activate_bundled(&rules, "tobacco", "tobacco").await;
    let catalogue = Arc::new(tanba_i18n::Catalogue::embedded().expect("catalogue"));
    tanba_documents::Documents::new(db.clone(), rules, catalogue)
}

/// Runs the poll job to its end and processes every document it submitted.
async fn poll(adapters: &Adapters, db: &Database, documents: &tanba_documents::Documents) {
    adapters
        .run_job_now("ofd", "receipts-poll")
        .await
        .expect("started");
    deliver_all(adapters, db, LIMIT).await;
    while documents.process_next(None).await.expect("processed") {}
}

/// The document an adapter submitted for `receipt`: its id, status and findings.
async fn sale_of(db: &Database, receipt: &str) -> (uuid::Uuid, String, Value, Value) {
    let row = db
        .client()
        .await
        .expect("client")
        .query_one(
            "select id, status, findings, convert_from(body, 'UTF8')::jsonb from documents
             where origin_adapter = 'ofd' and external_id = $1",
            &[&receipt],
        )
        .await
        .expect("the receipt's document");
    (row.get(0), row.get(1), row.get(2), row.get(3))
}

async fn unit(db: &Database, key: &str) -> (String, Vec<(String, uuid::Uuid)>) {
    let client = db.client().await.expect("client");
    let status: String = client
        .query_one("select status from units where key = $1", &[&key])
        .await
        .expect("unit")
        .get(0);
    let history = client
        .query(
            "select event, cause_id from unit_history where unit = $1 order by id",
            &[&key],
        )
        .await
        .expect("history")
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    (status, history)
}

#[tokio::test]
async fn a_receipt_retires_its_codes_and_a_code_sold_again_is_a_suspected_clone() {
    let feed = ofd::start().await.expect("simulator");
    let (_test_db, db, adapters, documents, _package) = stand(&feed, 3, false).await;
    let (sold, other, later) = (code(0), code(1), code(2));

    // A receipt of two codes at 520.00 tenge each.
    let first = ofd::sale(
        "R-1",
        RETAILER,
        "2026-11-25T09:15:00Z",
        &[&sold, &other],
        52_000,
    );
    feed.with(|f| f.receipts.push(first));
    poll(&adapters, &db, &documents).await;
    let (id, status, findings, body) = sale_of(&db, "R-1").await;
    assert_eq!(status, "applied", "{findings}");
    assert_eq!(findings, serde_json::json!([]));
    assert_eq!(body["kind"], "retail_sale");
    assert_eq!(body["sold_at"], "2026-11-25T09:15:00Z");
    assert_eq!(body["cash_register"], "SWK00033717");
    assert_eq!(body["prices_tiyn"], serde_json::json!([52_000, 52_000]));
    for key in [&sold, &other] {
        let (status, history) = unit(&db, key).await;
        assert_eq!(status, "RETIRED");
        assert_eq!(history, [("RETAIL_SALE".to_owned(), id)], "{key}");
    }
    // The retailer reads the document like any of its own.
    let view = documents
        .get(&caller(RETAILER), &id.to_string())
        .await
        .expect("the retailer reads its sale");
    assert_eq!(view.status, "applied");

    // A second receipt: the sold code again, and a code still in circulation.
    let second = ofd::sale(
        "R-2",
        RETAILER,
        "2026-11-25T10:40:00Z",
        &[&sold, &later],
        52_000,
    );
    feed.with(|f| f.receipts.push(second));
    poll(&adapters, &db, &documents).await;
    let (id2, status, findings, _) = sale_of(&db, "R-2").await;
    assert_eq!(
        status, "applied",
        "per code, not all or nothing: {findings}"
    );
    let findings = findings.as_array().expect("findings").clone();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["code"], "SALE_SUSPECTED_CLONE");
    assert_eq!(findings[0]["severity"], "warning");
    assert_eq!(findings[0]["path"], "/units/0");
    let kk = findings[0]["message"]["kk"].as_str().unwrap_or_default();
    assert!(kk.contains(&sold) && kk.contains("клон"), "{kk}");
    assert_eq!(unit(&db, &later).await.0, "RETIRED");
    let (_, history) = unit(&db, &sold).await;
    assert_eq!(history.len(), 1, "the clone is not sold twice: {history:?}");

    // The regulator's signal names the code, the group, why, and the second receipt.
    let signals = db.clone_signals(None, None, 10).await.expect("signals");
    assert_eq!(signals.len(), 1, "{signals:?}");
    let signal = &signals[0];
    assert_eq!(
        (
            signal.unit.as_str(),
            signal.product_group.as_str(),
            signal.source.as_str(),
            signal.reason.as_deref(),
            signal.document,
        ),
        (
            sold.as_str(),
            "tobacco",
            "retail-sale",
            Some("SOLD_TWICE"),
            Some(id2)
        )
    );
}

/// R13: `check-sale` runs per code, by each code's own product group, on the code as scanned
/// at the till. The tobacco rule set sells a pack under its maximum retail price (element
/// 8005), refuses one over it, and one whose scan carried no price; a code of a group without
/// a rule set on the same receipt is sold.
#[tokio::test]
async fn check_sale_decides_each_code_by_its_own_group() {
    let feed = ofd::start().await.expect("simulator");
    let (_test_db, db, adapters, documents, _package) = stand(&feed, 3, true).await;
    let shoes = "01048700000000292100000001";
    db.client()
        .await
        .expect("client")
        .batch_execute(&format!(
            "insert into product_groups (id, names, serial_length, serial_alphabet, tail)
             values ('shoes', '{{\"kk\":\"Аяқ киім\",\"ru\":\"Обувь\",\"en\":\"Shoes\"}}',
                     8, '0-9', '93');
             insert into products (gtin, product_group, owner, names)
             values ('04870000000029', 'shoes', '{RETAILER}',
                     '{{\"kk\":\"Етік\",\"ru\":\"Сапоги\",\"en\":\"Boots\"}}');
             insert into units (key, status, owner) values ('{shoes}', 'INTRODUCED', '{RETAILER}');"
        ))
        .await
        .expect("a second group");
    let gtin = support::probe::GTIN;
    let unpriced = code(0);
    let under = format!("(01){gtin}(21)P0000001(8005)060000");
    let over = format!("(01){gtin}(21)P0000002(8005)050000");
    let receipt = ofd::sale(
        "R-9",
        RETAILER,
        "2026-11-25T11:00:00Z",
        &[&unpriced, &under, &over, shoes],
        52_000,
    );
    feed.with(|f| f.receipts.push(receipt));
    poll(&adapters, &db, &documents).await;
    let (_, status, findings, _) = sale_of(&db, "R-9").await;
    assert_eq!(status, "applied", "{findings}");
    let mut refused: Vec<(String, String)> = findings
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            assert_eq!(f["severity"], "warning", "{f}");
            assert_eq!(f["source"], "tobacco@0.1.0", "{f}");
            (
                f["path"].as_str().unwrap_or_default().to_owned(),
                f["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    refused.dedup_by(|a, b| a.0 == b.0);
    assert_eq!(refused.len(), 2, "{findings}");
    assert!(refused[0].0 == "/units/0" && refused[0].1.starts_with("TOBACCO_MRP"));
    assert_eq!(
        refused[1],
        ("/units/2".to_owned(), "TOBACCO_PRICE_OVER_MRP".to_owned())
    );
    let status_of = |n: usize| {
        let key = code(n);
        let db = db.clone();
        async move { unit(&db, &key).await.0 }
    };
    assert_eq!(status_of(0).await, "INTRODUCED");
    assert_eq!(status_of(1).await, "RETIRED");
    assert_eq!(status_of(2).await, "INTRODUCED");
    assert_eq!(unit(&db, shoes).await.0, "RETIRED");
    assert!(
        db.clone_signals(None, None, 10)
            .await
            .expect("signals")
            .is_empty()
    );
}
