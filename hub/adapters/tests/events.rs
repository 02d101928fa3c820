//! Hub events to adapters (issue 7; R6, G2): an applied document queues `document-applied` in
//! its own transaction for every adapter that handles it; the runner calls `on-event` and the
//! step's message goes through the outbox. Nothing is lost across a hub restart or while the
//! receiver is down, and the receiver gets the message once.

mod support;

use std::time::Duration;

use support::deliver_all;
use support::probe::{ProbeWorld, Receiver, code, free_addr};

const LIMIT: Duration = Duration::from_secs(20);

#[tokio::test]
async fn an_applied_shipment_reaches_the_receiver_once_across_a_restart_and_an_outage() {
    let world = ProbeWorld::new(3).await;
    let addr = free_addr().await; // nobody listens there yet: the receiver is down
    let settings = world.settings(addr, &[]);
    let first_node = world.node(&settings).await;

    let units = vec![code(0), code(1)];
    let (id, status) = world.shipment(&units).await;
    assert_eq!(status, "applied");
    let queued = world
        .db
        .adapter_events("pending", 10)
        .await
        .expect("events");
    assert_eq!(queued.len(), 1, "one event for the one subscribed adapter");
    assert_eq!(queued[0].payload["id"], id.as_str());

    // The hub restarts before handling it: the event waits in the database.
    drop(first_node);
    let node = world.node(&settings).await;
    assert!(node.handle_next_event().await.expect("handled"));
    assert!(!node.handle_next_event().await.expect("no more"));
    assert_eq!(outbox_count(&world.db, "pending").await, 1);

    // The receiver is down: the attempt fails and the message waits.
    assert!(node.deliver_next().await.expect("attempted"));
    let pending = world.db.outbox("pending", 10).await.expect("outbox");
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].attempts, 1);
    assert!(
        pending[0]
            .last_error
            .as_deref()
            .is_some_and(|e| e.starts_with("ADAPTER_TRANSPORT")),
        "{:?}",
        pending[0].last_error
    );

    // Restarted again, and the receiver is back: delivered once.
    let node = world.node(&settings).await;
    let (receiver, _) = Receiver::start(addr).await;
    deliver_all(&node, &world.db, LIMIT).await;
    deliver_all(&node, &world.db, LIMIT).await;
    let received = receiver.received();
    assert_eq!(received.len(), 1, "{received:?}");
    assert_eq!(received[0].key, format!("shipment-{id}"));
    for unit in &units {
        assert!(received[0].body.contains(unit), "{}", received[0].body);
    }
    assert!(received[0].body.contains("040740000001"));
    assert_eq!(outbox_count(&world.db, "delivered").await, 1);
    let done = world.db.adapter_events("done", 10).await.expect("events");
    assert_eq!(done.len(), 1);
    // The reply went back to the adapter (`on-reply`), which kept its count.
    let kept: Vec<u8> = world
        .db
        .client()
        .await
        .expect("client")
        .query_one(
            "select kept from adapter_event_state where adapter = 'probe'",
            &[],
        )
        .await
        .expect("state")
        .get(0);
    assert_eq!(kept, b"1");
}

#[tokio::test]
async fn a_rejected_document_tells_no_adapter_and_other_kinds_send_nothing() {
    let world = ProbeWorld::new(1).await;
    let (receiver, addr) = Receiver::start(free_addr().await).await;
    let node = world.node(&world.settings(addr, &[])).await;

    // A shipment of a code nobody introduced is rejected: no event.
    let (_, status) = world.shipment(&[code(99)]).await;
    assert_eq!(status, "rejected");
    assert!(!node.handle_next_event().await.expect("nothing queued"));

    // A write-off is applied and told; the probe reports only shipments.
    let body = serde_json::json!({"kind": "write_off", "reason": "DAMAGE", "units": [code(0)]});
    let (_, status) = world.document(support::probe::MAKER, body).await;
    assert_eq!(status, "applied");
    assert!(node.handle_next_event().await.expect("handled"));
    assert_eq!(outbox_count(&world.db, "pending").await, 0);
    assert!(receiver.received().is_empty());
}

async fn outbox_count(db: &tanba_store::Database, status: &str) -> usize {
    db.outbox(status, 1_000).await.expect("outbox").len()
}
