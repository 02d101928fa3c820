//! The receipt feed (R13): recorded pages go through the `receipts-poll` job to `retail_sale`
//! and `customer_return` documents whose external id is the receipt id; the cursor is kept,
//! a run resumes from it, and broken pages and receipts are named.

use tanba_adapter_ofd::Ofd;
use tanba_adapter_sdk::{AfterFailure, Command, Context, Document, Guest, Reply, Send, Step};

/// 2026-11-25T12:00:00Z.
const NOW: i64 = 1_795_608_000;

fn context(max_pages: &str) -> Context {
    Context {
        now_unix_seconds: NOW,
        settings: vec![
            ("page-size".into(), "2".into()),
            ("max-pages".into(), max_pages.into()),
        ],
    }
}

fn reply(status: u16, file: &str) -> Reply {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(file);
    Reply {
        status,
        content_type: "application/json".into(),
        body: std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    }
}

fn expect_send(step: Step) -> Send {
    match step {
        Step::Send(send) => send,
        other => panic!("expected a send, got {other:?}"),
    }
}

fn documents(commands: &[Command]) -> Vec<&Document> {
    commands
        .iter()
        .map(|c| match c {
            Command::SubmitDocument(d) => d,
            other => panic!("expected a document, got {other:?}"),
        })
        .collect()
}

fn request_json(send: &Send) -> serde_json::Value {
    serde_json::from_slice(&send.message.body).expect("the request is JSON")
}

#[test]
fn receipts_become_sales_and_returns_and_the_cursor_is_kept() {
    let first = expect_send(Ofd::start_job(
        "receipts-poll".into(),
        context("50"),
        Vec::new(),
    ));
    assert_eq!(first.message.endpoint, "ofd-feed");
    assert_eq!(
        request_json(&first),
        serde_json::json!({"after": null, "limit": 2})
    );
    assert!(first.commands.is_empty());

    let second = expect_send(Ofd::on_reply(
        first.state,
        reply(200, "page-1.json"),
        context("50"),
    ));
    assert_eq!(request_json(&second)["after"], "000124");
    assert_eq!(second.message.idempotency_key, "ofd-after-000124");
    // Page 1's sale goes with the request for page 2; the purchase (`buy`) gives nothing.
    let sales = documents(&second.commands);
    assert_eq!(sales.len(), 1);
    let sale = sales[0];
    assert_eq!(
        (
            sale.kind.as_str(),
            sale.external_id.as_str(),
            sale.sender.as_str()
        ),
        ("retail_sale", "SWK00033717-000123", "000740001307")
    );
    let codes: Vec<_> = sale
        .lines
        .iter()
        .map(|l| l.code.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        codes,
        [
            "0104870249811936215Lk8a\u{1d}93dGVz",
            "0104870249811936215Lk8b\u{1d}93dGVy"
        ]
    );
    assert!(sale.lines.iter().all(|l| l.price_tiyn == Some(50_000)));
    assert!(
        sale.fields
            .contains(&("cash_register".into(), "SWK00033717".into()))
    );
    assert!(
        sale.fields
            .contains(&("sold_at".into(), "2026-11-25T10:15:00Z".into()))
    );

    let Step::Done(done) = Ofd::on_reply(second.state, reply(200, "page-2.json"), context("50"))
    else {
        panic!("the last page ends the run");
    };
    let returns = documents(&done.commands);
    assert_eq!(
        (returns[0].kind.as_str(), returns[0].external_id.as_str()),
        ("customer_return", "SWK00033717-000125")
    );
    // The next run starts after the kept cursor.
    let next = expect_send(Ofd::start_job(
        "receipts-poll".into(),
        context("50"),
        done.keep,
    ));
    assert_eq!(request_json(&next)["after"], "000125");
}

#[test]
fn a_run_stops_after_max_pages_and_the_next_goes_on() {
    let first = expect_send(Ofd::start_job(
        "receipts-poll".into(),
        context("1"),
        Vec::new(),
    ));
    let Step::Done(done) = Ofd::on_reply(first.state, reply(200, "page-1.json"), context("1"))
    else {
        panic!("one page per run");
    };
    assert_eq!(documents(&done.commands).len(), 1);
    let next = expect_send(Ofd::start_job(
        "receipts-poll".into(),
        context("1"),
        done.keep,
    ));
    assert_eq!(request_json(&next)["after"], "000124");
}

#[test]
fn a_retry_is_the_same_message_and_failures_are_classified() {
    let a = expect_send(Ofd::start_job(
        "receipts-poll".into(),
        context("50"),
        Vec::new(),
    ));
    let b = expect_send(Ofd::start_job(
        "receipts-poll".into(),
        context("50"),
        Vec::new(),
    ));
    assert_eq!(a, b);
    let cases = [
        (
            503,
            "page-1.json",
            "OFD_HTTP_STATUS",
            AfterFailure::RetryLater,
        ),
        (404, "page-1.json", "OFD_HTTP_STATUS", AfterFailure::GiveUp),
        (
            200,
            "malformed.json",
            "OFD_FEED_MALFORMED",
            AfterFailure::GiveUp,
        ),
        (
            200,
            "bad-quantity.json",
            "OFD_RECEIPT_INVALID",
            AfterFailure::GiveUp,
        ),
        (
            200,
            "bad-time.json",
            "OFD_RECEIPT_INVALID",
            AfterFailure::GiveUp,
        ),
    ];
    for (status, file, code, after) in cases {
        let Step::Failed(f) = Ofd::on_reply(a.state.clone(), reply(status, file), context("50"))
        else {
            panic!("{file} must fail");
        };
        assert_eq!((f.code.as_str(), f.after), (code, after), "{file}");
    }
    let Step::Failed(f) = Ofd::on_reply(
        a.state.clone(),
        reply(200, "bad-quantity.json"),
        context("50"),
    ) else {
        panic!("invalid");
    };
    assert!(
        f.reason.en.contains("SWK00033717-000125") && f.reason.en.contains("line 1: quantity 3"),
        "{}",
        f.reason.en
    );
    let mut bad = context("50");
    bad.settings[0].1 = "0".into();
    let Step::Failed(f) = Ofd::start_job("receipts-poll".into(), bad, Vec::new()) else {
        panic!("bad setting");
    };
    assert!(f.reason.en.contains("page-size"));
}
