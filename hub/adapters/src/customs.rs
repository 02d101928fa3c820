//! `record-customs-declaration` (tanba:adapter@1.1.0; R5): a customs declaration an adapter
//! delivers, checked at the hub's door (the adapter's word is not taken: number, calendar date,
//! the declarant's BIN/IIN, each item's TN VED, GTIN with its check digit, quantity and
//! country) and stored in the step's transaction with an audit row. The same declaration sent
//! again is harmless; a different one under a stored number is refused, and the step with it.
//! Introductions from import are checked against it by `tanba-documents`.

use std::collections::HashSet;

use tanba_domain::{CheckDigitPolicy, Gtin, ParticipantId};
use tanba_plugin_host::adapter_types::{CustomsDeclaration, GoodsItem};
use tanba_store::{AuditEntry, DeclarationRow, DeclaredItem, Recorded, record_customs_declaration};
use tokio_postgres::GenericClient;

use crate::AdapterError;

/// Most goods items one declaration may have (a customs declaration has at most 999).
const MAX_ITEMS: usize = 999;
/// The longest declaration number taken.
const MAX_NUMBER: usize = 64;

/// Checks `d` and stores it in `tx`.
pub(crate) async fn record(
    tx: &impl GenericClient,
    ids: CheckDigitPolicy,
    adapter: &str,
    d: &CustomsDeclaration,
) -> Result<(), AdapterError> {
    let row = checked(d, ids).map_err(|reason| AdapterError::Declaration {
        adapter: adapter.to_owned(),
        number: d.number.escape_debug().to_string(),
        reason,
    })?;
    let audit = AuditEntry {
        bin: Some(row.declarant.clone()),
        role: Some(format!("adapter:{adapter}")),
        action: "customs.declaration.record".to_owned(),
        ..AuditEntry::default()
    };
    match record_customs_declaration(tx, &row, adapter, &audit).await? {
        Recorded::Stored => {
            tracing::info!(adapter, number = %row.number, items = row.items.len(),
                "customs declaration stored");
            Ok(())
        }
        Recorded::Unchanged => {
            tracing::info!(adapter, number = %row.number,
                "customs declaration received again, unchanged");
            Ok(())
        }
        Recorded::Conflict => Err(AdapterError::DeclarationConflict {
            adapter: adapter.to_owned(),
            number: row.number,
        }),
    }
}

/// The declaration as the store keeps it, or what is wrong with it.
fn checked(d: &CustomsDeclaration, ids: CheckDigitPolicy) -> Result<DeclarationRow, String> {
    let number_ok = (1..=MAX_NUMBER).contains(&d.number.len())
        && d.number.trim() == d.number
        && !d.number.chars().any(char::is_control);
    if !number_ok {
        return Err(format!(
            "the number must be 1 to {MAX_NUMBER} characters without surrounding spaces or control characters"
        ));
    }
    let date = time::Month::try_from(d.date.month)
        .ok()
        .and_then(|m| time::Date::from_calendar_date(d.date.year, m, d.date.day).ok())
        .filter(|date| (1990..=9999).contains(&date.year()))
        .ok_or_else(|| {
            format!(
                "the date {}-{}-{} is not a calendar date",
                d.date.year, d.date.month, d.date.day
            )
        })?;
    ParticipantId::parse(&d.declarant, ids)
        .map_err(|e| format!("the declarant {:?} is not a BIN or IIN: {e}", d.declarant))?;
    if d.goods_items.is_empty() || d.goods_items.len() > MAX_ITEMS {
        return Err(format!("it must have 1 to {MAX_ITEMS} goods items"));
    }
    let mut numbers = HashSet::new();
    let items = d
        .goods_items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            if !numbers.insert(item.number) {
                return Err(format!("goods item {} appears twice", item.number));
            }
            item_checked(item).map_err(|reason| format!("goods item {}: {reason}", i + 1))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(DeclarationRow {
        number: d.number.clone(),
        date: format!(
            "{:04}-{:02}-{:02}",
            date.year(),
            u8::from(date.month()),
            date.day()
        ),
        declarant: d.declarant.clone(),
        items,
    })
}

fn item_checked(item: &GoodsItem) -> Result<DeclaredItem, String> {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(&item.tnved, 10) {
        return Err(format!("TN VED {:?} is not 10 digits", item.tnved));
    }
    if !digits(&item.gtin, 14) {
        return Err(format!("GTIN {:?} is not 14 digits", item.gtin));
    }
    Gtin::parse(&item.gtin).map_err(|e| format!("GTIN {}: {e}", item.gtin))?;
    if item.quantity == 0 || i64::try_from(item.quantity).is_err() {
        return Err(format!(
            "quantity {} is not a positive count",
            item.quantity
        ));
    }
    let country = &item.country_of_origin;
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(format!(
            "country of origin {country:?} is not an ISO 3166-1 alpha-2 code"
        ));
    }
    Ok(DeclaredItem {
        number: item.number,
        tnved: item.tnved.clone(),
        gtin: item.gtin.clone(),
        quantity: item.quantity,
        country_of_origin: country.clone(),
    })
}

#[cfg(test)]
mod tests {
    use tanba_plugin_host::adapter_types::Date;

    use super::*;

    fn declaration() -> CustomsDeclaration {
        CustomsDeclaration {
            number: "50508/251126/0012345".into(),
            date: Date {
                year: 2026,
                month: 11,
                day: 25,
            },
            declarant: "040740000001".into(),
            goods_items: vec![GoodsItem {
                number: 1,
                tnved: "2402209000".into(),
                gtin: "04870000000012".into(),
                quantity: 100,
                country_of_origin: "CN".into(),
            }],
        }
    }

    #[test]
    fn a_valid_declaration_becomes_its_row() {
        let row = checked(&declaration(), CheckDigitPolicy::Strict).expect("valid");
        assert_eq!(row.date, "2026-11-25");
        assert_eq!(row.items[0].quantity, 100);
    }

    /// A change that breaks a declaration, and the word its refusal must contain.
    type Break = (fn(&mut CustomsDeclaration), &'static str);

    #[test]
    fn each_broken_field_is_named() {
        let cases: Vec<Break> = vec![
            (|d| d.number = " 1".into(), "number"),
            (|d| d.date.month = 13, "calendar date"),
            (|d| d.date.day = 31, "calendar date"), // 31 November
            (|d| d.declarant = "040740000002".into(), "declarant"),
            (|d| d.goods_items.clear(), "goods items"),
            (|d| d.goods_items[0].tnved = "24022".into(), "TN VED"),
            (|d| d.goods_items[0].gtin = "04870000000013".into(), "GTIN"),
            (|d| d.goods_items[0].quantity = 0, "quantity"),
            (
                |d| d.goods_items[0].country_of_origin = "cn".into(),
                "country",
            ),
            (
                |d| d.goods_items.push(d.goods_items[0].clone()),
                "appears twice",
            ),
        ];
        for (breaks, needle) in cases {
            let mut d = declaration();
            breaks(&mut d);
            let err = checked(&d, CheckDigitPolicy::Strict).expect_err(needle);
            assert!(err.contains(needle), "{needle}: {err}");
        }
    }
}
