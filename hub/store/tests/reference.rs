//! The reference table's own guarantee (migration 0011; R20): two versions of one code never
//! overlap, whatever the service decides; a failed import leaves nothing behind, audit row
//! included.

use tanba_store::{AuditEntry, ReferenceChanges, ReferenceRow};
use tanba_testkit::TestDb;

fn version(from: &str, to: Option<&str>) -> ReferenceRow {
    ReferenceRow {
        classifier: "tn-ved".into(),
        code: "64".into(),
        parent_code: None,
        names: serde_json::json!({"kk": "Аяқ киім", "ru": "Обувь", "en": "Footwear"}),
        attributes: serde_json::json!({}),
        valid_from: from.into(),
        valid_to: to.map(str::to_owned),
    }
}

fn entry() -> AuditEntry {
    AuditEntry {
        action: "reference.import".into(),
        object: Some("tn-ved".into()),
        outcome: "ok".into(),
        ..AuditEntry::default()
    }
}

async fn import(db: &tanba_store::Database, added: Vec<ReferenceRow>) -> bool {
    let changes = ReferenceChanges {
        added,
        ..ReferenceChanges::default()
    };
    match db
        .import_reference("tn-ved", |_| Ok::<_, ()>((changes, ())), &entry())
        .await
    {
        Ok(Ok(())) => true,
        Ok(Err(())) => unreachable!("the plan is not refused here"),
        Err(_) => false,
    }
}

#[tokio::test]
async fn overlapping_versions_of_a_code_are_refused_and_nothing_is_left() {
    let test = TestDb::migrated().await;
    let db = test.pool();
    assert!(
        !import(
            &db,
            vec![version("2017-01-01", None), version("2027-01-01", None)]
        )
        .await,
        "an open version and a later one overlap"
    );
    assert!(
        db.reference_versions("tn-ved")
            .await
            .expect("read")
            .is_empty()
    );
    assert_eq!(db.audit_verify().await.expect("audit"), (None, 0));
    assert!(
        import(
            &db,
            vec![
                version("2017-01-01", Some("2027-01-01")),
                version("2027-01-01", None)
            ]
        )
        .await,
        "adjacent versions do not overlap"
    );
    let found = db
        .reference_entry("tn-ved", "64", "2026-12-31")
        .await
        .expect("read")
        .expect("in force");
    assert_eq!(found.valid_to.as_deref(), Some("2027-01-01"));
    assert_eq!(db.audit_verify().await.expect("audit"), (None, 1));
}
