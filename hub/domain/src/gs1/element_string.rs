//! A GS1 element string: the AIs and values a DataMatrix carries, in the raw form scanners
//! deliver (GS-separated), with parsers and renderers for the bracketed and Digital Link forms
//! in `bracketed.rs` and `digital_link.rs`.

use std::fmt;
use std::str::FromStr;

use super::ai::Ai;
use super::error::Gs1Error;
use super::keys::{Gtin, Sscc};

/// The ASCII group separator that stands for FNC1 between values in a raw element string.
pub(super) const GS: char = '\u{1d}';

/// Symbology identifiers (ISO/IEC 15424) a scanner may put before GS1 data: DataMatrix,
/// GS1-128, QR Code, DataBar, DotCode.
const SYMBOLOGY_IDS: [&str; 5] = ["]d2", "]C1", "]Q3", "]e0", "]J1"];

/// One AI and its value, checked against the AI's format.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Element {
    ai: Ai,
    value: String,
}

impl Element {
    /// The Application Identifier.
    pub fn ai(&self) -> Ai {
        self.ai
    }

    /// The value, as GS1 data characters (no separators, no escapes).
    pub fn value(&self) -> &str {
        &self.value
    }
}

/// A GS1 element string as a DataMatrix carries it (DESIGN.md, "The marking code"): one or more
/// AIs with values that each pass the GS1 AI table, no AI twice, in the order they were given.
///
/// Made only by parsing one of its three written forms or by [`ElementString::from_elements`]:
/// - raw: `]d2` (optional) `01046...` GS `21...`, see [`ElementString::parse_raw`];
/// - bracketed: `(01)046...(21)...`, see [`ElementString::parse_bracketed`];
/// - GS1 Digital Link: `https://host/01/046.../21/...?17=...`, see
///   [`ElementString::parse_digital_link`].
///
/// [`ElementString::parse`] tells the forms apart. `Display` writes the bracketed form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ElementString {
    elements: Vec<Element>,
}

/// Collects checked elements; the one way the parsers build an [`ElementString`].
#[derive(Default)]
pub(super) struct Builder {
    elements: Vec<Element>,
}

impl Builder {
    /// Adds `value` for `ai` after checking it; `ai_at` and `value_at` are where each starts in
    /// the input, for errors.
    pub(super) fn push(
        &mut self,
        ai: Ai,
        ai_at: usize,
        value: String,
        value_at: usize,
    ) -> Result<(), Gs1Error> {
        if self.elements.iter().any(|e| e.ai == ai) {
            return Err(Gs1Error::DuplicateAi {
                ai,
                position: ai_at,
            });
        }
        ai.validate(&value, value_at)?;
        self.elements.push(Element { ai, value });
        Ok(())
    }

    pub(super) fn finish(self) -> Result<ElementString, Gs1Error> {
        if self.elements.is_empty() {
            Err(Gs1Error::Empty)
        } else {
            Ok(ElementString {
                elements: self.elements,
            })
        }
    }
}

impl ElementString {
    /// Parses any of the three forms: a Digital Link if the text starts with a URI scheme such
    /// as `https://` (only `http` and `https` are then accepted), the bracketed form if it starts with `(`, the raw form otherwise. A
    /// symbology identifier such as `]d2` or `]Q1` before the text is dropped first.
    pub fn parse(text: &str) -> Result<Self, Gs1Error> {
        let unprefixed = strip_any_symbology_id(text);
        let offset = text.len() - unprefixed.len();
        if looks_like_uri(unprefixed) {
            Self::parse_digital_link_at(unprefixed, offset)
        } else if unprefixed.starts_with('(') {
            Self::parse_bracketed_at(unprefixed, offset)
        } else {
            Self::parse_raw(text)
        }
    }

    /// Parses the raw form: AIs and values back to back, a GS (0x1D, FNC1) after each value
    /// whose length GS1 does not predefine unless it is the last. Tolerated, as GS1 and scanners
    /// produce them: a symbology identifier (`]d2`, `]C1`, `]Q3`, `]e0`, `]J1`), a leading GS,
    /// a GS after a predefined-length value, a trailing GS. A value of one fixed length (such as
    /// `8005`, N6) is taken at that length even if the GS after it is missing.
    pub fn parse_raw(text: &str) -> Result<Self, Gs1Error> {
        let body = SYMBOLOGY_IDS
            .iter()
            .find_map(|id| text.strip_prefix(id))
            .unwrap_or(text);
        let body = body.trim_start_matches(GS);
        let mut at = text.len() - body.len();
        let mut builder = Builder::default();
        while at < text.len() {
            let ai = Ai::read(&text[at..], at)?;
            let value_at = at + ai.as_str().len();
            let rest = &text[value_at..];
            let up_to_gs = rest.find(GS).unwrap_or(rest.len());
            let end = match ai.fixed_length() {
                Some(n) => rest
                    .char_indices()
                    .nth(n)
                    .map_or(rest.len(), |(i, _)| i)
                    .min(up_to_gs),
                None => up_to_gs,
            };
            builder.push(ai, at, rest[..end].to_owned(), value_at)?;
            at = value_at + end;
            if text[at..].starts_with(GS) {
                at += GS.len_utf8();
            }
        }
        builder.finish()
    }

    /// Builds an element string from AIs and values, checking each as a parser would. Positions
    /// in errors count in the bracketed form of the elements.
    pub fn from_elements<V: Into<String>>(
        elements: impl IntoIterator<Item = (Ai, V)>,
    ) -> Result<Self, Gs1Error> {
        let mut builder = Builder::default();
        let mut at = 0;
        for (ai, value) in elements {
            let value = value.into();
            let value_at = at + ai.as_str().len() + 2;
            at = value_at + value.len();
            builder.push(ai, value_at - ai.as_str().len() - 2, value, value_at)?;
        }
        builder.finish()
    }

    /// The elements, in the order they were given.
    pub fn elements(&self) -> &[Element] {
        &self.elements
    }

    /// The value of `ai`, if the code has it.
    pub fn get(&self, ai: Ai) -> Option<&str> {
        self.elements
            .iter()
            .find(|e| e.ai == ai)
            .map(|e| e.value.as_str())
    }

    /// The GTIN `(01)`, if the code has one.
    pub fn gtin(&self) -> Option<Gtin> {
        self.get(Ai::GTIN)
            .map(|v| Gtin::parse(v).expect("a value of AI 01 passed the GTIN check"))
    }

    /// The SSCC `(00)`, if the code has one.
    pub fn sscc(&self) -> Option<Sscc> {
        self.get(Ai::SSCC)
            .map(|v| Sscc::parse(v).expect("a value of AI 00 passed the SSCC check"))
    }

    /// The serial number `(21)`, if the code has one.
    pub fn serial(&self) -> Option<&str> {
        self.get(Ai::SERIAL)
    }

    /// The raw form, without a symbology identifier: a GS after every value whose length GS1
    /// does not predefine, except the last. This is what goes into a DataMatrix (with FNC1 for
    /// GS) and what [`ElementString::parse_raw`] reads back.
    pub fn to_raw(&self) -> String {
        let mut raw = String::new();
        for (i, e) in self.elements.iter().enumerate() {
            raw.push_str(e.ai.as_str());
            raw.push_str(&e.value);
            if !e.ai.is_predefined_length() && i + 1 < self.elements.len() {
                raw.push(GS);
            }
        }
        raw
    }
}

/// Whether `text` starts with a URI scheme and `://` (RFC 3986 §3.1); no raw element string
/// does, since AIs are digits.
fn looks_like_uri(text: &str) -> bool {
    text.split_once("://").is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// `text` without a leading `]` + two-character symbology identifier.
fn strip_any_symbology_id(text: &str) -> &str {
    match text.as_bytes() {
        [b']', a, b, ..] if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() => &text[3..],
        _ => text,
    }
}

impl FromStr for ElementString {
    type Err = Gs1Error;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        ElementString::parse(text)
    }
}

impl fmt::Display for ElementString {
    /// The bracketed form, with `(` in values escaped as `\(` so that it parses back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_bracketed())
    }
}

#[cfg(test)]
#[path = "element_string_tests.rs"]
mod tests;
