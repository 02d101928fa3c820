//! An adapter built against `tanba:adapter@1.0.0` keeps working in a hub of 1.1.0 (issue 7;
//! DESIGN.md, principle 5): deployed and loaded from its package, its inbound commands applied,
//! its event exchange delivered through the outbox and its reply fed back.

mod support;

use std::time::Duration;

use support::deliver_all;

use support::probe::{ProbeWorld, Receiver, code, free_addr};
use tanba_plugin_host::adapter_types::Inbound;

#[tokio::test]
async fn a_1_0_0_adapter_applies_inbound_commands_and_reports_events() {
    let manifest = "id = \"legacy\"\nkind = \"adapter\"\nversion = \"1.0.0\"\n\
        wit = \"tanba:adapter@1.0.0\"\n";
    let world = ProbeWorld::with_adapter(2, "legacy", manifest, "tanba-adapter-legacy").await;
    let (receiver, addr) = Receiver::start(free_addr().await).await;
    let node = world.node(&world.settings(addr, &[])).await;

    // A BIN (fifth digit 4: a legal entity) with a valid check digit.
    let bin = &support::iin("18024001234");
    let message = Inbound {
        content_type: "text/plain".into(),
        headers: Vec::new(),
        body: bin.as_bytes().to_vec(),
    };
    let applied = node
        .inbound("legacy", "inbox", message)
        .await
        .expect("applied");
    assert_eq!(applied, 1);
    let participant = world
        .db
        .participant(bin)
        .await
        .expect("read")
        .expect("the 1.0.0 adapter's participant is registered");
    assert_eq!(participant.status, "active");

    let (id, status) = world.shipment(&[code(0), code(1)]).await;
    assert_eq!(status, "applied");
    assert!(node.handle_next_event().await.expect("handled"));
    deliver_all(&node, &world.db, Duration::from_secs(20)).await;
    let received = receiver.received();
    assert_eq!(received.len(), 1, "{received:?}");
    assert_eq!(received[0].key, format!("legacy-{id}"));
    assert_eq!(received[0].body, format!("shipment {id}"));
    let kept: Vec<u8> = world
        .db
        .client()
        .await
        .expect("client")
        .query_one(
            "select kept from adapter_event_state where adapter = 'legacy'",
            &[],
        )
        .await
        .expect("state")
        .get(0);
    assert_eq!(
        kept, b"200",
        "the reply reached the 1.0.0 adapter's on-reply"
    );
}
