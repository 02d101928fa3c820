//! The entrepreneurs register job through its state machine with recorded replies: page by
//! page into participant upserts, resumable from nothing but the opaque state the hub stores.

mod support;

use support::*;
use tanba_adapter_sdk::soap::SOAP11_ENVELOPE;
use tanba_adapter_sdk::state::State;
use tanba_adapter_sdk::xml;
use tanba_adapter_sdk::{Command, Guest, ParticipantKind, ParticipantStatus, Step};
use tanba_adapter_shep::Shep;
use tanba_adapter_shep::entrepreneurs::{self, PAYLOAD_NS};
use tanba_adapter_shep::sync::SYNC_TYPES;

fn start() -> tanba_adapter_sdk::Send {
    expect_send(Shep::start_job(
        entrepreneurs::JOB.into(),
        context(),
        Vec::new(),
    ))
}

/// The `changedSince` and `page` of the register request inside an envelope.
fn requested(envelope: &[u8]) -> (Option<String>, String) {
    let data = xml::parse(envelope)
        .expect("well-formed")
        .descendant(&[
            (Some(SOAP11_ENVELOPE), "Body"),
            (Some(SYNC_TYPES), "SendMessage"),
            (None, "request"),
            (None, "requestData"),
            (None, "data"),
        ])
        .expect("data")
        .text();
    let payload = xml::parse_str(&data).expect("payload XML");
    (
        payload.child_text(Some(PAYLOAD_NS), "changedSince"),
        payload.child_text(Some(PAYLOAD_NS), "page").expect("page"),
    )
}

#[test]
fn two_recorded_pages_become_three_participant_upserts() {
    let first = start();
    assert!(first.commands.is_empty());
    let second = expect_send(Shep::on_reply(
        first.state.clone(),
        reply(200, "entrepreneurs-page-1.xml"),
        context(),
    ));
    assert_eq!(upserted(&second.commands), ["880101300123", "750512400456"]);
    let Command::UpsertParticipant(asel) = &second.commands[0] else {
        unreachable!("checked above")
    };
    assert_eq!(asel.name, "ИП «Асель» & К");
    assert_eq!(asel.kind, ParticipantKind::IndividualEntrepreneur);
    assert_eq!(asel.status, ParticipantStatus::Active);
    assert_eq!(
        asel.registered_on.map(|d| (d.year, d.month, d.day)),
        Some((2019, 3, 1))
    );
    assert!(asel.attributes.contains(&("oked".into(), "47190".into())));
    assert_eq!(requested(&second.message.body), (None, "2".into()));
    assert_valid_in_body(&second.message.body, "SendMessage");

    let last = Shep::on_reply(
        second.state,
        reply(200, "entrepreneurs-page-2.xml"),
        context(),
    );
    let Step::Done(done) = last else {
        panic!("expected done, got {last:?}")
    };
    assert_eq!(upserted(&done.commands), ["920304500789"]);
    let Command::UpsertParticipant(kim) = &done.commands[0] else {
        unreachable!("checked above")
    };
    assert_eq!(kim.status, ParticipantStatus::Closed);
    let keep = State::decode(&done.keep).expect("kept state");
    assert_eq!(keep.get("synced-to"), Some("2026-11-25"));
}

#[test]
fn the_next_run_asks_only_for_changes_since_the_last_one() {
    let mut kept = State::new();
    kept.set("synced-to", "2026-11-25");
    let send = expect_send(Shep::start_job(
        entrepreneurs::JOB.into(),
        context(),
        kept.encode(),
    ));
    assert_eq!(
        requested(&send.message.body),
        (Some("2026-11-25".into()), "1".into())
    );
    assert_valid_in_body(&send.message.body, "SendMessage");
}

#[test]
fn a_sync_resumes_from_the_opaque_state_alone_and_a_retry_is_identical() {
    let first = start();
    // The hub stored the state bytes; another node (a fresh instance) gets them back later.
    let stored: Vec<u8> = first.state.to_vec();
    let on_node_a = Shep::on_reply(
        stored.clone(),
        reply(200, "entrepreneurs-page-1.xml"),
        context(),
    );
    let on_node_b = Shep::on_reply(stored, reply(200, "entrepreneurs-page-1.xml"), context());
    assert_eq!(on_node_a, on_node_b, "same state and reply, same step");
    let second = expect_send(on_node_a);
    assert_eq!(
        second.message.idempotency_key,
        format!("tanba-entrepreneurs-sync-{NOW}-p2")
    );
    let state = State::decode(&second.state).expect("readable state");
    assert_eq!(state.get("page"), Some("2"));
    assert_eq!(state.get("as-of"), Some("2026-11-25"));
    assert_eq!(state.get("started"), Some(NOW.to_string().as_str()));
}

#[test]
fn a_page_that_is_not_the_one_asked_for_is_refused() {
    let first = start();
    let failure = expect_failed(Shep::on_reply(
        first.state,
        reply(200, "entrepreneurs-page-2.xml"),
        context(),
    ));
    assert_eq!(failure.code, "SHEP_REGISTER_DATA_INVALID");
    assert!(
        failure.reason.en.contains("page 2 came for page 1"),
        "{}",
        failure.reason.en
    );
}

#[test]
fn a_missing_setting_is_named() {
    let mut context = context();
    context
        .settings
        .retain(|(k, _)| k != "entrepreneurs-service-id");
    let failure = expect_failed(Shep::start_job(
        entrepreneurs::JOB.into(),
        context,
        Vec::new(),
    ));
    assert_eq!(failure.code, "ADAPTER_SETTING_INVALID");
    assert!(failure.reason.kk.contains("entrepreneurs-service-id"));
}
