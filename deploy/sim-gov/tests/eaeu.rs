//! The EAEU gateway simulator against the EAEU adapter: an export acknowledged (answers valid
//! against the adapter's schema), rejected, or the gateway down; an incoming movement built by
//! the simulator becomes an import. (One adapter per test binary: each exports the same
//! component symbols.)

mod support;

use std::path::Path;

use support::*;
use tanba_adapter_eaeu::Eaeu;
use tanba_adapter_sdk::{
    AfterFailure, AppliedDocument, Command, Context, Event, Guest, Inbound, Step,
};
use tanba_sim_gov::{Mode, eaeu};
use tanba_xsd_check::Schema;

fn context(settings: &[(&str, &str)]) -> Context {
    Context {
        now_unix_seconds: 1_795_564_800,
        settings: settings
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect(),
    }
}

fn eaeu_schema() -> Schema {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../adapters/eaeu/schema/MarkedGoodsMovement.xsd");
    Schema::load(&path).expect("schema")
}

#[tokio::test]
async fn an_export_is_acknowledged_and_an_incoming_movement_is_an_import() {
    let sim = eaeu::start().await.expect("simulator");
    let export = AppliedDocument {
        kind: "eaeu_export".into(),
        id: "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d".into(),
        sender: "000740001307".into(),
        receiver: None,
        codes: vec!["0104600439931256215Lk8a".into()],
        fields: vec![("country".into(), "BY".into())],
        applied_unix_seconds: 1_795_564_800,
    };
    let run = |sim: &tanba_sim_gov::Sim<eaeu::Gateway>| {
        let first = Eaeu::on_event(
            Event::DocumentApplied(export.clone()),
            context(&[]),
            Vec::new(),
        );
        let url = sim.url(eaeu::MOVEMENTS_PATH);
        drive(
            first,
            move |_| url.clone(),
            |s, r| Eaeu::on_reply(s, r, context(&[])),
        )
    };
    let outcome = run(&sim).await;
    assert!(matches!(outcome.last, Step::Done(_)), "{:?}", outcome.last);
    assert_eq!(sim.with(|g| g.accepted.clone()), vec![export.id.clone()]);
    let schema = eaeu_schema();
    assert_eq!(
        schema.validate(sim.received()[0].body.as_bytes(), &[]),
        Ok(())
    );

    sim.with(|g| g.reject_with = Some("Получатель не зарегистрирован".into()));
    let Step::Failed(f) = run(&sim).await.last else {
        panic!("rejected")
    };
    assert_eq!(
        (f.code.as_str(), f.after),
        ("EAEU_REJECTED", AfterFailure::GiveUp)
    );
    sim.set_mode(Mode::Fault);
    let Step::Failed(f) = run(&sim).await.last else {
        panic!("unavailable")
    };
    assert_eq!(
        (f.code.as_str(), f.after),
        ("EAEU_HTTP_STATUS", AfterFailure::RetryLater)
    );

    let incoming = eaeu::incoming_movement(
        "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
        "2026-11-24",
        ("RU", "7707083893"),
        "000740001307",
        &["0104600439931256215Lk8a\u{1d}93dGVz"],
    );
    assert_eq!(
        schema.validate(incoming.as_bytes(), &[]),
        Ok(()),
        "{incoming}"
    );
    let message = Inbound {
        content_type: "application/xml".into(),
        headers: Vec::new(),
        body: incoming.into_bytes(),
    };
    let commands =
        Eaeu::on_inbound("eaeu-inbound".into(), message, context(&[])).expect("an import");
    let [Command::SubmitDocument(d)] = commands.as_slice() else {
        panic!("{commands:?}")
    };
    assert_eq!(
        (d.kind.as_str(), d.sender.as_str()),
        ("eaeu_import", "000740001307")
    );
    assert_eq!(
        d.lines[0].code.as_deref(),
        Some("0104600439931256215Lk8a\u{1d}93dGVz")
    );
}
