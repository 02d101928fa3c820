//! The dairy product group's rule set (R17): codes carry a serial of 6 or 13 characters, a
//! 4-character verification code (AI 93) and an expiry date (AI 17); a dairy product has a short
//! shelf life (at most 60 days) on its card, an expiry date farther away than that is suspect,
//! and expired goods may be neither introduced into circulation nor sold.
//!
//! Not for: parsing codes (the hub has done that) or knowing the time (it is passed in).

use tanba_plugin_sdk::{
    COMMON_DOCUMENT_KINDS, Context, Date, Document, ExpiryCodes, Finding, Guest, Info, MarkingCode,
    Product, Sale, Verdict, check_element, check_serial, days_between, error, expiry_date, info,
    is_introduction, iso_date, judged_codes, text, warning,
};

/// The rule set.
pub struct Dairy;

const SERIAL_LENGTHS: &[usize] = &[6, 13];
const TAIL_LENGTHS: &[usize] = &[4];
/// The longest shelf life a dairy product may have, in days.
const MAX_SHELF_LIFE_DAYS: u32 = 60;
const EXPIRY: ExpiryCodes = ExpiryCodes {
    missing: "DAIRY_EXPIRY_MISSING",
    format: "DAIRY_EXPIRY_FORMAT",
    expired: "DAIRY_EXPIRED",
};

impl Guest for Dairy {
    fn describe() -> Info {
        info(
            "dairy",
            env!("CARGO_PKG_VERSION"),
            &["dairy"],
            COMMON_DOCUMENT_KINDS,
            &[
                "DAIRY_SERIAL_LENGTH",
                "DAIRY_TAIL",
                EXPIRY.missing,
                EXPIRY.format,
                "DAIRY_SHELF_LIFE_MISSING",
                "DAIRY_SHELF_LIFE_TOO_LONG",
                "DAIRY_EXPIRY_BEYOND_SHELF_LIFE",
                EXPIRY.expired,
            ],
        )
    }

    fn check_code(code: MarkingCode, product: Product, context: Context) -> Vec<Finding> {
        let mut findings = code_findings(&code, "");
        findings.extend(shelf_life_findings(&product, "/product/shelf-life-days"));
        findings.extend(beyond_shelf_life(&code, "", &product, &context.today));
        findings
    }

    fn check_document(document: Document, context: Context) -> Vec<Finding> {
        let today = &context.today;
        let introduction = is_introduction(&document.kind);
        let mut findings = Vec::new();
        for (base, code) in judged_codes(&document) {
            findings.extend(code_findings(code, &base));
            if let Some(product) = document.products.iter().find(|p| p.gtin == code.gtin) {
                findings.extend(beyond_shelf_life(code, &base, product, today));
            }
            if introduction {
                findings.extend(EXPIRY.at_introduction(code, &base, today));
            }
        }
        for (j, product) in document.products.iter().enumerate() {
            findings.extend(shelf_life_findings(
                product,
                &format!("/products/{j}/shelf-life-days"),
            ));
        }
        findings
    }

    fn check_sale(code: MarkingCode, _product: Product, sale: Sale) -> Verdict {
        EXPIRY.sale_verdict(&code, &sale.today)
    }
}

/// The code's structure: serial, verification code, expiry date.
fn code_findings(code: &MarkingCode, base: &str) -> Vec<Finding> {
    [
        check_serial(code, base, SERIAL_LENGTHS, "DAIRY_SERIAL_LENGTH"),
        check_element(code, base, "93", TAIL_LENGTHS, "DAIRY_TAIL"),
        EXPIRY.problem(code, base),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// A dairy product's card must give a short shelf life.
fn shelf_life_findings(product: &Product, path: &str) -> Option<Finding> {
    match product.shelf_life_days {
        None => Some(error(
            "DAIRY_SHELF_LIFE_MISSING",
            path,
            text(
                "Тауар карточкасында сақтау мерзімі (shelf-life-days) көрсетілмеген. Сүт өнімі үшін ол міндетті: карточкада оны күнмен толтырыңыз.",
                "В карточке товара не указан срок хранения (shelf-life-days). Для молочной продукции он обязателен: укажите его в карточке в днях.",
                "The product card gives no shelf life (shelf-life-days). Dairy products must have one: fill it in on the card, in days.",
            ),
        )),
        Some(days) if days > MAX_SHELF_LIFE_DAYS => Some(error(
            "DAIRY_SHELF_LIFE_TOO_LONG",
            path,
            text(
                &format!(
                    "Тауар карточкасындағы сақтау мерзімі {days} күн, ал сүт өнімінікі {MAX_SHELF_LIFE_DAYS} күннен аспауы керек. Карточканы тексеріңіз немесе тауарды тиісті тауар тобына тіркеңіз."
                ),
                &format!(
                    "В карточке товара указан срок хранения {days} дн., а у молочной продукции он не может превышать {MAX_SHELF_LIFE_DAYS} дней. Проверьте карточку или зарегистрируйте товар в подходящей товарной группе."
                ),
                &format!(
                    "The product card gives a shelf life of {days} days; dairy products keep at most {MAX_SHELF_LIFE_DAYS} days. Check the card, or register the product in the product group it belongs to."
                ),
            ),
        )),
        Some(_) => None,
    }
}

/// A warning when the code's expiry date is farther from today than the product keeps.
fn beyond_shelf_life(
    code: &MarkingCode,
    base: &str,
    product: &Product,
    today: &Date,
) -> Option<Finding> {
    let shelf_life = i64::from(product.shelf_life_days?);
    let expiry = expiry_date(code)?;
    let ahead = days_between(today, &expiry);
    if ahead <= shelf_life {
        return None;
    }
    let date = iso_date(&expiry);
    Some(warning(
        "DAIRY_EXPIRY_BEYOND_SHELF_LIFE",
        format!("{base}/elements/17"),
        text(
            &format!(
                "Жарамдылық мерзімі (AI 17) {date} бүгіннен {ahead} күн кейін, бұл тауардың сақтау мерзімінен ({shelf_life} күн) ұзақ. Кодтағы күнді және тауар карточкасын тексеріңіз."
            ),
            &format!(
                "Срок годности (AI 17) {date} наступит через {ahead} дн., это дольше срока хранения товара ({shelf_life} дн.). Проверьте дату в коде и карточку товара."
            ),
            &format!(
                "The expiry date (AI 17) {date} is {ahead} days from today, longer than the product's shelf life ({shelf_life} days). Check the date in the code and the product card."
            ),
        ),
    ))
}

tanba_plugin_sdk::export!(Dairy);

#[cfg(test)]
mod tests;
