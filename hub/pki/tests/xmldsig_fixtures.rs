//! Enveloped XMLDSig made by NCALayer with the national CA's test keys (R16, issue 6): RSA and
//! GOST 2015, and what changes to them are caught, each by its own error.

mod common;

use common::{fixture, utc};
use tanba_pki::{
    Crl, DigestAlgorithm, Object, Pki, PkiError, RevocationIndex, TrustStore, verify_xmldsig,
};

const RSA_XML: &str = "xml/xmldsig_rsa_1signer.xml";
const GOST_XML: &str = "xml/xmldsig_gost2015_2023.xml";

fn text(rel: &str) -> String {
    String::from_utf8(fixture(rel)).expect("UTF-8 fixture")
}

fn replaced(rel: &str, from: &str, to: &str) -> Vec<u8> {
    let original = text(rel);
    assert_eq!(original.matches(from).count(), 1, "{from:?} once in {rel}");
    original.replacen(from, to, 1).into_bytes()
}

fn store(root: &str, intermediate: &str) -> TrustStore {
    let mut store = TrustStore::new();
    store.add_roots(&fixture(root)).expect("root");
    store
        .add_intermediates(&fixture(intermediate))
        .expect("intermediate");
    store
}

#[test]
fn rsa_fixture_verifies_and_names_its_signer_and_content() {
    let verified = verify_xmldsig(&fixture(RSA_XML)).expect("verifies");
    assert_eq!(verified.root_name, "a");
    assert_eq!(verified.root_namespace, None);
    assert_eq!(verified.root_text, "test");
    assert_eq!(verified.signed_content, b"<a><b>test</b></a>");
    let cert = &verified.certificate;
    assert_eq!(cert.subject().common_name(), Some("ТЕСТОВ ТЕСТ"));
    assert_eq!(
        cert.serial_hex(),
        "4279390A141F5353A62947B61ED65E81741467D1"
    );
    store("ca/root_rsa_test.crt", "ca/nca_rsa_test.crt")
        .validate(cert, utc(2021, 6, 1))
        .expect("chain within the certificate's validity");
}

#[test]
fn gost_fixture_verifies_with_its_cr_escaped_base64() {
    let xml = fixture(GOST_XML);
    assert!(
        text(GOST_XML).contains("&#13;"),
        "the fixture has &#13; in base64"
    );
    let verified = verify_xmldsig(&xml).expect("verifies");
    assert_eq!(verified.root_name, "test");
    assert_eq!(verified.root_text.trim(), "Hello");
    assert_eq!(
        verified.certificate.subject().organization(),
        Some("АО \"ТЕСТ\"")
    );
    // The DigestValue is the Streebog-512 of the signed content, in normal byte order.
    assert_eq!(
        DigestAlgorithm::Streebog512
            .digest(&verified.signed_content)
            .len(),
        64
    );
    store("ca/root_test_gost_2022.cer", "ca/nca_gost2015_test.cer")
        .validate(&verified.certificate, utc(2023, 10, 11))
        .expect("chain");
}

#[test]
fn one_changed_byte_of_signed_content_fails_the_digest() {
    for (rel, from, to) in [
        (RSA_XML, "<b>test</b>", "<b>tesT</b>"),
        (
            GOST_XML,
            "<message>Hello</message>",
            "<message>Hellp</message>",
        ),
    ] {
        let err = verify_xmldsig(&replaced(rel, from, to)).expect_err("changed content");
        assert_eq!(err, PkiError::XmlDigestMismatch, "{rel}");
        assert_eq!(err.code(), "PKI_XML_DIGEST_MISMATCH");
    }
}

#[test]
fn a_changed_signature_value_is_a_bad_signature() {
    // The first base64 characters of each SignatureValue carry low-order bytes (RSA: the
    // high-order ones, still below the modulus after the change).
    for (rel, from, to) in [
        (RSA_XML, "aAeSW+p2", "aAeSW+p3"),
        (GOST_XML, "ffmEea/K", "ffmEeb/K"),
    ] {
        let err = verify_xmldsig(&replaced(rel, from, to)).expect_err("changed value");
        assert!(
            matches!(
                err,
                PkiError::BadSignature {
                    object: Object::Xml,
                    ..
                }
            ),
            "{rel}: {err:?}"
        );
    }
}

#[test]
fn a_changed_signed_info_is_a_bad_signature_not_a_digest_error() {
    // The Reference still matches the content; what was signed (SignedInfo) did change.
    let tampered = replaced(
        RSA_XML,
        "<ds:Reference URI=\"\">",
        "<ds:Reference URI=\"\" Id=\"r\">",
    );
    let err = verify_xmldsig(&tampered).expect_err("changed SignedInfo");
    assert_eq!(err.code(), "PKI_BAD_SIGNATURE");
}

#[test]
fn doctype_and_entities_are_refused() {
    let with_dtd = replaced(
        RSA_XML,
        "standalone=\"no\"?>",
        "standalone=\"no\"?><!DOCTYPE a [<!ENTITY t \"test\">]>",
    );
    assert_eq!(verify_xmldsig(&with_dtd), Err(PkiError::XmlDoctype));
    let xxe = b"<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>";
    assert_eq!(verify_xmldsig(xxe), Err(PkiError::XmlDoctype));
}

#[test]
fn a_document_without_signature_or_not_xml_is_refused() {
    assert_eq!(
        verify_xmldsig(b"<a><b>test</b></a>"),
        Err(PkiError::XmlNoSignature)
    );
    let err = verify_xmldsig(b"<a><b>test</a>").expect_err("not well-formed");
    assert_eq!(err.code(), "PKI_XML_MALFORMED");
    let err = verify_xmldsig(&[0xff, 0xfe, b'<']).expect_err("not UTF-8");
    assert_eq!(err.code(), "PKI_XML_MALFORMED");
}

#[test]
fn other_references_and_a_second_signature_are_not_accepted() {
    let by_id = replaced(
        RSA_XML,
        "<ds:Reference URI=\"\">",
        "<ds:Reference URI=\"#x\">",
    );
    assert!(matches!(
        verify_xmldsig(&by_id),
        Err(PkiError::XmlUnsupported { .. })
    ));
    let original = text(RSA_XML);
    let start = original.find("<ds:Signature").expect("signature");
    let end = original.find("</ds:Signature>").expect("end") + "</ds:Signature>".len();
    let twice = original.replacen("</a>", &format!("{}</a>", &original[start..end]), 1);
    let err = verify_xmldsig(twice.as_bytes()).expect_err("two signatures");
    assert_eq!(err.code(), "PKI_XML_UNSUPPORTED");
    let unknown_digest = replaced(
        RSA_XML,
        "http://www.w3.org/2001/04/xmlenc#sha256",
        "http://www.w3.org/2000/09/xmldsig#sha1",
    );
    assert!(matches!(
        verify_xmldsig(&unknown_digest),
        Err(PkiError::UnsupportedAlgorithm {
            object: Object::Xml,
            ..
        })
    ));
}

#[test]
fn the_pki_checks_chain_and_revocation_of_the_xml_signer() {
    let rsa = fixture(RSA_XML);
    let rsa_trust = store("ca/root_rsa_test.crt", "ca/nca_rsa_test.crt");
    // No CRL of the issuer: revocation cannot be decided.
    let pki = Pki::new(rsa_trust, RevocationIndex::new());
    let err = pki
        .verify_signed_xml(&rsa, utc(2021, 6, 1))
        .expect_err("no CRL");
    assert_eq!(err.code(), "PKI_NO_CRL");
    let err = pki
        .verify_signed_xml(&rsa, utc(2022, 6, 1))
        .expect_err("expired");
    assert_eq!(err.code(), "PKI_CERT_EXPIRED");
    // The GOST signer's CA has a CRL, but only from 2026: the state in 2023 is unknown.
    let gost_trust = store("ca/root_test_gost_2022.cer", "ca/nca_gost2015_test.cer");
    let mut index = RevocationIndex::new();
    let crl = Crl::parse(&fixture("crl/nca_gost2015_test_2026.crl")).expect("CRL");
    index
        .add(crl, &gost_trust)
        .expect("signed by the intermediate");
    let pki = Pki::new(gost_trust, index);
    let err = pki
        .verify_signed_xml(&fixture(GOST_XML), utc(2023, 10, 11))
        .expect_err("CRL later than the time checked");
    assert_eq!(err.code(), "PKI_CRL_NOT_YET_VALID");
    // The RSA signer's CA is unknown to this store.
    let err = pki
        .verify_signed_xml(&rsa, utc(2021, 6, 1))
        .expect_err("unknown CA");
    assert_eq!(err.code(), "PKI_UNKNOWN_ISSUER");
}
