//! Enveloped XMLDSig built with the generated test PKI round-trips through
//! `Pki::verify_signed_xml`, and revoked, expired and foreign signers are refused as on the
//! CMS path (R16, issue 6: EDS login by a signed XML challenge). Run with `--features testpki`.

use tanba_pki::testpki::{self, TestIdentity, TestPki};
use tanba_pki::{C14nMethod, Pki, PkiError, verify_xmldsig};

const METHODS: [C14nMethod; 4] = [
    C14nMethod::Inclusive,
    C14nMethod::InclusiveWithComments,
    C14nMethod::Exclusive,
    C14nMethod::ExclusiveWithComments,
];

/// A login challenge as the API could send it: a namespace, a comment, Kazakh text.
const CHALLENGE: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<login xmlns=\"urn:tanba:login\" xmlns:t=\"urn:tanba:t\">\n  <!-- кіру -->\n  <challenge t:id=\"42\">Таңба: кіру сұрауы 7f3a</challenge>\n</login>";

fn setup() -> (TestPki, Pki) {
    let generated = TestPki::generate().expect("rcgen generates the test PKI");
    let pki = Pki::new(generated.trust_store(), generated.revocation_index());
    (generated, pki)
}

fn sign(who: &TestIdentity, method: C14nMethod) -> String {
    testpki::enveloped_xml(CHALLENGE, who, method).expect("signs")
}

#[test]
fn signed_challenge_round_trips_under_every_canonicalisation() {
    let (generated, pki) = setup();
    for method in METHODS {
        let xml = sign(&generated.person, method);
        assert!(xml.contains(method.uri()), "{method:?}");
        assert!(xml.ends_with("</ds:Signature></login>"), "{xml}");
        let verified = pki
            .verify_signed_xml(xml.as_bytes(), TestPki::at())
            .unwrap_or_else(|e| panic!("{method:?}: {e}"));
        assert_eq!(verified.certificate, generated.person.certificate());
        assert_eq!(verified.root_name, "login");
        assert_eq!(verified.root_namespace.as_deref(), Some("urn:tanba:login"));
        assert_eq!(
            verified.root_text.trim(),
            "Таңба: кіру сұрауы 7f3a",
            "{method:?}"
        );
        let content = String::from_utf8(verified.signed_content).expect("UTF-8");
        assert!(!content.contains("кіру -->"), "URI=\"\" drops comments");
    }
}

#[test]
fn a_self_closing_document_element_is_signed_too() {
    let (generated, pki) = setup();
    let xml = testpki::enveloped_xml(
        "<challenge nonce=\"n1\"/>",
        &generated.org_head,
        C14nMethod::Exclusive,
    )
    .expect("signs");
    assert!(xml.starts_with("<challenge nonce=\"n1\"><ds:Signature"));
    let verified = pki
        .verify_signed_xml(xml.as_bytes(), TestPki::at())
        .expect("verifies");
    assert_eq!(
        verified.signed_content,
        b"<challenge nonce=\"n1\"></challenge>"
    );
}

#[test]
fn changed_challenge_or_certificate_of_another_key_fails() {
    let (generated, _) = setup();
    let xml = sign(&generated.person, C14nMethod::Inclusive);
    let changed = xml.replacen("7f3a", "7f3b", 1);
    assert_eq!(
        verify_xmldsig(changed.as_bytes()),
        Err(PkiError::XmlDigestMismatch)
    );
    // The employee's certificate in KeyInfo, the person's signature: the key does not match.
    let b64 = |der: &[u8]| {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(der)
    };
    let person = b64(generated.person.der());
    let employee = b64(generated.org_employee.der());
    let wrapped_person: String = person
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).expect("ascii"))
        .collect::<Vec<_>>()
        .join("&#13;\n");
    assert!(
        xml.contains(&wrapped_person),
        "certificate written as NCALayer does"
    );
    let swapped = xml.replacen(&wrapped_person, &employee, 1);
    let err = verify_xmldsig(swapped.as_bytes()).expect_err("another key");
    assert_eq!(err.code(), "PKI_BAD_SIGNATURE");
}

/// Also a CA's own key (keyUsage keyCertSign and cRLSign, no digitalSignature): trusted, yet
/// not a key that signs documents or logins (issue 6: key usage).
#[test]
fn revoked_expired_and_foreign_signers_are_refused_as_on_the_cms_path() {
    let (generated, pki) = setup();
    let content = CHALLENGE.as_bytes();
    for (who, code) in [
        (&generated.revoked, "PKI_REVOKED"),
        (&generated.expired, "PKI_CERT_EXPIRED"),
        (&generated.foreign, "PKI_UNKNOWN_ISSUER"),
        (&generated.intermediate, "PKI_WRONG_KEY_USAGE"),
    ] {
        let xml = sign(who, C14nMethod::Inclusive);
        verify_xmldsig(xml.as_bytes()).expect("the signature itself is good");
        let xml_err = pki
            .verify_signed_xml(xml.as_bytes(), TestPki::at())
            .expect_err("untrusted signer");
        let cms = testpki::detached_cms(content, who).expect("CMS");
        let cms_err = pki
            .verify_signed(content, &cms, TestPki::at())
            .expect_err("untrusted signer");
        assert_eq!(xml_err.code(), code);
        assert_eq!(xml_err, cms_err);
    }
}
