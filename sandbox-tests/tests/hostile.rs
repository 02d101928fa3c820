//! Each misbehaviour of a hostile rule set is contained: the call fails with the right error,
//! the hub goes on, the next call on the same rule set works, and other rule sets keep serving.

use std::time::{Duration, Instant};

use tanba_plugin_host::{LoadedRuleSet, PluginEngine, PluginError};
use tanba_sandbox_tests::{code, context, engine, load, manifest, product};

const GTIN: &str = "04600000000015";

fn hostile(engine: &PluginEngine) -> LoadedRuleSet {
    load(
        engine,
        "tanba-hostile-guest",
        manifest("hostile", "hostile", 8, 200),
    )
    .expect("loads")
}

fn call(rules: &LoadedRuleSet, serial: &str) -> Result<usize, PluginError> {
    rules
        .check_code(
            &code(GTIN, serial, &[]),
            &product(GTIN, "hostile"),
            &context(),
        )
        .map(|findings| findings.len())
}

fn assert_recovers(rules: &LoadedRuleSet) {
    assert_eq!(
        call(rules, "fine").expect("a normal call after a hostile one"),
        1
    );
}

#[test]
fn an_endless_loop_is_stopped_at_the_deadline() {
    let engine = engine();
    let rules = hostile(&engine);
    let started = Instant::now();
    let err = call(&rules, "loop").expect_err("never returns");
    assert!(
        matches!(err, PluginError::Timeout { millis: 200, .. }),
        "{err}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "stopped, not left running"
    );
    assert_recovers(&rules);
}

#[test]
fn a_rule_slow_only_on_some_inputs_fails_only_those() {
    let engine = engine();
    let rules = hostile(&engine);
    assert!(matches!(
        call(&rules, "slow"),
        Err(PluginError::Timeout { .. })
    ));
    for _ in 0..20 {
        assert_recovers(&rules);
    }
}

#[test]
fn unbounded_memory_growth_hits_the_limit() {
    let engine = engine();
    let rules = hostile(&engine);
    let err = call(&rules, "oom").expect_err("runs out");
    assert!(
        matches!(err, PluginError::OutOfMemory { mib: 8, .. }),
        "{err}"
    );
    assert_recovers(&rules);
}

#[test]
fn deep_recursion_traps_on_stack_overflow() {
    let engine = engine();
    let rules = hostile(&engine);
    let err = call(&rules, "recurse").expect_err("overflows");
    assert!(matches!(err, PluginError::Trap { .. }), "{err}");
    assert_recovers(&rules);
}

#[test]
fn a_panic_is_a_trap_not_a_crash() {
    let engine = engine();
    let rules = hostile(&engine);
    let err = call(&rules, "panic").expect_err("panics");
    let PluginError::Trap { reason, .. } = &err else {
        panic!("not a trap: {err}");
    };
    assert!(reason.contains("unreachable"), "{reason}");
    assert_recovers(&rules);
}

#[test]
fn a_flood_of_findings_is_refused() {
    let engine = engine();
    let rules = hostile(&engine);
    let err = call(&rules, "flood").expect_err("too much");
    // Either the guest runs out of its 8 MiB building the list, or the hub refuses the count.
    assert!(
        matches!(
            err,
            PluginError::OutOfMemory { .. } | PluginError::BadOutput { .. }
        ),
        "{err}"
    );
    assert_recovers(&rules);
}

#[test]
fn a_finding_without_texts_is_refused() {
    let engine = engine();
    let rules = hostile(&engine);
    let err = call(&rules, "bad-output").expect_err("no texts");
    assert!(matches!(err, PluginError::BadOutput { .. }), "{err}");
}

#[test]
fn other_rule_sets_keep_serving_while_one_misbehaves() {
    let engine = engine();
    let rules = std::sync::Arc::new(hostile(&engine));
    let tobacco = load(
        &engine,
        "tanba-rules-tobacco",
        manifest("tobacco", "tobacco", 16, 100),
    )
    .expect("tobacco loads");
    let busy = {
        let rules = rules.clone();
        std::thread::spawn(move || {
            for serial in ["loop", "oom", "panic", "recurse", "loop"] {
                assert!(call(&rules, serial).is_err());
            }
        })
    };
    let block = code(GTIN, "abc1234", &[("8005", "095000"), ("93", "Ab1=")]);
    for _ in 0..200 {
        let findings = tobacco
            .check_code(&block, &product(GTIN, "tobacco"), &context())
            .expect("tobacco answers");
        assert!(findings.is_empty());
    }
    busy.join().expect("hostile calls all failed cleanly");
}
