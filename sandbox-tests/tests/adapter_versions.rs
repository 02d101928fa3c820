//! Adapter contracts (issue 7; DESIGN.md, principle 5): the hub loads adapters built against
//! `tanba:adapter@1.0.0` (the frozen `wit/adapter-1.0.0`) and `@1.1.0` (`wit/adapter`), each
//! under the world its manifest names, and refuses a component of another WIT version than its
//! manifest says (the component model checks variant cases exactly).

use tanba_plugin_host::adapter_types::{Command, Context, Inbound, Step};
use tanba_plugin_host::{LoadedAdapter, Manifest, PluginError};
use tanba_sandbox_tests::engine;

fn manifest(id: &str, version: &str, wit: &str) -> Manifest {
    Manifest::parse(&format!(
        "id = \"{id}\"\nkind = \"adapter\"\nversion = \"{version}\"\nwit = \"{wit}\"\n"
    ))
    .expect("a valid manifest")
}

fn context() -> Context {
    Context {
        now_unix_seconds: 1_764_000_000,
        settings: Vec::new(),
    }
}

fn inbound(body: &str) -> Inbound {
    Inbound {
        content_type: "text/plain".into(),
        headers: Vec::new(),
        body: body.as_bytes().to_vec(),
    }
}

#[test]
fn an_adapter_built_against_1_0_0_loads_and_answers_in_the_current_types() {
    let legacy = LoadedAdapter::compile(
        &engine(),
        manifest("legacy", "1.0.0", "tanba:adapter@1.0.0"),
        &tanba_testkit::guest_component("tanba-adapter-legacy"),
    )
    .expect("a 1.0.0 adapter loads");
    assert_eq!(legacy.info().id, "legacy");
    assert_eq!(legacy.info().endpoints.len(), 2);

    let commands = legacy
        .on_inbound("inbox", &inbound("040740000001"), &context())
        .expect("called")
        .expect("accepted");
    let [Command::UpsertParticipant(p)] = commands.as_slice() else {
        panic!("one participant: {commands:?}");
    };
    assert_eq!(p.name, "Legacy 040740000001");
    let fault = legacy
        .on_inbound("inbox", &inbound("not a BIN"), &context())
        .expect("called")
        .expect_err("refused");
    assert_eq!(
        (fault.code.as_str(), fault.sender_at_fault),
        ("LEGACY_NOT_A_BIN", true)
    );

    let step = legacy.start_job("none", &context(), &[]).expect("called");
    let Step::Failed(failure) = step else {
        panic!("no such job: {step:?}");
    };
    assert_eq!(failure.code, "LEGACY_NO_JOB");
}

#[test]
fn a_component_of_another_wit_version_than_its_manifest_is_refused() {
    let engine = engine();
    let legacy = tanba_testkit::guest_component("tanba-adapter-legacy");
    let err = LoadedAdapter::compile(
        &engine,
        manifest("legacy", "1.0.0", "tanba:adapter@1.1.0"),
        &legacy,
    )
    .err()
    .expect("a 1.0.0 component is not a 1.1.0 adapter");
    let PluginError::WrongWorld { world, .. } = &err else {
        panic!("{err}");
    };
    assert_eq!(*world, "tanba:adapter@1.1.0");

    let probe = tanba_testkit::guest_component("tanba-adapter-probe");
    let err = LoadedAdapter::compile(
        &engine,
        manifest("probe", "1.0.0", "tanba:adapter@1.0.0"),
        &probe,
    )
    .err()
    .expect("a 1.1.0 component is not a 1.0.0 adapter");
    assert!(
        matches!(
            err,
            PluginError::WrongWorld {
                world: "tanba:adapter@1.0.0",
                ..
            }
        ),
        "{err}"
    );
    LoadedAdapter::compile(
        &engine,
        manifest("probe", "1.0.0", "tanba:adapter@1.1.0"),
        &probe,
    )
    .expect("the probe is a 1.1.0 adapter");
}
