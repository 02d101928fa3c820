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
//! **No WIT command carries it yet.** `tanba:adapter@1.0.0` has commands for documents,
//! participants and the trust store; a declaration is reference data that an import's
//! introduction is checked against (declared GTINs, quantities, origin). Until the WIT gains a
//! command such as `record-customs-declaration(declaration)` (number, date, declarant, items of
//! TN VED, GTIN, quantity, origin) and the hub a table for it, a valid declaration is answered
//! with a `Server` fault (`CUSTOMS_DECLARATION_NOT_STORED`, nothing applied) so the sender keeps
//! it and sends it again; an invalid one with a `Client` fault naming what is wrong.

use tanba_adapter_sdk::soap::{self, SOAP11_ENVELOPE, SoapBody};
use tanba_adapter_sdk::text::parse_date;
use tanba_adapter_sdk::xml::{self, Element};

use crate::error::MinfinError;

/// The inbound endpoint's name.
pub const ENDPOINT: &str = "customs-declarations";
/// The namespace of our declaration format.
pub const NS: &str = "urn:tanba:minfin:customs-declaration:v1";

/// A customs declaration, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    /// The declaration's number.
    pub number: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The declarant's BIN/IIN.
    pub declarant: String,
    /// The goods items.
    pub items: Vec<GoodsItem>,
}

/// One goods item of a declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoodsItem {
    /// The item's number in the declaration.
    pub number: u32,
    /// 10-digit TN VED code.
    pub tnved: String,
    /// 14-digit GTIN.
    pub gtin: String,
    /// Units declared.
    pub quantity: u64,
    /// ISO 3166 alpha-2.
    pub country_of_origin: String,
}

/// Reads a declaration from a message body (bare, or in a SOAP 1.1 Body).
pub fn read(body: &[u8]) -> Result<Declaration, MinfinError> {
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

fn declaration(e: &Element) -> Result<Declaration, MinfinError> {
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
    let date = field("date")?;
    if parse_date(&date).is_none() {
        return Err(invalid(format!("date {date} is not a YYYY-MM-DD date")));
    }
    let declarant = digits(&field("declarantTin")?, 12, "declarantTin").map_err(invalid)?;
    let items = e
        .children_named(Some(NS), "goodsItem")
        .enumerate()
        .map(|(i, item)| goods_item(item).map_err(|r| invalid(format!("goodsItem {}: {r}", i + 1))))
        .collect::<Result<Vec<_>, _>>()?;
    if items.is_empty() {
        return Err(invalid("no goodsItem".into()));
    }
    Ok(Declaration {
        number,
        date,
        declarant,
        items,
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
