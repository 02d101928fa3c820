//! A hub document as an ESF invoice body (`v2:invoice`, InvoiceV2 of
//! `shared/formats/schemas/esf/xsd/Invoice/InvoiceV2.xsd`), the form in which IS ESF takes data
//! on goods (R6, G2).
//!
//! **What the public schema carries, and what it does not.** InvoiceV2 describes a turnover
//! between a seller and customers with a product set; it has no element for marking codes, for
//! an introduction into circulation or for a withdrawal. The real carriers of marked goods at
//! the Ministry (the accompanying note SNT, namespace `v1.snt`, and the virtual warehouse) are
//! not public. So, until an adapter version follows them:
//!
//! - products are the document's units grouped by GTIN (`catalogTruId` and `description` hold
//!   the GTIN, `quantity` the number of codes; transport units group under `SSCC`), and each
//!   product's marking codes travel in its free-text `additional` (G 19) as `KM:` followed by the
//!   codes separated by `;` (our convention; a group separator GS, which XML 1.0 cannot carry,
//!   is written `{GS}`);
//! - the operation is named in `addInf` (`tanba:introduction`, `tanba:shipment`,
//!   `tanba:withdrawal`, with the hub's document id); an introduction or a withdrawal names the
//!   participant as both seller and customer;
//! - prices are zero: an applied document carries no prices;
//! - an import's customs declaration number goes into `productDeclaration`, and
//!   `truOriginCode` is 1 for an import and 2 for goods produced here (6 otherwise).

use tanba_adapter_sdk::AppliedDocument;
use tanba_adapter_sdk::text::{code_to_xml_text, utc_date};
use tanba_adapter_sdk::xml::XmlBuilder;

/// The invoice namespace (`v2.esf`) and the abstract base's (`abstractInvoice.esf`).
pub const V2: &str = "v2.esf";
/// The abstract invoice's namespace.
pub const ABSTRACT: &str = "abstractInvoice.esf";

/// The hub document kinds reported to the Ministry (R6).
pub const REPORTED_KINDS: [&str; 3] = ["introduction", "shipment", "withdrawal"];

/// The invoice body for `document`, as text (it travels as a string in `invoiceBody`).
pub fn invoice_body(document: &AppliedDocument, operator_name: &str) -> String {
    let date = utc_date(document.applied_unix_seconds);
    let date = format!("{:02}.{:02}.{:04}", date.day, date.month, date.year);
    let field = |name: &str| {
        document
            .fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let customer = document.receiver.as_deref().unwrap_or(&document.sender);
    let mut b = XmlBuilder::new();
    b.open("v2:invoice", &[("xmlns:v2", V2), ("xmlns:a", ABSTRACT)]);
    b.leaf("date", &date)
        .leaf("invoiceType", "ORDINARY_INVOICE")
        .leaf("num", &number(&document.id))
        .leaf("operatorFullname", operator_name)
        .leaf("turnoverDate", &date)
        .leaf(
            "addInf",
            &format!("tanba:{} {}", document.kind, document.id),
        );
    b.open("customers", &[]).open("customer", &[]);
    b.leaf("countryCode", "KZ")
        .leaf("name", customer)
        .leaf("tin", customer);
    b.close().close();
    products(
        &mut b,
        document,
        field("customs_declaration"),
        origin(field("route")),
    );
    b.open("sellers", &[]).open("seller", &[]);
    b.leaf("name", &document.sender)
        .leaf("tin", &document.sender);
    b.close().close();
    b.finish()
}

fn products(
    b: &mut XmlBuilder,
    document: &AppliedDocument,
    declaration: Option<&str>,
    origin: &str,
) {
    b.open("productSet", &[]).leaf("currencyCode", "KZT");
    b.open("products", &[]);
    for (group, codes) in group_by_gtin(&document.codes) {
        b.open("product", &[]);
        let codes: Vec<String> = codes.iter().map(|c| code_to_xml_text(c)).collect();
        b.leaf("additional", &format!("KM:{}", codes.join(";")))
            .leaf("catalogTruId", &group)
            .leaf("description", &format!("GTIN {group}"))
            .leaf("ndsAmount", "0.00")
            .leaf("priceWithTax", "0.00")
            .leaf("priceWithoutTax", "0.00")
            .optional_leaf("productDeclaration", declaration)
            .leaf("quantity", &codes.len().to_string())
            .leaf("truOriginCode", origin)
            .leaf("turnoverSize", "0.00");
        b.close();
    }
    b.close();
    for total in [
        "totalExciseAmount",
        "totalNdsAmount",
        "totalPriceWithTax",
        "totalPriceWithoutTax",
        "totalTurnoverSize",
    ] {
        b.leaf(total, "0.00");
    }
    b.close();
}

/// `truOriginCode`: 1 imported, 2 produced in Kazakhstan, 6 otherwise.
fn origin(route: Option<&str>) -> &'static str {
    match route {
        Some("import") => "1",
        Some("production") => "2",
        _ => "6",
    }
}

/// Codes grouped by GTIN (`01` + 14 digits, bracketed or not), transport units under `SSCC`,
/// anything else under `OTHER`; groups in first-seen order.
pub fn group_by_gtin(codes: &[String]) -> Vec<(String, Vec<String>)> {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for code in codes {
        let plain: String = code.chars().filter(|c| *c != '(' && *c != ')').collect();
        let key = match plain.get(..2) {
            Some("01")
                if plain
                    .get(2..16)
                    .is_some_and(|g| g.bytes().all(|b| b.is_ascii_digit())) =>
            {
                plain[2..16].to_owned()
            }
            Some("00") if plain.len() == 20 => "SSCC".to_owned(),
            _ => "OTHER".to_owned(),
        };
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push(code.clone()),
            None => groups.push((key, vec![code.clone()])),
        }
    }
    groups
}

/// The invoice's `num` (digits only, at most 30): FNV-1a 64 of the hub's document id, so the
/// same document always gets the same number and a redelivery is recognisable.
pub fn number(document_id: &str) -> String {
    let hash = document_id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    hash.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_group_by_gtin_in_order() {
        let codes = [
            "010460043993125621JgXJ5.T",
            "(01)04600439931256(21)abc",
            "00046000000000000018",
            "0104870000000001215x",
        ]
        .map(String::from);
        let groups = group_by_gtin(&codes);
        let keys: Vec<_> = groups.iter().map(|(k, v)| (k.as_str(), v.len())).collect();
        assert_eq!(
            keys,
            [("04600439931256", 2), ("SSCC", 1), ("04870000000001", 1)]
        );
    }

    #[test]
    fn numbers_are_digits_and_stable() {
        let n = number("5f1c2a9e-0000-4000-8000-000000000001");
        assert!(n.bytes().all(|b| b.is_ascii_digit()) && n.len() <= 30);
        assert_eq!(n, number("5f1c2a9e-0000-4000-8000-000000000001"));
        assert_ne!(n, number("5f1c2a9e-0000-4000-8000-000000000002"));
    }
}
