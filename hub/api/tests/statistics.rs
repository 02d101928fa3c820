//! Statistics for owners over the API (issue 9; R14): after a realistic run of goods (emission,
//! application, introduction, shipment in a transport unit, partial acceptance, retail sale,
//! write-off, export, customer return, return to the former owner) the aggregates answer exactly
//! what the units, their history and the orders say (the queries the rebuild runs); wiped and
//! rebuilt from the registry they are the same rows again; a participant sees
//! only its own statistics, the operator anyone's; bad parameters are 400 problems naming the
//! parameter in kk, ru and en.

mod support;

use std::collections::BTreeMap;

use http::StatusCode;
use serde_json::{Value, json};
use support::*;
use tanba_store::statistics::{FLOWS_FROM_REGISTRY, STOCK_FROM_REGISTRY};

/// A pharma GTIN of MAKER whose codes are ordered and never applied.
const PHARMA_GTIN: &str = "04870000000029";

/// Flows straight from the history and the orders (the rebuild's query, summed over GTINs):
/// (owner, day in Asia/Almaty, flow) -> units.
fn flows_reference() -> String {
    format!(
        "select owner, day::text, flow, sum(units)::int8 from ({FLOWS_FROM_REGISTRY}) f
         group by 1, 2, 3"
    )
}

async fn applied(w: &World, token: &str, body: Value) -> Value {
    let doc = w.document(token, body).await;
    assert_eq!(doc["status"], "applied", "{doc}");
    doc
}

/// The run of goods the statistics are checked after.
async fn trade(w: &World) {
    w.with_product().await;
    let (status, body) = w
        .call(
            "PUT",
            &format!("/api/v1/products/{PHARMA_GTIN}"),
            &w.maker,
            Some(product_body("pharma")),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = w
        .call(
            "POST",
            "/api/v1/orders",
            &w.maker,
            Some(json!({ "gtin": PHARMA_GTIN, "quantity": 3 })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let c = w.applied_codes(8).await;
    applied(
        w,
        &w.maker,
        json!({ "kind": "introduction", "route": "PRODUCTION", "units": c[..7] }),
    )
    .await;
    let pack = sscc(7);
    let body = json!({ "operation": "aggregate", "parent": pack, "children": [c[0], c[1]] });
    let (status, packed) = w
        .call("POST", "/api/v1/aggregations", &w.maker, Some(body))
        .await;
    assert_eq!(status, StatusCode::OK, "{packed}");
    let shipment = applied(
        w,
        &w.maker,
        json!({ "kind": "shipment", "receiver": RETAILER, "units": [pack, c[2], c[3]] }),
    )
    .await;
    applied(w, &w.retailer, json!({ "kind": "acceptance", "shipment": shipment["id"], "result": "partial", "accepted": [pack, c[2]] })).await;
    applied(
        w,
        &w.retailer,
        json!({ "kind": "retail_sale", "units": [c[2]] }),
    )
    .await;
    applied(
        w,
        &w.maker,
        json!({ "kind": "write_off", "reason": "LOSS", "units": [c[4]] }),
    )
    .await;
    applied(
        w,
        &w.maker,
        json!({ "kind": "eaeu_export", "country": "KG", "units": [c[5]] }),
    )
    .await;
    applied(
        w,
        &w.retailer,
        json!({ "kind": "customer_return", "units": [c[2]] }),
    )
    .await;
    let back = applied(
        w,
        &w.retailer,
        json!({ "kind": "return", "receiver": MAKER, "units": [c[2]] }),
    )
    .await;
    applied(
        w,
        &w.maker,
        json!({ "kind": "acceptance", "shipment": back["id"], "result": "full" }),
    )
    .await;
}

async fn reference_rows(w: &World, sql: &str) -> Vec<(String, String, String, i64)> {
    let db = w.app.db.as_ref().expect("the test database").pool();
    let client = db.client().await.expect("a connection");
    client
        .query(sql, &[])
        .await
        .expect("the reference query")
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect()
}

fn status_field(status: &str) -> String {
    status.to_lowercase()
}

/// A participant's stock as the API answers it: (gtin, status) -> codes.
async fn api_stock(w: &World, token: &str, query: &str) -> BTreeMap<(String, String), i64> {
    let (status, body) = w
        .call(
            "GET",
            &format!("/api/v1/statistics/stock{query}"),
            token,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut cells = BTreeMap::new();
    for gtin in body["gtins"].as_array().expect("gtins") {
        for (status, n) in gtin["statuses"].as_object().expect("statuses") {
            let n = n.as_i64().expect("a count");
            if n != 0 {
                cells.insert(
                    (
                        gtin["gtin"].as_str().expect("a gtin").to_owned(),
                        status.clone(),
                    ),
                    n,
                );
            }
        }
    }
    cells
}

#[tokio::test]
async fn statistics_equal_what_the_units_and_their_history_say() {
    let w = world().await;
    trade(&w).await;

    let stock = reference_rows(&w, STOCK_FROM_REGISTRY).await;
    for (who, token) in [(MAKER, &w.maker), (RETAILER, &w.retailer)] {
        let want: BTreeMap<(String, String), i64> = stock
            .iter()
            .filter(|r| r.0 == who)
            .map(|(_, gtin, status, n)| ((gtin.clone(), status_field(status)), *n))
            .collect();
        assert!(!want.is_empty(), "{who} holds goods");
        assert_eq!(api_stock(&w, token, "").await, want, "stock of {who}");
    }
    // The run leaves MAKER with goods in four statuses and three never-applied pharma codes.
    let maker = api_stock(&w, &w.maker, "").await;
    let cell = |gtin: &str, status: &str| maker.get(&(gtin.to_owned(), status.to_owned())).copied();
    assert_eq!(cell(PHARMA_GTIN, "emitted"), Some(3));
    assert_eq!(cell(GTIN, "applied"), Some(1));
    assert_eq!(cell(GTIN, "written_off"), Some(1));
    assert_eq!(cell(GTIN, "withdrawn"), Some(1));
    let pharma = api_stock(&w, &w.maker, "?group=pharma").await;
    assert_eq!(
        pharma.keys().map(|k| k.0.as_str()).collect::<Vec<_>>(),
        [PHARMA_GTIN]
    );

    let flows = reference_rows(&w, &flows_reference()).await;
    let days: Vec<&String> = flows.iter().map(|r| &r.1).collect();
    let (from, to) = (
        days.iter().min().expect("a day"),
        days.iter().max().expect("a day"),
    );
    for (who, token) in [(MAKER, &w.maker), (RETAILER, &w.retailer)] {
        let mut want: BTreeMap<(String, String), i64> = BTreeMap::new();
        for (_, day, flow, n) in flows.iter().filter(|r| r.0 == who) {
            *want.entry((day.clone(), flow.clone())).or_default() += n;
        }
        let (status, body) = w
            .call(
                "GET",
                &format!("/api/v1/statistics/flows?period=day&from={from}&to={to}"),
                token,
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let mut got = BTreeMap::new();
        for point in body["points"].as_array().expect("points") {
            for (flow, n) in point["flows"].as_object().expect("flows") {
                let n = n.as_i64().expect("units");
                if n != 0 {
                    got.insert(
                        (
                            point["start"].as_str().expect("a day").to_owned(),
                            flow.clone(),
                        ),
                        n,
                    );
                }
            }
        }
        assert_eq!(got, want, "flows of {who}");
        // Months sum the same days.
        let (_, months) = w
            .call(
                "GET",
                &format!("/api/v1/statistics/flows?period=month&from={from}&to={to}"),
                token,
                None,
            )
            .await;
        let total = |v: &Value, flow: &str| -> i64 {
            v["points"]
                .as_array()
                .expect("points")
                .iter()
                .map(|p| p["flows"][flow].as_i64().unwrap_or(0))
                .sum()
        };
        for flow in ["introduced", "shipped", "received", "sold"] {
            let want: i64 = want
                .iter()
                .filter(|(k, _)| k.1 == flow)
                .map(|(_, n)| n)
                .sum();
            assert_eq!(total(&months, flow), want, "{who} {flow} by month");
        }
    }

    let (status, top) = w
        .call(
            "GET",
            &format!("/api/v1/statistics/top-gtins?flow=introduced&from={from}&to={to}"),
            &w.maker,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{top}");
    let introduced: i64 = flows
        .iter()
        .filter(|r| r.0 == MAKER && r.2 == "introduced")
        .map(|r| r.3)
        .sum();
    assert_eq!(
        top["gtins"],
        json!([{ "gtin": GTIN, "product_group": "tobacco", "units": introduced }])
    );
}

/// Every row of the three aggregate tables that is not zero, as text, in key order.
async fn aggregates(w: &World) -> Vec<String> {
    let db = w.app.db.as_ref().expect("the test database").pool();
    let client = db.client().await.expect("a connection");
    let mut rows = Vec::new();
    for sql in [
        "select concat_ws(' ', 'stock', owner, gtin, status, product_group, units)
         from stat_stock where units <> 0 order by owner, gtin, status",
        "select concat_ws(' ', 'flow', owner, gtin, day, flow, product_group, units)
         from stat_flows where units <> 0 order by owner, gtin, day, flow",
        "select concat_ws(' ', 'group', owner, product_group, day, flow, units)
         from stat_flows_group where units <> 0 order by owner, product_group, day, flow",
    ] {
        let found = client.query(sql, &[]).await.expect("the aggregates");
        rows.extend(found.iter().map(|r| r.get::<_, String>(0)));
    }
    rows
}

/// Issue 9: a database whose aggregates are empty (units from before migration 0012) gets them
/// back from the registry, exactly as the documents had recorded them; rebuilding again
/// changes nothing.
#[tokio::test]
async fn a_rebuild_from_the_registry_equals_the_incremental_statistics() {
    let w = world().await;
    trade(&w).await;
    let incremental = aggregates(&w).await;
    for kind in ["stock", "flow", "group"] {
        assert!(
            incremental.iter().any(|r| r.starts_with(kind)),
            "the run recorded {kind} rows: {incremental:#?}"
        );
    }
    let db = w.app.db.as_ref().expect("the test database").pool();
    db.client()
        .await
        .expect("a connection")
        .batch_execute(
            "delete from stat_stock; delete from stat_flows; delete from stat_flows_group",
        )
        .await
        .expect("the aggregates wiped");
    assert!(aggregates(&w).await.is_empty());
    let rebuilt = db.rebuild_statistics().await.expect("a rebuild");
    assert_eq!(aggregates(&w).await, incremental);
    assert_eq!(
        usize::try_from(rebuilt.stock + rebuilt.flows + rebuilt.group_flows),
        Ok(incremental.len())
    );
    assert_eq!(db.rebuild_statistics().await.expect("again"), rebuilt);
    assert_eq!(aggregates(&w).await, incremental);
}

#[tokio::test]
async fn only_the_owner_and_the_operator_read_statistics() {
    let w = world().await;
    trade(&w).await;
    let own = api_stock(&w, &w.maker, "").await;
    assert_eq!(
        api_stock(&w, &w.operator, &format!("?participant={MAKER}")).await,
        own
    );
    assert_eq!(
        api_stock(&w, &w.maker, &format!("?participant={MAKER}")).await,
        own
    );

    let (status, body) = w
        .call(
            "GET",
            &format!("/api/v1/statistics/stock?participant={MAKER}"),
            &w.retailer,
            None,
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("STATISTICS_NOT_YOURS")),
        "{body}"
    );
    let (status, body) = w
        .call(
            "GET",
            &format!("/api/v1/statistics/flows?participant={MAKER}"),
            &w.other_maker,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = w
        .call("GET", "/api/v1/statistics/stock", &w.regulator, None)
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a regulator owns no goods: {body}"
    );
    let (status, body) = w
        .call(
            "GET",
            "/api/v1/statistics/stock?participant=990640000005",
            &w.operator,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    // A foreign participant's own statistics show none of MAKER's goods.
    assert!(api_stock(&w, &w.other_maker, "").await.is_empty());
}

#[tokio::test]
async fn bad_parameters_are_400_problems_naming_them_in_three_languages() {
    let w = world().await;
    let cases = [
        ("stock?gtin=123", "/gtin", "STATISTICS_GTIN_INVALID"),
        ("stock?group=Tobacco!", "/group", "STATISTICS_GROUP_INVALID"),
        ("stock?limit=0", "/limit", "STATISTICS_NUMBER_INVALID"),
        (
            "stock?participant=abc",
            "/participant",
            "STATISTICS_PARTICIPANT_INVALID",
        ),
        ("flows?period=year", "/period", "STATISTICS_PERIOD_INVALID"),
        ("flows?from=2026-02-30", "/from", "STATISTICS_DATE_INVALID"),
        ("flows?to=yesterday", "/to", "STATISTICS_DATE_INVALID"),
        (
            "flows?from=2026-05-02&to=2026-05-01",
            "/from",
            "STATISTICS_RANGE_REVERSED",
        ),
        (
            "flows?period=day&from=2024-01-01&to=2026-01-01",
            "/from",
            "STATISTICS_RANGE_TOO_LONG",
        ),
        ("top-gtins?flow=stolen", "/flow", "STATISTICS_FLOW_INVALID"),
        (
            "top-gtins?limit=1000",
            "/limit",
            "STATISTICS_NUMBER_INVALID",
        ),
    ];
    for (query, pointer, code) in cases {
        let mut details = Vec::new();
        for lang in ["kk", "ru", "en"] {
            let path = format!("/api/v1/statistics/{query}");
            let (status, body) = w.call_in("GET", &path, &w.maker, None, lang).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{query} {lang}: {body}");
            assert_eq!(body["code"], code, "{query}");
            assert_eq!(body["errors"][0]["pointer"], pointer, "{query}");
            let detail = body["errors"][0]["detail"]
                .as_str()
                .expect("a detail")
                .to_owned();
            assert!(
                detail.contains(&pointer[1..]),
                "{query} {lang} names the parameter: {detail}"
            );
            details.push(detail);
        }
        assert!(
            details[0] != details[1] && details[1] != details[2],
            "{details:?}"
        );
    }
    // The week and month periods allow longer ranges than days do.
    let (status, body) = w
        .call(
            "GET",
            "/api/v1/statistics/flows?period=week&from=2024-01-01&to=2026-01-01",
            &w.maker,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["points"][0]["start"], "2024-01-01",
        "ISO weeks start on Monday"
    );
}
