//! The generated test PKI behaves as documented: chains, revocation (complete and delta CRLs)
//! and CMS pass and fail where they should (R16). Run with `--features testpki`.

use tanba_domain::CheckDigitPolicy::Strict;
use tanba_pki::testpki::{self, TestPki};
use tanba_pki::{
    Crl, KeyUsageBit, PkiError, RevocationIndex, RevocationReason, RevocationScope,
    RevocationStatus, Role, TrustStore,
};

fn pki() -> TestPki {
    TestPki::generate().expect("rcgen generates the test PKI")
}

#[test]
fn leaves_validate_and_carry_identities_and_roles() {
    let pki = pki();
    let store = pki.trust_store();
    let at = TestPki::at();
    let person = pki.person.certificate();
    let chain = store.validate(&person, at).expect("person chain");
    assert_eq!(chain.certificates().len(), 3);
    assert_eq!(chain.root(), &pki.root.certificate());
    assert_eq!(
        person.iin(Strict).expect("valid").map(|i| i.as_digits()),
        Some(testpki::PERSON_IIN.into())
    );
    assert_eq!(person.subject().surname(), Some("ӘБІЛОВ"));
    let client_auth = Role::Other(tanba_pki::ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.2"));
    assert_eq!(person.roles(), vec![Role::Individual, client_auth]);
    assert!(
        person
            .key_usage()
            .expect("ku")
            .contains(KeyUsageBit::NonRepudiation)
    );

    let head = pki.org_head.certificate();
    store.validate(&head, at).expect("head chain");
    assert_eq!(
        head.bin(Strict).expect("valid").map(|b| b.as_digits()),
        Some(testpki::ORG_BIN.into())
    );
    assert_eq!(
        head.roles(),
        vec![Role::Organisation, Role::Head, client_auth]
    );
    assert_eq!(head.subject().organization(), Some("ЖШС «ТАҢБА ТЕСТ»"));
    let employee = pki.org_employee.certificate();
    store.validate(&employee, at).expect("employee chain");
    employee.require_role(Role::Employee).expect("employee");
    assert_eq!(
        employee.require_role(Role::Head).map_err(|e| e.code()),
        Err("PKI_MISSING_ROLE")
    );
    // Validation is also fine "now": leaves run to 2045.
    store
        .validate(&person, time::OffsetDateTime::now_utc())
        .expect("valid today");
}

#[test]
fn expired_foreign_and_leaf_issued_certificates_are_refused() {
    let pki = pki();
    let store = pki.trust_store();
    let at = TestPki::at();
    let err = store
        .validate(&pki.expired.certificate(), at)
        .expect_err("expired");
    assert!(matches!(err, PkiError::Expired { .. }), "{err:?}");
    let err = store
        .validate(&pki.foreign.certificate(), at)
        .expect_err("unknown CA");
    assert!(matches!(err, PkiError::UnknownIssuer { .. }), "{err:?}");
    // Knowing the person's certificate as an "intermediate" does not make it a CA.
    let mut with_leaf = pki.trust_store();
    with_leaf.add_intermediate(pki.person.certificate());
    let err = with_leaf
        .validate(&pki.issued_by_leaf.certificate(), at)
        .expect_err("not a CA");
    assert_eq!(err.code(), "PKI_NOT_CA");
    // Before the leaves' validity.
    let err = store.validate(
        &pki.person.certificate(),
        pki.person.certificate().not_before() - time::Duration::DAY,
    );
    assert_eq!(
        err.map_err(|e| e.code()).err(),
        Some("PKI_CERT_NOT_YET_VALID")
    );
}

#[test]
fn the_crl_revokes_exactly_the_revoked_certificate() {
    let pki = pki();
    let index = pki.revocation_index();
    let at = TestPki::at();
    let store = pki.trust_store();
    for good in [&pki.person, &pki.org_head, &pki.org_employee] {
        let chain = store.validate(&good.certificate(), at).expect("chain");
        index
            .check_chain(&chain, at, RevocationScope::LeafOnly)
            .expect("not revoked");
    }
    let revoked = pki.revoked.certificate();
    store
        .validate(&revoked, at)
        .expect("the path itself is fine");
    match index.status(&revoked, at).expect("status") {
        RevocationStatus::Revoked {
            entry,
            crl_number,
            from_delta,
        } => {
            assert_eq!(entry.reason, Some(RevocationReason::KeyCompromise));
            assert_eq!((crl_number, from_delta), (Some(1), false));
        }
        other => panic!("expected revoked, got {other:?}"),
    }
    let err = index.check(&revoked, at).expect_err("revoked");
    assert!(
        matches!(&err, PkiError::Revoked { serial, .. } if serial == "1E04"),
        "{err:?}"
    );
    // Before its revocation date (2025-05-01) no CRL was out yet (2025-06-01).
    let early = time::Date::from_calendar_date(2025, time::Month::April, 1)
        .expect("date")
        .midnight()
        .assume_utc();
    assert_eq!(
        index.check(&revoked, early).map_err(|e| e.code()),
        Err("PKI_CRL_NOT_YET_VALID")
    );
}

#[test]
fn a_crl_signed_by_another_key_is_refused() {
    let pki = pki();
    let other = TestPki::generate().expect("second PKI"); // same names, other keys
    let crl = Crl::from_der(&other.crl).expect("parses");
    let err = RevocationIndex::new()
        .add(crl, &pki.trust_store())
        .expect_err("wrong key");
    // The AKI names the other intermediate's key, so no CA of ours matches.
    assert!(
        matches!(
            err,
            PkiError::UnknownIssuer { .. } | PkiError::BadSignature { .. }
        ),
        "{err:?}"
    );
}

#[test]
fn delta_crls_add_revocations_and_lift_holds() {
    let pki = pki();
    let store = pki.trust_store();
    let at = TestPki::at();
    let mut index = pki.revocation_index();
    let delta = pki
        .delta_crl(2, 1, &[&pki.org_employee], &[&pki.revoked])
        .expect("delta CRL");
    let delta = Crl::from_der(&delta).expect("parses");
    assert_eq!(
        (delta.number(), delta.delta_base(), delta.is_delta()),
        (Some(2), Some(1), true)
    );
    index
        .add(delta, &store)
        .expect("signed by the intermediate");
    match index
        .status(&pki.org_employee.certificate(), at)
        .expect("status")
    {
        RevocationStatus::Revoked {
            crl_number,
            from_delta,
            ..
        } => {
            assert_eq!((crl_number, from_delta), (Some(2), true));
        }
        other => panic!("the delta revokes the employee: {other:?}"),
    }
    assert_eq!(
        index
            .status(&pki.revoked.certificate(), at)
            .expect("status"),
        RevocationStatus::Good {
            crl_number: Some(1),
            delta_number: Some(2)
        },
        "removeFromCRL in the delta lifts the entry"
    );
    index
        .check(&pki.person.certificate(), at)
        .expect("untouched");

    // A delta for another base (it claims base 5 > complete 1) is ignored.
    let mut index = pki.revocation_index();
    let stray = pki.delta_crl(7, 5, &[&pki.person], &[]).expect("delta");
    index
        .add(Crl::from_der(&stray).expect("parses"), &store)
        .expect("signature fine");
    index
        .check(&pki.person.certificate(), at)
        .expect("delta does not extend this CRL");
}

#[test]
fn the_trust_store_accepts_pem() {
    let pki = pki();
    let pem = format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        base64(pki.root.der())
    );
    let mut store = TrustStore::new();
    store.add_roots(pem.as_bytes()).expect("PEM root");
    store
        .add_intermediates(pki.intermediate.der())
        .expect("DER intermediate");
    store
        .validate(&pki.person.certificate(), TestPki::at())
        .expect("chain");
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(A[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out.as_bytes()
        .chunks(64)
        .map(|l| String::from_utf8_lossy(l).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn ecdsa_verifier_checks_p256_signatures_directly() {
    use tanba_pki::{AlgorithmIdentifierOwned, EcdsaVerifier, ObjectIdentifier, SignatureVerifier};
    let pki = pki();
    let cert = pki.person.certificate();
    let sha256 = AlgorithmIdentifierOwned {
        oid: ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2"),
        parameters: None,
    };
    let sig = pki.person.sign(b"message");
    EcdsaVerifier
        .verify(cert.spki_der(), &sha256, b"message", &sig)
        .expect("valid");
    let err = EcdsaVerifier
        .verify(cert.spki_der(), &sha256, b"messagE", &sig)
        .expect_err("other message");
    assert_eq!(err.code(), "PKI_BAD_SIGNATURE");
    let other = pki.org_head.certificate();
    assert!(
        EcdsaVerifier
            .verify(other.spki_der(), &sha256, b"message", &sig)
            .is_err()
    );
}
