//! The pharmaceuticals rule set through the real host: code structure, expiry at introduction
//! and at sale, as its native tests say.

use tanba_plugin_host::types::{MarkingCode, Sale, Severity};
use tanba_plugin_host::{LoadedRuleSet, PluginEngine};
use tanba_sandbox_tests::{code, context, document, engine, load, manifest, product};

const GTIN: &str = "04607028393849";
const CRYPTO: &str = "MDEGCCqFAwcBAQICBCAJqQSL3Z3TaeqphgCFsmV2mPg=";

fn pharma(engine: &PluginEngine) -> LoadedRuleSet {
    load(
        engine,
        "tanba-rules-pharma",
        manifest("pharma", "pharma", 16, 100),
    )
    .expect("loads")
}

fn medicine(expiry: &str) -> MarkingCode {
    code(
        GTIN,
        "0104TMPa(z)%k",
        &[
            ("10", "AB1234"),
            ("17", expiry),
            ("91", "FFD0"),
            ("92", CRYPTO),
        ],
    )
}

#[test]
fn pharma_describes_itself() {
    let engine = engine();
    let rules = pharma(&engine);
    let info = rules.info();
    assert_eq!(info.id, "pharma");
    assert_eq!(info.product_groups, ["pharma"]);
    for check in [
        "PHARMA_EXPIRED",
        "PHARMA_EXPIRES_SOON",
        "PHARMA_TAIL_CRYPTO",
    ] {
        assert!(info.checks.iter().any(|c| c == check), "{check}");
    }
}

#[test]
fn pharma_finds_what_a_code_lacks_in_three_languages() {
    let engine = engine();
    let rules = pharma(&engine);
    let product = product(GTIN, "pharma");
    assert!(
        rules
            .check_code(&medicine("271231"), &product, &context())
            .expect("answers")
            .is_empty()
    );
    let findings = rules
        .check_code(
            &code(GTIN, "0104TMP", &[("91", "FFD0")]),
            &product,
            &context(),
        )
        .expect("answers");
    let found: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f.code.as_str(), f.path.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("PHARMA_SERIAL_LENGTH", "/serial"),
            ("PHARMA_BATCH_MISSING", "/elements/10"),
            ("PHARMA_EXPIRY_MISSING", "/elements/17"),
            ("PHARMA_TAIL_CRYPTO", "/elements/92"),
        ]
    );
    let batch = &findings[1];
    assert!(matches!(batch.severity, Severity::Error));
    assert!(batch.message.kk.contains("AI 10") && batch.message.en.contains("AI 10"));
    assert_ne!(batch.message.kk, batch.message.ru);
}

#[test]
fn pharma_refuses_to_introduce_expired_goods_and_warns_of_near_expiry() {
    let engine = engine();
    let rules = pharma(&engine);
    let doc = document(
        "introduction-import",
        vec![medicine("261123"), medicine("261124"), medicine("271231")],
        vec![product(GTIN, "pharma")],
    );
    let findings = rules.check_document(&doc, &context()).expect("answers");
    let found: Vec<(&str, &str, bool)> = findings
        .iter()
        .map(|f| {
            let error = matches!(f.severity, Severity::Error);
            (f.code.as_str(), f.path.as_str(), error)
        })
        .collect();
    assert_eq!(
        found,
        [
            ("PHARMA_EXPIRED", "/lines/0/code/elements/17", true),
            ("PHARMA_EXPIRES_SOON", "/lines/1/code/elements/17", false),
        ]
    );
}

#[test]
fn pharma_refuses_to_sell_expired_goods() {
    let engine = engine();
    let rules = pharma(&engine);
    let sale = Sale {
        price_tiyn: 250_000,
        now_unix_seconds: context().now_unix_seconds,
        today: context().today,
    };
    let product = product(GTIN, "pharma");
    let today = rules
        .check_sale(&medicine("261124"), &product, &sale)
        .expect("answers");
    assert!(today.allowed && today.findings.is_empty());
    let day_zero = rules
        .check_sale(&medicine("261100"), &product, &sale)
        .expect("answers");
    assert!(day_zero.allowed, "day 00 of November is 2026-11-30");
    let expired = rules
        .check_sale(&medicine("261031"), &product, &sale)
        .expect("answers");
    assert!(!expired.allowed);
    assert_eq!(expired.findings[0].code, "PHARMA_EXPIRED");
    assert_eq!(expired.findings[0].path, "/elements/17");
}
