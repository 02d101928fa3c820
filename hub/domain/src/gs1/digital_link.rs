//! GS1 Digital Link URIs (GS1 Digital Link standard 1.2): `https://<any host>/01/<gtin>/21/
//! <serial>?17=<expiry>&...`, the form a QR code or a web link carries (GS1.md).
//!
//! The path holds one primary key (such as `01`, `00`, `414`) with its qualifiers in the order
//! the standard fixes (for `01`: `22`, `10`, `21`, or `235`); the query holds the other AIs as
//! `<ai>=<value>`. Any host and any path before the key are accepted, values are
//! percent-decoded, and query parameters whose names are not digits (`linkType`, `context`) are
//! not GS1 data and are left out. `+` stands for itself: it is in GS1's character set, and a
//! space never is.

use super::ai::Ai;
use super::element_string::{Builder, ElementString};
use super::error::Gs1Error;

/// The host [`ElementString::to_digital_link`] is usually given: GS1's own resolver.
pub const DEFAULT_DIGITAL_LINK_BASE: &str = "https://id.gs1.org";

/// The primary keys of the path and, for each, the orders its qualifiers may follow in.
const PRIMARY_KEYS: &[(&str, &[&[&str]])] = &[
    ("00", &[]),
    ("01", &[&["22", "10", "21"], &["235"]]),
    ("253", &[]),
    ("255", &[]),
    ("401", &[]),
    ("402", &[]),
    ("414", &[&["254"], &["7040"]]),
    ("415", &[&["8020"]]),
    ("417", &[&["7040"]]),
    ("8003", &[]),
    ("8004", &[&["7040"]]),
    ("8006", &[&["22", "10", "21"]]),
    ("8010", &[&["8011"]]),
    ("8013", &[]),
    ("8017", &[&["8019"]]),
    ("8018", &[&["8019"]]),
];

/// The qualifier orders of `ai` if it is a Digital Link primary key.
fn qualifier_orders(ai: &str) -> Option<&'static [&'static [&'static str]]> {
    PRIMARY_KEYS
        .iter()
        .find(|(key, _)| *key == ai)
        .map(|(_, orders)| *orders)
}

/// A path segment or query parameter and where it starts in the input.
#[derive(Clone, Copy)]
struct Piece<'a> {
    at: usize,
    text: &'a str,
}

impl ElementString {
    /// Parses a GS1 Digital Link URI.
    pub fn parse_digital_link(uri: &str) -> Result<Self, Gs1Error> {
        Self::parse_digital_link_at(uri, 0)
    }

    /// As [`ElementString::parse_digital_link`], for a URI that starts at `offset` in the input.
    pub(super) fn parse_digital_link_at(uri: &str, offset: usize) -> Result<Self, Gs1Error> {
        let syntax = |at: usize| Gs1Error::DigitalLinkSyntax {
            position: offset + at,
        };
        let (scheme, after_scheme) = uri.split_once("://").ok_or(syntax(0))?;
        if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
            return Err(syntax(0));
        }
        let host_at = scheme.len() + 3;
        let without_fragment = after_scheme.split('#').next().unwrap_or_default();
        let path_from = without_fragment
            .find('/')
            .ok_or(Gs1Error::DigitalLinkNoKey)?;
        if path_from == 0 {
            return Err(syntax(host_at));
        }
        let path_and_query = &without_fragment[path_from..];
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        let path_at = offset + host_at + path_from;
        let segments = pieces(path, '/', path_at);
        let query_at = path_at + path.len() + 1;
        let mut builder = Builder::default();
        read_path(&segments, &mut builder)?;
        read_query(&pieces(query, '&', query_at), &mut builder)?;
        builder.finish()
    }

    /// The GS1 Digital Link URI of this code under `base` (such as
    /// [`DEFAULT_DIGITAL_LINK_BASE`] or a resolver of our own): the first primary key and its
    /// qualifiers in the path, every other AI in the query, values percent-encoded. Fails with
    /// [`Gs1Error::DigitalLinkNoKey`] when the code has no primary key (such as `01` or `00`).
    pub fn to_digital_link(&self, base: &str) -> Result<String, Gs1Error> {
        let (key, orders) = self
            .elements()
            .iter()
            .find_map(|e| Some((e, qualifier_orders(e.ai().as_str())?)))
            .ok_or(Gs1Error::DigitalLinkNoKey)?;
        let has = |ai: &&str| self.elements().iter().any(|e| e.ai().as_str() == *ai);
        let order: &[&str] = orders
            .iter()
            .find(|order| order.iter().any(&has))
            .copied()
            .unwrap_or_default();
        let mut uri = base.trim_end_matches('/').to_owned();
        let in_path = |ai: Ai| ai == key.ai() || order.contains(&ai.as_str());
        push_pair(&mut uri, '/', key.ai(), key.value());
        for qualifier in order {
            if let Some(e) = self
                .elements()
                .iter()
                .find(|e| e.ai().as_str() == *qualifier)
            {
                push_pair(&mut uri, '/', e.ai(), e.value());
            }
        }
        let mut separator = '?';
        for e in self.elements().iter().filter(|e| !in_path(e.ai())) {
            uri.push(separator);
            uri.push_str(e.ai().as_str());
            uri.push('=');
            uri.push_str(&percent_encode(e.value()));
            separator = '&';
        }
        Ok(uri)
    }
}

fn push_pair(uri: &mut String, separator: char, ai: Ai, value: &str) {
    uri.push(separator);
    uri.push_str(ai.as_str());
    uri.push('/');
    uri.push_str(&percent_encode(value));
}

/// The non-empty parts of `text` split at `separator`, with their positions.
fn pieces(text: &str, separator: char, at: usize) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for part in text.split(separator) {
        if !part.is_empty() {
            pieces.push(Piece {
                at: at + start,
                text: part,
            });
        }
        start += part.len() + separator.len_utf8();
    }
    pieces
}

/// Reads the primary key and its qualifiers: the first segment that names a primary key and is
/// followed by whole AI/value pairs; segments before it are the resolver's own path.
fn read_path(segments: &[Piece<'_>], builder: &mut Builder) -> Result<(), Gs1Error> {
    let start = (0..segments.len())
        .find(|&i| {
            qualifier_orders(segments[i].text).is_some() && (segments.len() - i).is_multiple_of(2)
        })
        .ok_or(Gs1Error::DigitalLinkNoKey)?;
    let key = Ai::parse(segments[start].text).expect("primary keys are in the AI table");
    let orders = qualifier_orders(key.as_str()).unwrap_or_default();
    let mut order: Option<&[&str]> = None;
    let mut last_index = None;
    for pair in segments[start..].chunks(2) {
        let (name, value) = (pair[0], pair[1]);
        let ai = Ai::read(name.text, name.at).and_then(|ai| {
            if ai.as_str().len() == name.text.len() {
                Ok(ai)
            } else {
                Err(Gs1Error::UnknownAi {
                    found: name.text.chars().take(5).collect(),
                    position: name.at,
                })
            }
        })?;
        if ai != key {
            let order = *order.get_or_insert_with(|| {
                orders
                    .iter()
                    .find(|o| o.contains(&ai.as_str()))
                    .copied()
                    .unwrap_or_default()
            });
            let index = order.iter().position(|q| *q == ai.as_str());
            if index.is_none() || index <= last_index {
                return Err(Gs1Error::DigitalLinkQualifier {
                    ai,
                    key,
                    position: name.at,
                });
            }
            last_index = index;
        }
        let mut decoded = percent_decode(value.text, value.at)?;
        if ai == Ai::GTIN && [8, 12, 13].contains(&decoded.len()) {
            // The standard lets the path carry GTIN-8, -12 and -13; the element string has 14.
            decoded = format!("{decoded:0>14}");
        }
        builder.push(ai, name.at, decoded, value.at)?;
    }
    Ok(())
}

/// Reads the query's AIs; parameters whose names are not all digits are not GS1 data.
fn read_query(params: &[Piece<'_>], builder: &mut Builder) -> Result<(), Gs1Error> {
    for param in params {
        let (name, value) = param.text.split_once('=').unwrap_or((param.text, ""));
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let ai = Ai::parse(name).map_err(|_| Gs1Error::UnknownAi {
            found: name.chars().take(5).collect(),
            position: param.at,
        })?;
        let value_at = param.at + name.len() + 1;
        builder.push(ai, param.at, percent_decode(value, value_at)?, value_at)?;
    }
    Ok(())
}

/// `text` with every character but the RFC 3986 unreserved ones written as `%XX`.
fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// `text` with `%XX` decoded; `at` is where it starts in the input, for errors.
fn percent_decode(text: &str, at: usize) -> Result<String, Gs1Error> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let byte = text
                .get(i + 1..i + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                .ok_or(Gs1Error::PercentEncoding { position: at + i })?;
            decoded.push(byte);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    // Bytes that are not UTF-8 become U+FFFD, which no GS1 character set admits.
    Ok(String::from_utf8_lossy(&decoded).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_coding_round_trips_every_cset82_character() {
        let cset82 =
            "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
        let encoded = percent_encode(cset82);
        assert!(
            encoded
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)),
            "{encoded}"
        );
        assert_eq!(percent_decode(&encoded, 0), Ok(cset82.to_owned()));
        assert_eq!(percent_encode("a/b?c"), "a%2Fb%3Fc");
    }

    #[test]
    fn a_broken_escape_is_reported_where_it_is() {
        assert_eq!(
            percent_decode("ab%2", 10),
            Err(Gs1Error::PercentEncoding { position: 12 })
        );
        assert_eq!(
            percent_decode("%zz", 0),
            Err(Gs1Error::PercentEncoding { position: 0 })
        );
    }
}
