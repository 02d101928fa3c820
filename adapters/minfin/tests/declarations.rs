//! Customs declarations in (R5): checked completely; a valid one becomes the hub command
//! `record-customs-declaration` (tanba:adapter@1.1.0), an invalid one names what is wrong
//! (Client fault) and commands nothing.

mod support;

use support::*;
use tanba_adapter_minfin::Minfin;
use tanba_adapter_minfin::declarations;
use tanba_adapter_sdk::{Command, Date, Guest, Inbound};

fn inbound(file: &str) -> Inbound {
    Inbound {
        content_type: "text/xml".into(),
        headers: Vec::new(),
        body: data(file),
    }
}

#[test]
fn a_declaration_is_read_whole() {
    let d = declarations::read(&data("declaration.xml")).expect("valid");
    assert_eq!(d.number, "50508/251126/0012345");
    assert_eq!(d.declarant, "000740001307");
    assert_eq!(
        d.date,
        Date {
            year: 2026,
            month: 11,
            day: 25
        }
    );
    assert_eq!(d.goods_items.len(), 1);
    let item = &d.goods_items[0];
    assert_eq!(
        (
            item.number,
            item.tnved.as_str(),
            item.gtin.as_str(),
            item.quantity,
            item.country_of_origin.as_str()
        ),
        (1, "2402209000", "04600439931256", 100, "CN")
    );
    // The same in a SOAP Body.
    let body = String::from_utf8(data("declaration.xml")).expect("utf-8");
    let body = body.trim_start_matches("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let envelope = format!(
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>{body}</s:Body></s:Envelope>"
    );
    assert_eq!(declarations::read(envelope.as_bytes()).expect("in soap"), d);
}

#[test]
fn valid_is_recorded_invalid_and_hostile_are_the_senders_fault() {
    let commands = Minfin::on_inbound(
        "customs-declarations".into(),
        inbound("declaration.xml"),
        context(),
    )
    .expect("a valid declaration");
    let expected = declarations::read(&data("declaration.xml")).expect("valid");
    assert_eq!(commands, [Command::RecordCustomsDeclaration(expected)]);
    let fault = Minfin::on_inbound(
        "customs-declarations".into(),
        inbound("declaration-invalid.xml"),
        context(),
    )
    .expect_err("invalid");
    assert_eq!(
        (fault.code.as_str(), fault.sender_at_fault),
        ("CUSTOMS_DECLARATION_INVALID", true)
    );
    assert!(
        fault
            .reason
            .en
            .contains("goodsItem 1: tnved 24022 is not 10 digits"),
        "{}",
        fault.reason.en
    );
    let fault = Minfin::on_inbound(
        "customs-declarations".into(),
        inbound("doctype.xml"),
        context(),
    )
    .expect_err("doctype");
    assert_eq!(fault.code, "XML_DOCTYPE_REFUSED");
    let fault = Minfin::on_inbound("other".into(), inbound("declaration.xml"), context())
        .expect_err("no such endpoint");
    assert_eq!(fault.code, "ADAPTER_NO_INBOUND");
}
