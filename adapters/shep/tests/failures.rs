//! Replies that must not become commands: a SOAP fault, another status, an HTTP error page,
//! malformed XML, and XML with a DOCTYPE or an entity, each with its named error.

mod support;

use support::*;
use tanba_adapter_sdk::{AfterFailure, Failure, Guest, Inbound, Reply};
use tanba_adapter_shep::Shep;
use tanba_adapter_shep::entrepreneurs;

fn first_page_reply(reply: Reply) -> Failure {
    let first = expect_send(Shep::start_job(
        entrepreneurs::JOB.into(),
        context(),
        Vec::new(),
    ));
    expect_failed(Shep::on_reply(first.state, reply, context()))
}

#[test]
fn a_server_fault_is_retried_later_and_carries_the_gateways_error() {
    let failure = first_page_reply(reply(500, "fault-server.xml"));
    assert_eq!(failure.code, "SHEP_FAULT");
    assert_eq!(failure.after, AfterFailure::RetryLater);
    assert!(
        failure.reason.ru.contains("SE0014"),
        "{}",
        failure.reason.ru
    );
    assert!(failure.reason.en.contains("Сервис получателя недоступен"));
}

#[test]
fn a_refusing_status_gives_up_with_the_status() {
    let failure = first_page_reply(reply(200, "status-refused.xml"));
    assert_eq!(failure.code, "SHEP_STATUS");
    assert_eq!(failure.after, AfterFailure::GiveUp);
    assert!(failure.reason.kk.contains("ERR_ACCESS"));
}

#[test]
fn an_error_page_is_an_http_failure() {
    let page = Reply {
        status: 503,
        content_type: "text/html".into(),
        body: b"<html><body>Service Unavailable</body></html>".to_vec(),
    };
    let failure = first_page_reply(page);
    assert_eq!(failure.code, "SHEP_HTTP_STATUS");
    assert_eq!(failure.after, AfterFailure::RetryLater);
}

#[test]
fn malformed_xml_gives_up_naming_it() {
    let failure = first_page_reply(reply(200, "malformed.xml"));
    assert_eq!(failure.code, "XML_MALFORMED");
    assert_eq!(failure.after, AfterFailure::GiveUp);
}

#[test]
fn a_doctype_is_refused_before_any_entity_is_expanded() {
    let failure = first_page_reply(reply(200, "doctype.xml"));
    assert_eq!(failure.code, "XML_DOCTYPE_REFUSED");
    assert_eq!(failure.after, AfterFailure::GiveUp);
    assert!(failure.reason.kk.contains("DOCTYPE"));
}

#[test]
fn an_undeclared_entity_is_refused() {
    let failure = first_page_reply(reply(200, "entity.xml"));
    assert_eq!(failure.code, "XML_ENTITY_REFUSED");
    assert!(failure.reason.en.contains("&xxe;"));
}

#[test]
fn state_from_elsewhere_and_unknown_jobs_are_refused() {
    let failure = expect_failed(Shep::on_reply(
        b"not our state".to_vec(),
        reply(200, "entrepreneurs-page-1.xml"),
        context(),
    ));
    assert_eq!(failure.code, "ADAPTER_STATE_UNREADABLE");
    let unknown = expect_failed(Shep::start_job(
        "mine-bitcoin".into(),
        context(),
        Vec::new(),
    ));
    assert_eq!(unknown.code, "ADAPTER_UNKNOWN_JOB");
}

#[test]
fn inbound_messages_are_refused_with_a_fault() {
    let message = Inbound {
        content_type: "text/xml".into(),
        headers: Vec::new(),
        body: data("entrepreneurs-page-1.xml"),
    };
    let fault = Shep::on_inbound("anything".into(), message, context()).expect_err("no inbound");
    assert_eq!(fault.code, "ADAPTER_NO_INBOUND");
    assert!(fault.sender_at_fault);
}
