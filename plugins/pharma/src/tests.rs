use super::*;
use tanba_plugin_sdk::{Severity, marking_code, testing};

const GTIN: &str = "04607028393849";
const CRYPTO: &str = "MDEGCCqFAwcBAQICBCAJqQSL3Z3TaeqphgCFsmV2mPg=";

fn today() -> Date {
    Date {
        year: 2026,
        month: 11,
        day: 24,
    }
}

fn context() -> Context {
    testing::context_on(today(), Vec::new())
}

fn product() -> Product {
    Product {
        gtin: GTIN.into(),
        product_group: "pharma".into(),
        tn_ved: "3004900002".into(),
        name: tanba_plugin_sdk::text("дәрі", "лекарство", "medicine"),
        shelf_life_days: Some(730),
        attributes: Vec::new(),
    }
}

/// A complete code expiring on `expiry` (AI 17), with `drop` left out and `set` overriding.
fn code_with(expiry: &str, drop: &str, set: &[(&str, &str)]) -> MarkingCode {
    let mut parts = vec![
        ("10", "AB1234"),
        ("17", expiry),
        ("91", "ffd0"),
        ("92", CRYPTO),
    ];
    parts.retain(|(ai, _)| *ai != drop);
    for (ai, value) in set {
        parts
            .iter_mut()
            .filter(|(a, _)| a == ai)
            .for_each(|p| p.1 = *value);
    }
    marking_code(GTIN, "0104TMPa(z)%k", &parts)
}

fn good(expiry: &str) -> MarkingCode {
    code_with(expiry, "", &[])
}

fn codes(findings: &[Finding]) -> Vec<(&str, &str)> {
    testing::finding_codes(findings)
}

fn document(kind: &str, lines: Vec<MarkingCode>) -> Document {
    testing::document(kind, lines, vec![product()])
}

fn sale() -> Sale {
    Sale {
        price_tiyn: 100_000,
        now_unix_seconds: 0,
        today: today(),
    }
}

#[test]
fn a_complete_code_has_no_findings() {
    assert!(Pharma::check_code(good("271231"), product(), context()).is_empty());
}

#[test]
fn every_missing_or_wrong_part_is_named_with_its_path() {
    for (code, expected) in [
        (
            marking_code(GTIN, "short", &[]),
            vec![
                ("PHARMA_SERIAL_LENGTH", "/serial"),
                ("PHARMA_BATCH_MISSING", "/elements/10"),
                ("PHARMA_EXPIRY_MISSING", "/elements/17"),
                ("PHARMA_TAIL_KEY_ID", "/elements/91"),
                ("PHARMA_TAIL_CRYPTO", "/elements/92"),
            ],
        ),
        (
            code_with("271231", "10", &[]),
            vec![("PHARMA_BATCH_MISSING", "/elements/10")],
        ),
        (
            code_with("271399", "", &[]),
            vec![("PHARMA_EXPIRY_FORMAT", "/elements/17")],
        ),
        (
            code_with("271231", "", &[("91", "FFD")]),
            vec![("PHARMA_TAIL_KEY_ID", "/elements/91")],
        ),
        (
            code_with("271231", "", &[("92", &CRYPTO[..43])]),
            vec![("PHARMA_TAIL_CRYPTO", "/elements/92")],
        ),
    ] {
        let findings = Pharma::check_code(code, product(), context());
        assert_eq!(codes(&findings), expected);
        assert!(
            findings
                .iter()
                .all(|f| matches!(f.severity, Severity::Error))
        );
        assert!(findings.iter().all(|f| f.message.kk != f.message.ru));
    }
}

#[test]
fn expired_goods_are_not_introduced_and_the_expiry_day_itself_is_still_good() {
    let doc = document(
        "introduction-production",
        vec![good("261123"), good("261124"), good("270101")],
    );
    let findings = Pharma::check_document(doc, context());
    assert_eq!(
        codes(&findings),
        [
            ("PHARMA_EXPIRED", "/lines/0/code/elements/17"),
            ("PHARMA_EXPIRES_SOON", "/lines/1/code/elements/17"),
        ]
    );
    assert!(matches!(findings[0].severity, Severity::Error));
    assert!(matches!(findings[1].severity, Severity::Warning));
    assert!(findings[0].message.ru.contains("2026-11-23"));
    assert!(findings[1].message.en.contains("0 days"));
}

#[test]
fn thirty_days_left_is_a_warning_thirty_one_is_not() {
    // 2026-12-24 is 30 days after 2026-11-24; AI 17 day 00 is the last day of the month.
    let doc = document(
        "introduction-import",
        vec![
            good("261224"),
            good("261225"),
            good("261100"),
            good("261000"),
        ],
    );
    let findings = Pharma::check_document(doc, context());
    assert_eq!(
        codes(&findings),
        [
            ("PHARMA_EXPIRES_SOON", "/lines/0/code/elements/17"),
            ("PHARMA_EXPIRES_SOON", "/lines/2/code/elements/17"),
            ("PHARMA_EXPIRED", "/lines/3/code/elements/17"),
        ]
    );
}

#[test]
fn other_documents_check_the_codes_but_not_the_expiry() {
    let doc = document(
        "shipment",
        vec![good("261001"), code_with("271231", "10", &[])],
    );
    assert_eq!(
        codes(&Pharma::check_document(doc, context())),
        [("PHARMA_BATCH_MISSING", "/lines/1/code/elements/10")]
    );
}

#[test]
fn expired_or_undated_goods_are_not_sold() {
    let on_the_day = Pharma::check_sale(good("261124"), product(), sale());
    assert!(on_the_day.allowed && on_the_day.findings.is_empty());
    let day_zero = Pharma::check_sale(good("261100"), product(), sale());
    assert!(day_zero.allowed);
    let expired = Pharma::check_sale(good("261123"), product(), sale());
    assert!(!expired.allowed);
    assert_eq!(
        codes(&expired.findings),
        [("PHARMA_EXPIRED", "/elements/17")]
    );
    assert!(expired.findings[0].message.en.contains("may not be sold"));
    let undated = Pharma::check_sale(code_with("", "17", &[]), product(), sale());
    assert!(!undated.allowed);
    assert_eq!(undated.findings[0].code, "PHARMA_EXPIRY_MISSING");
}

#[test]
fn describe_lists_every_check_it_can_produce() {
    let info = Pharma::describe();
    assert_eq!(info.id, "pharma");
    assert_eq!(info.product_groups, ["pharma"]);
    assert_eq!(info.checks.len(), 8);
    assert!(info.checks.iter().all(|c| c.starts_with("PHARMA_")));
}
