//! The SHEP register sync end to end on loopback (issue 7, R1, G1): the hub runs the adapter's
//! job, delivers its messages to the SHEP simulator through the real HTTP client, feeds the
//! replies back, and applies the participants in PostgreSQL.

mod support;

use std::time::Duration;

use support::{JOB, World, deliver_all, iin};
use tanba_sim_shep::Mode;

const LIMIT: Duration = Duration::from_secs(20);

#[tokio::test]
async fn entrepreneurs_added_in_the_gateway_become_participants() {
    let world = World::new().await;
    let (asel, nurlan, kim) = (iin("88010130012"), iin("75051240045"), iin("92030450078"));
    // Almaty, Medeu district (R15: exports group flows by the owner's KATO).
    world
        .sim
        .add_in(&asel, "ИП «Асель» & К", "ACTIVE", Some("751110000"));
    world.sim.add(&nurlan, "ЖК Серікбаев Н.", "SUSPENDED");
    world.sim.add(&kim, "ИП Ким В.", "CLOSED");
    let adapters = world.node(&world.settings()).await;

    adapters.run_job_now("shep", JOB).await.expect("started");
    deliver_all(&adapters, &world.db, LIMIT).await;

    let asel_row = world
        .db
        .participant(&asel)
        .await
        .expect("read")
        .expect("created");
    assert_eq!(asel_row.names["ru"], "ИП «Асель» & К");
    assert_eq!(
        (asel_row.kind.as_str(), asel_row.status.as_str()),
        ("iin", "active")
    );
    assert_eq!(
        asel_row.kato.as_deref(),
        Some("751110000"),
        "the register's KATO"
    );
    let closed = world
        .db
        .participant(&kim)
        .await
        .expect("read")
        .expect("created");
    assert_eq!(
        closed.status, "suspended",
        "a closed entrepreneur may no longer act"
    );
    assert!(world.db.participant(&nurlan).await.expect("read").is_some());
    let job = world.job().await;
    assert_eq!(job.outcome.as_deref(), Some("done"));
    assert!(
        String::from_utf8_lossy(&job.kept).contains("2026-11-25"),
        "asOf is kept"
    );
    let received = world.sim.received();
    assert_eq!(
        received.iter().map(|r| r.request.page).collect::<Vec<_>>(),
        [1, 2]
    );
    assert!(
        received
            .iter()
            .all(|r| r.idempotency_key.as_deref() == Some(&r.request.message_id))
    );
    assert_eq!(world.outbox_count("delivered").await, 2);

    // The next run asks only for changes since the register's date, and picks up a newcomer.
    // (A second later: the adapter derives its message ids from the run's start second.)
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let newcomer = iin("01020350012");
    world.sim.add(&newcomer, "ИП Жаңа", "ACTIVE");
    adapters
        .run_job_now("shep", JOB)
        .await
        .expect("started again");
    deliver_all(&adapters, &world.db, LIMIT).await;
    let last = world.sim.received().pop().expect("a request");
    assert_eq!(last.request.changed_since.as_deref(), Some("2026-11-25"));
    assert!(
        world
            .db
            .participant(&newcomer)
            .await
            .expect("read")
            .is_some()
    );
}

#[tokio::test]
async fn messages_wait_while_the_gateway_is_down_and_go_once_each_when_it_returns() {
    let mut world = World::new().await;
    let people = [iin("88010130012"), iin("75051240045"), iin("92030450078")];
    for (i, p) in people.iter().enumerate() {
        world.sim.add(p, &format!("ИП {i}"), "ACTIVE");
    }
    let mut settings = world.settings();
    settings.delivery.max_attempts = 1_000;
    let adapters = world.node(&settings).await;
    world.sim.stop().await;

    adapters.run_job_now("shep", JOB).await.expect("started");
    for _ in 0..3 {
        adapters.deliver_next().await.expect("an attempt");
        tokio::time::sleep(Duration::from_millis(120)).await;
    }
    let waiting = world.db.outbox("pending", 10).await.expect("outbox");
    assert_eq!(waiting.len(), 1, "the first page's request waits");
    assert!(
        waiting[0].attempts >= 2,
        "it was tried: {}",
        waiting[0].attempts
    );
    let error = waiting[0].last_error.as_deref().unwrap_or_default();
    assert!(error.starts_with("ADAPTER_TRANSPORT"), "{error}");
    assert!(
        world
            .db
            .participant(&people[0])
            .await
            .expect("read")
            .is_none()
    );

    world.sim.restart().await.expect("the simulator returns");
    deliver_all(&adapters, &world.db, LIMIT).await;
    for p in &people {
        assert!(
            world.db.participant(p).await.expect("read").is_some(),
            "{p}"
        );
    }
    let ids: Vec<String> = world
        .sim
        .received()
        .into_iter()
        .map(|r| r.request.message_id)
        .collect();
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(ids.len(), 2, "two pages, each received once: {ids:?}");
    assert_eq!(unique, ids);
    assert_eq!(world.job().await.outcome.as_deref(), Some("done"));
}

#[tokio::test]
async fn a_malformed_reply_fails_the_run_applies_nothing_and_can_be_replayed() {
    let world = World::new().await;
    let asel = iin("88010130012");
    world.sim.add(&asel, "ИП Асель", "ACTIVE");
    world.sim.set_mode(Mode::Malformed);
    let adapters = world.node(&world.settings()).await;

    adapters.run_job_now("shep", JOB).await.expect("started");
    deliver_all(&adapters, &world.db, LIMIT).await;

    let job = world.job().await;
    assert_eq!(job.outcome.as_deref(), Some("failed"));
    let error = job.last_error.unwrap_or_default();
    assert!(error.starts_with("XML_MALFORMED"), "{error}");
    assert!(world.db.participant(&asel).await.expect("read").is_none());
    let dead = world.db.outbox("dead", 10).await.expect("outbox");
    assert_eq!(dead.len(), 1);
    assert_eq!(
        dead[0].attempts, 1,
        "a reply that cannot be read is not retried"
    );

    // The operator replays the message once the gateway answers properly.
    world.sim.set_mode(Mode::Normal);
    let audit = tanba_store::AuditEntry {
        action: "adapter.outbox.replay".into(),
        outcome: "ok".into(),
        ..Default::default()
    };
    let id = dead[0].message.id;
    assert!(adapters.replay(id, &audit).await.expect("replay"));
    assert!(!adapters.replay(id, &audit).await.expect("second replay"));
    deliver_all(&adapters, &world.db, LIMIT).await;
    assert!(world.db.participant(&asel).await.expect("read").is_some());
    assert_eq!(world.job().await.outcome.as_deref(), Some("done"));
}

#[tokio::test]
async fn a_gateway_fault_is_retried_then_dead_lettered() {
    let world = World::new().await;
    world.sim.add(&iin("88010130012"), "ИП Асель", "ACTIVE");
    world.sim.set_mode(Mode::Fault);
    let adapters = world.node(&world.settings()).await;

    adapters.run_job_now("shep", JOB).await.expect("started");
    deliver_all(&adapters, &world.db, LIMIT).await;

    let dead = world.db.outbox("dead", 10).await.expect("outbox");
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].attempts, 4, "max_attempts");
    assert_eq!(world.sim.received().len(), 4);
    let job = world.job().await;
    assert_eq!(job.outcome.as_deref(), Some("failed"));
    assert!(job.last_error.unwrap_or_default().starts_with("SHEP_FAULT"));
}

#[tokio::test]
async fn two_nodes_start_a_scheduled_slot_once() {
    let world = World::new().await;
    world.sim.add(&iin("88010130012"), "ИП Асель", "ACTIVE");
    let mut settings = world.settings();
    settings
        .installed
        .get_mut("shep")
        .expect("shep")
        .jobs
        .insert(JOB.into(), "*/5 * * * *".into());
    let (a, b) = (world.node(&settings).await, world.node(&settings).await);
    let now = chrono::Utc::now();

    let first = a.run_due_jobs(now).await.expect("scheduled");
    assert!(
        first.is_empty(),
        "a job seen for the first time is only scheduled"
    );
    let due = world.job().await.next_due_unix.expect("next slot");
    assert!(due > now.timestamp() && due <= now.timestamp() + 300);

    let later = chrono::DateTime::from_timestamp(due + 1, 0).expect("time");
    let (ra, rb) = tokio::join!(a.run_due_jobs(later), b.run_due_jobs(later));
    let started = ra.expect("node a").len() + rb.expect("node b").len();
    assert_eq!(started, 1, "one node starts the slot");
    assert_eq!(world.outbox_count("pending").await, 1);
    let again = b.run_due_jobs(later).await.expect("node b again");
    assert!(again.is_empty(), "the slot is taken");
    assert!(world.job().await.next_due_unix.expect("next") > due);
}
