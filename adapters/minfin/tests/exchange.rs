//! The ESF exchange (R6, G2): every message the adapter builds validates against the real
//! WSDL/XSD in `shared/formats/schemas/esf`, recorded replies (themselves validated) drive the
//! state machine, and faults are classified retry-later or give-up.

mod support;

use support::*;
use tanba_adapter_minfin::Minfin;
use tanba_adapter_sdk::soap::SOAP11_ENVELOPE;
use tanba_adapter_sdk::xml;
use tanba_adapter_sdk::{AfterFailure, Event, Guest, Signing, Step};

fn start(document: tanba_adapter_sdk::AppliedDocument) -> Step {
    Minfin::on_event(Event::DocumentApplied(document), context(), Vec::new())
}

/// The invoice body inside a syncInvoice envelope, as text.
fn invoice_body(envelope: &[u8]) -> String {
    let root = xml::parse(envelope).expect("envelope parses");
    root.descendant(&[
        (Some(SOAP11_ENVELOPE), "Body"),
        (Some("esf"), "syncInvoiceRequest"),
        (None, "invoiceUploadInfoList"),
        (None, "invoiceUploadInfo"),
    ])
    .and_then(|i| i.child_text(None, "invoiceBody"))
    .expect("an invoice body")
}

#[test]
fn recorded_replies_are_valid_esf_messages() {
    for (schema, file, element) in [
        (
            session_schema(),
            "create-session-response.xml",
            "createSessionResponse",
        ),
        (
            session_schema(),
            "close-session-response.xml",
            "closeSessionResponse",
        ),
        (
            upload_schema(),
            "sync-invoice-accepted.xml",
            "syncInvoiceResponse",
        ),
        (
            upload_schema(),
            "sync-invoice-declined.xml",
            "syncInvoiceResponse",
        ),
    ] {
        assert_valid_in_body(schema, &data(file), element);
    }
}

#[test]
fn a_shipment_goes_through_session_upload_and_close_each_valid() {
    let first = expect_send(start(shipment()));
    assert_eq!(first.message.endpoint, "esf-session");
    assert_eq!(first.message.signing, Signing::WsSecurityBody);
    assert_valid_in_body(
        session_schema(),
        &first.message.body,
        "createSessionRequest",
    );
    let created = String::from_utf8(first.message.body.clone()).expect("utf-8");
    assert!(created.contains("<tin>991240001234</tin>"), "{created}");

    let upload = expect_send(Minfin::on_reply(
        first.state,
        reply(200, "create-session-response.xml"),
        context(),
    ));
    assert_eq!(upload.message.endpoint, "esf-upload");
    assert_valid_in_body(upload_schema(), &upload.message.body, "syncInvoiceRequest");
    let body = invoice_body(&upload.message.body);
    let result = invoice_schema().validate(body.as_bytes(), &[]);
    assert_eq!(
        result,
        Ok(()),
        "the invoice body does not validate:\n{body}"
    );
    // Two GTINs, the codes carried in `additional`, escaped and back.
    let invoice = xml::parse_str(&body).expect("invoice parses");
    let products: Vec<_> = invoice
        .descendant(&[(None, "productSet"), (None, "products")])
        .expect("products")
        .elements()
        .map(|p| {
            (
                p.child_text(None, "catalogTruId").expect("catalogTruId"),
                p.child_text(None, "quantity").expect("quantity"),
            )
        })
        .collect();
    assert_eq!(
        products,
        [
            ("04600439931256".into(), "2".into()),
            ("04870000000001".into(), "1".into())
        ]
    );
    assert!(body.contains("0104870000000001215x&amp;&lt;y"), "{body}");
    assert!(body.contains("215Lk8a{GS}93dGVz;"), "{body}");
    assert!(
        String::from_utf8_lossy(&upload.message.body).contains("a1b2c3d4e5f60718293a4b5c6d7e8f90")
    );

    let close = expect_send(Minfin::on_reply(
        upload.state,
        reply(200, "sync-invoice-accepted.xml"),
        context(),
    ));
    assert_eq!(close.message.endpoint, "esf-session");
    assert_valid_in_body(session_schema(), &close.message.body, "closeSessionRequest");
    match Minfin::on_reply(
        close.state,
        reply(200, "close-session-response.xml"),
        context(),
    ) {
        Step::Done(done) => {
            assert!(done.commands.is_empty());
            let keep = String::from_utf8(done.keep).expect("utf-8");
            assert!(keep.contains("last-esf-id=100200300"), "{keep}");
        }
        other => panic!("expected done, got {other:?}"),
    }
}

#[test]
fn idempotency_keys_follow_the_document_and_a_retry_is_the_same_message() {
    let a = expect_send(start(shipment()));
    let b = expect_send(start(shipment()));
    assert_eq!(a, b);
    assert_eq!(
        a.message.idempotency_key,
        "esf-7d3f2c1a-5b6e-4f70-8a91-0c2d3e4f5a6b-session-0"
    );
}

#[test]
fn a_closed_session_is_reopened_once_then_retried_later() {
    let first = expect_send(start(shipment()));
    let upload = expect_send(Minfin::on_reply(
        first.state,
        reply(200, "create-session-response.xml"),
        context(),
    ));
    let again = expect_send(Minfin::on_reply(
        upload.state,
        reply(500, "fault-session-closed.xml"),
        context(),
    ));
    assert_eq!(again.message.endpoint, "esf-session");
    assert!(again.message.idempotency_key.ends_with("-session-1"));
    let upload = expect_send(Minfin::on_reply(
        again.state,
        reply(200, "create-session-response.xml"),
        context(),
    ));
    let failure = expect_failed(Minfin::on_reply(
        upload.state,
        reply(500, "fault-session-closed.xml"),
        context(),
    ));
    assert_eq!(failure.code, "ESF_SESSION_KEEPS_CLOSING");
    assert_eq!(failure.after, AfterFailure::RetryLater);
}

#[test]
fn a_declined_upload_closes_the_session_then_gives_up_naming_the_errors() {
    let first = expect_send(start(shipment()));
    let upload = expect_send(Minfin::on_reply(
        first.state,
        reply(200, "create-session-response.xml"),
        context(),
    ));
    let close = expect_send(Minfin::on_reply(
        upload.state,
        reply(200, "sync-invoice-declined.xml"),
        context(),
    ));
    assert_eq!(close.message.endpoint, "esf-session");
    // Even a failing close leaves the upload's outcome.
    let failure = expect_failed(Minfin::on_reply(
        close.state,
        reply(500, "fault-server.xml"),
        context(),
    ));
    assert_eq!(failure.code, "ESF_UPLOAD_DECLINED");
    assert_eq!(failure.after, AfterFailure::GiveUp);
    assert!(
        failure
            .reason
            .en
            .contains("CUSTOMER_TIN_ABSENT_IN_DICTIONARY"),
        "{:?}",
        failure.reason
    );
    assert!(failure.reason.ru.contains("отсутствует"));
}

#[test]
fn faults_and_broken_replies_are_classified() {
    let first = expect_send(start(shipment()));
    let cases = [
        (
            500,
            "fault-server.xml",
            "ESF_FAULT",
            AfterFailure::RetryLater,
        ),
        (
            500,
            "fault-access-denied.xml",
            "ESF_FAULT",
            AfterFailure::GiveUp,
        ),
        (200, "malformed.xml", "XML_MALFORMED", AfterFailure::GiveUp),
        (
            200,
            "close-session-response.xml",
            "ESF_UNEXPECTED_REPLY",
            AfterFailure::GiveUp,
        ),
    ];
    for (status, file, code, after) in cases {
        let failure = expect_failed(Minfin::on_reply(
            first.state.clone(),
            reply(status, file),
            context(),
        ));
        assert_eq!(
            (failure.code.as_str(), failure.after),
            (code, after),
            "{file}"
        );
    }
    let html = tanba_adapter_sdk::Reply {
        status: 503,
        content_type: "text/html".into(),
        body: b"<html><body>503</body></html>".to_vec(),
    };
    let failure = expect_failed(Minfin::on_reply(first.state.clone(), html, context()));
    assert_eq!(
        (failure.code.as_str(), failure.after),
        ("ESF_HTTP_STATUS", AfterFailure::RetryLater)
    );
    let failure = expect_failed(Minfin::on_reply(
        b"garbage".to_vec(),
        reply(200, "create-session-response.xml"),
        context(),
    ));
    assert_eq!(failure.code, "ADAPTER_STATE_UNREADABLE");
}

#[test]
fn introductions_and_withdrawals_are_reported_other_kinds_are_not() {
    let mut intro = shipment();
    intro.kind = "introduction".into();
    intro.receiver = None;
    intro.fields = vec![
        ("route".into(), "import".into()),
        ("customs_declaration".into(), "50508/251126/0012345".into()),
    ];
    let first = expect_send(start(intro));
    let upload = expect_send(Minfin::on_reply(
        first.state,
        reply(200, "create-session-response.xml"),
        context(),
    ));
    let body = invoice_body(&upload.message.body);
    assert_eq!(
        invoice_schema().validate(body.as_bytes(), &[]),
        Ok(()),
        "{body}"
    );
    assert!(body.contains("<truOriginCode>1</truOriginCode>"), "{body}");
    assert!(body.contains("<productDeclaration>50508/251126/0012345</productDeclaration>"));

    let mut sale = shipment();
    sale.kind = "retail_sale".into();
    match Minfin::on_event(Event::DocumentApplied(sale), context(), b"kept".to_vec()) {
        Step::Done(done) => assert_eq!(
            (done.commands.len(), done.keep.as_slice()),
            (0, &b"kept"[..])
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_missing_setting_or_the_unpublished_ticket_login_is_named() {
    let mut ctx = context();
    ctx.settings.retain(|(k, _)| k != "x509-certificate");
    let failure = expect_failed(Minfin::on_event(
        Event::DocumentApplied(shipment()),
        ctx,
        Vec::new(),
    ));
    assert_eq!(failure.code, "ADAPTER_SETTING_INVALID");
    assert!(failure.reason.en.contains("x509-certificate"));
    let mut ctx = context();
    ctx.settings.retain(|(k, _)| k != "auth-mode");
    ctx.settings.push(("auth-mode".into(), "ticket".into()));
    let failure = expect_failed(Minfin::on_event(
        Event::DocumentApplied(shipment()),
        ctx,
        Vec::new(),
    ));
    assert!(failure.reason.en.contains("auth-mode"));
}
