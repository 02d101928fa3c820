//! Walking DER by hand where the exact bytes matter.
//!
//! Signatures cover bytes as they were written: tbsCertificate, tbsCertList, a CMS SignerInfo's
//! signedAttrs. The typed decoders (`x509-cert`, `cms`) sort SET OF elements on decoding, so
//! re-encoding a decoded value can differ from the signed bytes; these helpers cut the original
//! TLVs out instead.

use der::{Decode, Header, Reader, SliceReader};

/// The TLVs inside the constructed element that makes up all of `tlv`, in order.
pub(crate) fn children(tlv: &[u8]) -> der::Result<Vec<&[u8]>> {
    let value = value_of(tlv)?;
    let mut inner = SliceReader::new(value)?;
    let mut out = Vec::new();
    while !inner.is_finished() {
        out.push(inner.tlv_bytes()?);
    }
    Ok(out)
}

/// The value bytes of the single element that makes up all of `tlv`.
pub(crate) fn value_of(tlv: &[u8]) -> der::Result<&[u8]> {
    let mut outer = SliceReader::new(tlv)?;
    let header = Header::decode(&mut outer)?;
    let value = outer.read_slice(header.length)?;
    outer.finish(value)
}

/// The first byte (the tag) of a TLV; 0 for an empty slice.
pub(crate) fn tag_byte(tlv: &[u8]) -> u8 {
    tlv.first().copied().unwrap_or(0)
}

/// A BIT STRING's bytes when it has no unused bits (signatures, keys).
pub(crate) fn bit_string_bytes(tlv: &[u8]) -> der::Result<&[u8]> {
    let bits = der::asn1::BitStringRef::from_der(tlv)?;
    bits.as_bytes()
        .ok_or_else(|| der::Tag::BitString.value_error())
}

/// A positive INTEGER's magnitude without leading zero bytes, the form serial numbers are
/// compared in.
pub(crate) fn unsigned_magnitude(bytes: &[u8]) -> Vec<u8> {
    let first = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    bytes[first..].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_of_a_sequence_are_its_elements() {
        // SEQUENCE { INTEGER 1, OCTET STRING "ab" }
        let der = [0x30, 0x07, 0x02, 0x01, 0x01, 0x04, 0x02, b'a', b'b'];
        let kids = children(&der).expect("valid");
        assert_eq!(kids, vec![&der[2..5], &der[5..9]]);
        assert!(children(&der[..8]).is_err(), "truncated input is refused");
    }

    #[test]
    fn magnitude_drops_leading_zeros() {
        assert_eq!(unsigned_magnitude(&[0, 0x80, 1]), vec![0x80, 1]);
        assert_eq!(unsigned_magnitude(&[0]), Vec::<u8>::new());
    }
}
