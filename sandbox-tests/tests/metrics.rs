//! Every rule-set call is counted by plugin, version, function and outcome.

use prometheus_client::encoding::text::encode;
use prometheus_client::registry::Registry;
use tanba_sandbox_tests::{code, context, engine, load, manifest, product};

const GTIN: &str = "04600000000015";

#[test]
fn calls_findings_and_failures_are_counted_per_plugin() {
    let engine = engine();
    let mut registry = Registry::with_prefix("tanba");
    engine.metrics().register(&mut registry);
    let hostile = load(
        &engine,
        "tanba-hostile-guest",
        manifest("hostile", "hostile", 8, 100),
    )
    .expect("loads");
    let card = product(GTIN, "hostile");
    for serial in ["fine", "fine", "loop", "panic", "oom"] {
        let _ = hostile.check_code(&code(GTIN, serial, &[]), &card, &context());
    }
    let mut text = String::new();
    encode(&mut text, &registry).expect("encodes");
    let labels = r#"plugin="hostile",version="0.1.0",function="check-code""#;
    for (outcome, count) in [("ok", 2), ("timeout", 1), ("trap", 1), ("out_of_memory", 1)] {
        let line = format!("tanba_plugin_calls_total{{{labels},outcome=\"{outcome}\"}} {count}");
        assert!(text.contains(&line), "{line} in\n{text}");
    }
    assert!(
        text.contains(&format!("tanba_plugin_findings_total{{{labels}}} 2")),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "tanba_plugin_call_duration_seconds_count{{{labels}}} 5"
        )),
        "{text}"
    );
}
