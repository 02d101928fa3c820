//! Texts in three languages, time without a clock, and the encodings certificates come in.

use crate::{Date, Text};

/// A text in Kazakh, Russian and English.
pub fn text(kk: &str, ru: &str, en: &str) -> Text {
    Text {
        kk: kk.into(),
        ru: ru.into(),
        en: en.into(),
    }
}

/// How a marking code's GS1 group separator (GS, 0x1D), which XML 1.0 cannot carry, is written
/// in the XML messages of the adapters (our convention where a format has no rule of its own).
pub const GS_TEXT: &str = "{GS}";

/// A marking code with its group separators written as [`GS_TEXT`].
pub fn code_to_xml_text(code: &str) -> String {
    code.replace('\u{1d}', GS_TEXT)
}

/// A marking code from XML text, [`GS_TEXT`] back to the group separator.
pub fn code_from_xml_text(text: &str) -> String {
    text.replace(GS_TEXT, "\u{1d}")
}

const SECONDS_PER_DAY: i64 = 86_400;

/// `YYYY-MM-DDThh:mm:ssZ` (an `xs:dateTime` in UTC) for seconds since the Unix epoch.
pub fn utc_date_time(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(SECONDS_PER_DAY);
    let secs = unix_seconds.rem_euclid(SECONDS_PER_DAY);
    let date = civil_from_days(days);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        iso_date(&date),
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// The UTC calendar date of seconds since the Unix epoch.
pub fn utc_date(unix_seconds: i64) -> Date {
    civil_from_days(unix_seconds.div_euclid(SECONDS_PER_DAY))
}

/// `YYYY-MM-DD`.
pub fn iso_date(date: &Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year, date.month, date.day)
}

/// A `YYYY-MM-DD` date (a time part after it, as in an `xs:dateTime`, is ignored).
pub fn parse_date(text: &str) -> Option<Date> {
    let head = text.trim().get(..10)?;
    let mut parts = head.split('-');
    let year = parts.next()?.parse::<i32>().ok()?;
    let month = parts.next()?.parse::<u8>().ok()?;
    let day = parts.next()?.parse::<u8>().ok()?;
    let valid = head.as_bytes()[4] == b'-' && (1..=12).contains(&month);
    (valid && (1..=days_in_month(year, month)).contains(&day)).then_some(Date { year, month, day })
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's `civil_from_days`: the proleptic Gregorian date `days` after 1970-01-01.
fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
}

/// Base64 as signers in the wild write it: whitespace and the character references `&#13;` /
/// `&#10;` between the characters are skipped (GOVERNMENT.md). None if anything else is wrong.
pub fn decode_base64_lenient(text: &str) -> Option<Vec<u8>> {
    let cleaned = text.replace("&#13;", "").replace("&#10;", "");
    let mut sextets = Vec::with_capacity(cleaned.len());
    let mut padding = 0;
    for byte in cleaned.bytes().filter(|b| !b.is_ascii_whitespace()) {
        match (byte, padding) {
            (b'=', _) => padding += 1,
            (_, 0) => sextets.push(sextet(byte)?),
            _ => return None,
        }
    }
    if padding > 2 || (sextets.len() + padding) % 4 != 0 || sextets.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(sextets.len() * 3 / 4);
    for chunk in sextets.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, s)| acc | (u32::from(*s) << (18 - 6 * i)));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    Some(out)
}

fn sextet(byte: u8) -> Option<u8> {
    match byte {
        b'A'..=b'Z' => Some(byte - b'A'),
        b'a'..=b'z' => Some(byte - b'a' + 26),
        b'0'..=b'9' => Some(byte - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// DER bytes from a file that is DER already (one SEQUENCE spanning the whole file) or PEM
/// with `label` (e.g. `CERTIFICATE`, `X509 CRL`). None for anything else.
pub fn der_from_pem_or_der(bytes: &[u8], label: &str) -> Option<Vec<u8>> {
    if is_der_sequence(bytes) {
        return Some(bytes.to_vec());
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = text.find(&begin)? + begin.len();
    let stop = start + text[start..].find(&end)?;
    decode_base64_lenient(&text[start..stop]).filter(|der| is_der_sequence(der))
}

/// Whether `bytes` are exactly one DER SEQUENCE (tag 0x30, definite length covering the rest).
fn is_der_sequence(bytes: &[u8]) -> bool {
    let (Some(&0x30), Some(&first)) = (bytes.first(), bytes.get(1)) else {
        return false;
    };
    let (header, length) = if first < 0x80 {
        (2, usize::from(first))
    } else {
        let n = usize::from(first & 0x7f);
        let Some(octets) = bytes.get(2..2 + n).filter(|_| (1..=4).contains(&n)) else {
            return false;
        };
        (
            2 + n,
            octets.iter().fold(0, |acc, b| acc << 8 | usize::from(*b)),
        )
    };
    header + length == bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_separators_round_trip_through_xml_text() {
        let code = "0104600439931256215Lk8a\u{1d}93dGVz";
        assert_eq!(code_to_xml_text(code), "0104600439931256215Lk8a{GS}93dGVz");
        assert_eq!(code_from_xml_text(&code_to_xml_text(code)), code);
    }

    #[test]
    fn date_times_are_utc_and_exact() {
        assert_eq!(utc_date_time(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_date_time(1_795_564_800 + 3_661), "2026-11-25T01:01:01Z");
        assert_eq!(utc_date_time(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso_date(&utc_date(-1)), "1969-12-31");
    }

    #[test]
    fn dates_parse_only_when_real() {
        let d = parse_date("2024-02-29T10:00:00+05:00").expect("leap day");
        assert_eq!((d.year, d.month, d.day), (2024, 2, 29));
        for bad in ["2023-02-29", "2024-13-01", "2024-1-01", "20240101", ""] {
            assert!(parse_date(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn base64_tolerates_what_signers_write_and_nothing_else() {
        assert_eq!(decode_base64_lenient("TWFu").as_deref(), Some(&b"Man"[..]));
        assert_eq!(
            decode_base64_lenient("TW&#13;\nE=").as_deref(),
            Some(&b"Ma"[..])
        );
        assert_eq!(decode_base64_lenient("TQ==").as_deref(), Some(&b"M"[..]));
        assert!(decode_base64_lenient("TQ=a").is_none());
        assert!(decode_base64_lenient("T").is_none());
        assert!(decode_base64_lenient("T*==").is_none());
    }

    #[test]
    fn pem_and_der_both_give_der() {
        let pem = b"-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n";
        assert_eq!(
            der_from_pem_or_der(pem, "CERTIFICATE").as_deref(),
            Some(&[0x30, 3, 2, 1, 1][..])
        );
        assert!(der_from_pem_or_der(pem, "X509 CRL").is_none());
        assert!(der_from_pem_or_der(b"<html>", "CERTIFICATE").is_none());
        assert_eq!(
            der_from_pem_or_der(&[0x30, 0], "X").as_deref(),
            Some(&[0x30, 0][..])
        );
        let long = [&[0x30, 0x81, 0x80][..], &[0; 0x80]].concat();
        assert_eq!(der_from_pem_or_der(&long, "X"), Some(long.clone()));
        // Text that happens to start with '0' (0x30) is not DER.
        assert!(der_from_pem_or_der(b"00000000: 3082 2959", "X").is_none());
        assert!(der_from_pem_or_der(&long[..100], "X").is_none());
    }
}
