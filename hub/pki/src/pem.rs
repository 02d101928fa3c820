//! DER or PEM input: the one place that tells them apart.

use crate::error::{Object, PkiError};

/// The DER documents in `bytes`: `bytes` itself if it is DER, else every PEM block's content.
pub(crate) fn der_blocks(bytes: &[u8], object: Object) -> Result<Vec<Vec<u8>>, PkiError> {
    let text_start = bytes.iter().position(|b| !b.is_ascii_whitespace());
    if !text_start.is_some_and(|i| bytes[i..].starts_with(b"-----BEGIN")) {
        return Ok(vec![bytes.to_vec()]);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| PkiError::malformed(object, e))?;
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN") {
        let block = &rest[start..];
        let end_marker = block
            .find("-----END")
            .ok_or_else(|| PkiError::malformed(object, "PEM block without END"))?;
        let after_end = &block[end_marker + 8..];
        let close = after_end
            .find("-----")
            .ok_or_else(|| PkiError::malformed(object, "PEM END line not closed"))?;
        let len = end_marker + 8 + close + 5;
        let (_label, der) = der::pem::decode_vec(&block.as_bytes()[..len])
            .map_err(|e| PkiError::malformed(object, e))?;
        out.push(der);
        rest = &block[len..];
    }
    Ok(out)
}
