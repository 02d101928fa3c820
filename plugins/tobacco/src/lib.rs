//! The tobacco product group's rule set (R17): block codes carry the maximum retail price (AI
//! 8005, per pack, in tiyn) and a 4-character crypto tail (AI 93); serials are 7 characters; no
//! unit is sold above its maximum retail price.
//!
//! Not for: parsing codes (the hub has done that) or knowing the time (it is passed in).

use tanba_plugin_sdk::{
    COMMON_DOCUMENT_KINDS, Context, Document, Finding, Guest, Info, MarkingCode, Product, Sale,
    Verdict, element, error, info, judged_codes, text,
};

/// The rule set.
pub struct Tobacco;

const SERIAL_LEN: usize = 7;

impl Guest for Tobacco {
    fn describe() -> Info {
        info(
            "tobacco",
            env!("CARGO_PKG_VERSION"),
            &["tobacco"],
            COMMON_DOCUMENT_KINDS,
            &[
                "TOBACCO_SERIAL_LENGTH",
                "TOBACCO_MRP_MISSING",
                "TOBACCO_MRP_FORMAT",
                "TOBACCO_TAIL",
                "TOBACCO_PRICE_OVER_MRP",
            ],
        )
    }

    fn check_code(code: MarkingCode, _product: Product, _context: Context) -> Vec<Finding> {
        code_findings(&code, "")
    }

    fn check_document(document: Document, _context: Context) -> Vec<Finding> {
        let mut findings: Vec<Finding> = judged_codes(&document)
            .flat_map(|(base, code)| code_findings(code, &base))
            .collect();
        if document.kind == "retail-sale" {
            for (i, line) in document.lines.iter().enumerate() {
                if let (Some(code), Some(price)) = (&line.code, line.price_tiyn) {
                    let path = format!("/lines/{i}/price-tiyn");
                    findings.extend(price_findings(code, price, &path));
                }
            }
        }
        findings
    }

    fn check_sale(code: MarkingCode, _product: Product, sale: Sale) -> Verdict {
        let findings = price_findings(&code, sale.price_tiyn, "/price-tiyn");
        Verdict {
            allowed: findings.is_empty(),
            findings,
        }
    }
}

fn code_findings(code: &MarkingCode, base: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    if code.serial.chars().count() != SERIAL_LEN {
        findings.push(error(
            "TOBACCO_SERIAL_LENGTH",
            format!("{base}/serial"),
            text(
                "Темекі кодының сериялық нөмірі 7 таңбадан тұруы керек.",
                "Серийный номер кода табачной продукции должен состоять из 7 символов.",
                "A tobacco code's serial number must be 7 characters long.",
            ),
        ));
    }
    match element(code, "8005") {
        None => findings.push(error(
            "TOBACCO_MRP_MISSING",
            format!("{base}/elements/8005"),
            text(
                "Кодта ең жоғары бөлшек сауда бағасы (AI 8005) жоқ. Бағасы бар кодты басып шығарыңыз.",
                "В коде нет максимальной розничной цены (AI 8005). Напечатайте код с ценой.",
                "The code carries no maximum retail price (AI 8005). Print a code that has it.",
            ),
        )),
        Some(mrp) if mrp.len() != 6 || !mrp.bytes().all(|b| b.is_ascii_digit()) => {
            findings.push(error(
                "TOBACCO_MRP_FORMAT",
                format!("{base}/elements/8005"),
                text(
                    "Ең жоғары бөлшек сауда бағасы (AI 8005) тиынмен 6 цифр болуы керек.",
                    "Максимальная розничная цена (AI 8005) должна быть 6 цифрами в тиынах.",
                    "The maximum retail price (AI 8005) must be 6 digits, in tiyn.",
                ),
            ))
        }
        Some(_) => {}
    }
    if element(code, "93").is_none_or(|tail| tail.chars().count() != 4) {
        findings.push(error(
            "TOBACCO_TAIL",
            format!("{base}/elements/93"),
            text(
                "Темекі кодында 4 таңбалы тексеру коды (AI 93) болуы керек.",
                "Код табачной продукции должен содержать проверочный код из 4 символов (AI 93).",
                "A tobacco code must carry a 4-character verification code (AI 93).",
            ),
        ));
    }
    findings
}

fn price_findings(code: &MarkingCode, price_tiyn: u64, path: &str) -> Vec<Finding> {
    let Some(mrp) = element(code, "8005").and_then(|v| v.parse::<u64>().ok()) else {
        return code_findings(code, "")
            .into_iter()
            .filter(|f| f.code.starts_with("TOBACCO_MRP"))
            .collect();
    };
    if price_tiyn <= mrp {
        return Vec::new();
    }
    vec![error(
        "TOBACCO_PRICE_OVER_MRP",
        path,
        text(
            &format!(
                "Сату бағасы {price_tiyn} тиын ең жоғары бөлшек сауда бағасынан ({mrp} тиын) асады."
            ),
            &format!(
                "Цена продажи {price_tiyn} тиын выше максимальной розничной цены ({mrp} тиын)."
            ),
            &format!(
                "The sale price of {price_tiyn} tiyn is above the maximum retail price ({mrp} tiyn)."
            ),
        ),
    )]
}

tanba_plugin_sdk::export!(Tobacco);

#[cfg(test)]
mod tests {
    use super::*;
    use tanba_plugin_sdk::{Date, Element};

    fn code(serial: &str, extra: &[(&str, &str)]) -> MarkingCode {
        let mut elements = vec![
            Element {
                ai: "01".into(),
                value: "04600000000017".into(),
            },
            Element {
                ai: "21".into(),
                value: serial.into(),
            },
        ];
        elements.extend(extra.iter().map(|(ai, v)| Element {
            ai: (*ai).into(),
            value: (*v).into(),
        }));
        MarkingCode {
            gtin: "04600000000017".into(),
            serial: serial.into(),
            elements,
            status: None,
        }
    }

    fn sale(price_tiyn: u64) -> Sale {
        Sale {
            price_tiyn,
            now_unix_seconds: 0,
            today: Date {
                year: 2026,
                month: 11,
                day: 24,
            },
        }
    }

    fn product() -> Product {
        Product {
            gtin: "04600000000017".into(),
            product_group: "tobacco".into(),
            tn_ved: "2402209000".into(),
            name: text("a", "b", "c"),
            shelf_life_days: None,
            attributes: Vec::new(),
        }
    }

    #[test]
    fn a_complete_block_code_has_no_findings() {
        let good = code("abc1234", &[("8005", "095000"), ("93", "Ab1=")]);
        assert!(code_findings(&good, "").is_empty());
    }

    #[test]
    fn every_missing_part_is_named_with_its_path() {
        let bad = code("abc", &[]);
        let codes: Vec<_> = code_findings(&bad, "/x")
            .into_iter()
            .map(|f| (f.code, f.path))
            .collect();
        assert_eq!(
            codes,
            [
                ("TOBACCO_SERIAL_LENGTH".to_string(), "/x/serial".to_string()),
                ("TOBACCO_MRP_MISSING".into(), "/x/elements/8005".into()),
                ("TOBACCO_TAIL".into(), "/x/elements/93".into()),
            ]
        );
    }

    #[test]
    fn sale_above_the_maximum_retail_price_is_refused() {
        let block = code("abc1234", &[("8005", "095000"), ("93", "Ab1=")]);
        assert!(Tobacco::check_sale(block.clone(), product(), sale(95_000)).allowed);
        let over = Tobacco::check_sale(block, product(), sale(95_001));
        assert!(!over.allowed);
        assert_eq!(over.findings[0].code, "TOBACCO_PRICE_OVER_MRP");
        assert!(over.findings[0].message.ru.contains("95001"));
    }
}
