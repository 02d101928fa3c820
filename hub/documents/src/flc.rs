//! Format-and-logic control by the product group's rule set (R17): the document, the codes it
//! touches and their products go to `check-document` of each group's active rule set; its
//! errors reject the document, its warnings are kept with it.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use tanba_domain::gs1::ElementString;

use tanba_plugin_host::types::{
    CodeStatus, Context, Date, Document, DocumentLine, Element, Finding, MarkingCode, Product,
    Severity, Text,
};
use tanba_store::registry::{ProductRow, UnitRow};

use crate::form::DocumentForm;

/// The rule set's view of a document's lines and products.
pub(crate) fn document(
    form: &DocumentForm,
    id: &str,
    sender: &str,
    units: &[UnitRow],
    products: &[ProductRow],
) -> Document {
    let given = given_elements(form);
    Document {
        kind: kind(form),
        id: id.to_owned(),
        sender: sender.to_owned(),
        receiver: form.receiver().map(str::to_owned),
        // `tanba:rules` names header fields in kebab case (`production-date`).
        fields: form
            .fields()
            .into_iter()
            .map(|(name, value)| (name.replace('_', "-"), value))
            .collect(),
        lines: units.iter().map(|u| line(u, &given)).collect(),
        products: products.iter().map(product).collect(),
    }
}

/// The document kind as `tanba:rules` names it (`introduction-production`, `shipment`,
/// `retail-sale`, ...): an introduction by its route, every kind in kebab case.
pub(crate) fn kind(form: &DocumentForm) -> String {
    let kind = match form {
        DocumentForm::Introduction { route, .. } => {
            format!("introduction-{}", route.as_str().to_ascii_lowercase())
        }
        other => other.kind().to_owned(),
    };
    kind.replace('_', "-")
}

/// The elements of each code the document wrote out whole (`]d2...`, `(01)...(17)...`), by
/// unit key: a rule set judges what the document says of a code (an introduction's expiry,
/// price ceiling, batch), and a code named by its key alone has only its 01 and 21.
fn given_elements(form: &DocumentForm) -> HashMap<String, Vec<Element>> {
    form.units()
        .1
        .iter()
        .filter_map(|text| {
            let elements = elements_of(text);
            let key = tanba_registry::unit_key(text, "").ok()?;
            (elements.len() > 2).then_some((key, elements))
        })
        .collect()
}

/// Every element of a code as written (a scanned code, a document's line), 01 and 21
/// included; none when the text is not an element string.
pub(crate) fn elements_of(text: &str) -> Vec<Element> {
    ElementString::parse(text)
        .map(|parsed| {
            parsed
                .elements()
                .iter()
                .map(|e| Element {
                    ai: e.ai().as_str().to_owned(),
                    value: e.value().to_owned(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A code's unit as the rule set sees it (none for an SSCC): its 01 and 21, the elements the
/// document gave for it (see [`given_elements`]) replacing them when there are any.
pub(crate) fn marking_code(unit: &UnitRow) -> Option<MarkingCode> {
    unit.key.strip_prefix("01").map(|rest| {
        let (gtin, serial) = rest.split_at(rest.len().min(14));
        let serial = serial.strip_prefix("21").unwrap_or(serial);
        MarkingCode {
            gtin: gtin.to_owned(),
            serial: serial.to_owned(),
            elements: vec![
                Element {
                    ai: "01".into(),
                    value: gtin.to_owned(),
                },
                Element {
                    ai: "21".into(),
                    value: serial.to_owned(),
                },
            ],
            status: status(&unit.status),
        }
    })
}

fn line(unit: &UnitRow, given: &HashMap<String, Vec<Element>>) -> DocumentLine {
    let code = marking_code(unit).map(|mut code| {
        if let Some(elements) = given.get(&unit.key) {
            code.elements = elements.clone();
        }
        code
    });
    DocumentLine {
        sscc: unit.key.strip_prefix("00").map(str::to_owned),
        code,
        price_tiyn: None,
        attributes: Vec::new(),
    }
}

fn status(text: &str) -> Option<CodeStatus> {
    Some(match text {
        "EMITTED" => CodeStatus::Emitted,
        "APPLIED" => CodeStatus::Applied,
        "INTRODUCED" => CodeStatus::Introduced,
        "RETIRED" => CodeStatus::Retired,
        "WRITTEN_OFF" => CodeStatus::WrittenOff,
        "WITHDRAWN" => CodeStatus::Withdrawn,
        _ => return None,
    })
}

pub(crate) fn product(p: &ProductRow) -> Product {
    let name = |lang: &str| {
        p.names
            .get(lang)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    Product {
        gtin: p.gtin.clone(),
        product_group: p.product_group.clone(),
        tn_ved: p.tn_ved.clone().unwrap_or_default(),
        name: Text {
            kk: name("kk"),
            ru: name("ru"),
            en: name("en"),
        },
        shelf_life_days: p.shelf_life_days.and_then(|d| u32::try_from(d).ok()),
        attributes: p
            .attributes
            .as_object()
            .map(|o| {
                o.iter()
                    .map(|(k, v)| (k.clone(), v.to_string().trim_matches('"').to_owned()))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// Now, as the rule set sees it (the hub owns the clock), with the reference lists (R20) in
/// force on the document's day.
pub(crate) fn context(reference: Vec<(String, Vec<String>)>) -> Context {
    Context {
        reference,
        ..context_at(None)
    }
}

/// The moment `at` (Unix seconds; now when not given), as a rule set sees it, without
/// reference lists: a sale's time for `check-sale` (R13).
pub(crate) fn context_at(at: Option<i64>) -> Context {
    let now = at.unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or_default()
    });
    Context {
        now_unix_seconds: now,
        today: civil_date(now.div_euclid(86_400)),
        reference: Vec::new(),
    }
}

/// The day in Kazakhstan a document was submitted (RFC 3339 UTC), whose reference data its
/// checks use: a TN VED code that changes on 1 January applies to documents from that day.
/// Today's date if the stored time cannot be read (it always can: the store writes it).
pub(crate) fn document_day(submitted_at: &str) -> time::Date {
    tanba_reference::kazakhstan_day_of(submitted_at)
        .unwrap_or_else(tanba_reference::today_in_kazakhstan)
}

/// The calendar date of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_date(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date {
        year: i32::try_from(year).unwrap_or_default(),
        month: u8::try_from(month).unwrap_or_default(),
        day: u8::try_from(day).unwrap_or_default(),
    }
}

/// Whether a rule-set finding stops the document.
pub(crate) fn is_error(finding: &Finding) -> bool {
    matches!(finding.severity, Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::civil_date;

    #[test]
    fn day_counts_become_calendar_dates() {
        let d = civil_date(20_416);
        assert_eq!((d.year, d.month, d.day), (2025, 11, 24));
        let d = civil_date(0);
        assert_eq!((d.year, d.month, d.day), (1970, 1, 1));
        let d = civil_date(11_016);
        assert_eq!((d.year, d.month, d.day), (2000, 2, 29));
    }
}
