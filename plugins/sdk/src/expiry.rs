//! Expiry dates on codes (AI 17) judged against the hub's "today": the rules every group with a
//! shelf life shares. A unit is good up to and including its expiry date; it is expired from the
//! day after.

use crate::{
    Date, Finding, MarkingCode, Severity, Verdict, days_from_civil, element, error,
    expiry_from_ai17, missing_element, text,
};

/// Document kinds that put goods into circulation: an introduction by each of its routes
/// (`tanba:rules` names it `introduction-<route>`), and an import from another EAEU state.
pub const INTRODUCTION_KINDS: &[&str] = &[
    "introduction-production",
    "introduction-import",
    "introduction-eaeu-import",
    "introduction-remains",
    "eaeu-import",
];

/// Whether a document of `kind` puts goods into circulation.
pub fn is_introduction(kind: &str) -> bool {
    INTRODUCTION_KINDS.contains(&kind)
}

/// What is about to happen to a unit, for the text of an "expired" finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// Introduction into circulation (production or import).
    Introduction,
    /// Retail sale.
    Sale,
}

/// `YYYY-MM-DD`.
pub fn iso_date(date: &Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year, date.month, date.day)
}

/// Days from `from` to `to`: positive when `to` is later.
pub fn days_between(from: &Date, to: &Date) -> i64 {
    days_from_civil(to) - days_from_civil(from)
}

/// Whether a unit expiring on `expiry` is expired on `today` (the expiry day itself is still good).
pub fn is_expired(expiry: &Date, today: &Date) -> bool {
    days_between(today, expiry) < 0
}

/// The code's expiry date (AI 17), if it has a readable one.
pub fn expiry_date(code: &MarkingCode) -> Option<Date> {
    element(code, "17").and_then(expiry_from_ai17)
}

/// A verdict from findings: allowed unless one of them is an error.
pub fn verdict(findings: Vec<Finding>) -> Verdict {
    Verdict {
        allowed: !findings
            .iter()
            .any(|f| matches!(f.severity, Severity::Error)),
        findings,
    }
}

/// The finding codes a rule set uses for a code's expiry date (AI 17).
#[derive(Debug, Clone, Copy)]
pub struct ExpiryCodes {
    /// AI 17 is missing, e.g. `PHARMA_EXPIRY_MISSING`.
    pub missing: &'static str,
    /// AI 17 is not a date, e.g. `PHARMA_EXPIRY_FORMAT`.
    pub format: &'static str,
    /// The date has passed, e.g. `PHARMA_EXPIRED`.
    pub expired: &'static str,
}

impl ExpiryCodes {
    /// The error (at `{base}/elements/17`) when the code has no readable expiry date.
    pub fn problem(&self, code: &MarkingCode, base: &str) -> Option<Finding> {
        let path = format!("{base}/elements/17");
        let Some(value) = element(code, "17") else {
            return Some(missing_element(self.missing, path, "17"));
        };
        expiry_from_ai17(value).is_none().then(|| {
            error(
                self.format,
                path,
                text(
                    &format!(
                        "Жарамдылық мерзімі (AI 17) «{value}» күн ретінде оқылмайды (ЖЖААКК пішімі күтіледі). Кодты дұрыс күнмен қайта басып шығарыңыз."
                    ),
                    &format!(
                        "Срок годности (AI 17) «{value}» не читается как дата (ожидается ГГММДД). Напечатайте код с правильной датой."
                    ),
                    &format!(
                        "The expiry date (AI 17) \"{value}\" is not a valid date (YYMMDD expected). Print the code with a correct date."
                    ),
                ),
            )
        })
    }

    /// An error at `path` when a unit expiring on `expiry` is expired on `today`: expired goods
    /// may not go through `operation`.
    pub fn expired(
        &self,
        expiry: &Date,
        today: &Date,
        path: impl Into<String>,
        operation: Operation,
    ) -> Option<Finding> {
        if !is_expired(expiry, today) {
            return None;
        }
        let date = iso_date(expiry);
        let message = match operation {
            Operation::Introduction => text(
                &format!(
                    "Жарамдылық мерзімі (AI 17) {date} күні өтіп кеткен. Мерзімі өткен тауарды айналымға енгізуге болмайды: бұл кодты құжаттан алып тастаңыз."
                ),
                &format!(
                    "Срок годности (AI 17) истёк {date}. Товар с истёкшим сроком годности нельзя вводить в оборот: уберите этот код из документа."
                ),
                &format!(
                    "The expiry date (AI 17), {date}, has passed. Expired goods may not be introduced into circulation: remove this code from the document."
                ),
            ),
            Operation::Sale => text(
                &format!(
                    "Жарамдылық мерзімі (AI 17) {date} күні өтіп кеткен. Мерзімі өткен тауарды сатуға болмайды: оны сатудан алып, есептен шығарыңыз."
                ),
                &format!(
                    "Срок годности (AI 17) истёк {date}. Товар с истёкшим сроком годности продавать нельзя: снимите его с продажи и спишите."
                ),
                &format!(
                    "The expiry date (AI 17), {date}, has passed. Expired goods may not be sold: take the unit off sale and write it off."
                ),
            ),
        };
        Some(error(self.expired, path, message))
    }

    /// At introduction: an error at `{base}/elements/17` when the code is expired on `today`. A
    /// code without a readable date gives nothing here: [`ExpiryCodes::problem`] reports that.
    pub fn at_introduction(&self, code: &MarkingCode, base: &str, today: &Date) -> Option<Finding> {
        let expiry = expiry_date(code)?;
        let path = format!("{base}/elements/17");
        self.expired(&expiry, today, path, Operation::Introduction)
    }

    /// Whether a unit may be sold on `today` as far as its expiry goes: not when it is expired,
    /// nor when its code does not say when it expires.
    pub fn sale_verdict(&self, code: &MarkingCode, today: &Date) -> Verdict {
        let finding = match expiry_date(code) {
            Some(expiry) => self.expired(&expiry, today, "/elements/17", Operation::Sale),
            None => self.problem(code, ""),
        };
        verdict(finding.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{marking_code, warning};

    const CODES: ExpiryCodes = ExpiryCodes {
        missing: "X_EXPIRY_MISSING",
        format: "X_EXPIRY_FORMAT",
        expired: "X_EXPIRED",
    };

    fn d(year: i32, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    fn code(extra: &[(&str, &str)]) -> MarkingCode {
        marking_code("04600000000015", "s", extra)
    }

    #[test]
    fn the_expiry_day_itself_is_still_good() {
        let today = d(2026, 11, 24);
        assert!(!is_expired(&d(2026, 11, 24), &today));
        assert!(is_expired(&d(2026, 11, 23), &today));
        assert_eq!(days_between(&today, &d(2026, 12, 24)), 30);
        assert!(
            CODES
                .expired(&today, &today, "/p", Operation::Sale)
                .is_none()
        );
        let past = CODES
            .expired(&d(2026, 11, 23), &today, "/p", Operation::Introduction)
            .expect("expired");
        assert_eq!(
            (past.code.as_str(), past.path.as_str()),
            ("X_EXPIRED", "/p")
        );
        assert!(past.message.en.contains("2026-11-23") && past.message.en.contains("introduced"));
    }

    #[test]
    fn the_date_is_read_from_ai17_or_its_absence_is_a_finding() {
        let dated = code(&[("17", "261100")]);
        assert_eq!(iso_date(&expiry_date(&dated).expect("date")), "2026-11-30");
        assert!(CODES.problem(&dated, "").is_none());
        let missing = CODES.problem(&code(&[]), "/l").expect("missing");
        assert_eq!(
            (missing.code.as_str(), missing.path.as_str()),
            ("X_EXPIRY_MISSING", "/l/elements/17")
        );
        let bad = CODES.problem(&code(&[("17", "261332")]), "").expect("bad");
        assert_eq!(bad.code, "X_EXPIRY_FORMAT");
    }

    #[test]
    fn a_sale_is_refused_when_expired_or_undated_and_warnings_do_not_refuse() {
        let today = d(2026, 11, 24);
        assert!(
            CODES
                .sale_verdict(&code(&[("17", "261124")]), &today)
                .allowed
        );
        let expired = CODES.sale_verdict(&code(&[("17", "261123")]), &today);
        assert!(!expired.allowed && expired.findings[0].path == "/elements/17");
        assert!(!CODES.sale_verdict(&code(&[]), &today).allowed);
        assert!(verdict(vec![warning("X_W", "", text("a", "b", "c"))]).allowed);
        assert!(is_introduction("introduction-import") && !is_introduction("shipment"));
    }
}
