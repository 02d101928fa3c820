//! Customs declaration data for checking imports (R5), received at the inbound endpoint
//! `customs-declarations`.
//!
//! **The format is ours.** How the customs system (KGD's ASTANA-1) would hand declarations to
//! the marking system is not public, so this adapter takes the small document below, bare or
//! in a SOAP 1.1 Body, and checks it completely:
//!
//! ```xml
//! <customsDeclaration xmlns="urn:tanba:minfin:customs-declaration:v1">
//!   <number>50508/251126/0012345</number>  <!-- customs office / ddmmyy / serial -->
//!   <date>2026-11-25</date>
//!   <declarantTin>123456789012</declarantTin>
//!   <goodsItem>                            <!-- one or more -->
//!     <number>1</number> <tnved>2402209000</tnved> <gtin>04600439931256</gtin>
//!     <quantity>100</quantity> <countryOfOrigin>CN</countryOfOrigin>
//!   </goodsItem>
//! </customsDeclaration>
//! ```
//!
//! A valid declaration becomes the hub command `record-customs-declaration`
//! (tanba:adapter@1.1.0): the hub checks it again, stores it in the same transaction (the same
//! declaration sent again is harmless, a different one under a stored number is refused) and
//! checks introductions from import against it (declared GTINs, quantities, date, declarant,
//! origin). An invalid one is answered with a `Client` fault naming what is wrong, and nothing
//! is applied.

use tanba_adapter_sdk::soap::{self, SOAP11_ENVELOPE, SoapBody};
use tanba_adapter_sdk::text::parse_date;
use tanba_adapter_sdk::xml::{self, Element};
use tanba_adapter_sdk::{CustomsDeclaration, GoodsItem};

use crate::error::MinfinError;

/// The inbound endpoint's name.
pub const ENDPOINT: &str = "customs-declarations";
/// The namespace of our declaration format.
pub const NS: &str = "urn:tanba:minfin:customs-declaration:v1";

/// Reads a declaration from a message body (bare, or in a SOAP 1.1 Body).
pub fn read(body: &[u8]) -> Result<CustomsDeclaration, MinfinError> {
    let root = xml::parse(body)?;
    let element = if root.is(Some(SOAP11_ENVELOPE), "Envelope") {
        match soap::read_body(body)? {
            SoapBody::Payload(p) => p,
            SoapBody::Fault(_) => return Err(invalid("a SOAP fault is not a declaration".into())),
        }
    } else {
        root
    };
    declaration(&element)
}

fn declaration(e: &Element) -> Result<CustomsDeclaration, MinfinError> {
    if !e.is(Some(NS), "customsDeclaration") {
        return Err(invalid(format!(
            "expected {{{NS}}}customsDeclaration, found {}",
            e.expanded_name()
        )));
    }
    let field = |name: &str| {
        e.child_text(Some(NS), name)
            .ok_or_else(|| invalid(format!("{name} is missing")))
    };
    let number = field("number")?;
    let text = field("date")?;
    let date = parse_date(&text)
        .filter(|_| text.len() == 10)
        .ok_or_else(|| invalid(format!("date {text} is not a YYYY-MM-DD date")))?;
    let declarant = digits(&field("declarantTin")?, 12, "declarantTin").map_err(invalid)?;
    let goods_items: Vec<GoodsItem> = e
        .children_named(Some(NS), "goodsItem")
        .enumerate()
        .map(|(i, item)| goods_item(item).map_err(|r| invalid(format!("goodsItem {}: {r}", i + 1))))
        .collect::<Result<Vec<_>, _>>()?;
    if goods_items.is_empty() {
        return Err(invalid("no goodsItem".into()));
    }
    Ok(CustomsDeclaration {
        number,
        date,
        declarant,
        goods_items,
    })
}

fn goods_item(e: &Element) -> Result<GoodsItem, String> {
    let field = |name: &str| {
        e.child_text(Some(NS), name)
            .ok_or(format!("{name} is missing"))
    };
    let number = field("number")?
        .parse()
        .map_err(|_| "number is not a number")?;
    let quantity = field("quantity")?
        .parse()
        .ok()
        .filter(|q| *q > 0)
        .ok_or("quantity is not a positive number")?;
    let country = field("countryOfOrigin")?;
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(format!("countryOfOrigin {country} is not ISO 3166 alpha-2"));
    }
    Ok(GoodsItem {
        number,
        tnved: digits(&field("tnved")?, 10, "tnved")?,
        gtin: digits(&field("gtin")?, 14, "gtin")?,
        quantity,
        country_of_origin: country,
    })
}

fn digits(value: &str, len: usize, name: &str) -> Result<String, String> {
    if value.len() == len && value.bytes().all(|b| b.is_ascii_digit()) {
        Ok(value.to_owned())
    } else {
        Err(format!("{name} {value} is not {len} digits"))
    }
}

fn invalid(reason: String) -> MinfinError {
    MinfinError::Declaration { reason }
}
