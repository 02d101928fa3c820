//! The algorithm URIs of XMLDSig as NCALayer (`signXml`) and standard tools write them
//! (RFC 6931, the national `pkigovkz` URNs), mapped onto this crate's digests and verifiers
//! (R16, issue 6).

use der::asn1::{SequenceOf, UintRef};
use der::{Decode, Encode};

use crate::digest::DigestAlgorithm;
use crate::error::{Object, PkiError};
use crate::verify::SignatureAlgorithm;

const MORE: &str = "http://www.w3.org/2001/04/xmldsig-more#";
const KZ: &str = "urn:ietf:params:xml:ns:pkigovkz:xmlsec:algorithms:";

/// The DigestMethod a URI names, if supported.
pub(crate) fn digest_method(uri: &str) -> Result<DigestAlgorithm, PkiError> {
    let table = [
        (
            "http://www.w3.org/2001/04/xmlenc#sha256",
            DigestAlgorithm::Sha256,
        ),
        (
            "http://www.w3.org/2001/04/xmldsig-more#sha384",
            DigestAlgorithm::Sha384,
        ),
        (
            "http://www.w3.org/2001/04/xmlenc#sha512",
            DigestAlgorithm::Sha512,
        ),
        (
            "urn:ietf:params:xml:ns:pkigovkz:xmlsec:algorithms:gostr34112015-256",
            DigestAlgorithm::Streebog256,
        ),
        (
            "urn:ietf:params:xml:ns:pkigovkz:xmlsec:algorithms:gostr34112015-512",
            DigestAlgorithm::Streebog512,
        ),
        (
            "http://www.w3.org/2001/04/xmldsig-more#gost34311",
            DigestAlgorithm::Gost34311_95,
        ),
    ];
    lookup(&table, uri)
}

/// The SignatureMethod a URI names, if this crate verifies it (the national GOST 34.10-2015
/// URIs for 512- and 256-bit keys among them).
pub(crate) fn signature_method(uri: &str) -> Result<SignatureAlgorithm, PkiError> {
    let table = [
        ("rsa-sha256", SignatureAlgorithm::RsaPkcs1Sha256),
        ("rsa-sha384", SignatureAlgorithm::RsaPkcs1Sha384),
        ("rsa-sha512", SignatureAlgorithm::RsaPkcs1Sha512),
        ("ecdsa-sha256", SignatureAlgorithm::EcdsaSha256),
        ("ecdsa-sha384", SignatureAlgorithm::EcdsaSha384),
        ("gost34310-gost34311", SignatureAlgorithm::Gost34310_2004),
    ];
    if uri == format!("{KZ}gostr34102015-gostr34112015-512") {
        return Ok(SignatureAlgorithm::Gost2015_512);
    }
    if uri == format!("{KZ}gostr34102015-gostr34112015-256") {
        return Ok(SignatureAlgorithm::Gost2015_256);
    }
    match uri.strip_prefix(MORE) {
        Some(name) => lookup(&table, name).map_err(|_| unsupported(uri)),
        None => Err(unsupported(uri)),
    }
}

/// The SignatureValue as the verifier takes it: XMLDSig writes ECDSA as r||s of fixed size
/// (RFC 4050 / RFC 6931), the verifier (like CMS) takes DER `SEQUENCE { r, s }`; RSA and GOST
/// values are used as they are.
pub(crate) fn signature_for_verifier(
    algorithm: SignatureAlgorithm,
    value: &[u8],
) -> Result<Vec<u8>, PkiError> {
    match algorithm {
        SignatureAlgorithm::EcdsaSha256 | SignatureAlgorithm::EcdsaSha384 => {
            ecdsa_raw_to_der(value)
        }
        _ => Ok(value.to_vec()),
    }
}

fn ecdsa_raw_to_der(value: &[u8]) -> Result<Vec<u8>, PkiError> {
    let bad = |e: der::Error| PkiError::malformed(Object::Signature, e);
    if value.is_empty() || !value.len().is_multiple_of(2) {
        return Err(PkiError::malformed(
            Object::Signature,
            format!("ECDSA r||s of odd length {}", value.len()),
        ));
    }
    let (r, s) = value.split_at(value.len() / 2);
    let mut seq = SequenceOf::<UintRef<'_>, 2>::new();
    seq.add(UintRef::new(r).map_err(bad)?).map_err(bad)?;
    seq.add(UintRef::new(s).map_err(bad)?).map_err(bad)?;
    seq.to_der().map_err(bad)
}

/// DER `SEQUENCE { r, s }` as XMLDSig's fixed-size r||s, each half `half` bytes.
#[cfg_attr(not(feature = "testpki"), allow(dead_code))]
pub(crate) fn ecdsa_der_to_raw(der: &[u8], half: usize) -> Result<Vec<u8>, PkiError> {
    let bad = |e: der::Error| PkiError::malformed(Object::Signature, e);
    let seq = SequenceOf::<UintRef<'_>, 2>::from_der(der).map_err(bad)?;
    let mut out = Vec::with_capacity(2 * half);
    for int in seq.iter() {
        let bytes = int.as_bytes();
        if bytes.len() > half {
            return Err(PkiError::malformed(
                Object::Signature,
                "ECDSA integer too long",
            ));
        }
        out.extend(std::iter::repeat_n(0, half - bytes.len()));
        out.extend_from_slice(bytes);
    }
    Ok(out)
}

fn lookup<T: Copy>(table: &[(&str, T)], uri: &str) -> Result<T, PkiError> {
    table
        .iter()
        .find_map(|(u, v)| (*u == uri).then_some(*v))
        .ok_or_else(|| unsupported(uri))
}

fn unsupported(uri: &str) -> PkiError {
    PkiError::UnsupportedAlgorithm {
        object: Object::Xml,
        oid: uri.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ecdsa_values_convert_both_ways_with_leading_zeros_and_high_bits() {
        let mut raw = vec![0u8; 64];
        raw[0] = 0x00;
        raw[1] = 0x7f; // r starts with a zero byte
        raw[32] = 0x80; // s needs a sign byte in DER
        raw[63] = 1;
        let der = ecdsa_raw_to_der(&raw).expect("converts");
        assert_eq!(der[0], 0x30);
        assert_eq!(ecdsa_der_to_raw(&der, 32).expect("back"), raw);
        assert!(ecdsa_raw_to_der(&raw[..63]).is_err());
    }

    #[test]
    fn ncalayer_uris_map_including_the_256_bit_gost() {
        assert_eq!(
            signature_method(&format!("{KZ}gostr34102015-gostr34112015-512")),
            Ok(SignatureAlgorithm::Gost2015_512)
        );
        assert_eq!(
            signature_method(&format!("{MORE}rsa-sha256")),
            Ok(SignatureAlgorithm::RsaPkcs1Sha256)
        );
        assert_eq!(
            digest_method(&format!("{KZ}gostr34112015-256")),
            Ok(DigestAlgorithm::Streebog256)
        );
        assert_eq!(
            signature_method(&format!("{KZ}gostr34102015-gostr34112015-256")),
            Ok(SignatureAlgorithm::Gost2015_256)
        );
        let err = digest_method("http://www.w3.org/2000/09/xmldsig#sha1").expect_err("sha1");
        assert_eq!(err.code(), "PKI_UNSUPPORTED_ALGORITHM");
    }
}
