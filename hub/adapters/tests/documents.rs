//! Documents submitted by adapters (issue 7; R12, R13): they go through the participant's
//! pipeline (checks at the door, then the format-and-logic control when processed) with the
//! sender's BIN as the sender and the adapter as the origin; they need no CMS signature, the
//! audit names the adapter, and a redelivery with the same external id stores nothing.

mod support;

use std::sync::Arc;

use support::probe::{MAKER, ProbeWorld, code, free_addr};
use tanba_documents::plan::CoreFinding;
use tanba_documents::{Checked, SignatureCheck};

/// Refuses every document as unsigned (as `require_signed_documents` does without a
/// signature).
struct EverySignatureMissing;

impl SignatureCheck for EverySignatureMissing {
    fn check<'a>(&'a self, _: &'a str, _: &'a [u8], _: Option<&'a [u8]>) -> Checked<'a> {
        Box::pin(std::future::ready(Err(CoreFinding {
            code: "SIGNATURE_MISSING",
            path: String::new(),
            msg: tanba_domain::Msg::new("document-signature-missing"),
        })))
    }
}

async fn one(
    db: &tanba_store::Database,
    sql: &str,
    params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
) -> i64 {
    db.client()
        .await
        .expect("client")
        .query_one(sql, params)
        .await
        .expect("query")
        .get(0)
}

#[tokio::test]
async fn an_adapters_document_is_processed_like_a_participants_and_a_redelivery_is_ignored() {
    let mut world = ProbeWorld::new(2).await;
    world.documents = world
        .documents
        .clone()
        .with_signature_check(Arc::new(EverySignatureMissing));
    let sold = code(0);
    let settings = world.settings(
        free_addr().await,
        &[
            ("doc-kind", "retail-sale"),
            ("doc-sender", MAKER),
            ("doc-external-id", "receipt-1"),
            ("doc-units", &sold),
        ],
    );
    let node = world.node(&settings).await;

    node.run_job_now("probe", "submit").await.expect("started");
    let stored = one(
        &world.db,
        "select count(*) from documents where origin_adapter = 'probe' and external_id = 'receipt-1'
             and sender = $1 and kind = 'retail_sale' and signature is null",
        &[&MAKER],
    )
    .await;
    assert_eq!(stored, 1);
    assert!(world.documents.process_next(None).await.expect("processed"));
    let status: String = world
        .db
        .client()
        .await
        .expect("client")
        .query_one(
            "select status from documents where external_id = 'receipt-1'",
            &[],
        )
        .await
        .expect("document")
        .get(0);
    assert_eq!(status, "applied", "no CMS signature asked of an adapter");
    let unit = one(
        &world.db,
        "select count(*) from units where key = $1 and status = 'RETIRED'",
        &[&sold],
    )
    .await;
    assert_eq!(
        unit, 1,
        "the rules moved the code as for a participant's sale"
    );

    // The same receipt again: nothing new, and the redelivery is audited.
    node.run_job_now("probe", "submit").await.expect("started");
    let count = one(
        &world.db,
        "select count(*) from documents where origin_adapter = 'probe'",
        &[],
    )
    .await;
    assert_eq!(count, 1);
    let audited = one(
        &world.db,
        "select count(*) from audit_log where action = 'document.submit'
             and role = 'adapter:probe' and bin = $1 and outcome in ('received', 'duplicate')",
        &[&MAKER],
    )
    .await;
    assert_eq!(audited, 2);
    let job = world.db.adapter_jobs().await.expect("jobs");
    assert_eq!(job[0].outcome.as_deref(), Some("done"));

    // A participant's unsigned document is still refused by the same pipeline.
    let body = serde_json::json!({"kind": "retail_sale", "units": [code(1)]});
    let (_, status) = world.document(MAKER, body).await;
    assert_eq!(status, "rejected");
}

#[tokio::test]
async fn a_document_the_door_refuses_fails_the_step_and_stores_nothing() {
    let world = ProbeWorld::new(1).await;
    let unit = code(0);
    for (sender, units, expected) in [
        ("990000000001", unit.as_str(), "ADAPTER_DOCUMENT_REFUSED"),
        (MAKER, "not-a-code", "ADAPTER_DOCUMENT_REFUSED"),
    ] {
        let settings = world.settings(
            free_addr().await,
            &[
                ("doc-kind", "retail-sale"),
                ("doc-sender", sender),
                ("doc-external-id", "receipt-2"),
                ("doc-units", units),
            ],
        );
        let node = world.node(&settings).await;
        node.run_job_now("probe", "submit").await.expect("started");
        let job = world.db.adapter_jobs().await.expect("jobs");
        assert_eq!(job[0].outcome.as_deref(), Some("failed"));
        let error = job[0].last_error.clone().unwrap_or_default();
        assert!(error.starts_with(expected), "{error}");
        let stored = one(&world.db, "select count(*) from documents", &[]).await;
        assert_eq!(stored, 0, "{sender} {units}");
    }
}
