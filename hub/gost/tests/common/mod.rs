//! Reading the national CA's fixtures for the integration tests: files, and just enough DER
//! walking to cut out the exact signed bytes (tbsCertificate, tbsCertList, signedAttrs) without
//! re-encoding them through a typed model.

#![allow(dead_code)] // each test file uses its own part of this module

use std::path::PathBuf;

use der::asn1::{AnyRef, ObjectIdentifier};
use der::{Decode, Encode, Reader, SliceReader, Tag, Tagged};
use tanba_gost::{Algorithm, GostError, PublicKey, Signature, verify};
use x509_cert::Certificate;

/// The fixtures folder; the repository is checked out beside `shared/`.
pub fn nca_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/nca")
}

/// A fixture's bytes, DER whether the file is DER or PEM.
pub fn fixture(rel: &str) -> Vec<u8> {
    let path = nca_dir().join(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    if bytes.starts_with(b"-----BEGIN") {
        let (_label, der) = pem_rfc7468_decode(&bytes);
        der
    } else {
        bytes
    }
}

fn pem_rfc7468_decode(pem: &[u8]) -> (String, Vec<u8>) {
    let (label, der) = der::pem::decode_vec(pem).expect("valid PEM");
    (label.to_owned(), der)
}

/// The TLV at the top of `der`.
pub fn any(der: &[u8]) -> AnyRef<'_> {
    AnyRef::from_der(der).expect("one DER element")
}

/// The elements inside a constructed value, in order.
pub fn children<'a>(parent: &AnyRef<'a>) -> Vec<AnyRef<'a>> {
    let mut reader = SliceReader::new(parent.value()).expect("reader");
    let mut out = Vec::new();
    while !reader.is_finished() {
        out.push(reader.decode::<AnyRef<'a>>().expect("child element"));
    }
    out
}

/// The DER of an element (tag, length, value), as it was signed.
pub fn tlv(element: &AnyRef<'_>) -> Vec<u8> {
    element.to_der().expect("re-encode TLV")
}

/// The DER of the first element of a SEQUENCE: tbsCertificate of a Certificate, tbsCertList of a
/// CertificateList. Checks that the bytes are the very ones of the file.
pub fn first_of_sequence(der: &[u8]) -> Vec<u8> {
    let outer = any(der);
    assert_eq!(outer.tag(), Tag::Sequence);
    let first = tlv(&children(&outer)[0]);
    assert!(
        der.windows(first.len()).any(|w| w == first.as_slice()),
        "the re-encoded TLV is byte-identical to the file's"
    );
    first
}

/// The value bytes of the last element of a SEQUENCE, a BIT STRING with no unused bits: the
/// signature of a Certificate or CertificateList.
pub fn signature_bits(der: &[u8]) -> Vec<u8> {
    let kids = children(&any(der));
    let bits = kids.last().expect("signatureValue");
    assert_eq!(bits.tag(), Tag::BitString);
    let (unused, value) = bits.value().split_first().expect("non-empty BIT STRING");
    assert_eq!(*unused, 0);
    value.to_vec()
}

/// The SubjectPublicKeyInfo DER of a certificate.
pub fn spki_of(cert_der: &[u8]) -> Vec<u8> {
    let cert = Certificate::from_der(cert_der).expect("X.509 certificate");
    cert.tbs_certificate
        .subject_public_key_info
        .to_der()
        .expect("SPKI DER")
}

/// Lower-case hex for messages.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The public key of a certificate, through the crate's own SPKI parser.
pub fn key_of_cert(cert_der: &[u8]) -> PublicKey {
    PublicKey::from_spki_der(&spki_of(cert_der)).expect("a GOST key the crate knows")
}

/// The algorithm named by the signatureAlgorithm (second element) of a signed SEQUENCE.
pub fn signature_algorithm(signed_der: &[u8]) -> Algorithm {
    let alg_id = children(&any(signed_der))[1];
    let oid: ObjectIdentifier = children(&alg_id)[0].decode_as().expect("algorithm OID");
    Algorithm::from_signature_oid(&oid).unwrap_or_else(|| panic!("GOST signature OID, got {oid}"))
}

/// Verifies a certificate or CRL the way the PKI layer will: the algorithm from its
/// signatureAlgorithm, the signed bytes its first element, the signature its last.
pub fn verify_signed_sequence(signed_der: &[u8], issuer: &PublicKey) -> Result<(), GostError> {
    let algorithm = signature_algorithm(signed_der);
    assert_eq!(
        algorithm,
        issuer.algorithm(),
        "issuer key and signature algorithm agree"
    );
    let tbs = first_of_sequence(signed_der);
    let sig = Signature::from_bytes_for(algorithm, &signature_bits(signed_der))?;
    verify(issuer, &tbs, &sig)
}
