//! R5: an introduction from import is checked against the customs declaration it names, as the
//! customs authority delivered it (through an adapter, `record-customs-declaration`):
//!
//! - the declaration must be named and known, and filed by the document's sender (nothing more
//!   of someone else's declaration is told);
//! - its date must be the document's `declaration_date`;
//! - every GTIN among the codes (packed ones included) must be declared;
//! - per GTIN, the codes of this and of earlier applied introductions under the declaration
//!   must not pass the declared quantity (the declaration's row is locked while deciding, and
//!   what an applied introduction used is recorded in its transaction);
//! - when the document states a country of origin, it must be one declared for each GTIN.
//!
//! [`findings`] decides from facts already read (no IO); [`ImportCheck`] reads and records.

use std::collections::{BTreeMap, HashMap};

use tanba_domain::{IntroductionRoute, Msg};
use tanba_registry::RegistryError;
use tanba_store::registry::UnitRow;
use tanba_store::{
    DeclarationRow, customs_declaration_uses, lock_customs_declaration,
    record_customs_declaration_uses,
};
use tokio_postgres::GenericClient;
use uuid::Uuid;

use crate::form::DocumentForm;
use crate::plan::{CoreFinding, Listed};

/// What an import document says of its declaration.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Claim<'a> {
    /// `customs_declaration`.
    pub number: Option<&'a str>,
    /// `declaration_date`.
    pub date: Option<&'a str>,
    /// `country_of_origin`.
    pub country: Option<&'a str>,
    /// The document's sender.
    pub sender: &'a str,
}

/// Codes per GTIN in a document: how many, and the path of the first listed unit with one.
pub(crate) type CodesByGtin = BTreeMap<String, (u64, String)>;

/// The import check of one document: its findings, and (when it passes) what to record as
/// used once the document is applied.
#[derive(Debug, Default)]
pub(crate) struct ImportCheck {
    /// Why the document cannot be applied.
    pub findings: Vec<CoreFinding>,
    uses: Option<(String, Vec<(String, u64)>)>,
}

impl ImportCheck {
    /// Checks `form` if it is an introduction from import (otherwise there is nothing to check),
    /// locking its declaration's row in `tx`.
    pub(crate) async fn run(
        tx: &impl GenericClient,
        form: &DocumentForm,
        sender: &str,
        listed: &[Listed],
        contents: &HashMap<String, Vec<UnitRow>>,
    ) -> Result<ImportCheck, RegistryError> {
        let DocumentForm::Introduction {
            route: IntroductionRoute::Import,
            customs_declaration,
            declaration_date,
            country_of_origin,
            ..
        } = form
        else {
            return Ok(ImportCheck::default());
        };
        let claim = Claim {
            number: customs_declaration.as_deref(),
            date: declaration_date.as_deref(),
            country: country_of_origin.as_deref(),
            sender,
        };
        let codes = codes_by_gtin(listed, contents);
        let (declaration, used) = match claim.number {
            Some(number) => match lock_customs_declaration(tx, number).await? {
                Some(d) => {
                    let used = customs_declaration_uses(tx, number).await?;
                    (Some(d), used)
                }
                None => (None, Vec::new()),
            },
            None => (None, Vec::new()),
        };
        let findings = findings(claim, declaration.as_ref(), &codes, &used);
        let uses = match (&declaration, findings.is_empty()) {
            (Some(d), true) => Some((
                d.number.clone(),
                codes.iter().map(|(g, (n, _))| (g.clone(), *n)).collect(),
            )),
            _ => None,
        };
        Ok(ImportCheck { findings, uses })
    }

    /// Records what the applied document `id` used of its declaration, in its transaction.
    pub(crate) async fn record(
        &self,
        tx: &impl GenericClient,
        id: Uuid,
    ) -> Result<(), RegistryError> {
        if let Some((number, codes)) = &self.uses {
            record_customs_declaration_uses(tx, number, id, codes).await?;
        }
        Ok(())
    }
}

/// The codes (keys `01<gtin>21<serial>`) among the listed units and everything inside them,
/// per GTIN.
pub(crate) fn codes_by_gtin(
    listed: &[Listed],
    contents: &HashMap<String, Vec<UnitRow>>,
) -> CodesByGtin {
    let mut codes = CodesByGtin::new();
    for unit in listed.iter().filter(|l| l.row.is_some()) {
        let inside = contents
            .get(&unit.key)
            .into_iter()
            .flatten()
            .map(|r| &r.key);
        for key in std::iter::once(&unit.key).chain(inside) {
            if let Some(gtin) = key.strip_prefix("01").and_then(|k| k.get(..14)) {
                let entry = codes
                    .entry(gtin.to_owned())
                    .or_insert_with(|| (0, unit.path.clone()));
                entry.0 += 1;
            }
        }
    }
    codes
}

/// The findings of an import document (`claim`, `codes`) against its declaration (none when
/// unknown) and what earlier introductions `used` of it per GTIN.
pub(crate) fn findings(
    claim: Claim<'_>,
    declaration: Option<&DeclarationRow>,
    codes: &CodesByGtin,
    used: &[(String, u64)],
) -> Vec<CoreFinding> {
    let one = |code, path: &str, msg| vec![finding(code, path, msg)];
    let Some(number) = claim.number else {
        return one(
            "IMPORT_DECLARATION_MISSING",
            "/customs_declaration",
            Msg::new("document-import-declaration-missing"),
        );
    };
    let Some(d) = declaration else {
        return one(
            "CUSTOMS_DECLARATION_UNKNOWN",
            "/customs_declaration",
            Msg::new("document-customs-declaration-unknown").with("number", number.escape_debug()),
        );
    };
    if d.declarant != claim.sender {
        return one(
            "CUSTOMS_DECLARANT_MISMATCH",
            "/customs_declaration",
            Msg::new("document-customs-declarant-mismatch")
                .with("number", number)
                .with("sender", claim.sender),
        );
    }
    let mut found = Vec::new();
    match claim.date {
        None => found.push(finding(
            "IMPORT_DECLARATION_DATE_MISSING",
            "/declaration_date",
            Msg::new("document-import-declaration-date-missing").with("number", number),
        )),
        Some(date) if date != d.date => found.push(finding(
            "CUSTOMS_DECLARATION_DATE_MISMATCH",
            "/declaration_date",
            Msg::new("document-customs-declaration-date-mismatch")
                .with("number", number)
                .with("declared", &d.date)
                .with("given", date.escape_debug()),
        )),
        Some(_) => {}
    }
    for (gtin, (count, path)) in codes {
        found.extend(gtin_findings(claim, d, gtin, *count, path, used));
    }
    found
}

/// One GTIN of the document against the declaration's items.
fn gtin_findings(
    claim: Claim<'_>,
    d: &DeclarationRow,
    gtin: &str,
    count: u64,
    path: &str,
    used: &[(String, u64)],
) -> Vec<CoreFinding> {
    let items: Vec<_> = d.items.iter().filter(|i| i.gtin == gtin).collect();
    if items.is_empty() {
        return vec![finding(
            "CUSTOMS_GTIN_NOT_DECLARED",
            path,
            Msg::new("document-customs-gtin-not-declared")
                .with("number", &d.number)
                .with("gtin", gtin),
        )];
    }
    let mut found = Vec::new();
    let declared: u64 = items.iter().map(|i| i.quantity).sum();
    let earlier = used
        .iter()
        .filter(|(g, _)| g == gtin)
        .map(|(_, n)| *n)
        .sum::<u64>();
    if earlier.saturating_add(count) > declared {
        let number = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        found.push(finding(
            "CUSTOMS_QUANTITY_EXCEEDED",
            "/units",
            Msg::new("document-customs-quantity-exceeded")
                .with("number", &d.number)
                .with("gtin", gtin)
                .with_number("declared", number(declared))
                .with_number("earlier", number(earlier))
                .with_number("count", number(count)),
        ));
    }
    if let Some(country) = claim.country {
        let mut countries: Vec<&str> = items.iter().map(|i| i.country_of_origin.as_str()).collect();
        countries.sort_unstable();
        countries.dedup();
        if !countries.contains(&country) {
            found.push(finding(
                "CUSTOMS_ORIGIN_MISMATCH",
                "/country_of_origin",
                Msg::new("document-customs-origin-mismatch")
                    .with("number", &d.number)
                    .with("gtin", gtin)
                    .with("country", country.escape_debug())
                    .with("declared", countries.join(", ")),
            ));
        }
    }
    found
}

fn finding(code: &'static str, path: &str, msg: Msg) -> CoreFinding {
    CoreFinding {
        code,
        path: path.to_owned(),
        msg,
    }
}

#[cfg(test)]
mod tests {
    use tanba_store::DeclaredItem;

    use super::*;

    const SENDER: &str = "040740000001";
    const GTIN: &str = "04870000000012";

    fn declaration() -> DeclarationRow {
        DeclarationRow {
            number: "D1".into(),
            date: "2026-11-25".into(),
            declarant: SENDER.into(),
            items: vec![DeclaredItem {
                number: 1,
                tnved: "2402209000".into(),
                gtin: GTIN.into(),
                quantity: 3,
                country_of_origin: "CN".into(),
            }],
        }
    }

    fn claim() -> Claim<'static> {
        Claim {
            number: Some("D1"),
            date: Some("2026-11-25"),
            country: Some("CN"),
            sender: SENDER,
        }
    }

    fn codes(n: u64) -> CodesByGtin {
        BTreeMap::from([(GTIN.to_owned(), (n, "/units/0".to_owned()))])
    }

    fn codes_of(found: &[CoreFinding]) -> Vec<&str> {
        found.iter().map(|f| f.code).collect()
    }

    #[test]
    fn an_import_within_its_declaration_passes() {
        let d = declaration();
        assert!(findings(claim(), Some(&d), &codes(2), &[(GTIN.into(), 1)]).is_empty());
        let no_country = Claim {
            country: None,
            ..claim()
        };
        assert!(findings(no_country, Some(&d), &codes(3), &[]).is_empty());
    }

    #[test]
    fn each_departure_from_the_declaration_is_named() {
        let d = declaration();
        let missing = Claim {
            number: None,
            ..claim()
        };
        assert_eq!(
            codes_of(&findings(missing, None, &codes(1), &[])),
            ["IMPORT_DECLARATION_MISSING"]
        );
        assert_eq!(
            codes_of(&findings(claim(), None, &codes(1), &[])),
            ["CUSTOMS_DECLARATION_UNKNOWN"]
        );
        let other = Claim {
            sender: "200540000009",
            date: Some("2020-01-01"),
            ..claim()
        };
        assert_eq!(
            codes_of(&findings(other, Some(&d), &codes(9), &[])),
            ["CUSTOMS_DECLARANT_MISMATCH"],
            "nothing else of another's declaration is told"
        );
        let wrong = Claim {
            date: Some("2026-11-24"),
            country: Some("TR"),
            ..claim()
        };
        let found = findings(wrong, Some(&d), &codes(2), &[(GTIN.into(), 2)]);
        assert_eq!(
            codes_of(&found),
            [
                "CUSTOMS_DECLARATION_DATE_MISMATCH",
                "CUSTOMS_QUANTITY_EXCEEDED",
                "CUSTOMS_ORIGIN_MISMATCH"
            ]
        );
        assert_eq!(found[0].path, "/declaration_date");
        let undeclared = BTreeMap::from([("04600000000015".to_owned(), (1, "/units/4".into()))]);
        let found = findings(claim(), Some(&d), &undeclared, &[]);
        assert_eq!(codes_of(&found), ["CUSTOMS_GTIN_NOT_DECLARED"]);
        assert_eq!(found[0].path, "/units/4");
    }
}
