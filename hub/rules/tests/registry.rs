//! Deploy, activate, hot-swap and roll back rule sets against a real database, with two
//! registries standing for two hub nodes sharing it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tanba_plugin_host::{PluginError, PluginPackage, sign_package};
use tanba_rules::{DeployOutcome, RuleRegistry, RulesError};
use tanba_sandbox_tests::registry::{
    OPERATOR, answering, echo, echo_v1_active_of_two, key, manifest, package, registry,
};
use tanba_sandbox_tests::{code, context, engine, product};
use tanba_testkit::TestDb;

#[tokio::test]
async fn deploy_activate_swap_and_roll_back() {
    let db = TestDb::migrated().await;
    let registry = registry(&db).await;
    assert_eq!(answering(&registry), None, "nothing active yet");

    for version in [1, 2] {
        let outcome = registry
            .deploy(echo(version), OPERATOR)
            .await
            .expect("deploys");
        assert!(matches!(outcome, DeployOutcome::Stored { .. }));
    }
    assert!(matches!(
        registry
            .deploy(echo(1), OPERATOR)
            .await
            .expect("idempotent"),
        DeployOutcome::AlreadyStored { .. }
    ));

    registry
        .activate("echo", "1.0.0", &[], OPERATOR)
        .await
        .expect("activates");
    assert_eq!(answering(&registry).as_deref(), Some("ECHO_V1"));
    let in_flight = registry.rule_set("echo").expect("active");

    registry
        .activate("echo", "2.0.0", &[], OPERATOR)
        .await
        .expect("swaps");
    assert_eq!(answering(&registry).as_deref(), Some("ECHO_V2"));
    assert_eq!(
        in_flight.manifest().version.to_string(),
        "1.0.0",
        "a call in flight keeps its version"
    );

    let back = registry
        .rollback("echo", OPERATOR)
        .await
        .expect("rolls back");
    assert_eq!(back.version, "1.0.0");
    assert_eq!(answering(&registry).as_deref(), Some("ECHO_V1"));
}

#[tokio::test]
async fn an_activation_on_one_node_reaches_the_other() {
    let db = TestDb::migrated().await;
    let node_a = registry(&db).await;
    let node_b = Arc::new(RuleRegistry::new(db.pool(), engine()));
    let following = node_b.follow();
    node_a.deploy(echo(1), OPERATOR).await.expect("deploys");
    node_a.deploy(echo(2), OPERATOR).await.expect("deploys");

    for (version, expected) in [("1.0.0", "ECHO_V1"), ("2.0.0", "ECHO_V2")] {
        node_a
            .activate("echo", version, &[], OPERATOR)
            .await
            .expect("activates");
        let deadline = Instant::now() + Duration::from_secs(10);
        while answering(&node_b).as_deref() != Some(expected) && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(
            answering(&node_b).as_deref(),
            Some(expected),
            "node B follows node A"
        );
    }
    following.abort();
}

#[tokio::test]
async fn a_restarted_node_loads_the_active_version_from_cached_code() {
    let db = TestDb::migrated().await;
    let first = registry(&db).await;
    first.deploy(echo(2), OPERATOR).await.expect("deploys");
    first
        .activate("echo", "2.0.0", &[], OPERATOR)
        .await
        .expect("activates");
    drop(first);

    let restarted = RuleRegistry::new(db.pool(), engine());
    restarted.reload().await.expect("reloads");
    assert_eq!(answering(&restarted).as_deref(), Some("ECHO_V2"));
    let cached: i64 = db
        .pool()
        .client()
        .await
        .expect("client")
        .query_one("select count(*) from plugin_compiled", &[])
        .await
        .expect("count")
        .get(0);
    assert_eq!(
        cached, 1,
        "one compiled artefact, reused rather than compiled again"
    );
}

/// A package to deploy, and the error it must get.
type RefusalCase = (&'static str, PluginPackage, fn(&RulesError) -> bool);

async fn stored_packages(db: &TestDb) -> i64 {
    db.pool()
        .client()
        .await
        .expect("client")
        .query_one("select count(*) from plugin_packages", &[])
        .await
        .expect("count")
        .get(0)
}

#[tokio::test]
async fn refused_packages_leave_nothing_behind() {
    let db = TestDb::migrated().await;
    let registry = registry(&db).await;
    registry
        .register_publisher(
            "pharma-regulator",
            key(2).verifying_key().to_bytes(),
            &["pharma".into()],
            OPERATOR,
        )
        .await
        .expect("second publisher");

    let unknown = package(
        "tanba-echo-v1",
        &manifest("echo", "1.0.0", "echo"),
        &key(9),
        "nobody",
    );
    let other_group = package(
        "tanba-echo-v1",
        &manifest("echo", "1.0.0", "echo"),
        &key(2),
        "pharma-regulator",
    );
    let mut forged = echo(1);
    forged.signature.signature[0] ^= 1;
    let lying = package(
        "tanba-echo-v1",
        &manifest("echo", "3.0.0", "echo"),
        &key(1),
        "echo-regulator",
    );
    let hostile_imports = PluginPackage {
        component: wat_component_with_import(),
        ..package(
            "tanba-echo-v1",
            &manifest("echo", "4.0.0", "echo"),
            &key(1),
            "echo-regulator",
        )
    };
    let resigned = {
        let m = manifest("echo", "4.0.0", "echo");
        PluginPackage {
            signature: sign_package(
                m.as_bytes(),
                &hostile_imports.component,
                &key(1),
                "echo-regulator",
            ),
            ..hostile_imports
        }
    };

    let cases: Vec<RefusalCase> = vec![
        ("unknown publisher", unknown, |e| {
            matches!(e, RulesError::Plugin(PluginError::UnknownPublisher { .. }))
        }),
        ("another group's publisher", other_group, |e| {
            matches!(
                e,
                RulesError::Plugin(PluginError::PublisherNotAllowed { .. })
            )
        }),
        ("forged signature", forged, |e| {
            matches!(e, RulesError::Plugin(PluginError::BadSignature))
        }),
        ("describe says 1.0.0, manifest 3.0.0", lying, |e| {
            matches!(e, RulesError::Plugin(PluginError::DescribeMismatch { .. }))
        }),
        ("imports WASI", resigned, |e| {
            matches!(e, RulesError::Plugin(PluginError::Imports { .. }))
        }),
    ];
    for (case, package, expected) in cases {
        let err = registry.deploy(package, OPERATOR).await.expect_err(case);
        assert!(expected(&err), "{case}: {err}");
    }
    assert_eq!(stored_packages(&db).await, 0, "nothing stored");

    registry
        .deploy(echo(1), OPERATOR)
        .await
        .expect("the honest one deploys");
    let changed = package(
        "tanba-echo-v2",
        &manifest("echo", "1.0.0", "echo"),
        &key(1),
        "echo-regulator",
    );
    let err = registry
        .deploy(changed, OPERATOR)
        .await
        .expect_err("same version, other content");
    assert!(matches!(err, RulesError::VersionExists { .. }), "{err}");
    let err = registry
        .activate("echo", "1.0.0", &["pharma".into()], OPERATOR)
        .await
        .expect_err("not its group");
    assert!(matches!(err, RulesError::NotForGroup { .. }), "{err}");
    let err = registry
        .rollback("echo", OPERATOR)
        .await
        .expect_err("nothing before");
    assert!(matches!(err, RulesError::NothingToRollBack { .. }), "{err}");
}

fn wat_component_with_import() -> Vec<u8> {
    // A component importing a WASI interface: the host must refuse it before storing.
    let text = "(component (import \"wasi:filesystem/preopens@0.2.0\" (instance)))";
    wat_bytes(text)
}

fn wat_bytes(text: &str) -> Vec<u8> {
    wat::parse_str(text).expect("valid component text")
}

#[tokio::test]
async fn swapping_versions_under_continuous_calls_fails_no_call() {
    let db = TestDb::migrated().await;
    let registry = echo_v1_active_of_two(&db).await;

    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let caller = {
        let registry = registry.clone();
        let stop = stop.clone();
        std::thread::spawn(move || {
            let (mut calls, mut seen) = (0u32, std::collections::BTreeSet::new());
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                seen.insert(answering(&registry).expect("a rule set is always active"));
                calls += 1;
            }
            (calls, seen)
        })
    };
    for round in 0..10 {
        let version = if round % 2 == 0 { "2.0.0" } else { "1.0.0" };
        registry
            .activate("echo", version, &[], OPERATOR)
            .await
            .expect("swaps");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (calls, seen) = caller.join().expect("no call failed");
    assert!(calls > 10, "the caller kept calling: {calls}");
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), ["ECHO_V1", "ECHO_V2"]);
}

#[tokio::test]
async fn a_shadow_candidate_answers_beside_the_active_one_and_disagreements_are_kept() {
    let db = TestDb::migrated().await;
    let registry = echo_v1_active_of_two(&db).await;
    let (gtin, card, ctx) = (
        "04600000000015",
        product("04600000000015", "echo"),
        context(),
    );
    let check = |serial: &'static str| {
        let registry = registry.clone();
        let card = card.clone();
        let ctx = ctx.clone();
        async move {
            registry
                .check_code("echo", &code(gtin, serial, &[]), &card, &ctx)
                .await
                .expect("answers")
                .expect("echo has an active rule set")
        }
    };

    registry
        .start_shadow("echo", "1.0.0", "echo", OPERATOR)
        .await
        .expect("same version shadows");
    check("a").await;
    assert!(
        registry
            .shadow_report("echo", 10)
            .await
            .expect("report")
            .is_empty(),
        "no disagreement with itself"
    );

    registry
        .start_shadow("echo", "2.0.0", "echo", OPERATOR)
        .await
        .expect("candidate shadows");
    let answer = check("b").await;
    assert_eq!(answer[0].code, "ECHO_V1", "only the active answer counts");
    check("c").await;
    let report = registry.shadow_report("echo", 10).await.expect("report");
    assert_eq!(report.len(), 2);
    let newest = &report[0];
    assert_eq!(
        (newest.active.as_str(), newest.candidate.as_str()),
        ("echo@1.0.0", "echo@2.0.0")
    );
    assert_eq!(newest.active_verdict[0]["code"], "ECHO_V1");
    assert_eq!(newest.candidate_verdict[0]["code"], "ECHO_V2");
    assert_eq!(newest.input_sha256.len(), 32);
    assert_ne!(
        report[0].input_sha256, report[1].input_sha256,
        "different inputs, different hashes"
    );

    assert!(registry.stop_shadow("echo", OPERATOR).await.expect("stops"));
    check("d").await;
    assert_eq!(
        registry
            .shadow_report("echo", 10)
            .await
            .expect("report")
            .len(),
        2
    );
    let err = registry
        .start_shadow("echo", "2.0.0", "pharma", OPERATOR)
        .await
        .expect_err("not its group");
    assert!(matches!(err, RulesError::NotForGroup { .. }), "{err}");
}
