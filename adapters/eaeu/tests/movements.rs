//! EAEU movements (R12): an export's message validates against the crate's own schema
//! (`schema/MarkedGoodsMovement.xsd`), the acknowledgement finishes or fails the exchange, and
//! an incoming movement becomes an `eaeu_import` document.

use std::path::Path;
use std::sync::OnceLock;

use tanba_adapter_eaeu::Eaeu;
use tanba_adapter_sdk::{
    AfterFailure, AppliedDocument, Command, Context, Event, Guest, Inbound, Reply, Send, Step,
};
use tanba_xsd_check::Schema;

const DOC_ID: &str = "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d";

fn schema() -> &'static Schema {
    static S: OnceLock<Schema> = OnceLock::new();
    S.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/MarkedGoodsMovement.xsd");
        Schema::load(&path).expect("our schema compiles")
    })
}

fn data(file: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(file);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn context() -> Context {
    Context {
        now_unix_seconds: 1_795_564_800,
        settings: Vec::new(),
    }
}

fn export() -> AppliedDocument {
    AppliedDocument {
        kind: "eaeu_export".into(),
        id: DOC_ID.into(),
        sender: "000740001307".into(),
        receiver: None,
        codes: vec![
            "0104600439931256215Lk8a\u{1d}93dGVz".into(),
            "00046000000000000018".into(),
        ],
        fields: vec![
            ("country".into(), "RU".into()),
            ("consignee_taxpayer_id".into(), "7707083893".into()),
        ],
        applied_unix_seconds: 1_795_564_800 + 7_200,
    }
}

fn reply(status: u16, file: &str) -> Reply {
    Reply {
        status,
        content_type: "application/xml".into(),
        body: data(file),
    }
}

fn sent() -> Send {
    match Eaeu::on_event(Event::DocumentApplied(export()), context(), Vec::new()) {
        Step::Send(send) => send,
        other => panic!("expected a send, got {other:?}"),
    }
}

#[test]
fn recorded_messages_follow_our_schema() {
    for file in ["incoming.xml", "ack-accepted.xml", "ack-rejected.xml"] {
        assert_eq!(schema().validate(&data(file), &[]), Ok(()), "{file}");
    }
    assert!(
        schema()
            .validate(&data("incoming-bad-country.xml"), &[])
            .is_err()
    );
}

#[test]
fn an_export_is_a_valid_movement_and_an_acceptance_ends_it() {
    let send = sent();
    assert_eq!(send.message.endpoint, "eaeu-outbound");
    assert_eq!(send.message.idempotency_key, format!("eaeu-{DOC_ID}"));
    assert_eq!(
        schema().validate(&send.message.body, &[]),
        Ok(()),
        "{}",
        String::from_utf8_lossy(&send.message.body)
    );
    let body = String::from_utf8(send.message.body.clone()).expect("utf-8");
    assert!(body.contains("<mgm:UnifiedCountryCode>RU</mgm:UnifiedCountryCode>"));
    assert!(body.contains("215Lk8a{GS}93dGVz"), "{body}");
    assert!(body.contains("<mgm:ShipmentDate>2026-11-25</mgm:ShipmentDate>"));
    assert!(
        body.contains(
            "<mgm:ConsigneeDetails><mgm:UnifiedCountryCode>RU</mgm:UnifiedCountryCode>\
             <mgm:TaxpayerId>7707083893</mgm:TaxpayerId></mgm:ConsigneeDetails>"
        ),
        "the buyer the document names: {body}"
    );
    match Eaeu::on_reply(send.state, reply(200, "ack-accepted.xml"), context()) {
        Step::Done(done) => assert!(String::from_utf8_lossy(&done.keep).contains(DOC_ID)),
        other => panic!("expected done, got {other:?}"),
    }
}

#[test]
fn rejections_errors_and_other_kinds() {
    let state = sent().state;
    let cases = [
        (
            200,
            "ack-rejected.xml",
            "EAEU_REJECTED",
            AfterFailure::GiveUp,
        ),
        (
            503,
            "ack-accepted.xml",
            "EAEU_HTTP_STATUS",
            AfterFailure::RetryLater,
        ),
        (
            200,
            "incoming.xml",
            "EAEU_MESSAGE_INVALID",
            AfterFailure::GiveUp,
        ),
        (
            200,
            "doctype.xml",
            "XML_DOCTYPE_REFUSED",
            AfterFailure::GiveUp,
        ),
    ];
    for (status, file, code, after) in cases {
        let Step::Failed(f) = Eaeu::on_reply(state.clone(), reply(status, file), context()) else {
            panic!("{file} must fail");
        };
        assert_eq!((f.code.as_str(), f.after), (code, after), "{file}");
    }
    let mut shipment = export();
    shipment.kind = "shipment".into();
    assert!(matches!(
        Eaeu::on_event(Event::DocumentApplied(shipment), context(), Vec::new()),
        Step::Done(d) if d.commands.is_empty()
    ));
    let mut home = export();
    home.fields = vec![("country".into(), "KZ".into())];
    let Step::Failed(f) = Eaeu::on_event(Event::DocumentApplied(home), context(), Vec::new())
    else {
        panic!("KZ is not an export");
    };
    assert_eq!(f.code, "EAEU_MESSAGE_INVALID");
    let mut unnamed = export();
    unnamed.fields[1].1 = "ООО Покупатель".into();
    let Step::Failed(f) = Eaeu::on_event(Event::DocumentApplied(unnamed), context(), Vec::new())
    else {
        panic!("a consignee id the schema refuses is not sent");
    };
    assert!(f.reason.en.contains("taxpayer id"), "{}", f.reason.en);
}

fn inbound(file: &str) -> Inbound {
    Inbound {
        content_type: "application/xml".into(),
        headers: Vec::new(),
        body: data(file),
    }
}

#[test]
fn an_incoming_movement_becomes_an_import_document() {
    let commands = Eaeu::on_inbound("eaeu-inbound".into(), inbound("incoming.xml"), context())
        .expect("accepted");
    let [Command::SubmitDocument(d)] = commands.as_slice() else {
        panic!("one document, got {commands:?}");
    };
    assert_eq!(
        (d.kind.as_str(), d.external_id.as_str(), d.sender.as_str()),
        (
            "eaeu_import",
            "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
            "000740001307"
        )
    );
    assert!(
        d.fields
            .contains(&("country_of_origin".into(), "RU".into()))
    );
    assert_eq!(
        d.lines[0].code.as_deref(),
        Some("0104600439931256215Lk8a\u{1d}93dGVz")
    );
    assert_eq!(d.lines[1].sscc.as_deref(), Some("046000000000000018"));
    for (file, code) in [
        ("incoming-bad-country.xml", "EAEU_MESSAGE_INVALID"),
        ("doctype.xml", "XML_DOCTYPE_REFUSED"),
    ] {
        let f = Eaeu::on_inbound("eaeu-inbound".into(), inbound(file), context()).expect_err(file);
        assert_eq!((f.code.as_str(), f.sender_at_fault), (code, true), "{file}");
    }
    // Our own export coming back is not an import.
    let ours = Eaeu::on_inbound(
        "eaeu-inbound".into(),
        Inbound {
            content_type: "application/xml".into(),
            headers: Vec::new(),
            body: sent().message.body,
        },
        context(),
    )
    .expect_err("KZ to RU");
    assert!(ours.reason.en.contains("KZ to RU"), "{}", ours.reason.en);
}
