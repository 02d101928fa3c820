//! The receipt feed: **our format** (no fiscal data operator publishes how it forwards receipts
//! to the marking system; `shared/formats/schemas/README.md`), JSON like the cash-register
//! APIs it is modelled on, its fields taken from the tax authority's protocol between cash
//! registers and operators (`ofd/ticket.proto`: `TicketRequest.Item.Commodity`, whose
//! `list_excise_stamp` = 14 holds the marking codes, `excise_stamp` = 8 the older single one)
//! and from the webkassa examples (`Positions[].Mark`, `MarkList`, `GTIN`, `NTIN`,
//! `CashboxUniqueNumber`).
//!
//! Request (POST to the `ofd-feed` endpoint): `{"after": "<cursor>" | null, "limit": 200}`.
//! Page:
//!
//! ```json
//! {
//!   "receipts": [{
//!     "id": "SWK00033717-000123",           // unique at the operator: the external id
//!     "fiscal_sign": "3215206552",
//!     "seller_bin": "000740001307",         // 12 digits
//!     "cash_register": {"serial": "SWK00033717", "registration_number": "600300123456"},
//!     "time": "2026-11-25T10:15:00Z",       // UTC
//!     "operation": "sell",                  // sell | sell_return | buy | buy_return
//!     "lines": [{
//!       "name": "Marlboro", "gtin": "04870249811936", "ntin": null,
//!       "excise_stamps": ["0104870249811936215Lk8a..."],   // marking codes, one per unit
//!       "price_tiyn": 50000,                // per unit
//!       "quantity": 1                       // units; equals the number of stamps when marked
//!     }]
//!   }],
//!   "next_cursor": "000124",                // where the next request starts
//!   "has_more": false
//! }
//! ```
//!
//! A `sell` receipt with marked lines becomes a `retail_sale` document, a `sell_return` a
//! `customer_return` (R13); lines without stamps (unmarked goods) and `buy` operations give
//! nothing. The document's external id is the receipt id, so a receipt delivered twice is one
//! document.

use serde::Deserialize;
use tanba_adapter_sdk::text::parse_date;
use tanba_adapter_sdk::{Command, Document, DocumentLine};

use crate::error::OfdError;

/// One page of the feed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// The receipts, oldest first.
    pub receipts: Vec<Receipt>,
    /// Where the next request starts.
    pub next_cursor: String,
    /// Whether more receipts are waiting.
    pub has_more: bool,
}

/// A receipt.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    /// Unique at the operator.
    pub id: String,
    /// The fiscal sign the operator gave.
    pub fiscal_sign: String,
    /// The seller's BIN or IIN.
    pub seller_bin: String,
    /// The cash register.
    pub cash_register: CashRegister,
    /// `YYYY-MM-DDThh:mm:ssZ`.
    pub time: String,
    /// `sell`, `sell_return`, `buy`, `buy_return`.
    pub operation: String,
    /// The positions.
    pub lines: Vec<Line>,
}

/// A cash register.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CashRegister {
    /// The factory serial (webkassa's `CashboxUniqueNumber`).
    pub serial: String,
    /// The registration number at the tax authority.
    pub registration_number: String,
}

/// A position of a receipt.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// The position's name.
    pub name: String,
    /// 14 digits, when known.
    #[serde(default)]
    pub gtin: Option<String>,
    /// The national item number, when known.
    #[serde(default)]
    pub ntin: Option<String>,
    /// The marking codes, one per unit.
    #[serde(default)]
    pub excise_stamps: Vec<String>,
    /// Price per unit, tiyn.
    pub price_tiyn: u64,
    /// Units.
    pub quantity: u64,
}

/// Reads a page.
pub fn read_page(body: &[u8]) -> Result<Page, OfdError> {
    serde_json::from_slice(body).map_err(|e| OfdError::Malformed {
        reason: e.to_string(),
    })
}

/// The command a receipt results in, if any.
pub fn command(receipt: &Receipt) -> Result<Option<Command>, OfdError> {
    let bad = |reason: String| OfdError::Receipt {
        receipt: receipt.id.clone(),
        reason,
    };
    if receipt.id.trim().is_empty() {
        return Err(bad("id is empty".into()));
    }
    let kind = match receipt.operation.as_str() {
        "sell" => "retail_sale",
        "sell_return" => "customer_return",
        "buy" | "buy_return" => return Ok(None),
        other => {
            return Err(bad(format!(
                "operation {other} is not sell, sell_return, buy or buy_return"
            )));
        }
    };
    if receipt.seller_bin.len() != 12 || !receipt.seller_bin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad(format!(
            "seller_bin {} is not 12 digits",
            receipt.seller_bin
        )));
    }
    if !is_utc_time(&receipt.time) {
        return Err(bad(format!(
            "time {} is not YYYY-MM-DDThh:mm:ssZ",
            receipt.time
        )));
    }
    let mut lines = Vec::new();
    for (i, line) in receipt.lines.iter().enumerate() {
        lines.extend(document_lines(line).map_err(|r| bad(format!("line {}: {r}", i + 1)))?);
    }
    if lines.is_empty() {
        return Ok(None);
    }
    Ok(Some(Command::SubmitDocument(Document {
        kind: kind.into(),
        external_id: receipt.id.clone(),
        sender: receipt.seller_bin.clone(),
        receiver: None,
        fields: vec![
            ("sold_at".into(), receipt.time.clone()),
            ("cash_register".into(), receipt.cash_register.serial.clone()),
            (
                "cash_register_registration".into(),
                receipt.cash_register.registration_number.clone(),
            ),
            ("fiscal_sign".into(), receipt.fiscal_sign.clone()),
        ],
        lines,
    })))
}

fn document_lines(line: &Line) -> Result<Vec<DocumentLine>, String> {
    if line.excise_stamps.is_empty() {
        return Ok(Vec::new());
    }
    if line.quantity != line.excise_stamps.len() as u64 {
        return Err(format!(
            "quantity {} differs from the {} marking codes",
            line.quantity,
            line.excise_stamps.len()
        ));
    }
    if let Some(stamp) = line
        .excise_stamps
        .iter()
        .find(|s| s.trim().is_empty() || s.len() > 200)
    {
        return Err(format!("marking code {stamp:?} is empty or too long"));
    }
    let attributes: Vec<(String, String)> = [
        ("name", Some(&line.name)),
        ("gtin", line.gtin.as_ref()),
        ("ntin", line.ntin.as_ref()),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v.clone())))
    .collect();
    Ok(line
        .excise_stamps
        .iter()
        .map(|stamp| DocumentLine {
            code: Some(stamp.clone()),
            sscc: None,
            price_tiyn: Some(line.price_tiyn),
            attributes: attributes.clone(),
        })
        .collect())
}

/// `YYYY-MM-DDThh:mm:ssZ` with a real date and time.
fn is_utc_time(text: &str) -> bool {
    let b = text.as_bytes();
    let two = |i: usize, max: u8| {
        text.get(i..i + 2)
            .and_then(|s| s.parse::<u8>().ok())
            .is_some_and(|n| n <= max)
    };
    text.len() == 20
        && parse_date(text).is_some()
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'Z'
        && two(11, 23)
        && two(14, 59)
        && two(17, 59)
}
