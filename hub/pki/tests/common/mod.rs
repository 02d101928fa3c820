//! Fixtures of the national CA's real test PKI (`shared/fixtures/nca`) and small helpers.

#![allow(dead_code)] // each test file uses its own part of this module

use std::path::PathBuf;

use tanba_pki::Certificate;
use time::{Date, Month, OffsetDateTime, Time};

/// The fixtures folder; the repository is checked out beside `shared/`.
pub fn nca_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/nca")
}

/// A fixture's bytes as stored (DER or PEM).
pub fn fixture(rel: &str) -> Vec<u8> {
    let path = nca_dir().join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// A fixture certificate, parsed.
pub fn cert(rel: &str) -> Certificate {
    Certificate::parse(&fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Midnight UTC of a date.
pub fn utc(year: i32, month: u8, day: u8) -> OffsetDateTime {
    let month = Month::try_from(month).expect("month 1..=12");
    Date::from_calendar_date(year, month, day)
        .expect("a real date")
        .with_time(Time::MIDNIGHT)
        .assume_utc()
}

/// The file names in `certs/` that start with `gost2022_`, sorted.
pub fn gost2022_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(nca_dir().join("certs"))
        .expect("certs folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("gost2022_") && n.ends_with(".cer"))
        .collect();
    names.sort();
    names
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A DER TLV with a short- or long-form length.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

/// The TLVs inside the constructed element that is all of `tlv`.
pub fn children(tlv: &[u8]) -> Vec<&[u8]> {
    use der::{Decode, Header, Reader, SliceReader};
    let mut outer = SliceReader::new(tlv).expect("reader");
    let header = Header::decode(&mut outer).expect("header");
    let value = outer.read_slice(header.length).expect("value");
    let mut inner = SliceReader::new(value).expect("reader");
    let mut out = Vec::new();
    while !inner.is_finished() {
        out.push(inner.tlv_bytes().expect("element"));
    }
    out
}

/// The same CMS ContentInfo with the encapsulated content taken out: a detached signature.
pub fn strip_content(cms: &[u8]) -> Vec<u8> {
    let info = children(cms);
    let signed_data = children(info[1])[0];
    let parts = children(signed_data);
    let encap = children(parts[2]);
    let mut body = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        if i == 2 {
            body.extend(tlv(0x30, encap[0])); // eContentType only
        } else {
            body.extend_from_slice(part);
        }
    }
    let signed_data = tlv(0x30, &body);
    let mut outer = info[0].to_vec();
    outer.extend(tlv(0xA0, &signed_data));
    tlv(0x30, &outer)
}
