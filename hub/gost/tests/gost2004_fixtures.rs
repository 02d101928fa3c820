//! GOST 34.310-2004 verification against the national CA's real (expired) test PKI: the root
//! signs itself and the intermediate, the intermediate signs an organisation's certificate.

mod common;

use common::{
    first_of_sequence, fixture, key_of_cert, signature_algorithm, signature_bits,
    verify_signed_sequence,
};
use gost94::{Digest, Gost94CryptoPro};
use tanba_gost::{Algorithm, GostError, PublicKey, Signature, verify, verify_digest};

const ROOT: &str = "ca/root_gost_test.crt";
const INTERMEDIATE: &str = "ca/nca_gost_test.crt";
const ORG: &str = "org-gost2004-test.der";

fn key_2004(cert: &str) -> PublicKey {
    let key = key_of_cert(&fixture(cert));
    assert_eq!(key.algorithm(), Algorithm::Gost34310_2004);
    assert_eq!(key.to_raw().len(), 64);
    key
}

#[test]
fn all_three_certificates_carry_the_2004_signature_algorithm() {
    for cert in [ROOT, INTERMEDIATE, ORG] {
        assert_eq!(
            signature_algorithm(&fixture(cert)),
            Algorithm::Gost34310_2004,
            "{cert}"
        );
    }
}

#[test]
fn gost2004_root_verifies_itself() {
    verify_signed_sequence(&fixture(ROOT), &key_2004(ROOT)).expect("root self-signature");
}

#[test]
fn gost2004_intermediate_verifies_under_the_root() {
    verify_signed_sequence(&fixture(INTERMEDIATE), &key_2004(ROOT)).expect("intermediate");
}

#[test]
fn gost2004_org_certificate_verifies_under_the_intermediate() {
    verify_signed_sequence(&fixture(ORG), &key_2004(INTERMEDIATE)).expect("org certificate");
}

#[test]
fn gost2004_org_certificate_does_not_verify_under_the_root() {
    assert_eq!(
        verify_signed_sequence(&fixture(ORG), &key_2004(ROOT)),
        Err(GostError::SignatureMismatch)
    );
}

#[test]
fn the_cryptopro_sbox_variant_of_the_hash_does_not_verify() {
    // GOST R 34.11-94 has two common S-box sets; the national one is the "test" set. Feeding the
    // CryptoPro-set digest must fail, so the passing tests above really pin the S-boxes.
    let root = fixture(ROOT);
    let key = key_2004(ROOT);
    let sig = Signature::from_bytes_for(Algorithm::Gost34310_2004, &signature_bits(&root))
        .expect("signature");
    let digest = Gost94CryptoPro::digest(first_of_sequence(&root));
    assert_eq!(
        verify_digest(&key, &digest, &sig),
        Err(GostError::SignatureMismatch)
    );
}

#[test]
fn one_flipped_bit_fails_gost2004_verification() {
    let root = fixture(ROOT);
    let key = key_2004(ROOT);
    let tbs = first_of_sequence(&root);
    let sig_bytes = signature_bits(&root);
    let sig = Signature::from_bytes_for(Algorithm::Gost34310_2004, &sig_bytes).expect("sig");

    let mut message = tbs.clone();
    message[10] ^= 0x04;
    assert_eq!(
        verify(&key, &message, &sig),
        Err(GostError::SignatureMismatch)
    );

    for byte in [0usize, 33] {
        let mut flipped = sig_bytes.clone();
        flipped[byte] ^= 0x01;
        let sig = Signature::from_bytes_for(Algorithm::Gost34310_2004, &flipped).expect("range");
        assert_eq!(
            verify(&key, &tbs, &sig),
            Err(GostError::SignatureMismatch),
            "byte {byte}"
        );
    }

    let mut raw = key.to_raw();
    raw[5] ^= 0x01;
    assert_eq!(
        PublicKey::from_raw_for(Algorithm::Gost34310_2004, &raw),
        Err(GostError::PointNotOnCurve)
    );
    // A 2004 key is 64 bytes: the 2015 parser refuses it by length.
    assert_eq!(
        PublicKey::from_raw(&key.to_raw()),
        Err(GostError::KeyLength {
            expected: 128,
            actual: 64
        })
    );
}
