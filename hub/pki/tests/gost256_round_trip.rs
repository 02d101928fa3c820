//! GOST 34.10-2015 with 256-bit keys, end to end (issue 6, R16): the national test PKI in
//! `shared/fixtures/nca` proves the 512-bit GOST 2015 and the GOST 34.310-2004 paths on real
//! files, but holds no 256-bit GOST 2015 key and cannot sign. So the test harness signs
//! (`testpki::GostTestPki`, a signer written apart from the verifier, in the national byte
//! order): a root on id-tc26-gost-3410-2012-256-paramSetA, a head's certificate on each 256-bit
//! curve, a CRL and a detached CMS. The hub's verifier accepts them (signature, chain,
//! revocation, identity) and refuses a changed body, a changed signature and a wrong key.
//! Run with `--features testpki`.

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData as CmsSignedData, SignerInfos};
use der::asn1::{OctetString, SetOfVec};
use der::{Any, Decode, Encode};
use tanba_domain::CheckDigitPolicy;
use tanba_pki::testpki::{
    GostCurve256, GostIdentity, GostKey256, GostTestPki, ORG_BIN, detached_cms,
};
use tanba_pki::{Certificate, PkiError, Role, verify_cms};
use time::OffsetDateTime;

/// `cms` with one byte of its (only) signature value changed: the sixth-lowest byte of r, so r
/// stays in 1..q and the failure is the signature's, not its range's.
fn with_signature_changed(cms: &[u8]) -> Vec<u8> {
    let info = ContentInfo::from_der(cms).expect("a ContentInfo");
    let mut signed: CmsSignedData = info.content.decode_as().expect("SignedData");
    let mut infos: Vec<_> = signed.signer_infos.0.iter().cloned().collect();
    let mut signature = infos[0].signature.as_bytes().to_vec();
    assert_eq!(signature.len(), 64, "r||s, 32 bytes each");
    signature[5] ^= 0x01;
    infos[0].signature = OctetString::new(signature).expect("octets");
    signed.signer_infos = SignerInfos(SetOfVec::try_from(infos).expect("a set"));
    ContentInfo {
        content_type: info.content_type,
        content: Any::encode_from(&signed).expect("encodes"),
    }
    .to_der()
    .expect("encodes")
}

fn code(result: Result<impl std::fmt::Debug, PkiError>) -> &'static str {
    result.expect_err("refused").code()
}

#[test]
fn a_256_bit_gost_signature_round_trips_and_each_tampering_is_refused() {
    let content = "Тауар қабылданды: 0104870000000029215ABC".as_bytes();
    for curve in GostCurve256::ALL {
        let gost = GostTestPki::generate(curve).expect("a GOST-256 test PKI");
        let cert = Certificate::from_der(gost.signer.der()).expect("parses");
        assert_eq!(
            cert.signature_algorithm().oid,
            tanba_gost::OID_KZ_GOST2015_256_SIGNATURE,
            "{curve:?}"
        );
        assert_eq!(cert.key_algorithm(), tanba_gost::OID_KZ_GOST2015_PUBLIC_KEY);
        assert_eq!(
            tanba_gost::PublicKey::from_spki_der(cert.spki_der())
                .expect("the verifier reads the key")
                .algorithm(),
            tanba_gost::Algorithm::Gost2015_256,
            "{curve:?}"
        );
        assert_eq!(
            cert.participant(CheckDigitPolicy::Strict).expect("an id"),
            Some(ORG_BIN.to_owned())
        );
        assert!(tanba_pki::may_act(&cert.roles()), "{:?}", cert.roles());
        assert!(cert.roles().contains(&Role::Head));

        let cms = detached_cms(content, &gost.signer).expect("signs");
        let signers = verify_cms(&cms, Some(content), &[]).expect("the signature verifies");
        assert_eq!(signers[0].certificate, cert, "{curve:?}");
        assert_eq!(
            signers[0].digest_algorithm,
            tanba_pki::DigestAlgorithm::Streebog256
        );
        // Chain (the root's GOST-256 signature on the certificate), the root's GOST-256 CRL,
        // and the signature: what signed documents and logins call.
        let pki = gost.pki().expect("the root's CRL verifies");
        let now = OffsetDateTime::now_utc();
        let verified = pki.verify_signed(content, &cms, now).expect("trusted");
        assert_eq!(verified, vec![cert.clone()]);

        let mut body = content.to_vec();
        body[0] ^= 0x01;
        assert_eq!(
            code(pki.verify_signed(&body, &cms, now)),
            "PKI_CMS_DIGEST_MISMATCH",
            "{curve:?}: a changed body"
        );
        assert_eq!(
            code(pki.verify_signed(content, &with_signature_changed(&cms), now)),
            "PKI_BAD_SIGNATURE",
            "{curve:?}: a changed signature"
        );
        let impostor = GostIdentity::new(gost.signer.der().to_vec(), GostKey256::generate(curve));
        let forged = detached_cms(content, &impostor).expect("signs");
        assert_eq!(
            code(pki.verify_signed(content, &forged, now)),
            "PKI_BAD_SIGNATURE",
            "{curve:?}: another key under the certificate"
        );
    }
}

/// The certificate's own GOST-256 signature is checked too: a root whose key did not sign the
/// certificate leaves it without a trusted issuer.
#[test]
fn a_certificate_signed_by_another_gost_256_key_does_not_chain() {
    let gost = GostTestPki::generate(GostCurve256::CryptoProA).expect("a PKI");
    let other = GostTestPki::generate(GostCurve256::CryptoProA).expect("another PKI");
    // Same root name, another key: `other`'s root cannot have signed `gost`'s signer.
    let mut trust = tanba_pki::TrustStore::new();
    trust.add_root(Certificate::from_der(other.root.der()).expect("root"));
    let cert = Certificate::from_der(gost.signer.der()).expect("parses");
    assert_eq!(
        code(trust.validate(&cert, OffsetDateTime::now_utc())),
        "PKI_BAD_SIGNATURE"
    );
}
