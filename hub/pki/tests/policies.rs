//! Certificate policies (issue 6: "... key usage and the extended key usage role OIDs,
//! policy OID"; R16): with `[pki] required_policies` set, a signer's certificate must be
//! issued under one of them or under an arc of one, at every place a signer is trusted
//! (logins, documents, mTLS clients all go through `Pki::trust_signer`). Run with
//! `--features testpki`.

mod common;

use tanba_pki::testpki::TestPki;
use tanba_pki::{CachedItems, ObjectIdentifier, Pki, PkiFolders};

fn oid(text: &str) -> ObjectIdentifier {
    text.parse().expect("an OID")
}

/// The national CA's end-user policy arc (formats/GOVERNMENT.md).
const NCA_END_USER: &str = "1.2.398.3.3.2";

#[test]
fn the_national_test_certificates_are_issued_under_the_national_end_user_policy() {
    let names = common::gost2022_names();
    assert!(!names.is_empty());
    for name in names {
        let cert = common::cert(&format!("certs/{name}"));
        let policies: Vec<String> = cert.policies().iter().map(|p| p.to_string()).collect();
        assert!(
            policies.iter().any(|p| p == NCA_END_USER),
            "{name}: {policies:?}"
        );
    }
}

/// A trust folder with the test PKI's root and intermediate, unique to the test.
fn folder(t: &TestPki, name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tanba-policies-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("root.der"), t.root.der()).expect("root");
    std::fs::write(dir.join("intermediate.der"), t.intermediate.der()).expect("intermediate");
    dir
}

#[test]
fn a_signer_without_a_required_policy_is_refused_and_any_policy_passes_when_none_is_required() {
    let t = TestPki::generate().expect("test PKI");
    let dir = folder(&t, "pki");
    let pki = Pki::load(&dir, None).expect("folders load");
    let crl = pki.admit_crl(&t.crl).expect("the intermediate signed it");
    let cached = CachedItems {
        ca_certificates: vec![],
        crls: vec![crl.der],
    };
    let head = t.org_head.certificate();
    assert!(
        head.policies().is_empty(),
        "the generated PKI sets no policy"
    );

    let (any, _) = Pki::load_with(&dir, None, &cached).expect("loads");
    any.trust_signer(&head, TestPki::at())
        .expect("no policy required");

    let (strict, _) = Pki::load_with(&dir, None, &cached).expect("loads");
    let strict = strict.with_required_policies(vec![oid(NCA_END_USER)]);
    let err = strict
        .trust_signer(&head, TestPki::at())
        .expect_err("no policy at all");
    assert_eq!(err.code(), "PKI_POLICY_NOT_ACCEPTED");
    assert!(err.to_string().contains(NCA_END_USER), "{err}");
}

#[test]
fn the_folders_keep_the_required_policies_across_reloads() {
    let t = TestPki::generate().expect("test PKI");
    let dir = folder(&t, "folders");
    let folders = PkiFolders::load(&dir, None)
        .expect("folders load")
        .with_required_policies(vec![oid(NCA_END_USER)])
        .expect("rebuilt");
    let crl = folders.current().admit_crl(&t.crl).expect("admitted");
    let left_out = folders
        .set_cached(CachedItems {
            ca_certificates: vec![],
            crls: vec![crl.der],
        })
        .expect("rebuilt with the CRL");
    assert!(left_out.is_empty(), "{left_out:?}");
    let err = folders
        .current()
        .trust_signer(&t.org_head.certificate(), TestPki::at())
        .expect_err("still required after the rebuild");
    assert_eq!(err.code(), "PKI_POLICY_NOT_ACCEPTED");
}
