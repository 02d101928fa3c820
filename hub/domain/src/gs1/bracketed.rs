//! The bracketed form `(01)04600000000015(21)abc`: what people read under a barcode and type
//! into forms.
//!
//! Serials may contain `(` and `)` (GS1.md), so `(21)a(10)b` could be one serial or a serial and
//! a batch. The parser reads each `(<known AI>)` as the start of a new element and falls back to
//! reading it as data only when that is the one way the whole text parses. The renderer for
//! machines ([`ElementString::to_bracketed`]) writes `(` in data as `\(`, as the GS1 Barcode
//! Syntax Engine does, so its output always parses back to the same elements; the one for
//! labels ([`ElementString::to_human_readable`]) does not.

use super::ai::Ai;
use super::element_string::{Builder, ElementString};
use super::error::Gs1Error;

/// Where an element starts in the bracketed text.
struct Opening {
    at: usize,
    ai: Ai,
    value_at: usize,
}

impl ElementString {
    /// Parses the bracketed form. `\(` in a value stands for `(`.
    pub fn parse_bracketed(text: &str) -> Result<Self, Gs1Error> {
        Self::parse_bracketed_at(text, 0)
    }

    /// As [`ElementString::parse_bracketed`], for text that starts at `offset` in the input.
    pub(super) fn parse_bracketed_at(text: &str, offset: usize) -> Result<Self, Gs1Error> {
        let openings = openings(text);
        if openings.first().is_none_or(|o| o.at != 0) {
            if text.is_empty() {
                return Err(Gs1Error::Empty);
            }
            return Err(Gs1Error::UnknownAi {
                found: text.chars().take(5).collect(),
                position: offset,
            });
        }
        let every_opening: Vec<usize> = (1..=openings.len()).collect();
        let natural = build(text, offset, &openings, &every_opening);
        if natural.is_ok() {
            return natural;
        }
        let fallback = reading_with_data_parens(text, offset, &openings)
            .map(|ends| build(text, offset, &openings, &ends));
        match fallback {
            Some(Ok(code)) => Ok(code),
            // `(23)` is likelier a mistyped AI than data: say so rather than "too long".
            _ => Err(unknown_opening(text, offset)
                .or(natural.err())
                .unwrap_or(Gs1Error::Empty)),
        }
    }

    /// The bracketed form with `(` in values written `\(`: parses back to the same elements.
    pub fn to_bracketed(&self) -> String {
        self.bracketed(true)
    }

    /// The bracketed form as printed under a barcode for people, `(` in values unescaped. It
    /// parses back to the same elements unless a value contains `(<AI>)`.
    pub fn to_human_readable(&self) -> String {
        self.bracketed(false)
    }

    fn bracketed(&self, escape: bool) -> String {
        let mut text = String::new();
        for e in self.elements() {
            text.push('(');
            text.push_str(e.ai().as_str());
            text.push(')');
            if escape {
                text.push_str(&e.value().replace('(', "\\("));
            } else {
                text.push_str(e.value());
            }
        }
        text
    }
}

/// Every unescaped `(<AI GS1 defines>)` in `text`.
fn openings(text: &str) -> Vec<Opening> {
    let bytes = text.as_bytes();
    text.match_indices('(')
        .filter(|&(at, _)| at == 0 || bytes[at - 1] != b'\\')
        .filter_map(|(at, _)| {
            let digits = text[at + 1..].find(')').filter(|n| (2..=4).contains(n))?;
            let ai = Ai::parse(&text[at + 1..at + 1 + digits]).ok()?;
            Some(Opening {
                at,
                ai,
                value_at: at + digits + 2,
            })
        })
        .collect()
}

/// The first unescaped `(` + 2 to 4 digits + `)` whose digits are no AI GS1 defines.
fn unknown_opening(text: &str, offset: usize) -> Option<Gs1Error> {
    let bytes = text.as_bytes();
    text.match_indices('(')
        .filter(|&(at, _)| at == 0 || bytes[at - 1] != b'\\')
        .find_map(|(at, _)| {
            let inside = &text[at + 1..];
            let digits = inside.find(')').filter(|n| (2..=4).contains(n))?;
            let code = &inside[..digits];
            (code.bytes().all(|b| b.is_ascii_digit()) && Ai::parse(code).is_err()).then(|| {
                Gs1Error::UnknownAi {
                    found: code.to_owned(),
                    position: offset + at + 1,
                }
            })
        })
}

/// The value of opening `k` when it runs up to opening `end` (`openings.len()`: the end of the
/// text), with escapes removed.
fn value(text: &str, openings: &[Opening], k: usize, end: usize) -> String {
    let stop = openings.get(end).map_or(text.len(), |o| o.at);
    text[openings[k].value_at..stop].replace("\\(", "(")
}

/// Builds the elements when element `k` ends where opening `ends[k]` starts.
fn build(
    text: &str,
    offset: usize,
    openings: &[Opening],
    ends: &[usize],
) -> Result<ElementString, Gs1Error> {
    let mut builder = Builder::default();
    let mut k = 0;
    while k < openings.len() {
        let o = &openings[k];
        let end = ends[k];
        builder.push(
            o.ai,
            offset + o.at,
            value(text, openings, k, end),
            offset + o.value_at,
        )?;
        k = end;
    }
    builder.finish()
}

/// The reading that treats as few openings as data as it can (each element as short as the rest
/// allows), as `ends` for [`build`]; `None` if no reading passes every AI's format.
fn reading_with_data_parens(text: &str, offset: usize, openings: &[Opening]) -> Option<Vec<usize>> {
    let n = openings.len();
    // ends[k]: where element k ends in a reading of the text from opening k that works.
    let mut ends: Vec<Option<usize>> = vec![None; n + 1];
    ends[n] = Some(n);
    for k in (0..n).rev() {
        let (_, max) = openings[k].ai.length_range();
        for end in k + 1..=n {
            let candidate = value(text, openings, k, end);
            if candidate.chars().count() > max {
                break;
            }
            let fits = openings[k]
                .ai
                .validate(&candidate, offset + openings[k].value_at)
                .is_ok();
            if fits && ends[end].is_some() {
                ends[k] = Some(end);
                break;
            }
        }
    }
    ends[0]?;
    // Only the elements on the path from 0 are read; the others may have no reading.
    Some(
        ends.into_iter()
            .take(n)
            .map(|end| end.unwrap_or(n))
            .collect(),
    )
}
