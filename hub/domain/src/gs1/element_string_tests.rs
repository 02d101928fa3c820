use proptest::prelude::*;

use super::*;
use crate::gs1::DEFAULT_DIGITAL_LINK_BASE;

/// A pharmaceutical pack code as printed by a Russian-style line: GTIN, serial of 13, key id,
/// 44-character verification code (GS1.md, "Per product group").
const PHARMA_RAW: &str = "]d2010460000000001521ABCDEFGHIJKLM\u{1d}91FFD0\u{1d}92dGVzdGluZ3ZlcmlmaWNhdGlvbmNvZGUxMjM0NTY3ODk=";

fn ai(code: &str) -> Ai {
    Ai::parse(code).expect("a known AI")
}

#[test]
fn a_pharmaceutical_code_parses_from_all_three_forms() {
    let code = ElementString::parse(PHARMA_RAW).expect("valid raw code");
    assert_eq!(
        code.gtin().map(|g| g.to_string()).as_deref(),
        Some("04600000000015")
    );
    assert_eq!(code.serial(), Some("ABCDEFGHIJKLM"));
    assert_eq!(code.get(Ai::VERIFICATION_KEY_ID), Some("FFD0"));
    assert_eq!(code.get(Ai::VERIFICATION_CODE).map(str::len), Some(44));
    let bracketed = code.to_bracketed();
    assert!(bracketed.starts_with("(01)04600000000015(21)ABCDEFGHIJKLM(91)FFD0(92)dGVz"));
    assert_eq!(ElementString::parse(&bracketed), Ok(code.clone()));
    let link = code
        .to_digital_link("https://tanba.example/")
        .expect("has a GTIN");
    assert!(
        link.starts_with(
            "https://tanba.example/01/04600000000015/21/ABCDEFGHIJKLM?91=FFD0&92=dGVz"
        )
    );
    assert!(link.ends_with("%3D"), "{link}");
    assert_eq!(ElementString::parse(&link), Ok(code.clone()));
    assert_eq!(ElementString::parse_raw(&code.to_raw()), Ok(code));
}

#[test]
fn raw_form_tolerates_prefixes_and_separators_scanners_add() {
    let plain = "0104600000000015215Fk!(ab\u{1d}93dGVz";
    let expected = ElementString::parse_raw(plain).expect("valid");
    for variant in [
        format!("]d2{plain}"),
        format!("\u{1d}{plain}"),
        format!("]d2\u{1d}{plain}"),
        format!("]C1{plain}\u{1d}"),
        // A GS after the predefined-length GTIN, as some encoders write it.
        "0104600000000015\u{1d}215Fk!(ab\u{1d}93dGVz".to_owned(),
    ] {
        assert_eq!(
            ElementString::parse(&variant),
            Ok(expected.clone()),
            "{variant:?}"
        );
    }
    assert_eq!(expected.serial(), Some("5Fk!(ab"));
    assert_eq!(expected.to_raw(), plain);
}

#[test]
fn tobacco_block_price_needs_no_separator_to_be_read_but_gets_one() {
    // 8005 is N6 but not in GS1's predefined-length table: GS1 wants a GS after it.
    let with_gs = "010460000000001521-(Ia6N%\u{1d}8005150000\u{1d}93Rc5k";
    let without_gs = "010460000000001521-(Ia6N%\u{1d}800515000093Rc5k";
    let code = ElementString::parse_raw(with_gs).expect("valid");
    assert_eq!(ElementString::parse_raw(without_gs), Ok(code.clone()));
    assert_eq!(code.get(Ai::PRICE_PER_UNIT), Some("150000"));
    assert_eq!(code.to_raw(), with_gs);
}

#[test]
fn dates_check_month_and_day_and_17_allows_day_zero() {
    let good = [
        "(01)04600000000015(17)261200",
        "(01)04600000000015(11)240229(17)270228",
    ];
    for text in good {
        assert!(ElementString::parse(text).is_ok(), "{text}");
    }
    for (text, value) in [
        ("(01)04600000000015(17)261301", "261301"),
        ("(01)04600000000015(17)260431", "260431"),
        ("(01)04600000000015(11)250229", "250229"),
        ("(01)04600000000015(7006)260100", "260100"),
    ] {
        let err = ElementString::parse(text).expect_err(text);
        assert_eq!(err.code(), "GS1_DATE", "{text}");
        assert!(
            matches!(err, Gs1Error::Date { value: ref v, .. } if v == value),
            "{err:?}"
        );
    }
}

#[test]
fn errors_name_the_ai_and_where_it_went_wrong() {
    let cases: [(&str, &str, Option<&str>, Option<usize>); 10] = [
        ("", "GS1_EMPTY", None, None),
        ("]d2\u{1d}", "GS1_EMPTY", None, None),
        ("0104600000000017", "GS1_CHECK_DIGIT", Some("01"), Some(15)),
        ("01046000000000", "GS1_LENGTH", Some("01"), Some(2)),
        // 01 takes its fourteen digits; what follows must be another AI.
        ("01046000000000152", "GS1_UNKNOWN_AI", None, Some(16)),
        (
            "0104600000000015\u{1d}23abc",
            "GS1_UNKNOWN_AI",
            None,
            Some(17),
        ),
        (
            "010460000000001521ab c",
            "GS1_CHARACTER",
            Some("21"),
            Some(20),
        ),
        (
            "010460000000001521abc\u{1d}21def",
            "GS1_DUPLICATE_AI",
            Some("21"),
            Some(22),
        ),
        (
            "(01)04600000000015(21)abcdefghijklmnopqrstu",
            "GS1_LENGTH",
            Some("21"),
            Some(22),
        ),
        ("0104600000000015(21)x", "GS1_UNKNOWN_AI", None, Some(16)),
    ];
    for (text, code, ai, position) in cases {
        let err = ElementString::parse(text).expect_err(text);
        assert_eq!(err.code(), code, "{text:?}: {err}");
        assert_eq!(err.ai().map(|a| a.to_string()).as_deref(), ai, "{text:?}");
        assert_eq!(err.position(), position, "{text:?}: {err}");
        assert!(err.msg().id().starts_with("gs1-"));
    }
    let unknown = ElementString::parse("(01)04600000000015(23)5").expect_err("23 is no AI");
    assert_eq!(unknown.code(), "GS1_UNKNOWN_AI");
}

#[test]
fn the_ai_table_knows_the_national_and_other_real_ais() {
    let code = "(01)04600000000015(21)abc(240)ADD-1(3103)001250(10)LOT1(8005)000150(93)ab1=";
    let parsed = ElementString::parse(code).expect("valid");
    assert_eq!(parsed.elements().len(), 7);
    assert!(ai("3103").is_predefined_length());
    assert!(!ai("8005").is_predefined_length());
    assert_eq!(ai("8005").fixed_length(), Some(6));
    assert_eq!(ai("21").length_range(), (1, 20));
    assert_eq!(ai("92").length_range(), (1, 90));
    assert_eq!(ai("00").title(), "SSCC");
    for unknown in ["04", "23", "3106", "9", "01234", "x1"] {
        assert_eq!(
            Ai::parse(unknown).map_err(|e| e.code()),
            Err("GS1_UNKNOWN_AI"),
            "{unknown}"
        );
    }
    assert_eq!(
        ElementString::parse("(01)04600000000015(3103)12345").map_err(|e| e.code()),
        Err("GS1_LENGTH")
    );
}

#[test]
fn sscc_and_gln_are_read_from_their_ais() {
    let code = ElementString::parse("00106141411234567897").expect("valid SSCC");
    assert_eq!(
        code.sscc().map(|s| s.to_string()).as_deref(),
        Some("106141411234567897")
    );
    assert!(code.gtin().is_none());
    let link = code
        .to_digital_link(DEFAULT_DIGITAL_LINK_BASE)
        .expect("00 is a key");
    assert_eq!(link, "https://id.gs1.org/00/106141411234567897");
    assert!(ElementString::parse("(414)5412345000013").is_ok());
    assert_eq!(
        ElementString::parse("(414)5412345000014").map_err(|e| e.code()),
        Err("GS1_CHECK_DIGIT")
    );
}

#[test]
fn parentheses_in_serials_survive_the_bracketed_form() {
    let code = ElementString::from_elements([
        (Ai::GTIN, "04600000000015"),
        (Ai::SERIAL, "a(10)b"),
        (Ai::SHORT_VERIFICATION_CODE, "ab(c"),
    ])
    .expect("valid");
    assert_eq!(
        code.to_bracketed(),
        "(01)04600000000015(21)a\\(10)b(93)ab\\(c"
    );
    assert_eq!(ElementString::parse(&code.to_bracketed()), Ok(code.clone()));
    // Unescaped, `(10)` reads as a batch: the natural reading wins when it is valid.
    let natural = ElementString::parse(&code.to_human_readable()).expect("valid");
    assert_eq!(natural.get(Ai::BATCH), Some("b"));
    // A reading is found for unescaped parentheses when the natural one fails.
    let fallback =
        ElementString::parse("(01)04600000000015(21)x(17)99(93)abcd").expect("one reading");
    assert_eq!(fallback.serial(), Some("x(17)99"));
    assert_eq!(fallback.get(Ai::SHORT_VERIFICATION_CODE), Some("abcd"));
    assert_eq!(
        ElementString::parse("(21)a(b)c").map(|c| c.serial().map(str::to_owned)),
        Ok(Some("a(b)c".into()))
    );
}

#[test]
fn digital_links_read_path_and_query_on_any_host() {
    let link = "HTTPS://shop.example.kz/some/prefix/01/4600000000015/10/L%2F1/21/a%28b?17=261231&8005=000150&linkType=gs1:pip&92=x%2By%3D#frag";
    let code = ElementString::parse(link).expect("valid Digital Link");
    assert_eq!(
        code.gtin().map(|g| g.to_string()).as_deref(),
        Some("04600000000015")
    );
    assert_eq!(code.get(Ai::BATCH), Some("L/1"));
    assert_eq!(code.serial(), Some("a(b"));
    assert_eq!(code.get(Ai::EXPIRY_DATE), Some("261231"));
    assert_eq!(code.get(Ai::PRICE_PER_UNIT), Some("000150"));
    assert_eq!(code.get(Ai::VERIFICATION_CODE), Some("x+y="));
    assert_eq!(code.elements().len(), 6);
    let rendered = code
        .to_digital_link("https://id.example")
        .expect("has a key");
    assert_eq!(
        rendered,
        "https://id.example/01/04600000000015/10/L%2F1/21/a%28b?17=261231&8005=000150&92=x%2By%3D"
    );
    assert_eq!(ElementString::parse(&rendered), Ok(code));
}

#[test]
fn digital_link_errors() {
    let cases = [
        ("ftp://id.example/01/04600000000015", "GS1_DL_SYNTAX"),
        ("https:///01/04600000000015", "GS1_DL_SYNTAX"),
        ("https://id.example", "GS1_DL_NO_KEY"),
        ("https://id.example/21/abc", "GS1_DL_NO_KEY"),
        (
            "https://id.example/01/04600000000015/21/a/10/b",
            "GS1_DL_QUALIFIER",
        ),
        (
            "https://id.example/01/04600000000015/17/261231",
            "GS1_DL_QUALIFIER",
        ),
        (
            "https://id.example/01/04600000000015/21/a%2",
            "GS1_DL_PERCENT_ENCODING",
        ),
        (
            "https://id.example/01/04600000000015?23=1",
            "GS1_UNKNOWN_AI",
        ),
        (
            "https://id.example/01/04600000000015?21=a&21=b",
            "GS1_DUPLICATE_AI",
        ),
        ("https://id.example/01/04600000000017", "GS1_CHECK_DIGIT"),
        (
            "https://id.example/01/04600000000015/21/%C3%A9",
            "GS1_CHARACTER",
        ),
    ];
    for (uri, code) in cases {
        let err = ElementString::parse(uri).expect_err(uri);
        assert_eq!(err.code(), code, "{uri}: {err}");
    }
    let no_key = ElementString::parse("(21)abc").expect("valid");
    assert_eq!(
        no_key.to_digital_link(DEFAULT_DIGITAL_LINK_BASE),
        Err(Gs1Error::DigitalLinkNoKey)
    );
}

/// Values for an AI drawn from its character set.
fn cset82_value(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[A-Za-z0-9!\"%&'()*+,./:;<=>?_-]{{1,{max}}}"))
        .expect("a valid pattern")
}

prop_compose! {
    fn marking_code()(
        gtin_body in "[0-9]{13}",
        serial in cset82_value(20),
        batch in proptest::option::of(cset82_value(20)),
        expiry in proptest::option::of((0u8..100, 1u8..13, 0u8..29)),
        price in proptest::option::of("[0-9]{6}"),
        key_id in "[0-9A-Fa-f]{4}",
        verification in "[A-Za-z0-9+/]{43}=",
    ) -> ElementString {
        let gtin = crate::gs1::keys::tests::with_check_digit(&gtin_body);
        let mut elements = vec![(Ai::GTIN, gtin), (Ai::SERIAL, serial)];
        if let Some(batch) = batch {
            elements.push((Ai::BATCH, batch));
        }
        if let Some((y, m, d)) = expiry {
            elements.push((Ai::EXPIRY_DATE, format!("{y:02}{m:02}{d:02}")));
        }
        if let Some(price) = price {
            elements.push((Ai::PRICE_PER_UNIT, price));
        }
        elements.push((Ai::VERIFICATION_KEY_ID, key_id));
        elements.push((Ai::VERIFICATION_CODE, verification));
        ElementString::from_elements(elements).expect("generated within the formats")
    }
}

/// The elements as a sorted list: a Digital Link fixes its own order.
fn sorted(code: &ElementString) -> Vec<Element> {
    let mut elements = code.elements().to_vec();
    elements.sort_by_key(|e| e.ai());
    elements
}

proptest! {
    #[test]
    fn raw_form_parses_back(code in marking_code()) {
        prop_assert_eq!(ElementString::parse_raw(&code.to_raw()), Ok(code.clone()));
        prop_assert_eq!(ElementString::parse(&format!("]d2{}", code.to_raw())), Ok(code));
    }

    #[test]
    fn bracketed_form_parses_back(code in marking_code()) {
        prop_assert_eq!(ElementString::parse(&code.to_string()), Ok(code));
    }

    #[test]
    fn digital_link_parses_back_to_the_same_elements(code in marking_code()) {
        let link = code.to_digital_link(DEFAULT_DIGITAL_LINK_BASE).expect("has a GTIN");
        let parsed = ElementString::parse(&link).expect("own output parses");
        prop_assert_eq!(sorted(&parsed), sorted(&code));
        prop_assert_eq!(parsed.to_digital_link(DEFAULT_DIGITAL_LINK_BASE), Ok(link));
    }

    #[test]
    fn parsers_never_panic(text in "\\PC{0,60}") {
        let _ = ElementString::parse(&text);
        let _ = ElementString::parse(&format!("(01){text}"));
        let _ = ElementString::parse(&format!("https://x/01/{text}"));
        let _ = ElementString::parse(&format!("01{text}"));
    }
}
