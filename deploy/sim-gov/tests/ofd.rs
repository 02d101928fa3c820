//! The receipt-feed simulator against the fiscal-data adapter: the feed read page by page into
//! retail sales, resumed from the kept cursor, and its failures classified.

mod support;

use serde_json::json;
use support::*;
use tanba_adapter_ofd::Ofd;
use tanba_adapter_sdk::{AfterFailure, Command, Context, Guest, Step};
use tanba_sim_gov::{Mode, ofd};

fn context(settings: &[(&str, &str)]) -> Context {
    Context {
        now_unix_seconds: 1_795_564_800,
        settings: settings
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect(),
    }
}

#[tokio::test]
async fn the_feed_is_read_page_by_page_into_sales_and_resumes_from_the_cursor() {
    let sim = ofd::start().await.expect("simulator");
    sim.with(|f| {
        for i in 1..=3 {
            let code = format!("010460043993125621code{i}");
            f.receipts.push(ofd::sale(
                &format!("R-{i}"),
                "000740001307",
                "2026-11-25T10:00:00Z",
                &[&code],
                45_000,
            ));
        }
        f.receipts.push(json!({
            "id": "R-4", "fiscal_sign": "x", "seller_bin": "000740001307",
            "cash_register": {"serial": "S", "registration_number": "N"},
            "time": "2026-11-25T10:05:00Z", "operation": "sell",
            "lines": [{"name": "Хлеб", "price_tiyn": 30000, "quantity": 1}]
        }));
    });
    let settings = [("page-size", "2"), ("max-pages", "50")];
    let url = sim.url(ofd::FEED_PATH);
    let run = |kept: Vec<u8>| {
        let first = Ofd::start_job("receipts-poll".into(), context(&settings), kept);
        let url = url.clone();
        drive(
            first,
            move |_| url.clone(),
            |s, r| Ofd::on_reply(s, r, context(&settings)),
        )
    };
    let outcome = run(Vec::new()).await;
    let Step::Done(done) = &outcome.last else {
        panic!("{:?}", outcome.last)
    };
    assert_eq!(outcome.sent, 2);
    let ids: Vec<_> = outcome
        .commands
        .iter()
        .map(|c| match c {
            Command::SubmitDocument(d) => (d.kind.clone(), d.external_id.clone()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        ids,
        [1, 2, 3].map(|i| ("retail_sale".to_owned(), format!("R-{i}")))
    );
    // Nothing new: one request after the cursor, no documents.
    let again = run(done.keep.clone()).await;
    assert_eq!((again.sent, again.commands.len()), (1, 0));
    assert!(
        sim.received()
            .last()
            .expect("a request")
            .body
            .contains("\"after\":\"000004\"")
    );
    sim.set_mode(Mode::Malformed);
    let Step::Failed(f) = run(done.keep.clone()).await.last else {
        panic!("malformed")
    };
    assert_eq!(f.code, "OFD_FEED_MALFORMED");
    sim.set_mode(Mode::Fault);
    let Step::Failed(f) = run(done.keep.clone()).await.last else {
        panic!("down")
    };
    assert_eq!(
        (f.code.as_str(), f.after),
        ("OFD_HTTP_STATUS", AfterFailure::RetryLater)
    );
}
