use super::*;
use tanba_plugin_sdk::{Date, Severity, marking_code, testing};

const GTIN: &str = "04650075190012";

fn crypto() -> String {
    "AbCd+/01".repeat(11)
}

fn context(allowed: Option<&[&str]>) -> Context {
    let reference = allowed
        .map(|list| {
            vec![(
                TN_VED_LIST.to_owned(),
                list.iter().map(|p| (*p).to_owned()).collect(),
            )]
        })
        .unwrap_or_default();
    let today = Date {
        year: 2026,
        month: 11,
        day: 24,
    };
    testing::context_on(today, reference)
}

fn allowed() -> Context {
    context(Some(&["6401", "6402", "6403", "6110"]))
}

fn product(tn_ved: &str) -> Product {
    Product {
        gtin: GTIN.into(),
        product_group: "footwear".into(),
        tn_ved: tn_ved.into(),
        name: text("етік", "сапоги", "boots"),
        shelf_life_days: None,
        attributes: Vec::new(),
    }
}

fn good() -> MarkingCode {
    marking_code(GTIN, "5<e?!_Wq'3&*;", &[("91", "EE10"), ("92", &crypto())])
}

fn codes(findings: &[Finding]) -> Vec<(&str, &str)> {
    testing::finding_codes(findings)
}

fn document(lines: Vec<MarkingCode>, products: Vec<Product>) -> Document {
    testing::document("introduction-import", lines, products)
}

#[test]
fn a_complete_code_of_an_allowed_product_has_no_findings() {
    assert!(LightIndustry::check_code(good(), product("6403990000"), allowed()).is_empty());
}

#[test]
fn every_missing_or_wrong_part_is_named_with_its_path() {
    let bare = marking_code(GTIN, "123456", &[]);
    assert_eq!(
        codes(&LightIndustry::check_code(
            bare,
            product("6403990000"),
            allowed()
        )),
        [
            ("LIGHT_SERIAL_LENGTH", "/serial"),
            ("LIGHT_TAIL_KEY_ID", "/elements/91"),
            ("LIGHT_TAIL_CRYPTO", "/elements/92"),
        ]
    );
    // A 44-character tail is a pharmaceutical one, not ours.
    let short_tail = marking_code(
        GTIN,
        "5<e?!_Wq'3&*;",
        &[("91", "ee10"), ("92", &crypto()[..44])],
    );
    let findings = LightIndustry::check_code(short_tail, product("6403990000"), allowed());
    assert_eq!(codes(&findings), [("LIGHT_TAIL_CRYPTO", "/elements/92")]);
    assert!(findings[0].message.en.contains("88") && findings[0].message.en.contains("44"));
}

#[test]
fn a_tn_ved_code_outside_the_list_is_refused() {
    let findings = LightIndustry::check_code(good(), product("8703231981"), allowed());
    assert_eq!(
        codes(&findings),
        [("LIGHT_TN_VED_NOT_ALLOWED", "/product/tn-ved")]
    );
    assert!(matches!(findings[0].severity, Severity::Error));
    assert!(findings[0].message.kk.contains("8703231981"));
    assert_ne!(findings[0].message.kk, findings[0].message.ru);
    // An empty prefix in the list allows nothing.
    let empty = context(Some(&[""]));
    assert_eq!(
        LightIndustry::check_code(good(), product("6403990000"), empty).len(),
        1
    );
}

#[test]
fn without_the_reference_list_the_operation_is_refused() {
    let findings = LightIndustry::check_code(good(), product("6403990000"), context(None));
    assert_eq!(
        codes(&findings),
        [(
            "LIGHT_TN_VED_REFERENCE_MISSING",
            "/context/reference/tn-ved-allowed"
        )]
    );
    assert!(matches!(findings[0].severity, Severity::Error));
    let doc = document(vec![good()], vec![product("6403990000"), product("6110")]);
    assert_eq!(LightIndustry::check_document(doc, context(None)).len(), 1);
}

#[test]
fn a_document_is_checked_line_by_line_and_product_by_product() {
    let doc = document(
        vec![
            good(),
            marking_code(GTIN, "x", &[("91", "EE10"), ("92", &crypto())]),
        ],
        vec![product("6402000000"), product("4202110000")],
    );
    assert_eq!(
        codes(&LightIndustry::check_document(doc, allowed())),
        [
            ("LIGHT_SERIAL_LENGTH", "/lines/1/code/serial"),
            ("LIGHT_TN_VED_NOT_ALLOWED", "/products/1/tn-ved"),
        ]
    );
}

#[test]
fn sales_are_allowed_and_describe_serves_both_groups() {
    let sale = Sale {
        price_tiyn: 1,
        now_unix_seconds: 0,
        today: allowed().today,
    };
    let verdict = LightIndustry::check_sale(good(), product("6403990000"), sale);
    assert!(verdict.allowed && verdict.findings.is_empty());
    let info = LightIndustry::describe();
    assert_eq!(info.id, "light-industry");
    assert_eq!(info.product_groups, ["footwear", "light-industry"]);
    assert!(info.checks.iter().all(|c| c.starts_with("LIGHT_")));
}
