//! Trust items admitted while the hub runs (issue 6; R16): a CRL joins only if a trusted CA
//! signed it and it is newer than the one held; a CA certificate only if it chains to a root
//! of the trust folder. A PKI built from the folders plus admitted items revokes what those
//! CRLs list. Run with `--features testpki`.

use std::path::PathBuf;

use tanba_pki::testpki::TestPki;
use tanba_pki::{CachedItems, Pki, TrustItemKind};

/// A trust folder holding `certs` (DER), unique to the test.
fn trust_dir(name: &str, certs: &[&[u8]]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tanba-admission-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (i, der) in certs.iter().enumerate() {
        std::fs::write(dir.join(format!("{i}.der")), der).expect("write cert");
    }
    dir
}

#[test]
fn an_admitted_crl_revokes_once_the_pki_is_rebuilt_with_it_and_is_not_admitted_twice() {
    let t = TestPki::generate().expect("test PKI");
    let dir = trust_dir("crl", &[t.root.der(), t.intermediate.der()]);
    let pki = Pki::load(&dir, None).expect("folders load");
    let revoked = t.revoked.certificate();
    assert_eq!(
        pki.trust_signer(&revoked, TestPki::at())
            .expect_err("no CRL")
            .code(),
        "PKI_NO_CRL"
    );

    let item = pki.admit_crl(&t.crl).expect("the intermediate signed it");
    assert_eq!(item.kind, TrustItemKind::Crl);
    assert_eq!(item.crl_number, Some(1));
    assert_eq!(
        item.issuer,
        t.intermediate.certificate().subject().to_string()
    );
    let cached = CachedItems {
        ca_certificates: vec![],
        crls: vec![item.der.clone()],
    };
    let (pki, left_out) = Pki::load_with(&dir, None, &cached).expect("loads");
    assert!(left_out.is_empty(), "{left_out:?}");
    assert_eq!(
        pki.trust_signer(&revoked, TestPki::at())
            .expect_err("revoked")
            .code(),
        "PKI_REVOKED"
    );
    pki.trust_signer(&t.org_head.certificate(), TestPki::at())
        .expect("not listed");

    let again = pki.admit_crl(&t.crl).expect_err("same CRL again");
    assert_eq!(again.code(), "PKI_CRL_NOT_NEWER");

    let delta = t.delta_crl(2, 1, &[&t.org_head], &[]).expect("delta");
    let delta_item = pki.admit_crl(&delta).expect("a newer delta");
    assert_eq!(delta_item.kind, TrustItemKind::DeltaCrl);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_crl_with_a_bad_signature_or_from_an_unknown_ca_is_refused() {
    let t = TestPki::generate().expect("test PKI");
    let dir = trust_dir("bad", &[t.root.der(), t.intermediate.der()]);
    let pki = Pki::load(&dir, None).expect("folders load");
    let mut forged = t.crl.clone();
    let last = forged.len() - 3;
    forged[last] ^= 0x01;
    let err = pki.admit_crl(&forged).expect_err("bad signature");
    assert_eq!(err.code(), "PKI_BAD_SIGNATURE", "{err}");

    let only_foreign = trust_dir("foreign", &[t.foreign_root.der()]);
    let foreign_pki = Pki::load(&only_foreign, None).expect("loads");
    let err = foreign_pki
        .admit_crl(&t.crl)
        .expect_err("issuer not trusted");
    assert_eq!(err.code(), "PKI_UNKNOWN_ISSUER", "{err}");
    std::fs::remove_dir_all(&dir).ok();
    std::fs::remove_dir_all(&only_foreign).ok();
}

#[test]
fn a_ca_certificate_is_admitted_only_under_a_configured_root_and_then_builds_chains() {
    let t = TestPki::generate().expect("test PKI");
    let dir = trust_dir("ca", &[t.root.der()]);
    let pki = Pki::load(&dir, None).expect("folders load");
    let person = t.person.certificate();
    assert_eq!(
        pki.trust()
            .validate(&person, TestPki::at())
            .expect_err("no intermediate")
            .code(),
        "PKI_UNKNOWN_ISSUER"
    );
    let item = pki
        .admit_ca_certificate(t.intermediate.der(), TestPki::at())
        .expect("chains to the root");
    assert_eq!(item.kind, TrustItemKind::CaCertificate);
    assert_eq!(
        item.sha256,
        t.intermediate.certificate().fingerprint_sha256()
    );

    let err = pki
        .admit_ca_certificate(t.foreign_root.der(), TestPki::at())
        .expect_err("a root the operator did not configure");
    assert_eq!(err.code(), "PKI_UNKNOWN_ISSUER", "{err}");
    let err = pki
        .admit_ca_certificate(t.person.der(), TestPki::at())
        .expect_err("not a CA");
    assert_eq!(err.code(), "PKI_NOT_CA", "{err}");

    let cached = CachedItems {
        ca_certificates: vec![item.der],
        crls: vec![],
    };
    let (pki, _) = Pki::load_with(&dir, None, &cached).expect("loads");
    let chain = pki
        .trust()
        .validate(&person, TestPki::at())
        .expect("now chains");
    assert_eq!(chain.root(), &t.root.certificate());
    assert!(
        pki.trust()
            .roots()
            .iter()
            .all(|r| r != &t.intermediate.certificate()),
        "a cached CA never becomes a root"
    );
    std::fs::remove_dir_all(&dir).ok();
}
