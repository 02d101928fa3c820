//! WS-Security signing of a SOAP Body (issue 7, G1): a signed envelope verifies with the
//! hub's own verifier under RSA-SHA256 and ECDSA-P256, the Header gets `wsse:Security` with
//! `mustUnderstand="1"`, and a tampered Body, a moved signature or a key that does not match
//! its certificate are refused.

use tanba_pki::{PkiError, SigningIdentity, sign_soap_body, verify_soap_body};

const ENVELOPE: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Header/>\
<soap:Body xmlns:wsu=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd\" wsu:Id=\"id-1\">\
<m:SendMessage xmlns:m=\"urn:test\"><m:text>Таңба &amp; co</m:text></m:SendMessage></soap:Body></soap:Envelope>";

fn identity(kind: &str) -> SigningIdentity {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/wss");
    let key = std::fs::read(format!("{dir}/{kind}.key.pem")).expect("key");
    let cert = std::fs::read(format!("{dir}/{kind}.cert.pem")).expect("cert");
    SigningIdentity::from_pem(&key, &cert).expect("a matching pair")
}

#[test]
fn a_signed_body_verifies_with_rsa_and_ecdsa() {
    for kind in ["rsa", "ec"] {
        let id = identity(kind);
        let signed = sign_soap_body(ENVELOPE.as_bytes(), &id).expect("signed");
        let text = String::from_utf8(signed.clone()).expect("utf-8");
        assert!(text.contains("soap:mustUnderstand=\"1\""), "{text}");
        assert!(text.contains("URI=\"#id-1\""), "{text}");
        assert!(text.contains("<soap:Header><wsse:Security"), "{text}");
        let verified = verify_soap_body(&signed).expect("verifies");
        assert_eq!(verified.certificate, *id.certificate());
        assert!(
            String::from_utf8_lossy(&verified.signed_body).contains("Таңба &amp; co"),
            "{kind}"
        );
    }
}

#[test]
fn without_a_header_one_is_added_and_a_full_header_keeps_its_children() {
    let id = identity("ec");
    let bare = ENVELOPE.replace("<soap:Header/>", "");
    let signed = sign_soap_body(bare.as_bytes(), &id).expect("signed");
    verify_soap_body(&signed).expect("verifies");
    let full = ENVELOPE.replace(
        "<soap:Header/>",
        "<soap:Header><x:a xmlns:x=\"urn:x\"/></soap:Header>",
    );
    let signed = sign_soap_body(full.as_bytes(), &id).expect("signed");
    assert!(String::from_utf8_lossy(&signed).contains("<x:a xmlns:x=\"urn:x\"/></soap:Header>"));
    verify_soap_body(&signed).expect("verifies");
}

#[test]
fn a_tampered_body_or_a_moved_id_fails() {
    let id = identity("rsa");
    let signed = String::from_utf8(sign_soap_body(ENVELOPE.as_bytes(), &id).expect("signed"))
        .expect("utf-8");
    let tampered = signed.replace("Таңба &amp; co", "Таңба &amp; c0");
    assert!(matches!(
        verify_soap_body(tampered.as_bytes()),
        Err(PkiError::XmlDigestMismatch)
    ));
    // Wrapping: the signed Body's id put on another element, a new Body in its place.
    // Wrapping: the signed content moved under a new Body, which the id no longer names.
    let wrapped = signed
        .replace("<soap:Body xmlns:wsu", "<soap:Body><Old xmlns:wsu")
        .replace(
            "</soap:Body></soap:Envelope>",
            "</Old></soap:Body></soap:Envelope>",
        );
    assert!(matches!(
        verify_soap_body(wrapped.as_bytes()),
        Err(PkiError::XmlUnsupported { .. })
    ));
    let unsigned_body = ENVELOPE.replace(" wsu:Id=\"id-1\"", "");
    assert!(sign_soap_body(unsigned_body.as_bytes(), &id).is_err());
    let doctype = format!("<!DOCTYPE x>{}", &ENVELOPE[38..]);
    assert!(matches!(
        sign_soap_body(doctype.as_bytes(), &id),
        Err(PkiError::XmlDoctype)
    ));
}

#[test]
fn a_key_that_is_not_the_certificates_is_refused() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/wss");
    let key = std::fs::read(format!("{dir}/rsa.key.pem")).expect("key");
    let cert = std::fs::read(format!("{dir}/ec.cert.pem")).expect("cert");
    assert!(SigningIdentity::from_pem(&key, &cert).is_err());
}
