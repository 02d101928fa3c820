//! Inbound SOAP (issue 7): a government system posts to an adapter's declared inbound
//! endpoint over a running hub; the adapter's commands are applied in one transaction, a
//! redelivery changes nothing, and a refused message (unsafe XML, the adapter's fault, a
//! refused document) is a SOAP 1.1 Fault naming the problem in kk/ru/en with nothing applied.
//! Plus the operator's "run now" of an adapter job.

use ed25519_dalek::SigningKey;
use serde_json::json;
use tanba_adapters::{AdapterConfig, AdaptersSettings, EndpointSettings};
use tanba_plugin_host::{ADAPTER_SCOPE, PluginPackage, sign_package};
use tanba_registry::ParticipantInput;
use tanba_store::StoredPublisher;
use tanba_testkit::{TestApp, TestDb, spawn_app_on, test_config};

const GOV: &str = "110440000006";
const MAKER: &str = "200540000009";
const OPERATOR: &str = "000140000002";
const CODE: &str = "0104870000000012215ABCDEFG";
const WSDL: &str = "<?xml version=\"1.0\"?><definitions xmlns=\"http://schemas.xmlsoap.org/wsdl/\" name=\"probe\"/>";

struct Stand {
    app: TestApp,
    db: TestDb,
    gov: String,
    maker: String,
    operator: String,
    _package: tempfile::TempDir,
}

fn participant(id: &str, role: &str) -> ParticipantInput {
    serde_json::from_value(json!({
        "id": id,
        "names": { "kk": format!("Қатысушы {id}"), "ru": format!("Участник {id}") },
        "roles": [role],
        "product_groups": [],
    }))
    .expect("participant")
}

/// A hub with the probe adapter (signed by an `@adapters` key) and its inbound endpoint.
async fn stand() -> Stand {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let key = SigningKey::from_bytes(&[7; 32]);
    let publisher = StoredPublisher {
        key_id: "operator".into(),
        public_key: key.verifying_key().to_bytes().to_vec(),
        product_groups: vec![ADAPTER_SCOPE.into()],
    };
    pool.put_publisher(&publisher, "test")
        .await
        .expect("publisher");
    let package = tempfile::tempdir().expect("tempdir");
    let sha: String = tanba_pki::DigestAlgorithm::Sha256
        .digest(WSDL.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let manifest = format!(
        "id = \"probe\"\nkind = \"adapter\"\nversion = \"1.0.0\"\nwit = \"tanba:adapter@1.1.0\"\n\
         wsdl_sha256 = \"{sha}\"\n"
    );
    std::fs::write(package.path().join("service.wsdl"), WSDL).expect("wsdl");
    let component = tanba_testkit::guest_component("tanba-adapter-probe");
    std::fs::write(package.path().join("manifest.toml"), &manifest).expect("manifest");
    std::fs::write(package.path().join("component.wasm"), &component).expect("component");
    let signature = sign_package(manifest.as_bytes(), &component, &key, "operator");
    PluginPackage::write_signature(package.path(), &signature).expect("signature");

    let mut config = test_config(&db.url());
    let mut probe = AdapterConfig {
        package: Some(package.path().to_path_buf()),
        ..AdapterConfig::default()
    };
    probe.endpoints.insert(
        "receiver".into(),
        EndpointSettings {
            url: "http://127.0.0.1:9/".into(),
            ..EndpointSettings::default()
        },
    );
    config.adapters = AdaptersSettings {
        enabled: true,
        ..AdaptersSettings::default()
    };
    config.adapters.installed.insert("probe".into(), probe);
    let registry = tanba::registry(&config, pool.clone()).expect("registry");
    for (id, role) in [
        (GOV, "government-system"),
        (MAKER, "manufacturer"),
        (OPERATOR, "operator"),
    ] {
        registry
            .register_participant(None, participant(id, role))
            .await
            .expect("participant");
    }
    pool.client()
        .await
        .expect("client")
        .execute(
            "insert into units (key, status, owner) values ($1, 'INTRODUCED', $2)",
            &[&CODE, &MAKER],
        )
        .await
        .expect("unit");
    let token = |id: &'static str| {
        let registry = registry.clone();
        async move { registry.issue_token(id, "test").await.expect("token") }
    };
    let (gov, maker, operator) = (token(GOV).await, token(MAKER).await, token(OPERATOR).await);
    let app = spawn_app_on(config).await;
    Stand {
        app,
        db,
        gov,
        maker,
        operator,
        _package: package,
    }
}

impl Stand {
    async fn post(&self, path: &str, token: &str, body: &str) -> (u16, String) {
        let response = self
            .app
            .http
            .post(format!("{}{path}", self.app.address))
            .bearer_auth(token)
            .header("content-type", "text/xml; charset=utf-8")
            .header("accept-language", "kk")
            .body(body.to_owned())
            .send()
            .await
            .expect("sent");
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }

    async fn count(&self, sql: &str) -> i64 {
        self.db
            .pool()
            .client()
            .await
            .expect("client")
            .query_one(sql, &[])
            .await
            .expect("count")
            .get(0)
    }
}

fn receipt(id: &str, seller: &str, code: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>\
         <receipt id=\"{id}\" seller=\"{seller}\"><code>{code}</code></receipt>\
         </soap:Body></soap:Envelope>"
    )
}

#[tokio::test]
async fn a_government_systems_message_is_applied_once_and_refusals_are_soap_faults() {
    let s = stand().await;
    let path = "/soap/probe/inbox";

    let (status, body) = s.post(path, &s.gov, &receipt("R-1", MAKER, CODE)).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("commands=\"1\""), "{body}");
    let (status, _) = s.post(path, &s.gov, &receipt("R-1", MAKER, CODE)).await;
    assert_eq!(status, 200, "a redelivery is harmless");
    let stored =
        "select count(*) from documents where origin_adapter = 'probe' and sender = '200540000009'";
    assert_eq!(s.count(stored).await, 1);

    // A participant that is no government system may not call it.
    let (status, _) = s.post(path, &s.maker, &receipt("R-2", MAKER, CODE)).await;
    assert_eq!(status, 403);

    // Unsafe XML never reaches the adapter.
    let doctype = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><receipt id=\"R-3\" seller=\"200540000009\"><code>&x;</code></receipt>";
    let (status, body) = s.post(path, &s.gov, doctype).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body.contains("<faultcode>soap:Client</faultcode>"),
        "{body}"
    );
    assert!(body.contains("code=\"SOAP_UNSAFE_XML\""), "{body}");
    for lang in ["kk", "ru", "en"] {
        assert!(body.contains(&format!("xml:lang=\"{lang}\"")), "{body}");
    }
    assert!(body.contains("DOCTYPE"), "{body}");

    // The adapter's own fault.
    let (status, body) = s.post(path, &s.gov, "<invoice/>").await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("code=\"PROBE_INBOUND\""), "{body}");

    // A document the hub refuses at the door: a fault, nothing stored.
    let (status, body) = s
        .post(path, &s.gov, &receipt("R-4", "030240000001", CODE))
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("ADAPTER_DOCUMENT_REFUSED"), "{body}");
    assert_eq!(s.count("select count(*) from documents").await, 1);
    let refused =
        "select count(*) from audit_log where action = 'adapter.inbound' and outcome = 'refused'";
    assert_eq!(s.count(refused).await, 3);

    // The WSDL its signed package carries; none for an adapter that is not here.
    let wsdl = s
        .app
        .http
        .get(format!("{}/soap/probe?wsdl", s.app.address))
        .bearer_auth(&s.gov)
        .send()
        .await
        .expect("sent");
    assert_eq!(wsdl.status().as_u16(), 200);
    assert_eq!(wsdl.text().await.expect("text"), WSDL);
    let none = s
        .app
        .http
        .get(format!("{}/soap/nobody?wsdl", s.app.address))
        .bearer_auth(&s.gov)
        .send()
        .await
        .expect("sent");
    assert_eq!(none.status().as_u16(), 404);

    // An endpoint the adapter does not declare inbound.
    let (status, body) = s.post("/soap/probe/receiver", &s.gov, "<a/>").await;
    assert_eq!(status, 404, "{body}");
    assert!(body.contains("ADAPTER_ENDPOINT_NOT_FOUND"), "{body}");
}

#[tokio::test]
async fn the_operator_runs_a_job_now() {
    let s = stand().await;
    let (status, body) = s
        .post("/api/v1/adapters/jobs/probe/submit/run", &s.operator, "")
        .await;
    assert_eq!(status, 202, "{body}");
    // Its settings name no document, so the run fails; what matters is that it ran.
    let ran = "select count(*) from adapter_jobs where adapter = 'probe' and job = 'submit'
                   and run_started_at is not null";
    assert_eq!(s.count(ran).await, 1);
    let (status, _) = s
        .post("/api/v1/adapters/jobs/probe/nothing/run", &s.operator, "")
        .await;
    assert_eq!(status, 404);
    let (status, _) = s
        .post("/api/v1/adapters/jobs/probe/submit/run", &s.maker, "")
        .await;
    assert_eq!(status, 403);
}

/// The probe at 2.0.0 as the operator uploads it, with `wsdl` as its WSDL.
fn probe_v2_upload(wsdl: &str, send_wsdl: bool) -> serde_json::Value {
    use base64::Engine as _;
    let key = SigningKey::from_bytes(&[7; 32]);
    let sha: String = tanba_pki::DigestAlgorithm::Sha256
        .digest(wsdl.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let manifest = format!(
        "id = \"probe\"\nkind = \"adapter\"\nversion = \"2.0.0\"\nwit = \"tanba:adapter@1.1.0\"\n\
         wsdl_sha256 = \"{sha}\"\n"
    );
    let component = tanba_testkit::guest_component("tanba-adapter-probe-v2");
    let signature = sign_package(manifest.as_bytes(), &component, &key, "operator");
    let hex: String = signature
        .signature
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut upload = json!({
        "manifest": manifest,
        "component": base64::engine::general_purpose::STANDARD.encode(&component),
        "key_id": "operator",
        "ed25519": hex,
    });
    if send_wsdl {
        upload["wsdl"] = json!(wsdl);
    }
    upload
}

/// Issue 7, R17: the operator deploys, activates and rolls back adapter versions over REST,
/// like rule sets; the WSDL served is the active package's.
#[tokio::test]
async fn the_operator_deploys_activates_and_rolls_back_an_adapter_version() {
    let s = stand().await;
    let http = &s.app.http;
    let url = |path: &str| format!("{}{path}", s.app.address);
    let wsdl_v2 = WSDL.replace("name=\"probe\"", "name=\"probe-2\"");
    let served = || async {
        let response = http
            .get(url("/soap/probe?wsdl"))
            .bearer_auth(&s.gov)
            .send()
            .await
            .expect("wsdl");
        response.text().await.expect("text")
    };
    assert_eq!(served().await, WSDL);

    // Only the operator; a package without the WSDL its manifest names is refused (kk).
    let deploy = |token: &str, body: serde_json::Value| {
        http.post(url("/api/v1/adapters/packages"))
            .bearer_auth(token)
            .header("accept-language", "kk")
            .json(&body)
            .send()
    };
    let refused = deploy(&s.maker, probe_v2_upload(&wsdl_v2, true))
        .await
        .expect("sent");
    assert_eq!(refused.status().as_u16(), 403);
    let refused = deploy(&s.operator, probe_v2_upload(&wsdl_v2, false))
        .await
        .expect("sent");
    assert_eq!(refused.status().as_u16(), 422);
    let problem: serde_json::Value = refused.json().await.expect("problem");
    assert_eq!(problem["code"], "PLUGIN_WSDL_MISMATCH", "{problem}");
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("манифес")),
        "{problem}"
    );
    let stored = deploy(&s.operator, probe_v2_upload(&wsdl_v2, true))
        .await
        .expect("sent");
    assert_eq!(stored.status().as_u16(), 201);

    // Activated: this node serves v2's WSDL at once, without a restart.
    let activated = http
        .put(url("/api/v1/adapters/probe/version"))
        .bearer_auth(&s.operator)
        .json(&json!({ "version": "2.0.0" }))
        .send()
        .await
        .expect("sent");
    assert_eq!(activated.status().as_u16(), 204);
    assert_eq!(served().await, wsdl_v2);
    let listed: serde_json::Value = http
        .get(url("/api/v1/adapters/packages"))
        .bearer_auth(&s.operator)
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("json");
    let active: Vec<_> = listed
        .as_array()
        .expect("list")
        .iter()
        .filter(|p| p["active"] == true)
        .map(|p| p["version"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(active, ["2.0.0"], "{listed}");

    // Rolled back to 1.0.0 and its WSDL; then nothing earlier than that.
    let (status, body) = s
        .post("/api/v1/adapters/probe/rollback", &s.operator, "")
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("1.0.0"), "{body}");
    assert_eq!(served().await, WSDL);
    // Audited: the refused deploy, the deploy, the activation, the rollback (the maker was
    // stopped by the permission matrix before the handler).
    let audited = "select count(*) from audit_log where action in
                       ('adapter.deploy', 'adapter.activate', 'adapter.rollback')";
    assert_eq!(s.count(audited).await, 4);
    let (status, body) = s
        .post("/api/v1/adapters/nobody/rollback", &s.operator, "")
        .await;
    assert_eq!(status, 409, "{body}");
}
