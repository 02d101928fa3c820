//! Every envelope the adapter builds validates against the real SHEP WSDL/XSD, carries a Body
//! id for the hub's signature, and asks the hub to sign it; the recorded replies the other
//! tests use validate too, so they are the gateway's format, not our guess of it.

mod support;

use support::*;
use tanba_adapter_sdk::soap::{SOAP11_ENVELOPE, WSU};
use tanba_adapter_sdk::xml;
use tanba_adapter_sdk::{Guest, Method, Signing};
use tanba_adapter_shep::Shep;
use tanba_adapter_shep::entrepreneurs::{self, PAYLOAD_NS};
use tanba_adapter_shep::sync::{SYNC_TYPES, SendMessage};

#[test]
fn the_wsdl_sends_send_message_of_the_types_namespace() {
    let wsdl = xml::parse(&std::fs::read(wsdl_path()).expect("WSDL")).expect("parses");
    let part = wsdl
        .children_named(Some(WSDL), "message")
        .find(|m| m.attribute(None, "name") == Some("SendMessageRequestMsg"))
        .and_then(|m| m.child(Some(WSDL), "part"))
        .and_then(|p| p.attribute(None, "element"))
        .expect("the request message's part");
    assert_eq!(part, "tns:SendMessage");
    let source = std::fs::read_to_string(wsdl_path()).expect("WSDL");
    assert!(source.contains(&format!("xmlns:tns=\"{SYNC_TYPES}\"")));
}

#[test]
fn the_first_register_request_validates_and_is_signed_over_its_body() {
    let send = expect_send(Shep::start_job(
        entrepreneurs::JOB.into(),
        context(),
        Vec::new(),
    ));
    let message = &send.message;
    assert_eq!(message.endpoint, "shep-sync");
    assert_eq!(message.method, Method::Post);
    assert_eq!(message.signing, Signing::WsSecurityBody);
    assert_eq!(
        message.idempotency_key,
        format!("tanba-entrepreneurs-sync-{NOW}-p1")
    );
    assert_valid_in_body(&message.body, "SendMessage");

    let envelope = xml::parse(&message.body).expect("well-formed");
    let body = envelope.child(Some(SOAP11_ENVELOPE), "Body").expect("Body");
    let body_id = body.attribute(Some(WSU), "Id").expect("wsu:Id on the Body");
    assert_eq!(body_id, format!("id-tanba-entrepreneurs-sync-{NOW}-p1"));
    let info = body
        .descendant(&[
            (Some(SYNC_TYPES), "SendMessage"),
            (None, "request"),
            (None, "requestInfo"),
        ])
        .expect("requestInfo");
    assert_eq!(
        info.child_text(None, "serviceId").as_deref(),
        Some("GBDUL_IP_REGISTER")
    );
    assert_eq!(
        info.child_text(None, "messageDate").as_deref(),
        Some("2026-11-25T00:00:00Z")
    );
    assert_eq!(
        info.descendant(&[(None, "sender"), (None, "senderId")])
            .map(|s| s.text()),
        Some("TANBA".into())
    );
}

/// The hub's WS-Security signature (hub/pki, under a test key) goes into the Header only: the
/// signed envelope still validates against the SHEP schema and verifies.
#[test]
fn the_hub_signed_request_still_validates_and_verifies() {
    let send = expect_send(Shep::start_job(
        entrepreneurs::JOB.into(),
        context(),
        Vec::new(),
    ));
    let keys = concat!(env!("CARGO_MANIFEST_DIR"), "/../../hub/pki/tests/data/wss");
    let read = |name: &str| std::fs::read(format!("{keys}/{name}")).expect("test key");
    let signer = tanba_pki::SigningIdentity::from_pem(&read("rsa.key.pem"), &read("rsa.cert.pem"))
        .expect("signer");
    let signed = tanba_pki::sign_soap_body(&send.message.body, &signer).expect("signed");
    assert_valid_in_body(&signed, "SendMessage");
    let verified = tanba_pki::verify_soap_body(&signed).expect("verifies");
    assert_eq!(verified.certificate, *signer.certificate());
}

#[test]
fn the_payload_travels_escaped_and_reads_back_as_our_register_request() {
    let send = expect_send(Shep::start_job(
        entrepreneurs::JOB.into(),
        context(),
        Vec::new(),
    ));
    let envelope = xml::parse(&send.message.body).expect("well-formed");
    let data = envelope
        .descendant(&[
            (Some(SOAP11_ENVELOPE), "Body"),
            (Some(SYNC_TYPES), "SendMessage"),
            (None, "request"),
            (None, "requestData"),
            (None, "data"),
        ])
        .expect("data");
    assert_eq!(
        data.elements().count(),
        0,
        "the payload is a string, not inline XML"
    );
    let payload = xml::parse_str(&data.text()).expect("the payload is XML");
    assert!(payload.is(Some(PAYLOAD_NS), "entrepreneursRequest"));
    assert_eq!(
        payload.child_text(Some(PAYLOAD_NS), "page").as_deref(),
        Some("1")
    );
    assert_eq!(
        payload.child_text(Some(PAYLOAD_NS), "pageSize").as_deref(),
        Some("2")
    );
    assert!(payload.child(Some(PAYLOAD_NS), "changedSince").is_none());
}

#[test]
fn hostile_values_are_escaped_and_the_envelope_still_validates() {
    let hostile = "</data><x:evil xmlns:x=\"urn:x\"/>&amp;]]>";
    let message = SendMessage {
        message_id: hostile,
        correlation_id: None,
        service_id: hostile,
        sender_id: hostile,
        message_date_unix: 0,
        data: hostile,
    };
    let envelope = message.envelope("id-1");
    assert_valid_in_body(envelope.as_bytes(), "SendMessage");
    let parsed = xml::parse_str(&envelope).expect("well-formed");
    let request = parsed
        .descendant(&[
            (Some(SOAP11_ENVELOPE), "Body"),
            (Some(SYNC_TYPES), "SendMessage"),
            (None, "request"),
        ])
        .expect("request");
    let data = request
        .descendant(&[(None, "requestData"), (None, "data")])
        .expect("data");
    assert_eq!(data.text(), hostile);
}

#[test]
fn a_message_the_schema_forbids_is_caught_by_the_validator() {
    // Proves the validation above can fail: requestInfo without its required serviceId.
    let envelope = SendMessage {
        message_id: "m",
        correlation_id: None,
        service_id: "s",
        sender_id: "t",
        message_date_unix: 0,
        data: "",
    }
    .envelope("id-1")
    .replace("<serviceId>s</serviceId>", "");
    let result = sync_schema().validate(
        envelope.as_bytes(),
        &[(SOAP11_ENVELOPE, "Body"), (SYNC_TYPES, "SendMessage")],
    );
    assert!(result.is_err(), "an envelope without serviceId validated");
}

#[test]
fn the_recorded_replies_are_in_the_real_format() {
    for name in [
        "entrepreneurs-page-1.xml",
        "entrepreneurs-page-2.xml",
        "status-refused.xml",
    ] {
        assert_valid_in_body(&data(name), "SendMessageResponse");
    }
    let fault = sync_schema().validate(
        &data("fault-server.xml"),
        &[
            (SOAP11_ENVELOPE, "Body"),
            (SOAP11_ENVELOPE, "Fault"),
            ("", "detail"),
            (SYNC_TYPES, "SendMessageFault1_SendMessageFault"),
        ],
    );
    assert_eq!(fault, Ok(()));
}
