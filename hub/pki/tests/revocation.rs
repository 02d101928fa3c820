//! CRLs of the national CA's test PKI (R16): signature, freshness, and which certificates they
//! list. The folder names of `certs/` say "valid" or "revoked"; the CRL is what counts.

mod common;

use common::{cert, fixture, gost2022_names, utc};
use tanba_pki::{
    Crl, PkiError, RevocationIndex, RevocationReason, RevocationScope, RevocationStatus, TrustStore,
};

const GOST_CRL: &str = "crl/nca_gost2015_test_2026.crl";
const RSA_CRL: &str = "crl/nca_rsa_test_2022.crl";

fn gost_store() -> TrustStore {
    let mut s = TrustStore::new();
    s.add_roots(&fixture("ca/root_test_gost_2022.cer"))
        .expect("root");
    s.add_intermediates(&fixture("ca/nca_gost2015_test.cer"))
        .expect("intermediate");
    s
}

fn rsa_store() -> TrustStore {
    let mut s = TrustStore::new();
    s.add_roots(&fixture("ca/root_rsa_test.crt")).expect("root");
    s.add_intermediates(&fixture("ca/nca_rsa_test.crt"))
        .expect("intermediate");
    s
}

fn gost_index() -> RevocationIndex {
    let mut index = RevocationIndex::new();
    let crl = Crl::parse(&fixture(GOST_CRL)).expect("CRL parses");
    index
        .add(crl, &gost_store())
        .expect("CRL signature verifies");
    index
}

#[test]
fn gost_crl_fields_are_read() {
    let crl = Crl::parse(&fixture(GOST_CRL)).expect("CRL");
    assert_eq!(crl.len(), 195);
    assert_eq!(crl.number(), Some(166));
    assert!(!crl.is_delta());
    assert_eq!(
        crl.issuer().common_name(),
        Some("ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) TEST 2022")
    );
    assert_eq!(
        (
            crl.this_update().year(),
            u8::from(crl.this_update().month())
        ),
        (2026, 8)
    );
    assert_eq!(crl.next_update().map(|t| t.year()), Some(2027));
    let store = gost_store();
    let ca = crl
        .verify_signature(&store)
        .expect("signed by the intermediate");
    assert_eq!(ca.subject(), crl.issuer());
}

/// The CRL's verdict on each of the twelve 2022 certificates, established from the CRL itself.
const LISTED: [(&str, RevocationReason); 8] = [
    (
        "gost2022_individual_revoked.cer",
        RevocationReason::CertificateHold,
    ),
    (
        "gost2022_legal_revoked_employee.cer",
        RevocationReason::CertificateHold,
    ),
    (
        "gost2022_legal_revoked_employee_signright.cer",
        RevocationReason::CertificateHold,
    ),
    (
        "gost2022_legal_revoked_head.cer",
        RevocationReason::CertificateHold,
    ),
    (
        "gost2022_legal_revoked_infosystem.cer",
        RevocationReason::CertificateHold,
    ),
    (
        "gost2022_legal_revoked_treasury_client.cer",
        RevocationReason::CertificateHold,
    ),
    // Named "valid" by the publisher, yet listed (superseded in June 2026).
    (
        "gost2022_legal_valid_employee.cer",
        RevocationReason::Superseded,
    ),
    (
        "gost2022_legal_valid_infosystem.cer",
        RevocationReason::Superseded,
    ),
];

#[test]
fn the_crl_lists_exactly_these_gost2022_certificates() {
    let index = gost_index();
    let at = utc(2026, 11, 24);
    let names = gost2022_names();
    assert_eq!(names.len(), 12);
    for name in &names {
        let c = cert(&format!("certs/{name}"));
        let status = index.status(&c, at).expect("a fresh CRL covers it");
        match LISTED.iter().find(|(n, _)| n == name) {
            Some((_, reason)) => match status {
                RevocationStatus::Revoked {
                    entry,
                    crl_number,
                    from_delta,
                } => {
                    assert_eq!(entry.reason, Some(*reason), "{name}");
                    assert_eq!(entry.serial, c.serial(), "{name}");
                    assert_eq!((crl_number, from_delta), (Some(166), false), "{name}");
                    let err = index.check(&c, at).expect_err("revoked");
                    assert!(matches!(err, PkiError::Revoked { .. }), "{name}");
                }
                good => panic!("{name} should be listed, got {good:?}"),
            },
            None => assert_eq!(
                status,
                RevocationStatus::Good {
                    crl_number: Some(166),
                    delta_number: None
                },
                "{name}"
            ),
        }
    }
    // So the four not listed are: individual_valid, legal_valid_head,
    // legal_valid_employee_signright, legal_valid_treasury_client.
    assert_eq!(names.len() - LISTED.len(), 4);
}

#[test]
fn a_certificate_counts_as_revoked_only_from_its_revocation_date() {
    // Listed with revocationDate 2026-06-02; at 2026-06-01 it was still good, but no CRL was
    // fresh then (thisUpdate 2026-08-11), so the index says so instead of guessing.
    let index = gost_index();
    let c = cert("certs/gost2022_legal_valid_employee.cer");
    assert_eq!(
        index.status(&c, utc(2026, 6, 1)).map_err(|e| e.code()),
        Err("PKI_CRL_NOT_YET_VALID")
    );
    assert_eq!(
        index.status(&c, utc(2027, 3, 1)).map_err(|e| e.code()),
        Err("PKI_CRL_STALE")
    );
    let crl = Crl::parse(&fixture(GOST_CRL)).expect("CRL");
    let entry = crl.entry(c.serial()).expect("listed");
    assert_eq!(
        (
            entry.revoked_at.year(),
            u8::from(entry.revoked_at.month()),
            entry.revoked_at.day()
        ),
        (2026, 6, 2)
    );
}

#[test]
fn chain_and_revocation_together() {
    let store = gost_store();
    let index = gost_index();
    let at = utc(2026, 11, 24);
    let good = store
        .validate(&cert("certs/gost2022_legal_valid_head.cer"), at)
        .expect("chain");
    index
        .check_chain(&good, at, RevocationScope::LeafOnly)
        .expect("not revoked");
    let revoked = store
        .validate(&cert("certs/gost2022_legal_revoked_head.cer"), at)
        .expect("chain");
    let err = index
        .check_chain(&revoked, at, RevocationScope::LeafOnly)
        .expect_err("revoked");
    assert_eq!(err.code(), "PKI_REVOKED");
    // The intermediate is not on any CRL we hold: asking for it too is a missing CRL.
    let err = index
        .check_chain(&good, at, RevocationScope::AllButRoot)
        .expect_err("no ARL");
    assert_eq!(err.code(), "PKI_NO_CRL");
}

#[test]
fn a_crl_is_refused_by_a_store_of_another_ca_and_when_tampered() {
    let crl = Crl::parse(&fixture(GOST_CRL)).expect("CRL");
    let err = RevocationIndex::new()
        .add(crl, &rsa_store())
        .expect_err("not our CA");
    assert!(
        matches!(
            err,
            PkiError::UnknownIssuer {
                object: tanba_pki::Object::Crl,
                ..
            }
        ),
        "{err:?}"
    );
    let mut der = fixture(GOST_CRL);
    let len = der.len();
    der[len - 5] ^= 0x40;
    let tampered = Crl::from_der(&der).expect("still parses");
    let err = tampered
        .verify_signature(&gost_store())
        .expect_err("bad signature");
    assert_eq!(err.code(), "PKI_BAD_SIGNATURE");
}

#[test]
fn rsa_crl_verifies_and_lists_the_revoked_individual_key() {
    let crl = Crl::parse(&fixture(RSA_CRL)).expect("RSA CRL");
    assert_eq!(crl.len(), 126);
    assert_eq!(crl.number(), Some(9));
    crl.verify_signature(&rsa_store())
        .expect("signed by the RSA intermediate");
    // Serial of the certificate inside keys/rsa_individual_sign_revoked_2021.p12 (read with
    // `openssl pkcs12 -legacy`; no PKCS#12 parser is pulled in for the tests).
    let revoked_serial = hex_bytes("46757A2158A604189C40FB1FCDAB1143F83F32DB");
    let entry = crl.entry(&revoked_serial).expect("listed");
    assert_eq!(entry.reason, Some(RevocationReason::Superseded));
    assert_eq!(entry.revoked_at.year(), 2022);
    // The valid key's certificate (the RSA CMS signer) is not listed.
    let cms =
        tanba_pki::SignedData::parse(&fixture("cms/cms_attached_rsa_test123.p7s")).expect("cms");
    let signer = cms
        .certificates()
        .iter()
        .find(|c| !c.is_ca())
        .expect("signer");
    assert_eq!(
        signer.serial_hex(),
        "4279390A141F5353A62947B61ED65E81741467D1"
    );
    let mut index = RevocationIndex::new();
    index.add(crl, &rsa_store()).expect("add");
    assert!(matches!(
        index.status(signer, utc(2022, 6, 1)),
        Ok(RevocationStatus::Good {
            crl_number: Some(9),
            ..
        })
    ));
}

fn hex_bytes(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}
