//! CMS SignedData made by the national CA's test keys (R16): RSA and GOST 2015, attached and
//! (re-encoded) detached.

mod common;

use common::{fixture, strip_content, utc};
use tanba_pki::{DigestAlgorithm, PkiError, SignedData, TrustStore, verify_cms};

const RSA_CMS: &str = "cms/cms_attached_rsa_test123.p7s";
const RSA_DATA: &str = "cms/data_test123.txt";
const GOST_CMS: &str = "cms/cms_attached_gost2015_tsp_2023.p7s";
const GOST_DATA: &str = "cms/data_b5eb2d.bin";

#[test]
fn rsa_attached_cms_verifies_and_names_its_signer() {
    let cms = SignedData::parse(&fixture(RSA_CMS)).expect("parses");
    assert_eq!(cms.content(), Some(fixture(RSA_DATA).as_slice()));
    assert_eq!(cms.content(), Some(&b"test123"[..]));
    let signers = cms.verify(None, &[]).expect("verifies");
    assert_eq!(signers.len(), 1);
    let s = &signers[0];
    assert_eq!(s.digest_algorithm, DigestAlgorithm::Sha256);
    assert_eq!(s.certificate.subject().common_name(), Some("ТЕСТОВ ТЕСТ"));
    assert_eq!(
        s.certificate.serial_hex(),
        "4279390A141F5353A62947B61ED65E81741467D1"
    );
    let t = s.signing_time.expect("signingTime attribute");
    assert!(
        t > s.certificate.not_after(),
        "signed after the certificate expired: {t}"
    );
    // The signer chains to the RSA test root at a time within its validity.
    let mut store = TrustStore::new();
    store
        .add_roots(&fixture("ca/root_rsa_test.crt"))
        .expect("root");
    assert_eq!(
        cms.certificates().len(),
        1,
        "only the signer's certificate is embedded"
    );
    let err = store
        .validate_with(&s.certificate, cms.certificates(), utc(2021, 6, 1))
        .expect_err("the intermediate is needed");
    assert_eq!(err.code(), "PKI_UNKNOWN_ISSUER");
    store
        .add_intermediates(&fixture("ca/nca_rsa_test.crt"))
        .expect("intermediate");
    store
        .validate(&s.certificate, utc(2021, 6, 1))
        .expect("chain");
}

#[test]
fn gost_attached_cms_with_a_timestamp_verifies() {
    let signers = verify_cms(&fixture(GOST_CMS), None, &[]).expect("verifies");
    assert_eq!(signers.len(), 1);
    let s = &signers[0];
    assert_eq!(s.digest_algorithm, DigestAlgorithm::Streebog512);
    assert_eq!(s.certificate.subject().organization(), Some("АО \"ТЕСТ\""));
    let t = s.signing_time.expect("signingTime");
    assert_eq!((t.year(), u8::from(t.month()), t.day()), (2023, 10, 11));
    let mut store = TrustStore::new();
    store
        .add_roots(&fixture("ca/root_test_gost_2022.cer"))
        .expect("root");
    store
        .add_intermediates(&fixture("ca/nca_gost2015_test.cer"))
        .expect("intermediate");
    store
        .validate(&s.certificate, t)
        .expect("chain at signing time");
}

#[test]
fn one_changed_byte_of_content_fails_the_digest() {
    for (cms, data) in [(RSA_CMS, RSA_DATA), (GOST_CMS, GOST_DATA)] {
        let detached = strip_content(&fixture(cms));
        let mut content = fixture(data);
        content[0] ^= 0x01;
        let err = verify_cms(&detached, Some(&content), &[]).expect_err("changed content");
        assert_eq!(err, PkiError::DigestMismatch, "{cms}");
        // Supplied content wins over the embedded one, so the same holds for the attached form.
        let err = verify_cms(&fixture(cms), Some(&content), &[]).expect_err("changed content");
        assert_eq!(err, PkiError::DigestMismatch, "{cms}");
    }
}

#[test]
fn detached_form_verifies_with_the_content_supplied_and_not_without() {
    for (cms, data) in [(RSA_CMS, RSA_DATA), (GOST_CMS, GOST_DATA)] {
        let detached = strip_content(&fixture(cms));
        let parsed = SignedData::parse(&detached).expect("parses");
        assert_eq!(parsed.content(), None, "{cms}");
        assert_eq!(
            parsed.verify(None, &[]),
            Err(PkiError::ContentMissing),
            "{cms}"
        );
        let signers = parsed
            .verify(Some(&fixture(data)), &[])
            .expect("verifies detached");
        assert_eq!(signers.len(), 1, "{cms}");
    }
}

#[test]
fn a_changed_signature_or_signed_attribute_is_a_bad_signature() {
    let original = fixture(GOST_CMS);
    // The 128-byte signature OCTET STRING starts with 0x97 0x87 0x38 0x39 (asn1parse offset
    // 1512 + 3 header bytes).
    let at = original
        .windows(4)
        .position(|w| w == [0x97, 0x87, 0x38, 0x39])
        .expect("signature bytes");
    let mut tampered = original.clone();
    tampered[at + 20] ^= 0x01;
    let err = verify_cms(&tampered, None, &[]).expect_err("tampered signature");
    assert!(
        matches!(
            err,
            PkiError::BadSignature {
                object: tanba_pki::Object::Cms,
                ..
            }
        ),
        "{err:?}"
    );
    // signingTime 231011093115Z -> 231011093116Z: digest still matches, signature does not.
    let time_at = original
        .windows(13)
        .position(|w| w == b"231011093115Z")
        .expect("signingTime");
    let mut tampered = original;
    tampered[time_at + 11] = b'6';
    let err = verify_cms(&tampered, None, &[]).expect_err("tampered attribute");
    assert_eq!(err.code(), "PKI_BAD_SIGNATURE");
}

#[test]
fn without_the_embedded_certificate_the_signer_is_not_found_unless_supplied() {
    let cms = SignedData::parse(&fixture(RSA_CMS)).expect("parses");
    let signer = cms.verify(None, &[]).expect("verifies")[0]
        .certificate
        .clone();
    // Drop the [0] certificates from the detached form.
    let detached = strip_content(&fixture(RSA_CMS));
    let info = common::children(&detached);
    let parts = common::children(common::children(info[1])[0]);
    let body: Vec<u8> = parts
        .iter()
        .filter(|p| p[0] != 0xA0)
        .flat_map(|p| p.iter().copied())
        .collect();
    let mut outer = info[0].to_vec();
    outer.extend(common::tlv(0xA0, &common::tlv(0x30, &body)));
    let bare = common::tlv(0x30, &outer);
    let content = fixture(RSA_DATA);
    assert_eq!(
        verify_cms(&bare, Some(&content), &[]),
        Err(PkiError::SignerNotFound)
    );
    verify_cms(&bare, Some(&content), &[signer]).expect("supplied certificate");
}

#[test]
fn garbage_and_non_signed_data_are_malformed() {
    assert_eq!(
        verify_cms(b"nope", None, &[]).map_err(|e| e.code()),
        Err("PKI_MALFORMED")
    );
    // A certificate is a SEQUENCE but not a ContentInfo.
    let err = SignedData::parse(&fixture("ca/root_test_gost_2022.cer")).expect_err("not CMS");
    assert_eq!(err.code(), "PKI_MALFORMED");
}
