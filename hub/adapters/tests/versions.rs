//! Adapters deployed, activated and rolled back through the database like rule sets (issue 7,
//! R17): a new version takes over on every node without a restart, and queued work is not
//! lost: events and outbox messages are keyed by adapter, not version, so each queued message
//! is delivered exactly once, by the version active when it is handled.

mod support;

use std::time::{Duration, Instant};

use support::probe::{ProbeWorld, Receiver, code, free_addr};
use support::{deliver_all, signed_package};
use tanba_adapters::{AdapterError, Adapters};
use tanba_plugin_host::{EngineSettings, LoadedAdapter, PluginEngine, PluginPackage};
use tanba_rules::{DeployOutcome, PackageShelf, RuleRegistry, RulesError};

const LIMIT: Duration = Duration::from_secs(20);

/// Deploys the probe at 2.0.0 (its own build: its messages say `by="2.0.0"`).
async fn deploy_v2(world: &ProbeWorld) -> DeployOutcome {
    let manifest = "id = \"probe\"\nkind = \"adapter\"\nversion = \"2.0.0\"\n\
        wit = \"tanba:adapter@1.1.0\"\n";
    let component = tanba_testkit::guest_component("tanba-adapter-probe-v2");
    let dir = signed_package(manifest, &component);
    let package = PluginPackage::read_dir(dir.path()).expect("package");
    PackageShelf::new(world.db.clone(), world.engine.clone())
        .deploy::<LoadedAdapter>(package, None, "test")
        .await
        .expect("v2 deployed")
}

/// Handles every queued event on `node` (their messages go to the outbox).
async fn handle_events(node: &Adapters) -> usize {
    let mut handled = 0;
    while node.handle_next_event().await.expect("handled") {
        handled += 1;
    }
    handled
}

/// Waits until `node` runs `version` of the probe (it follows the other node's change).
async fn runs(node: &Adapters, version: &str) {
    let started = Instant::now();
    while started.elapsed() < LIMIT {
        if node.versions() == [("probe".to_owned(), version.to_owned())] {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("still {:?}, not probe@{version}", node.versions());
}

#[tokio::test]
async fn a_new_version_takes_queued_work_on_every_node_and_a_rollback_too() {
    let world = ProbeWorld::new(10).await;
    let addr = free_addr().await; // the receiver is down until the end
    let settings = world.settings(addr, &[]);
    let node = world.node(&settings).await;
    let other = world.node(&settings).await;
    let followers = [node.follow(), other.follow()];
    assert_eq!(node.versions(), [("probe".into(), "1.0.0".into())]);

    // v1 turns shipment A into a message; B and C wait as events.
    let (a, _) = world.shipment(&[code(0)]).await;
    assert_eq!(handle_events(&node).await, 1);
    let (b, _) = world.shipment(&[code(1)]).await;
    let (c, _) = world.shipment(&[code(2)]).await;

    // v2 deployed (twice: the second changes nothing) and activated on one node.
    assert!(matches!(
        deploy_v2(&world).await,
        DeployOutcome::Stored { .. }
    ));
    assert!(matches!(
        deploy_v2(&world).await,
        DeployOutcome::AlreadyStored { .. }
    ));
    node.activate("probe", "2.0.0", "operator")
        .await
        .expect("v2");
    assert_eq!(node.versions(), [("probe".into(), "2.0.0".into())]);
    runs(&other, "2.0.0").await;

    // The other node handles the queued events with v2, and delivers everything once.
    assert_eq!(handle_events(&other).await, 2);
    let (receiver, _) = Receiver::start(addr).await;
    deliver_all(&other, &world.db, LIMIT).await;
    let received = receiver.received();
    let by = |id: &str| -> Vec<String> {
        received
            .iter()
            .filter(|r| r.key == format!("shipment-{id}"))
            .map(|r| r.body.clone())
            .collect()
    };
    assert_eq!(received.len(), 3, "{received:?}");
    let (sent_a, sent_b, sent_c) = (by(&a), by(&b), by(&c));
    assert_eq!((sent_a.len(), sent_b.len(), sent_c.len()), (1, 1, 1));
    // A's message was made by v1 before the switch; v2 made B's and C's.
    assert!(sent_a[0].contains(r#"by="1.0.0""#), "{}", sent_a[0]);
    assert!(sent_b[0].contains(r#"by="2.0.0""#), "{}", sent_b[0]);
    assert!(sent_c[0].contains(r#"by="2.0.0""#), "{}", sent_c[0]);

    // A rollback returns every node to v1, which takes the next queued events.
    let (d, _) = world.shipment(&[code(3)]).await;
    let (e, _) = world.shipment(&[code(4)]).await;
    assert_eq!(
        other
            .rollback("probe", "operator")
            .await
            .expect("rolled back"),
        "1.0.0"
    );
    runs(&node, "1.0.0").await;
    assert_eq!(handle_events(&node).await, 2);
    deliver_all(&node, &world.db, LIMIT).await;
    let received = receiver.received();
    assert_eq!(received.len(), 5, "{received:?}");
    for id in [&d, &e] {
        let sent: Vec<_> = received
            .iter()
            .filter(|r| r.key == format!("shipment-{id}"))
            .collect();
        assert_eq!(sent.len(), 1, "{received:?}");
        assert!(sent[0].body.contains(r#"by="1.0.0""#), "{}", sent[0].body);
    }
    assert_eq!(
        world
            .db
            .outbox("delivered", 100)
            .await
            .expect("outbox")
            .len(),
        5
    );

    // A restart keeps the version the slot names, not the configured folder's.
    node.activate("probe", "2.0.0", "operator")
        .await
        .expect("v2 again");
    let restarted = world.node(&settings).await;
    assert_eq!(restarted.versions(), [("probe".into(), "2.0.0".into())]);
    followers.iter().for_each(|f| f.abort());
}

#[tokio::test]
async fn versions_that_cannot_run_are_refused_and_change_nothing() {
    let world = ProbeWorld::new(1).await;
    let settings = world.settings(free_addr().await, &[]);
    let node = world.node(&settings).await;

    // Not deployed.
    let err = node
        .activate("probe", "9.9.9", "operator")
        .await
        .expect_err("refused");
    assert!(
        matches!(
            err,
            AdapterError::Package(RulesError::UnknownPackage { .. })
        ),
        "{err}"
    );
    // Not configured on this node.
    deploy_v2(&world).await;
    let err = node
        .activate("shep", "2.0.0", "operator")
        .await
        .expect_err("refused");
    assert_eq!(err.code(), "ADAPTER_NOT_CONFIGURED");
    // Nothing before the first version.
    let err = node
        .rollback("probe", "operator")
        .await
        .expect_err("refused");
    assert_eq!(err.code(), "ADAPTER_NOTHING_TO_ROLL_BACK");
    // A version that does not fit this node's settings (an endpoint it does not declare).
    let mut strange = settings.clone();
    let probe = strange.installed.get_mut("probe").expect("probe");
    let receiver = probe.endpoints["receiver"].clone();
    probe.endpoints.insert("nowhere".into(), receiver);
    let err = match Adapters::load(
        world.db.clone(),
        registry(&world),
        world.documents.clone(),
        &world.engine,
        &strange,
        std::sync::Arc::new(tanba_adapters::ReqwestClient::from_settings(&strange).expect("http")),
    )
    .await
    {
        Err(err) => err,
        Ok(_) => panic!("an undeclared endpoint must be refused"),
    };
    assert_eq!(err.code(), "ADAPTER_CONFIG");
    assert_eq!(node.versions(), [("probe".into(), "1.0.0".into())]);

    // An adapter is not a rule set, and back.
    let rules = RuleRegistry::new(
        world.db.clone(),
        PluginEngine::new(&EngineSettings::default()).expect("engine"),
    );
    let package = PluginPackage::read_dir(world.package.path()).expect("package");
    let err = rules.deploy(package, "test").await.expect_err("refused");
    assert_eq!(err.code(), "PLUGIN_WRONG_KIND");
    // A WSDL its manifest does not name.
    let package = PluginPackage::read_dir(world.package.path()).expect("package");
    let err = PackageShelf::new(world.db.clone(), world.engine.clone())
        .deploy::<LoadedAdapter>(package, Some(b"<definitions/>".to_vec()), "test")
        .await
        .expect_err("refused");
    assert_eq!(err.code(), "PLUGIN_WSDL_MISMATCH");
}

fn registry(world: &ProbeWorld) -> tanba_registry::Registry {
    let master = tanba_domain::emission::MasterSecret::new(vec![9; 32]).expect("master secret");
    tanba_registry::Registry::new(
        world.db.clone(),
        master,
        tanba_domain::CheckDigitPolicy::Strict,
    )
}
