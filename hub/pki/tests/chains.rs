//! Path validation on the national CA's real test chains (R16): GOST 2015, RSA, GOST 2004.

mod common;

use common::{cert, fixture, gost2022_names, nca_dir, utc};
use tanba_pki::{Certificate, PkiError, TrustStore, load_trust_store, read_certificates};

fn store(root: &str, intermediate: &str) -> TrustStore {
    let mut s = TrustStore::new();
    s.add_roots(&fixture(root)).expect("root");
    s.add_intermediates(&fixture(intermediate))
        .expect("intermediate");
    s
}

fn gost2015() -> TrustStore {
    store("ca/root_test_gost_2022.cer", "ca/nca_gost2015_test.cer")
}

/// The RSA CMS fixture's signer certificate (valid 2021-01-18 .. 2022-01-18).
fn rsa_signer() -> Certificate {
    let cms =
        tanba_pki::SignedData::parse(&fixture("cms/cms_attached_rsa_test123.p7s")).expect("cms");
    cms.certificates()
        .iter()
        .find(|c| !c.is_ca())
        .expect("the signer's certificate is embedded")
        .clone()
}

#[test]
fn every_gost2022_certificate_chains_to_the_2022_root_at_2026_11_24() {
    let store = gost2015();
    let at = utc(2026, 11, 24);
    for name in gost2022_names() {
        let leaf = cert(&format!("certs/{name}"));
        let chain = store
            .validate(&leaf, at)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let subjects: Vec<_> = chain
            .certificates()
            .iter()
            .map(|c| c.subject().common_name().unwrap_or_default().to_owned())
            .collect();
        assert_eq!(subjects.len(), 3, "{name}");
        assert_eq!(subjects[1], "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) TEST 2022");
        assert_eq!(subjects[2], "НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) TEST 2022");
        assert_eq!(chain.leaf(), &leaf);
    }
}

#[test]
fn gost2022_leaf_before_its_validity_is_not_yet_valid() {
    let leaf = cert("certs/gost2022_individual_valid.cer");
    let err = gost2015()
        .validate(&leaf, utc(2026, 1, 1))
        .expect_err("issued 2026-05");
    assert_eq!(err.code(), "PKI_CERT_NOT_YET_VALID");
}

#[test]
fn rsa_chain_validates_inside_its_validity() {
    let store = store("ca/root_rsa_test.crt", "ca/nca_rsa_test.crt");
    let chain = store
        .validate(&rsa_signer(), utc(2021, 6, 1))
        .expect("RSA chain");
    assert_eq!(chain.certificates().len(), 3);
    assert_eq!(
        chain.root().subject().common_name(),
        Some("НЕГІЗГІ КО TEST (RSA)")
    );
    // The intermediate alone validates too, as a two-certificate path.
    let inter = cert("ca/nca_rsa_test.crt");
    assert_eq!(
        store
            .validate(&inter, utc(2023, 1, 1))
            .expect("intermediate")
            .certificates()
            .len(),
        2
    );
}

#[test]
fn gost2004_chain_validates_in_2019_and_is_expired_today() {
    let store = store("ca/root_gost_test.crt", "ca/nca_gost_test.crt");
    let leaf = cert("org-gost2004-test.der");
    let chain = store.validate(&leaf, utc(2019, 6, 1)).expect("2004 chain");
    assert_eq!(chain.certificates().len(), 3);
    let err = store
        .validate(&leaf, time::OffsetDateTime::now_utc())
        .expect_err("expired in 2020");
    assert!(matches!(err, PkiError::Expired { .. }), "{err:?}");
}

#[test]
fn rsa_chain_with_an_expired_intermediate_is_refused() {
    // The intermediate ended 2024-03-13; the root runs to 2038.
    let store = store("ca/root_rsa_test.crt", "ca/nca_rsa_test.crt");
    let err = store
        .validate(&cert("ca/nca_rsa_test.crt"), utc(2025, 1, 1))
        .expect_err("2024");
    assert_eq!(err.code(), "PKI_CERT_EXPIRED");
    let err = store
        .validate(&rsa_signer(), time::OffsetDateTime::now_utc())
        .expect_err("2022");
    assert_eq!(err.code(), "PKI_CERT_EXPIRED");
}

#[test]
fn unknown_issuer_is_refused() {
    // The GOST 2015 leaf against the RSA store: no CA of that name.
    let store = store("ca/root_rsa_test.crt", "ca/nca_rsa_test.crt");
    let leaf = cert("certs/gost2022_legal_valid_head.cer");
    let err = store
        .validate(&leaf, utc(2026, 11, 24))
        .expect_err("unknown issuer");
    assert!(
        matches!(&err, PkiError::UnknownIssuer { issuer, .. } if issuer.contains("ҰЛТТЫҚ")),
        "{err:?}"
    );
    // Without the intermediate the root alone cannot place it either.
    let mut root_only = TrustStore::new();
    root_only
        .add_roots(&fixture("ca/root_test_gost_2022.cer"))
        .expect("root");
    assert_eq!(
        root_only
            .validate(&leaf, utc(2026, 11, 24))
            .map_err(|e| e.code())
            .err(),
        Some("PKI_UNKNOWN_ISSUER")
    );
    // ...unless the caller supplies it as an untrusted path element.
    let inter = cert("ca/nca_gost2015_test.cer");
    root_only
        .validate_with(&leaf, &[inter], utc(2026, 11, 24))
        .expect("path through a supplied intermediate");
}

#[test]
fn a_certificate_whose_signature_was_altered_is_a_bad_signature() {
    let mut der = fixture("certs/gost2022_individual_valid.cer");
    let len = der.len();
    der[len - 10] ^= 0x01; // inside the signature value
    let leaf = Certificate::from_der(&der).expect("still parses");
    let err = gost2015()
        .validate(&leaf, utc(2026, 11, 24))
        .expect_err("tampered");
    assert!(
        matches!(&err, PkiError::BadSignature { name, .. } if name.contains("ТЕСТОВ")),
        "{err:?}"
    );
}

#[test]
fn loader_reads_the_ca_folder_into_roots_and_intermediates() {
    let certs = read_certificates(&nca_dir().join("ca")).expect("read");
    assert_eq!(certs.len(), 6);
    let store = load_trust_store(&nca_dir().join("ca")).expect("load");
    assert_eq!((store.roots().len(), store.intermediates().len()), (3, 3));
    let leaf = cert("certs/gost2022_legal_valid_head.cer");
    store
        .validate(&leaf, utc(2026, 11, 24))
        .expect("validates through the loaded store");
    let err = load_trust_store(&nca_dir().join("no-such-folder")).expect_err("missing");
    assert_eq!(err.code(), "PKI_READ");
}
