//! Real rule sets answer through the sandbox exactly as their native tests say, and survive a
//! round trip through the precompiled-code cache.

use tanba_plugin_host::types::{Sale, Severity};
use tanba_plugin_host::{LoadedRuleSet, PluginEngine};
use tanba_sandbox_tests::{code, context, engine, load, manifest, product};

const GTIN: &str = "04600000000015";

fn tobacco(engine: &PluginEngine) -> LoadedRuleSet {
    load(
        engine,
        "tanba-rules-tobacco",
        manifest("tobacco", "tobacco", 16, 100),
    )
    .expect("loads")
}

#[test]
fn tobacco_describes_itself() {
    let engine = engine();
    let rules = tobacco(&engine);
    let info = rules.info();
    assert_eq!(info.id, "tobacco");
    assert_eq!(info.product_groups, ["tobacco"]);
    assert!(info.checks.iter().any(|c| c == "TOBACCO_PRICE_OVER_MRP"));
}

#[test]
fn tobacco_finds_what_a_block_code_lacks_in_three_languages() {
    let engine = engine();
    let rules = tobacco(&engine);
    let findings = rules
        .check_code(
            &code(GTIN, "abc", &[]),
            &product(GTIN, "tobacco"),
            &context(),
        )
        .expect("answers");
    let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "TOBACCO_SERIAL_LENGTH",
            "TOBACCO_MRP_MISSING",
            "TOBACCO_TAIL"
        ]
    );
    let mrp = &findings[1];
    assert!(matches!(mrp.severity, Severity::Error));
    assert_eq!(mrp.path, "/elements/8005");
    assert!(mrp.message.kk.contains("AI 8005") && mrp.message.ru.contains("AI 8005"));
    assert_ne!(mrp.message.kk, mrp.message.ru);
}

#[test]
fn tobacco_refuses_a_sale_above_the_maximum_retail_price() {
    let engine = engine();
    let rules = tobacco(&engine);
    let block = code(GTIN, "abc1234", &[("8005", "095000"), ("93", "Ab1=")]);
    let sale = |price_tiyn| Sale {
        price_tiyn,
        now_unix_seconds: 0,
        today: context().today,
    };
    let at_mrp = rules
        .check_sale(&block, &product(GTIN, "tobacco"), &sale(95_000))
        .expect("answers");
    assert!(at_mrp.allowed && at_mrp.findings.is_empty());
    let over = rules
        .check_sale(&block, &product(GTIN, "tobacco"), &sale(96_000))
        .expect("answers");
    assert!(!over.allowed);
    assert_eq!(over.findings[0].code, "TOBACCO_PRICE_OVER_MRP");
}

#[test]
fn precompiled_code_loads_and_answers_the_same() {
    let engine = engine();
    let rules = tobacco(&engine);
    let bytes = rules.precompiled().expect("serialises");
    let again = LoadedRuleSet::from_precompiled(&engine, rules.manifest().clone(), &bytes)
        .expect("deserialises");
    let bad = code(GTIN, "abc", &[]);
    let first = rules
        .check_code(&bad, &product(GTIN, "tobacco"), &context())
        .expect("a");
    let second = again
        .check_code(&bad, &product(GTIN, "tobacco"), &context())
        .expect("b");
    assert_eq!(first.len(), second.len());
}
