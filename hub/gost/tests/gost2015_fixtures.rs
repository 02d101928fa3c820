//! GOST 34.10-2015 (512) verification against the national CA's real test PKI.
//!
//! Every signature here was made by the NCA RK test CA or a key it certified; none by us.

mod common;

use common::{
    any, children, first_of_sequence, fixture, hex, nca_dir, signature_bits, spki_of, tlv,
    verify_signed_sequence,
};
use der::{Tag, TagNumber, Tagged};

const CONTEXT_0: Tag = Tag::ContextSpecific {
    constructed: true,
    number: TagNumber::N0,
};
use der::asn1::{ObjectIdentifier, OctetStringRef};
use tanba_gost::{Algorithm, GostError, PublicKey, Signature, streebog512, verify, verify_digest};

const ROOT: &str = "ca/root_test_gost_2022.cer";
const INTERMEDIATE: &str = "ca/nca_gost2015_test.cer";
const CRL: &str = "crl/nca_gost2015_test_2026.crl";
const CMS: &str = "cms/cms_attached_gost2015_tsp_2023.p7s";
const CMS_DATA: &str = "cms/data_b5eb2d.bin";

const OID_MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");

fn key_of_cert(cert_der: &[u8]) -> PublicKey {
    let key = common::key_of_cert(cert_der);
    assert_eq!(key.algorithm(), Algorithm::Gost2015_512);
    key
}

#[test]
fn every_gost2022_end_entity_certificate_verifies_under_the_intermediate() {
    let ca = key_of_cert(&fixture(INTERMEDIATE));
    let mut names: Vec<_> = std::fs::read_dir(nca_dir().join("certs"))
        .expect("certs folder")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.starts_with("gost2022_") && n.ends_with(".cer"))
        .collect();
    names.sort();
    assert_eq!(
        names.len(),
        12,
        "the README lists 12 GOST 2022 certificates"
    );
    for name in &names {
        let cert = fixture(&format!("certs/{name}"));
        verify_signed_sequence(&cert, &ca).unwrap_or_else(|e| panic!("{name}: {e}"));
        // Their own keys parse too (all on the 512-bit curve).
        key_of_cert(&cert);
    }
}

#[test]
fn intermediate_verifies_under_the_root_and_the_root_under_itself() {
    let root = fixture(ROOT);
    let root_key = key_of_cert(&root);
    verify_signed_sequence(&fixture(INTERMEDIATE), &root_key).expect("intermediate under root");
    verify_signed_sequence(&root, &root_key).expect("root self-signature");
}

#[test]
fn intermediate_does_not_verify_itself() {
    // A self-check with the wrong key must fail: guards against a verifier that accepts all.
    let inter = fixture(INTERMEDIATE);
    assert_eq!(
        verify_signed_sequence(&inter, &key_of_cert(&inter)),
        Err(GostError::SignatureMismatch)
    );
}

#[test]
fn crl_tbs_cert_list_verifies_under_the_intermediate() {
    let ca = key_of_cert(&fixture(INTERMEDIATE));
    verify_signed_sequence(&fixture(CRL), &ca).expect("CRL signature");
}

#[test]
fn individual_2022_certificate_verifies_under_the_intermediate() {
    // individual-gost2015-test.der (2022-2023) names the 2022 test CA as issuer.
    let ca = key_of_cert(&fixture(INTERMEDIATE));
    verify_signed_sequence(&fixture("individual-gost2015-test.der"), &ca)
        .expect("individual certificate");
}

/// The parts of the one SignerInfo of the GOST CMS that verification needs.
struct CmsSigner {
    cert: Vec<u8>,
    signed_attrs_as_set: Vec<u8>,
    message_digest: Vec<u8>,
    signature: Vec<u8>,
}

fn cms_signer() -> CmsSigner {
    let cms = fixture(CMS);
    let content_info = any(&cms);
    let explicit = children(&content_info)[1];
    let signed_data = children(&explicit)[0];
    let parts = children(&signed_data);
    // SignedData: version, digestAlgorithms, encapContentInfo, [0] certificates, ..., signerInfos
    let certs: Vec<Vec<u8>> = parts
        .iter()
        .find(|p| p.tag() == CONTEXT_0)
        .map(|c| children(c).iter().map(tlv).collect())
        .expect("certificates in the CMS");
    let signer_infos = parts.last().expect("signerInfos");
    let infos = children(signer_infos);
    assert_eq!(infos.len(), 1, "one signer");
    let si = children(&infos[0]);
    // SignerInfo: version, sid, digestAlgorithm, [0] signedAttrs, signatureAlgorithm, signature
    let sid_serial = tlv(&children(&si[1])[1]);
    let cert = certs
        .into_iter()
        .find(|c| tlv(&children(&children(&any(c))[0])[1]) == sid_serial)
        .expect("the signer's certificate is embedded");
    let attrs = si[3];
    assert_eq!(attrs.tag(), CONTEXT_0);
    // The signature covers the attributes with the universal SET OF tag, not [0] IMPLICIT.
    let signed_attrs_as_set = der::asn1::Any::new(Tag::Set, attrs.value())
        .and_then(|set| der::Encode::to_der(&set))
        .expect("re-tag as SET");
    let message_digest = children(&attrs)
        .iter()
        .find_map(|attr| {
            let kv = children(attr);
            let oid: ObjectIdentifier = kv[0].decode_as().ok()?;
            (oid == OID_MESSAGE_DIGEST).then(|| {
                let value = children(&kv[1])[0];
                let octets: OctetStringRef<'_> = value.decode_as().expect("OCTET STRING");
                octets.as_bytes().to_vec()
            })
        })
        .expect("messageDigest attribute");
    let signature = si[5]
        .decode_as::<OctetStringRef<'_>>()
        .expect("signature")
        .as_bytes()
        .to_vec();
    CmsSigner {
        cert,
        signed_attrs_as_set,
        message_digest,
        signature,
    }
}

#[test]
fn cms_signed_attributes_verify_under_the_embedded_signer_certificate() {
    let signer = cms_signer();
    let key = key_of_cert(&signer.cert);
    let sig = Signature::from_bytes(&signer.signature).expect("128-byte signature");
    verify(&key, &signer.signed_attrs_as_set, &sig).expect("signedAttrs signature");
    // The [0] IMPLICIT form as it sits in the file is not what was signed.
    let mut as_in_file = signer.signed_attrs_as_set.clone();
    as_in_file[0] = 0xA0;
    assert_eq!(
        verify(&key, &as_in_file, &sig),
        Err(GostError::SignatureMismatch)
    );
}

#[test]
fn cms_message_digest_is_streebog512_of_the_data_in_normal_byte_order() {
    let signer = cms_signer();
    let digest = streebog512(&fixture(CMS_DATA));
    assert_eq!(hex(&signer.message_digest), hex(&digest));
}

#[test]
fn cms_signer_certificate_verifies_under_the_2022_intermediate() {
    let ca = key_of_cert(&fixture(INTERMEDIATE));
    verify_signed_sequence(&cms_signer().cert, &ca).expect("signer certificate");
}

// --- Negative tests: one flipped bit anywhere makes verification fail, with the right error.

struct Case {
    key: Vec<u8>,
    message: Vec<u8>,
    signature: Vec<u8>,
}

fn good_case() -> Case {
    let inter = fixture(INTERMEDIATE);
    let spki = spki_of(&fixture(ROOT));
    let raw_key = {
        let key = PublicKey::from_spki_der(&spki).expect("root key");
        key.to_raw()
    };
    Case {
        key: raw_key,
        message: first_of_sequence(&inter),
        signature: signature_bits(&inter),
    }
}

fn check(case: &Case) -> Result<(), GostError> {
    let key = PublicKey::from_raw(&case.key)?;
    let sig = Signature::from_bytes(&case.signature)?;
    verify(&key, &case.message, &sig)
}

#[test]
fn the_unmodified_case_verifies() {
    check(&good_case()).expect("baseline");
}

#[test]
fn a_flipped_bit_in_the_message_is_a_mismatch() {
    let mut case = good_case();
    case.message[100] ^= 0x01;
    assert_eq!(check(&case), Err(GostError::SignatureMismatch));
}

#[test]
fn a_flipped_bit_in_the_digest_is_a_mismatch() {
    let case = good_case();
    let key = PublicKey::from_raw(&case.key).expect("key");
    let sig = Signature::from_bytes(&case.signature).expect("sig");
    let mut digest = streebog512(&case.message);
    verify_digest(&key, &digest, &sig).expect("digest path agrees with message path");
    digest[0] ^= 0x80;
    assert_eq!(
        verify_digest(&key, &digest, &sig),
        Err(GostError::SignatureMismatch)
    );
}

#[test]
fn a_flipped_bit_in_r_or_s_is_a_mismatch() {
    for (byte, what) in [
        (0usize, "r, lowest bit"),
        (40, "r, middle"),
        (64, "s, lowest bit"),
        (100, "s, middle"),
    ] {
        let mut case = good_case();
        case.signature[byte] ^= 0x01;
        assert_eq!(check(&case), Err(GostError::SignatureMismatch), "{what}");
    }
}

#[test]
fn r_or_s_pushed_out_of_range_is_refused_before_any_arithmetic() {
    let mut r_high = good_case();
    r_high.signature[..64].fill(0xFF);
    assert_eq!(check(&r_high), Err(GostError::ROutOfRange));
    let mut s_zero = good_case();
    s_zero.signature[64..].fill(0);
    assert_eq!(check(&s_zero), Err(GostError::SOutOfRange));
}

#[test]
fn a_flipped_bit_in_the_key_is_off_the_curve() {
    for byte in [0usize, 63, 64, 127] {
        let mut case = good_case();
        case.key[byte] ^= 0x01;
        assert_eq!(check(&case), Err(GostError::PointNotOnCurve), "byte {byte}");
    }
}

#[test]
fn big_endian_reading_of_the_signature_does_not_verify() {
    // The RFC 4491 layout (big-endian s||r) is the byte reverse of the national one: prove the
    // national order is the one that works, not a coincidence of symmetric parsing.
    let mut case = good_case();
    case.signature.reverse();
    assert!(check(&case).is_err());
}

#[test]
fn spki_of_an_rsa_certificate_is_an_unsupported_algorithm() {
    let err = PublicKey::from_spki_der(&spki_of(&fixture("ca/root_rsa_test.crt")))
        .expect_err("RSA is not GOST");
    assert_eq!(err.code(), "GOST_UNSUPPORTED_KEY_ALGORITHM");
}

#[test]
fn a_2015_key_naming_the_2004_curve_is_an_unsupported_curve() {
    // Patch the curve OID 1.2.398.3.10.1.1.2.2.1 into 1.2.398.3.10.1.1.1.1.1 (same length):
    // a known curve, but not the one the 2015 key algorithm goes with.
    let mut spki = spki_of(&fixture(INTERMEDIATE));
    let curve_2015 = [0x2A, 0x83, 0x0E, 0x03, 0x0A, 0x01, 0x01, 0x02, 0x02, 0x01];
    let at = spki
        .windows(curve_2015.len())
        .position(|w| w == curve_2015)
        .expect("curve OID in the SPKI");
    spki[at + 7] = 0x01;
    spki[at + 8] = 0x01;
    assert_eq!(
        PublicKey::from_spki_der(&spki),
        Err(GostError::UnsupportedCurve {
            oid: Some(tanba_gost::OID_KZ_GOST2004_CURVE_A)
        })
    );
}
