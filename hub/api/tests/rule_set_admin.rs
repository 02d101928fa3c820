//! Rule sets over REST (issue 4, R17): a sector regulator deploys, activates, rolls back and
//! shadow-runs its own product group's rule sets; another group's regulator and participants are
//! refused; the operator may act for every group; every action, refused ones too, is audited.

mod support;

use base64::Engine as _;
use ed25519_dalek::SigningKey;
use http::StatusCode;
use serde_json::{Value, json};
use support::*;
use tanba_plugin_host::{EngineSettings, PluginEngine, sign_package};
use tanba_registry::{Caller, ParticipantInput};
use tanba_rules::RuleRegistry;
use tanba_testkit::guest_component;

/// The regulator of the `echo` product group.
const ECHO_REGULATOR: &str = "120440000018";

/// The echo guest of `version` as an upload signed by `key` under `key_id`.
fn upload(version: u8, key: &SigningKey, key_id: &str) -> Value {
    let manifest = format!(
        "id = \"echo\"\nkind = \"rule-set\"\nversion = \"{version}.0.0\"\n\
         product_groups = [\"echo\"]\nwit = \"tanba:rules@1.0.0\"\n"
    );
    let component = guest_component(&format!("tanba-echo-v{version}"));
    let signature = sign_package(manifest.as_bytes(), &component, key, key_id);
    json!({
        "manifest": manifest,
        "component": base64::engine::general_purpose::STANDARD.encode(&component),
        "key_id": key_id,
        "ed25519": signature.signature.iter().map(|b| format!("{b:02x}")).collect::<String>(),
    })
}

async fn active_echo(w: &World) -> Option<String> {
    let (_, list) = w.call("GET", "/api/v1/rule-sets", "", None).await;
    list.as_array()?
        .iter()
        .find(|r| r["product_group"] == "echo")
        .and_then(|r| r["version"].as_str().map(str::to_owned))
}

/// The world plus the echo group's regulator (with a token) and its registered publisher key.
async fn echo_world() -> (World, String, SigningKey) {
    let w = world().await;
    let echo: tanba_registry::GroupSpec = serde_json::from_value(json!({
        "id": "echo",
        "names": { "kk": "Жаңғырық", "ru": "Эхо", "en": "Echo" },
        "serial": { "length": 7, "alphabet": "0123456789" },
        "tail": "93",
    }))
    .expect("a group");
    w.registry
        .put_group(&Caller::console(), echo)
        .await
        .expect("the echo group");
    let input: ParticipantInput = serde_json::from_value(json!({
        "id": ECHO_REGULATOR,
        "names": { "kk": "Эхо реттеушісі", "ru": "Регулятор эхо" },
        "roles": ["regulator"],
        "product_groups": ["echo"],
    }))
    .expect("a participant");
    w.registry
        .register_participant(Some(&Caller::console()), input)
        .await
        .expect("registered");
    let token = w
        .registry
        .issue_token(ECHO_REGULATOR, "test")
        .await
        .expect("a token");
    let key = SigningKey::from_bytes(&[7u8; 32]);
    let db = w.app.db.as_ref().expect("the test database");
    let engine = PluginEngine::new(&EngineSettings::default()).expect("an engine");
    RuleRegistry::new(db.pool(), engine)
        .register_publisher(
            "echo-reg",
            key.verifying_key().to_bytes(),
            &["echo".to_owned()],
            "test",
        )
        .await
        .expect("a publisher");
    (w, token, key)
}

#[tokio::test]
async fn a_regulator_governs_its_groups_rule_sets_and_nobody_elses() {
    let (w, echo, key) = echo_world().await;
    let packages = "/api/v1/rule-sets/packages";

    let (status, body) = w
        .call("POST", packages, &echo, Some(upload(1, &key, "echo-reg")))
        .await;
    assert_eq!(
        (status, &body["stored"]),
        (StatusCode::CREATED, &json!(true)),
        "{body}"
    );
    let (status, body) = w
        .call("POST", packages, &echo, Some(upload(1, &key, "echo-reg")))
        .await;
    assert_eq!(
        (status, &body["stored"]),
        (StatusCode::OK, &json!(false)),
        "a resubmission: {body}"
    );

    for (who, token, code) in [
        (
            "another group's regulator",
            &w.regulator,
            "NOT_REGULATOR_OF_GROUP",
        ),
        ("a manufacturer", &w.maker, "ROLE_NOT_ALLOWED"),
    ] {
        let (status, problem) = w
            .call("POST", packages, token, Some(upload(2, &key, "echo-reg")))
            .await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (StatusCode::FORBIDDEN, Some(code)),
            "{who}: {problem}"
        );
        let (status, _) = w
            .call(
                "PUT",
                "/api/v1/product-groups/echo/rule-set",
                token,
                Some(json!({ "plugin": "echo", "version": "1.0.0" })),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who} activates");
    }
    let stranger = SigningKey::from_bytes(&[9u8; 32]);
    let (status, problem) = w
        .call(
            "POST",
            packages,
            &echo,
            Some(upload(2, &stranger, "echo-reg")),
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("PLUGIN_SIGNATURE")),
        "signed by another key: {problem}"
    );

    let activate = |version: &str| json!({ "plugin": "echo", "version": version });
    let (status, _) = w
        .call(
            "PUT",
            "/api/v1/product-groups/echo/rule-set",
            &echo,
            Some(activate("1.0.0")),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(active_echo(&w).await.as_deref(), Some("1.0.0"));

    let (status, _) = w
        .call(
            "POST",
            packages,
            &w.operator,
            Some(upload(2, &key, "echo-reg")),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "the operator deploys for any group"
    );
    let (status, _) = w
        .call(
            "PUT",
            "/api/v1/product-groups/echo/rule-set",
            &echo,
            Some(activate("2.0.0")),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(active_echo(&w).await.as_deref(), Some("2.0.0"));
    let (status, previous) = w
        .call(
            "POST",
            "/api/v1/product-groups/echo/rule-set/rollback",
            &echo,
            None,
        )
        .await;
    assert_eq!(
        (status, &previous["version"]),
        (StatusCode::OK, &json!("1.0.0")),
        "{previous}"
    );
    assert_eq!(active_echo(&w).await.as_deref(), Some("1.0.0"));
    let (status, problem) = w
        .call(
            "PUT",
            "/api/v1/product-groups/echo/rule-set",
            &echo,
            Some(activate("3.0.0")),
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("RULES_UNKNOWN_PACKAGE")),
        "{problem}"
    );

    let (status, _) = w
        .call(
            "PUT",
            "/api/v1/product-groups/echo/shadow",
            &echo,
            Some(activate("2.0.0")),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, report) = w
        .call(
            "GET",
            "/api/v1/product-groups/echo/shadow/disagreements?limit=10",
            &echo,
            None,
        )
        .await;
    assert!(
        status == StatusCode::OK && report.is_array(),
        "{status} {report}"
    );
    let (status, _) = w
        .call("DELETE", "/api/v1/product-groups/echo/shadow", &echo, None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    let (_, seen) = w.call("GET", packages, &w.regulator, None).await;
    assert_eq!(
        seen,
        json!([]),
        "another group's regulator sees none of echo's packages"
    );
    let (_, seen) = w.call("GET", packages, &echo, None).await;
    let versions: Vec<&str> = seen
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|p| p["version"].as_str())
        .collect();
    assert_eq!(versions.len(), 2, "{seen}");
    assert!(
        seen.as_array()
            .expect("a list")
            .iter()
            .any(|p| p["active_for"] == json!(["echo"])),
        "{seen}"
    );

    let (_, audit) = w
        .call(
            "GET",
            &format!("/api/v1/audit?bin={REGULATOR}&limit=100"),
            &w.operator,
            None,
        )
        .await;
    assert!(
        audit["items"]
            .as_array()
            .expect("audit rows")
            .iter()
            .any(|r| r["action"] == "rule-set.deploy"
                && r["outcome"] == "refused:NOT_REGULATOR_OF_GROUP"),
        "a refused deployment is audited: {audit}"
    );
    let (_, audit) = w
        .call(
            "GET",
            &format!("/api/v1/audit?bin={ECHO_REGULATOR}&limit=100"),
            &w.operator,
            None,
        )
        .await;
    let actions: Vec<(String, String)> = audit["items"]
        .as_array()
        .expect("audit rows")
        .iter()
        .map(|r| {
            (
                r["action"].as_str().unwrap_or("").to_owned(),
                r["outcome"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    for expected in [
        ("rule-set.deploy", "ok"),
        ("rule-set.deploy", "refused:PLUGIN_SIGNATURE"),
        ("rule-set.activate", "ok"),
        ("rule-set.activate", "refused:RULES_UNKNOWN_PACKAGE"),
        ("rule-set.rollback", "ok"),
        ("rule-set.shadow", "ok"),
        ("rule-set.shadow-stop", "ok"),
    ] {
        assert!(
            actions
                .iter()
                .any(|(a, o)| (a.as_str(), o.as_str()) == expected),
            "{expected:?} is audited: {actions:?}"
        );
    }
}
