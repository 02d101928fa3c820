//! CMS SignedData built with the generated test PKI verifies, and fails where it should
//! (R16). Run with `--features testpki`.

use tanba_pki::testpki::{self, CmsOptions, SignerIdKind, TestPki};
use tanba_pki::{PkiError, RevocationScope, SignedData, verify_cms};

fn pki() -> TestPki {
    TestPki::generate().expect("rcgen generates the test PKI")
}

#[test]
fn detached_cms_verifies_and_a_changed_byte_fails() {
    let pki = pki();
    let content = "Тауар қабылданды: 0104600000000001215ABC".as_bytes();
    let cms = testpki::detached_cms(content, &pki.org_head).expect("builds");
    let parsed = SignedData::parse(&cms).expect("parses");
    assert_eq!(parsed.content(), None);
    let signers = parsed.verify(Some(content), &[]).expect("verifies");
    assert_eq!(signers[0].certificate, pki.org_head.certificate());
    assert_eq!(signers[0].signing_time, Some(TestPki::at()));
    let mut changed = content.to_vec();
    changed[3] ^= 1;
    assert_eq!(
        parsed.verify(Some(&changed), &[]),
        Err(PkiError::DigestMismatch)
    );
    assert_eq!(parsed.verify(None, &[]), Err(PkiError::ContentMissing));
    // The signer then validates and is not revoked.
    let store = pki.trust_store();
    let chain = store
        .validate(&signers[0].certificate, TestPki::at())
        .expect("chain");
    pki.revocation_index()
        .check_chain(&chain, TestPki::at(), RevocationScope::LeafOnly)
        .expect("good");
}

#[test]
fn cms_signer_by_key_id_without_embedded_certificate_and_attached() {
    let pki = pki();
    let content = b"attached content";
    let options = CmsOptions {
        attached: true,
        signer_id: SignerIdKind::SubjectKeyId,
        embed_certificate: false,
        signing_time: None,
    };
    let cms = testpki::signed_cms(content, &pki.person, &options).expect("builds");
    assert_eq!(verify_cms(&cms, None, &[]), Err(PkiError::SignerNotFound));
    let wrong = [pki.org_head.certificate()];
    assert_eq!(
        verify_cms(&cms, None, &wrong),
        Err(PkiError::SignerNotFound)
    );
    let signers = verify_cms(&cms, None, &[pki.person.certificate()]).expect("verifies");
    assert_eq!(signers[0].signing_time, None);
    assert_eq!(
        SignedData::parse(&cms).expect("parses").content(),
        Some(&content[..])
    );
}

#[test]
fn a_cms_claiming_another_signer_is_a_bad_signature() {
    // Signed with the employee's key, but naming the head as signer.
    let pki = pki();
    let content = b"payload";
    let impostor =
        testpki::signed_cms(content, &pki.org_employee, &CmsOptions::default()).expect("builds");
    let honest =
        verify_cms(&impostor, Some(content), &[pki.org_employee.certificate()]).expect("honest");
    assert_eq!(honest.len(), 1);
    // Rewrite the SignerInfo's serial (0x1E03, first occurrence: the name before it is UTF-8
    // text) to the head's (0x1E02): the sid now names the head, whose key did not sign.
    let head = pki.org_head.certificate();
    let forged = impostor
        .windows(head.serial().len())
        .position(|w| w == pki.org_employee.certificate().serial())
        .map(|at| {
            let mut f = impostor.clone();
            f[at..at + head.serial().len()].copy_from_slice(head.serial());
            f
        })
        .expect("serial in the SignerInfo");
    let err = verify_cms(&forged, Some(content), &[head]).expect_err("wrong key");
    assert!(matches!(err, PkiError::BadSignature { .. }), "{err:?}");
}
