use super::*;
use tanba_plugin_sdk::{Severity, marking_code, testing};

const GTIN: &str = "04870001234565";

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

fn product(shelf_life_days: Option<u32>) -> Product {
    Product {
        gtin: GTIN.into(),
        product_group: "dairy".into(),
        tn_ved: "0401201100".into(),
        name: text("сүт", "молоко", "milk"),
        shelf_life_days,
        attributes: Vec::new(),
    }
}

fn milk() -> Product {
    product(Some(30))
}

fn good(serial: &str, expiry: &str) -> MarkingCode {
    marking_code(
        GTIN,
        serial,
        &[("17", expiry), ("3103", "000950"), ("93", "dGx+")],
    )
}

fn codes(findings: &[Finding]) -> Vec<(&str, &str)> {
    testing::finding_codes(findings)
}

fn document(kind: &str, lines: Vec<MarkingCode>, products: Vec<Product>) -> Document {
    testing::document(kind, lines, products)
}

fn sale() -> Sale {
    Sale {
        price_tiyn: 45_000,
        now_unix_seconds: 0,
        today: today(),
    }
}

#[test]
fn complete_codes_of_six_and_thirteen_characters_have_no_findings() {
    for serial in ["Ab(1)%", "0000000000013"] {
        assert!(Dairy::check_code(good(serial, "261210"), milk(), context()).is_empty());
    }
}

#[test]
fn every_missing_or_wrong_part_is_named_with_its_path() {
    let bare = marking_code(GTIN, "1234567", &[]);
    assert_eq!(
        codes(&Dairy::check_code(bare, milk(), context())),
        [
            ("DAIRY_SERIAL_LENGTH", "/serial"),
            ("DAIRY_TAIL", "/elements/93"),
            ("DAIRY_EXPIRY_MISSING", "/elements/17"),
        ]
    );
    let long_tail = marking_code(GTIN, "123456", &[("17", "261210"), ("93", "dGx+A")]);
    assert_eq!(
        codes(&Dairy::check_code(long_tail, milk(), context())),
        [("DAIRY_TAIL", "/elements/93")]
    );
    let bad_date = good("123456", "260230");
    assert_eq!(
        codes(&Dairy::check_code(bad_date, milk(), context())),
        [("DAIRY_EXPIRY_FORMAT", "/elements/17")]
    );
}

#[test]
fn the_shelf_life_must_be_given_and_short() {
    let code = good("123456", "261210");
    let missing = Dairy::check_code(code.clone(), product(None), context());
    assert_eq!(
        codes(&missing),
        [("DAIRY_SHELF_LIFE_MISSING", "/product/shelf-life-days")]
    );
    assert!(Dairy::check_code(code.clone(), product(Some(60)), context()).is_empty());
    let long = Dairy::check_code(code, product(Some(61)), context());
    assert_eq!(
        codes(&long),
        [("DAIRY_SHELF_LIFE_TOO_LONG", "/product/shelf-life-days")]
    );
    assert!(matches!(long[0].severity, Severity::Error));
    assert!(long[0].message.kk.contains("61") && long[0].message.kk != long[0].message.ru);
}

#[test]
fn an_expiry_beyond_the_shelf_life_is_a_warning() {
    // 30 days of shelf life: 2026-12-24 is just within, 2026-12-25 is beyond.
    assert!(Dairy::check_code(good("123456", "261224"), milk(), context()).is_empty());
    let beyond = Dairy::check_code(good("123456", "261225"), milk(), context());
    assert_eq!(
        codes(&beyond),
        [("DAIRY_EXPIRY_BEYOND_SHELF_LIFE", "/elements/17")]
    );
    assert!(matches!(beyond[0].severity, Severity::Warning));
    assert!(beyond[0].message.en.contains("31 days"));
    // Day 00: the last day of December is 37 days away.
    let day_zero = Dairy::check_code(good("123456", "261200"), milk(), context());
    assert!(day_zero[0].message.ru.contains("2026-12-31"));
}

#[test]
fn expired_goods_are_not_introduced_and_the_expiry_day_itself_is_still_good() {
    let doc = document(
        "introduction-production",
        vec![
            good("123456", "261123"),
            good("123456", "261124"),
            good("123", "261100"),
        ],
        vec![milk(), product(None)],
    );
    assert_eq!(
        codes(&Dairy::check_document(doc, context())),
        [
            ("DAIRY_EXPIRED", "/lines/0/code/elements/17"),
            ("DAIRY_SERIAL_LENGTH", "/lines/2/code/serial"),
            ("DAIRY_SHELF_LIFE_MISSING", "/products/1/shelf-life-days"),
        ]
    );
    let shipment = document("shipment", vec![good("123456", "261001")], vec![milk()]);
    assert!(Dairy::check_document(shipment, context()).is_empty());
}

#[test]
fn a_sale_after_the_expiry_date_is_blocked() {
    let on_the_day = Dairy::check_sale(good("123456", "261124"), milk(), sale());
    assert!(on_the_day.allowed && on_the_day.findings.is_empty());
    let yesterday = Dairy::check_sale(good("123456", "261123"), milk(), sale());
    assert!(!yesterday.allowed);
    assert_eq!(
        codes(&yesterday.findings),
        [("DAIRY_EXPIRED", "/elements/17")]
    );
    // Day 00 of last month: expired on 2026-10-31.
    let last_month = Dairy::check_sale(good("123456", "261000"), milk(), sale());
    assert!(!last_month.allowed && last_month.findings[0].message.ru.contains("2026-10-31"));
    let undated = Dairy::check_sale(marking_code(GTIN, "123456", &[]), milk(), sale());
    assert!(!undated.allowed && undated.findings[0].code == "DAIRY_EXPIRY_MISSING");
}

#[test]
fn describe_lists_every_check_it_can_produce() {
    let info = Dairy::describe();
    assert_eq!(info.id, "dairy");
    assert_eq!(info.product_groups, ["dairy"]);
    assert_eq!(info.checks.len(), 8);
    assert!(info.checks.iter().all(|c| c.starts_with("DAIRY_")));
}
