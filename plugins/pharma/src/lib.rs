//! The pharmaceuticals product group's rule set (R17): codes carry a 13-character serial, a
//! batch (AI 10), an expiry date (AI 17) and a crypto tail of AI 91 (4 characters) and AI 92
//! (44); expired goods may be neither introduced into circulation nor sold, and goods with 30
//! days or less left are introduced with a warning.
//!
//! Not for: parsing codes (the hub has done that) or knowing the time (it is passed in).

use tanba_plugin_sdk::{
    COMMON_DOCUMENT_KINDS, Context, Date, Document, ExpiryCodes, Finding, Guest, Info, MarkingCode,
    Product, Sale, Verdict, check_element, check_serial, days_between, expiry_date, info,
    is_introduction, iso_date, judged_codes, text, warning,
};

/// The rule set.
pub struct Pharma;

const SERIAL_LENGTHS: &[usize] = &[13];
const KEY_ID_LENGTHS: &[usize] = &[4];
const CRYPTO_LENGTHS: &[usize] = &[44];
/// Goods with this many days or fewer left are introduced with a warning.
const SOON_DAYS: i64 = 30;
const EXPIRY: ExpiryCodes = ExpiryCodes {
    missing: "PHARMA_EXPIRY_MISSING",
    format: "PHARMA_EXPIRY_FORMAT",
    expired: "PHARMA_EXPIRED",
};

impl Guest for Pharma {
    fn describe() -> Info {
        info(
            "pharma",
            env!("CARGO_PKG_VERSION"),
            &["pharma"],
            COMMON_DOCUMENT_KINDS,
            &[
                "PHARMA_SERIAL_LENGTH",
                "PHARMA_BATCH_MISSING",
                EXPIRY.missing,
                EXPIRY.format,
                "PHARMA_TAIL_KEY_ID",
                "PHARMA_TAIL_CRYPTO",
                EXPIRY.expired,
                "PHARMA_EXPIRES_SOON",
            ],
        )
    }

    fn check_code(code: MarkingCode, _product: Product, _context: Context) -> Vec<Finding> {
        code_findings(&code, "")
    }

    fn check_document(document: Document, context: Context) -> Vec<Finding> {
        let introduction = is_introduction(&document.kind);
        let mut findings = Vec::new();
        for (base, code) in judged_codes(&document) {
            findings.extend(code_findings(code, &base));
            if introduction {
                findings.extend(introduction_findings(code, &base, &context.today));
            }
        }
        findings
    }

    fn check_sale(code: MarkingCode, _product: Product, sale: Sale) -> Verdict {
        EXPIRY.sale_verdict(&code, &sale.today)
    }
}

/// The code's structure: what a pharmaceutical code must carry.
fn code_findings(code: &MarkingCode, base: &str) -> Vec<Finding> {
    [
        check_serial(code, base, SERIAL_LENGTHS, "PHARMA_SERIAL_LENGTH"),
        check_element(code, base, "10", &[], "PHARMA_BATCH_MISSING"),
        EXPIRY.problem(code, base),
        check_element(code, base, "91", KEY_ID_LENGTHS, "PHARMA_TAIL_KEY_ID"),
        check_element(code, base, "92", CRYPTO_LENGTHS, "PHARMA_TAIL_CRYPTO"),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Expired goods may not be introduced; goods close to expiry are, with a warning. A code
/// without a readable expiry date is already refused by [`code_findings`].
fn introduction_findings(code: &MarkingCode, base: &str, today: &Date) -> Option<Finding> {
    EXPIRY
        .at_introduction(code, base, today)
        .or_else(|| expires_soon(code, base, today))
}

/// A warning when the code has [`SOON_DAYS`] or fewer days left (and is not expired).
fn expires_soon(code: &MarkingCode, base: &str, today: &Date) -> Option<Finding> {
    let expiry = expiry_date(code)?;
    let left = days_between(today, &expiry);
    if !(0..=SOON_DAYS).contains(&left) {
        return None;
    }
    let date = iso_date(&expiry);
    Some(warning(
        "PHARMA_EXPIRES_SOON",
        format!("{base}/elements/17"),
        text(
            &format!(
                "Дәрінің жарамдылық мерзімі (AI 17) {date} күні бітеді, {left} күн қалды. Тауар айналымға енгізіледі, бірақ оны осы күнге дейін өткізіп үлгеру керек."
            ),
            &format!(
                "Срок годности лекарства (AI 17) истекает {date}, осталось дней: {left}. Товар будет введён в оборот, но его нужно успеть реализовать до этой даты."
            ),
            &format!(
                "The medicine's expiry date (AI 17) is {date}, {left} days from today. It will be introduced, but must be sold before that date."
            ),
        ),
    ))
}

tanba_plugin_sdk::export!(Pharma);

#[cfg(test)]
mod tests;
