//! GS1 identifiers and the element strings a DataMatrix carries (DESIGN.md, "The marking code";
//! `../shared/formats/GS1.md`).
//!
//! A marking code identifies one unit of goods by GTIN `(01)` and serial `(21)` (R1), and carries
//! the crypto tail `(91)`+`(92)` or `(93)` that makes a generated or copied code detectable (R2);
//! transport units carry an SSCC `(00)`, places and parties a GLN. Everything here is a parser
//! and a renderer: a [`Gtin`], [`Sscc`], [`Gln`] or [`ElementString`] exists only once its text
//! has passed every GS1 rule this module knows, and renders back to the same text.
//!
//! What this module knows is GS1 alone: the Application Identifier table (fixed or variable
//! length, character set, check digits, dates). Which AIs a product group requires and how long
//! its serials and crypto tails are is for the product group's rule set, not for the parser.

mod ai;
mod ai_table;
mod bracketed;
mod digital_link;
mod element_string;
mod error;
mod keys;

pub use ai::{Ai, CharSet};
pub use digital_link::DEFAULT_DIGITAL_LINK_BASE;
pub use element_string::{Element, ElementString};
pub use error::{Gs1Error, KeyKind};
pub use keys::{Gln, Gtin, Sscc};

/// The GS1 mod-10 check digit of `body` (ASCII digits, without the check digit): weights 3 and 1
/// alternate from the rightmost digit, and the check digit brings the sum to a multiple of ten
/// (GS1 General Specifications §7.9.1).
fn mod10_check_digit(body: &[u8]) -> u8 {
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| u32::from(d - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    b'0' + ((10 - sum % 10) % 10) as u8
}
