//! The footwear and light-industry rule set through the real host: one component serving two
//! product groups, checking crypto tails and TN VED codes against the hub's reference list.

use tanba_plugin_host::types::{MarkingCode, Product, Severity};
use tanba_plugin_host::{LoadedRuleSet, PluginEngine};
use tanba_sandbox_tests::{
    code, context, context_with, document, engine, load, manifest, manifest_for, product,
};

const GTIN: &str = "04650075190012";
const ALLOWED: &[&str] = &["6401", "6402", "6403", "6110"];

fn light(engine: &PluginEngine) -> LoadedRuleSet {
    load(
        engine,
        "tanba-rules-light-industry",
        manifest_for("light-industry", &["footwear", "light-industry"], 16, 100),
    )
    .expect("loads")
}

fn shoe() -> MarkingCode {
    code(
        GTIN,
        "5<e?!_Wq'3&*;",
        &[("91", "ee10"), ("92", &"AbCd+/01".repeat(11))],
    )
}

fn card(tn_ved: &str) -> Product {
    Product {
        tn_ved: tn_ved.into(),
        ..product(GTIN, "footwear")
    }
}

#[test]
fn light_industry_serves_both_groups_and_no_fewer() {
    let engine = engine();
    let info = light(&engine).info().clone();
    assert_eq!(info.id, "light-industry");
    assert_eq!(info.product_groups, ["footwear", "light-industry"]);
    assert!(
        info.checks
            .iter()
            .any(|c| c == "LIGHT_TN_VED_REFERENCE_MISSING")
    );
    // A manifest that grants only one of the groups it describes is refused.
    let one = load(
        &engine,
        "tanba-rules-light-industry",
        manifest("light-industry", "footwear", 16, 100),
    );
    assert!(one.is_err());
}

#[test]
fn light_industry_checks_the_tail_and_the_tn_ved_code() {
    let engine = engine();
    let rules = light(&engine);
    let allowed = context_with(&[("tn-ved-allowed", ALLOWED)]);
    assert!(
        rules
            .check_code(&shoe(), &card("6403990000"), &allowed)
            .expect("answers")
            .is_empty()
    );
    let pharma_tail = code(
        GTIN,
        "5<e?!_Wq'3&*;",
        &[("91", "ee10"), ("92", &"x".repeat(44))],
    );
    let findings = rules
        .check_code(&pharma_tail, &card("4202110000"), &allowed)
        .expect("answers");
    let found: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f.code.as_str(), f.path.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("LIGHT_TAIL_CRYPTO", "/elements/92"),
            ("LIGHT_TN_VED_NOT_ALLOWED", "/product/tn-ved"),
        ]
    );
    assert!(findings[1].message.ru.contains("4202110000"));
    assert_ne!(findings[1].message.kk, findings[1].message.ru);
}

#[test]
fn light_industry_refuses_when_the_reference_list_is_missing() {
    let engine = engine();
    let rules = light(&engine);
    let findings = rules
        .check_code(&shoe(), &card("6403990000"), &context())
        .expect("answers");
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].code, "LIGHT_TN_VED_REFERENCE_MISSING");
    assert!(matches!(findings[0].severity, Severity::Error));
}

#[test]
fn light_industry_checks_every_line_and_every_product_of_a_document() {
    let engine = engine();
    let rules = light(&engine);
    let doc = document(
        "introduction-production",
        vec![shoe(), code(GTIN, "short", &[("91", "ee10")])],
        vec![card("6110200000"), card("9503000000")],
    );
    let findings = rules
        .check_document(&doc, &context_with(&[("tn-ved-allowed", ALLOWED)]))
        .expect("answers");
    let found: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f.code.as_str(), f.path.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("LIGHT_SERIAL_LENGTH", "/lines/1/code/serial"),
            ("LIGHT_TAIL_CRYPTO", "/lines/1/code/elements/92"),
            ("LIGHT_TN_VED_NOT_ALLOWED", "/products/1/tn-ved"),
        ]
    );
}
