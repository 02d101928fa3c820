//! The dairy rule set through the real host: 6- or 13-character serials, AI 93, a short shelf
//! life, and no expired goods introduced or sold.

use tanba_plugin_host::types::{MarkingCode, Product, Sale, Severity};
use tanba_plugin_host::{LoadedRuleSet, PluginEngine};
use tanba_sandbox_tests::{code, context, document, engine, load, manifest, product};

const GTIN: &str = "04870001234565";

fn dairy(engine: &PluginEngine) -> LoadedRuleSet {
    load(
        engine,
        "tanba-rules-dairy",
        manifest("dairy", "dairy", 16, 100),
    )
    .expect("loads")
}

fn kefir(serial: &str, expiry: &str) -> MarkingCode {
    code(
        GTIN,
        serial,
        &[("17", expiry), ("3103", "000950"), ("93", "dGx+")],
    )
}

fn card(shelf_life_days: Option<u32>) -> Product {
    Product {
        shelf_life_days,
        ..product(GTIN, "dairy")
    }
}

fn found(findings: &[tanba_plugin_host::types::Finding]) -> Vec<(&str, &str)> {
    findings
        .iter()
        .map(|f| (f.code.as_str(), f.path.as_str()))
        .collect()
}

#[test]
fn dairy_describes_itself() {
    let engine = engine();
    let info = dairy(&engine).info().clone();
    assert_eq!(info.id, "dairy");
    assert_eq!(info.product_groups, ["dairy"]);
    assert!(info.checks.iter().all(|c| c.starts_with("DAIRY_")));
}

#[test]
fn dairy_checks_the_code_and_the_shelf_life() {
    let engine = engine();
    let rules = dairy(&engine);
    for serial in ["Ab(1)%", "0000000000013"] {
        let findings = rules
            .check_code(&kefir(serial, "261210"), &card(Some(21)), &context())
            .expect("answers");
        assert!(findings.is_empty(), "{serial}: {findings:?}");
    }
    let findings = rules
        .check_code(&code(GTIN, "1234567", &[]), &card(None), &context())
        .expect("answers");
    assert_eq!(
        found(&findings),
        [
            ("DAIRY_SERIAL_LENGTH", "/serial"),
            ("DAIRY_TAIL", "/elements/93"),
            ("DAIRY_EXPIRY_MISSING", "/elements/17"),
            ("DAIRY_SHELF_LIFE_MISSING", "/product/shelf-life-days"),
        ]
    );
    let findings = rules
        .check_code(&kefir("123456", "270115"), &card(Some(90)), &context())
        .expect("answers");
    assert_eq!(
        found(&findings),
        [("DAIRY_SHELF_LIFE_TOO_LONG", "/product/shelf-life-days")]
    );
    let suspect = rules
        .check_code(&kefir("123456", "261231"), &card(Some(14)), &context())
        .expect("answers");
    assert_eq!(
        found(&suspect),
        [("DAIRY_EXPIRY_BEYOND_SHELF_LIFE", "/elements/17")]
    );
    assert!(matches!(suspect[0].severity, Severity::Warning));
    assert_ne!(suspect[0].message.kk, suspect[0].message.ru);
}

#[test]
fn dairy_refuses_to_introduce_expired_goods() {
    let engine = engine();
    let rules = dairy(&engine);
    let doc = document(
        "introduction-production",
        vec![kefir("123456", "261123"), kefir("123456", "261124")],
        vec![card(Some(10))],
    );
    let findings = rules.check_document(&doc, &context()).expect("answers");
    assert_eq!(
        found(&findings),
        [("DAIRY_EXPIRED", "/lines/0/code/elements/17")]
    );
    assert!(matches!(findings[0].severity, Severity::Error));
}

#[test]
fn dairy_blocks_a_sale_after_the_expiry_date() {
    let engine = engine();
    let rules = dairy(&engine);
    let sale = Sale {
        price_tiyn: 45_000,
        now_unix_seconds: context().now_unix_seconds,
        today: context().today,
    };
    let on_the_day = rules
        .check_sale(&kefir("123456", "261124"), &card(Some(10)), &sale)
        .expect("answers");
    assert!(on_the_day.allowed && on_the_day.findings.is_empty());
    let day_after = rules
        .check_sale(&kefir("123456", "261123"), &card(Some(10)), &sale)
        .expect("answers");
    assert!(!day_after.allowed);
    assert_eq!(
        found(&day_after.findings),
        [("DAIRY_EXPIRED", "/elements/17")]
    );
}
