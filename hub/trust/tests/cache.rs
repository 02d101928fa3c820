//! Trust items cached in the database (issue 6; R16) against a real PostgreSQL: a CRL stored
//! by one node revokes on another as soon as it hears of it, a hub started later uses it
//! without network, and a CRL that does not verify is neither stored nor used.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use tanba_pki::PkiFolders;
use tanba_pki::testpki::TestPki;
use tanba_testkit::TestDb;
use tanba_trust::{Offered, TrustCache};

fn folders(dir: &Path) -> Arc<PkiFolders> {
    Arc::new(PkiFolders::load(dir, None).expect("the trust folder loads"))
}

fn trust_dir(t: &TestPki) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("root.der"), t.root.der()).expect("root");
    std::fs::write(dir.path().join("intermediate.der"), t.intermediate.der()).expect("int");
    dir
}

fn code_for(cache: &TrustCache, t: &TestPki) -> &'static str {
    match cache
        .folders()
        .current()
        .trust_signer(&t.revoked.certificate(), TestPki::at())
    {
        Ok(()) => "OK",
        Err(e) => e.code(),
    }
}

#[tokio::test]
async fn a_crl_stored_by_one_node_revokes_on_another_and_after_a_restart_offline() {
    let t = TestPki::generate().expect("test PKI");
    let dir = trust_dir(&t);
    let db = TestDb::migrated().await;
    let node_a = TrustCache::new(db.pool(), folders(dir.path()));
    let node_b = TrustCache::new(db.pool(), folders(dir.path()));
    node_a.load().await.expect("empty cache loads");
    node_b.load().await.expect("empty cache loads");
    let following = node_b.follow();
    assert_eq!(code_for(&node_b, &t), "PKI_NO_CRL");

    let results = node_a
        .verify_and_store(
            &[Offered::Crl(t.crl.clone())],
            "https://ca.test/crl",
            TestPki::at(),
        )
        .await;
    let item = results
        .expect("the database answers")
        .remove(0)
        .outcome
        .expect("the CRL verifies");
    assert_eq!(item.crl_number, Some(1));
    assert_eq!(
        code_for(&node_a, &t),
        "PKI_REVOKED",
        "at once on the storing node"
    );

    let mut waited = Duration::ZERO;
    while code_for(&node_b, &t) != "PKI_REVOKED" {
        assert!(
            waited < Duration::from_secs(20),
            "node B never heard of the CRL"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
        waited += Duration::from_millis(50);
    }
    following.abort();

    let rows = db.pool().trust_items().await.expect("rows");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].kind, "crl");
    assert_eq!(rows[0].source, "https://ca.test/crl");
    assert_eq!(rows[0].crl_number.as_deref(), Some("1"));
    assert_eq!(rows[0].sha256, item.sha256.to_vec());

    let restarted = TrustCache::new(db.pool(), folders(dir.path()));
    assert_eq!(code_for(&restarted, &t), "PKI_NO_CRL", "folders alone");
    restarted.load().await.expect("loads from the database");
    assert_eq!(
        code_for(&restarted, &t),
        "PKI_REVOKED",
        "the cached CRL, no network"
    );
}

#[tokio::test]
async fn refused_items_are_not_stored_and_each_says_why() {
    let t = TestPki::generate().expect("test PKI");
    let dir = trust_dir(&t);
    let db = TestDb::migrated().await;
    let node = TrustCache::new(db.pool(), folders(dir.path()));
    let mut forged = t.crl.clone();
    let last = forged.len() - 3;
    forged[last] ^= 0x01;
    let results = node
        .verify_and_store(
            &[
                Offered::Crl(forged),
                Offered::CaCertificate(t.foreign_root.der().to_vec()),
                Offered::Crl(b"not a CRL".to_vec()),
            ],
            "adapter:test",
            TestPki::at(),
        )
        .await
        .expect("the database answers");
    let codes: Vec<&str> = results
        .iter()
        .map(|v| v.outcome.as_ref().expect_err("refused").code())
        .collect();
    assert_eq!(
        codes,
        ["PKI_UNKNOWN_ISSUER", "PKI_BAD_SIGNATURE", "PKI_MALFORMED"],
        "certificates are checked first"
    );
    assert!(db.pool().trust_items().await.expect("rows").is_empty());
    assert_eq!(code_for(&node, &t), "PKI_NO_CRL");

    let stored = node
        .verify_and_store(
            &[Offered::Crl(t.crl.clone())],
            "adapter:test",
            TestPki::at(),
        )
        .await;
    assert!(stored.expect("database")[0].outcome.is_ok());
    let again = node
        .verify_and_store(
            &[Offered::Crl(t.crl.clone())],
            "adapter:test",
            TestPki::at(),
        )
        .await;
    assert_eq!(
        again.expect("database")[0]
            .outcome
            .as_ref()
            .expect_err("not newer")
            .code(),
        "PKI_CRL_NOT_NEWER"
    );
    assert_eq!(db.pool().trust_items().await.expect("rows").len(), 1);
}
