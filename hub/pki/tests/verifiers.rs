//! The verifier dispatch (R16): each algorithm reaches its verifier, mismatched keys and
//! unknown algorithms get their own errors.

mod common;

use common::cert;
use tanba_pki::{
    AlgorithmIdentifierOwned, GostVerifier, KeyUsageBit, ObjectIdentifier, PkiError,
    RsaPkcs1Verifier, SignatureAlgorithm, SignatureVerifier, verify_signature,
};

fn alg(oid: &str) -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: ObjectIdentifier::new_unwrap(oid),
        parameters: None,
    }
}

#[test]
fn every_fixture_link_verifies_through_the_dispatch() {
    let links = [
        (
            "ca/nca_gost2015_test.cer",
            "ca/root_test_gost_2022.cer",
            SignatureAlgorithm::Gost2015_512,
        ),
        (
            "ca/nca_rsa_test.crt",
            "ca/root_rsa_test.crt",
            SignatureAlgorithm::RsaPkcs1Sha256,
        ),
        (
            "ca/nca_gost_test.crt",
            "ca/root_gost_test.crt",
            SignatureAlgorithm::Gost34310_2004,
        ),
        (
            "org-gost2004-test.der",
            "ca/nca_gost_test.crt",
            SignatureAlgorithm::Gost34310_2004,
        ),
    ];
    for (child, issuer, expected) in links {
        let child = cert(child);
        assert_eq!(
            SignatureAlgorithm::from_oid(&child.signature_algorithm().oid),
            Some(expected)
        );
        child.verify_signed_by(&cert(issuer)).expect("verifies");
        // ...and not under itself.
        assert_eq!(
            child.verify_signed_by(&child).map_err(|e| e.code()),
            Err("PKI_BAD_SIGNATURE")
        );
    }
}

#[test]
fn an_unknown_algorithm_is_unsupported() {
    let root = cert("ca/root_rsa_test.crt");
    // sha1WithRSAEncryption is deliberately not supported.
    let err = verify_signature(root.spki_der(), &alg("1.2.840.113549.1.1.5"), b"m", b"s")
        .expect_err("SHA-1");
    assert!(
        matches!(&err, PkiError::UnsupportedAlgorithm { oid, .. } if oid == "1.2.840.113549.1.1.5"),
        "{err:?}"
    );
    assert_eq!(err.code(), "PKI_UNSUPPORTED_ALGORITHM");
}

#[test]
fn a_key_of_another_family_is_a_key_mismatch() {
    let rsa = cert("ca/root_rsa_test.crt");
    let gost = cert("ca/root_test_gost_2022.cer");
    let gost_alg = alg("1.2.398.3.10.1.1.2.3.2");
    let err = GostVerifier
        .verify(rsa.spki_der(), &gost_alg, b"m", &[1; 128])
        .expect_err("RSA key");
    assert_eq!(err.code(), "PKI_KEY_ALGORITHM_MISMATCH");
    let err = RsaPkcs1Verifier
        .verify(
            gost.spki_der(),
            &alg("1.2.840.113549.1.1.11"),
            b"m",
            &[1; 256],
        )
        .expect_err("GOST key");
    assert_eq!(err.code(), "PKI_KEY_ALGORITHM_MISMATCH");
    // A 2004 signature algorithm with a 2015 key.
    let err = verify_signature(
        gost.spki_der(),
        &alg("1.2.398.3.10.1.1.1.2"),
        b"m",
        &[1; 64],
    )
    .expect_err("2004 alg, 2015 key");
    assert_eq!(err.code(), "PKI_KEY_ALGORITHM_MISMATCH");
    // A GOST signature of the wrong length is malformed, not merely wrong.
    let err = verify_signature(gost.spki_der(), &gost_alg, b"m", &[1; 64]).expect_err("short");
    assert_eq!(err.code(), "PKI_MALFORMED");
}

#[test]
fn key_usage_requirements_name_the_missing_bit() {
    let leaf = cert("certs/gost2022_individual_valid.cer");
    leaf.require_key_usage(KeyUsageBit::DigitalSignature)
        .expect("signing key");
    let err = leaf
        .require_key_usage(KeyUsageBit::KeyCertSign)
        .expect_err("not a CA key");
    assert!(
        matches!(
            err,
            PkiError::WrongKeyUsage {
                usage: KeyUsageBit::KeyCertSign,
                ..
            }
        ),
        "{err:?}"
    );
}
