//! Documents over the API (issue 5; R3, R4, R8, R10): introduction, shipment and acceptance
//! move goods and ownership atomically; bad documents are refused at the door or rejected with
//! findings in kk/ru/en and change nothing; resubmissions are idempotent; parallel documents
//! on one code are serialised.

mod support;

use http::StatusCode;
use serde_json::{Value, json};
use support::*;

async fn status_of(w: &World, code: &str) -> Value {
    let (_, found) = w
        .call(
            "POST",
            "/api/v1/codes/status",
            &w.maker,
            Some(json!({ "code": code })),
        )
        .await;
    found["status"].clone()
}

async fn story(w: &World, token: &str, code: &str) -> Value {
    let encoded = encoded(code);
    let (status, body) = w
        .call(
            "GET",
            &format!("/api/v1/units/trace?code={encoded}"),
            token,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn introduce(w: &World, codes: &[String]) {
    let doc = w
        .document(&w.maker, json!({ "kind": "introduction", "route": "PRODUCTION", "production_date": "2026-11-20", "units": codes }))
        .await;
    assert_eq!(doc["status"], "applied", "{doc}");
}

#[tokio::test]
async fn goods_move_from_introduction_through_shipment_to_partial_acceptance() {
    let w = world().await;
    w.with_product().await;
    let codes = w.applied_codes(3).await;
    introduce(&w, &codes).await;
    assert_eq!(status_of(&w, &codes[0]).await, "INTRODUCED");
    let pack = sscc(1);
    let body =
        json!({ "operation": "aggregate", "parent": pack, "children": [codes[0], codes[1]] });
    let (status, packed) = w
        .call("POST", "/api/v1/aggregations", &w.maker, Some(body))
        .await;
    assert_eq!(status, StatusCode::OK, "{packed}");

    let shipment = w
        .document(
            &w.maker,
            json!({ "kind": "shipment", "receiver": RETAILER, "units": [pack, codes[2]] }),
        )
        .await;
    assert_eq!(shipment["status"], "applied", "{shipment}");
    assert_eq!(shipment["progress"], json!({ "checked": 2, "total": 2 }));
    let (_, seen) = w
        .call(
            "GET",
            &format!("/api/v1/documents/{}", shipment["id"].as_str().expect("id")),
            &w.retailer,
            None,
        )
        .await;
    assert_eq!(seen["kind"], "shipment", "the receiver reads the shipment");

    let acceptance = w
        .document(&w.retailer, json!({ "kind": "acceptance", "shipment": shipment["id"], "result": "partial", "accepted": [pack] }))
        .await;
    assert_eq!(acceptance["status"], "applied", "{acceptance}");
    let packed_code = story(&w, &w.retailer, &codes[0]).await;
    assert_eq!(packed_code["owner"], RETAILER);
    let events: Vec<&str> = packed_code["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|h| h["event"].as_str())
        .collect();
    assert_eq!(
        events,
        ["EMIT", "APPLY", "INTRODUCE", "AGGREGATE", "SHIP", "ACCEPT"]
    );
    let causes: Vec<&str> = packed_code["history"]
        .as_array()
        .expect("history")
        .iter()
        .skip(4)
        .filter_map(|h| h["cause_id"].as_str())
        .collect();
    assert_eq!(
        causes,
        [
            shipment["id"].as_str().expect("id"),
            acceptance["id"].as_str().expect("id")
        ]
    );
    let returned = story(&w, &w.maker, &codes[2]).await;
    assert_eq!(
        (
            returned["owner"].as_str(),
            returned["history"]
                .as_array()
                .and_then(|h| h.last())
                .and_then(|h| h["event"].as_str())
        ),
        (Some(MAKER), Some("RETURN"))
    );

    let again = w
        .document(
            &w.retailer,
            json!({ "kind": "acceptance", "shipment": shipment["id"], "result": "full" }),
        )
        .await;
    assert_eq!(
        (
            again["status"].as_str(),
            again["findings"][0]["code"].as_str()
        ),
        (Some("rejected"), Some("SHIPMENT_ANSWERED")),
        "{again}"
    );
}

#[tokio::test]
async fn malformed_documents_are_refused_at_the_door() {
    let w = world().await;
    w.with_product().await;
    let codes = w.applied_codes(2).await;
    let post = |body: &'static str| {
        let w = &w;
        async move {
            let response = w
                .app
                .http
                .post(format!("{}/api/v1/documents", w.app.address))
                .bearer_auth(&w.maker)
                .header("accept-language", "ru")
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .expect("sent");
            (
                response.status(),
                response.json::<Value>().await.expect("json"),
            )
        }
    };
    let (status, body) = post("{\"kind\": \"shipment\", ").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("DOCUMENT_MALFORMED")),
        "{body}"
    );
    assert!(
        body["detail"].as_str().is_some_and(|d| d.contains("JSON")),
        "{body}"
    );
    let (status, body) = post("{\"kind\": \"teleport\", \"units\": []}").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("DOCUMENT_INVALID")),
        "{body}"
    );
    let (status, body) = w.call("POST", "/api/v1/documents", &w.maker, Some(json!({ "kind": "write_off", "reason": "LOSS", "units": [codes[0], codes[1], codes[0]] }))).await;
    assert_eq!(
        (status, body["errors"][0]["pointer"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("/units/2")),
        "{body}"
    );
    let (status, body) = w
        .call(
            "POST",
            "/api/v1/documents",
            &w.maker,
            Some(json!({ "kind": "shipment", "receiver": "990640000005", "units": [codes[0]] })),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("RECEIVER_UNKNOWN")),
        "{body}"
    );
    let (_, listed) = w.call("GET", "/api/v1/documents", &w.maker, None).await;
    assert_eq!(
        listed["items"].as_array().map(Vec::len),
        Some(0),
        "nothing was stored: {listed}"
    );
}

#[tokio::test]
async fn documents_that_break_a_rule_are_rejected_with_findings_and_change_nothing() {
    let w = world().await;
    w.with_product().await;
    let codes = w.applied_codes(3).await;
    // Shipping before introduction: not in circulation.
    let doc = w
        .document(
            &w.maker,
            json!({ "kind": "shipment", "receiver": RETAILER, "units": [codes[0]] }),
        )
        .await;
    assert_eq!(
        (doc["status"].as_str(), doc["findings"][0]["code"].as_str()),
        (Some("rejected"), Some("UNIT_NOT_IN_CIRCULATION")),
        "{doc}"
    );
    assert_eq!(doc["findings"][0]["path"], "/units/0");
    for lang in ["kk", "ru", "en"] {
        assert!(
            doc["findings"][0]["message"][lang]
                .as_str()
                .is_some_and(|t| t.contains(&codes[0][..16])),
            "{lang}: {doc}"
        );
    }
    // Someone else's codes.
    let doc = w
        .document(
            &w.other_maker,
            json!({ "kind": "write_off", "reason": "LOSS", "units": [codes[1]] }),
        )
        .await;
    assert_eq!(doc["findings"][0]["code"], "UNIT_NOT_OWNED", "{doc}");
    // One bad unit rejects the whole document: the good one stays as it was.
    let never_applied = format!("01{GTIN}21zzzzzzz");
    let doc = w.document(&w.maker, json!({ "kind": "introduction", "route": "PRODUCTION", "units": [codes[2], never_applied] })).await;
    assert_eq!(
        (doc["status"].as_str(), doc["findings"][0]["path"].as_str()),
        (Some("rejected"), Some("/units/1")),
        "{doc}"
    );
    assert_eq!(status_of(&w, &codes[2]).await, "APPLIED");
    // A receiver outside the goods' product group.
    introduce(&w, &codes[..1]).await;
    let pharma_only = json!({ "id": "990640000005", "names": { "kk": "Дәріхана", "ru": "Аптека" }, "roles": ["retailer"], "product_groups": ["pharma"] });
    let (status, _) = w
        .call(
            "POST",
            "/api/v1/participants",
            &w.operator,
            Some(pharma_only),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let doc = w
        .document(
            &w.maker,
            json!({ "kind": "shipment", "receiver": "990640000005", "units": [codes[0]] }),
        )
        .await;
    assert_eq!(doc["findings"][0]["code"], "RECEIVER_NOT_IN_GROUP", "{doc}");
    assert_eq!(story(&w, &w.maker, &codes[0]).await["owner"], MAKER);
}

#[tokio::test]
async fn a_resubmission_with_the_same_key_returns_the_first_document() {
    let w = world().await;
    w.with_product().await;
    let codes = w.applied_codes(1).await;
    let body = json!({ "kind": "introduction", "route": "PRODUCTION", "units": codes });
    let send = || async {
        w.app
            .http
            .post(format!("{}/api/v1/documents", w.app.address))
            .bearer_auth(&w.maker)
            .header("idempotency-key", "erp-42")
            .json(&body)
            .send()
            .await
            .expect("sent")
    };
    let first = send().await;
    assert_eq!(first.status(), StatusCode::ACCEPTED);
    let first: Value = first.json().await.expect("json");
    let second = send().await;
    assert_eq!(second.status(), StatusCode::OK);
    assert_eq!(
        second
            .headers()
            .get("idempotent-replayed")
            .and_then(|v| v.to_str().ok()),
        Some("true")
    );
    let second: Value = second.json().await.expect("json");
    assert_eq!(first["id"], second["id"]);
    let decided = w.decided(&w.maker, first["id"].as_str().expect("id")).await;
    assert_eq!(decided["status"], "applied");
    let introductions = story(&w, &w.maker, &codes[0]).await["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter(|h| h["event"] == "INTRODUCE")
        .count();
    assert_eq!(introductions, 1);
}

#[tokio::test]
async fn parallel_documents_on_one_code_are_serialised_and_one_wins() {
    let w = world().await;
    w.with_product().await;
    let codes = w.applied_codes(1).await;
    introduce(&w, &codes).await;
    let submit = |reason: &'static str| {
        let w = &w;
        let codes = codes.clone();
        async move {
            w.document(
                &w.maker,
                json!({ "kind": "write_off", "reason": reason, "units": codes }),
            )
            .await
        }
    };
    let decided = futures_util::future::join_all(
        ["LOSS", "DAMAGE", "EXPIRY", "DESTRUCTION", "OTHER", "LOSS"].map(submit),
    )
    .await;
    let applied = decided.iter().filter(|d| d["status"] == "applied").count();
    assert_eq!(applied, 1, "{decided:?}");
    assert!(
        decided
            .iter()
            .filter(|d| d["status"] == "rejected")
            .all(|d| d["findings"][0]["code"] == "ILLEGAL_TRANSITION"),
        "{decided:?}"
    );
    assert_eq!(status_of(&w, &codes[0]).await, "WRITTEN_OFF");
}

#[tokio::test]
async fn sales_returns_exports_and_remarks_follow_the_lifecycle() {
    let w = world().await;
    w.with_product().await;
    let codes = w.applied_codes(5).await;
    introduce(&w, &codes[..4]).await;
    let doc = w
        .document(
            &w.maker,
            json!({ "kind": "retail_sale", "units": [codes[0]] }),
        )
        .await;
    assert_eq!(doc["status"], "applied", "{doc}");
    assert_eq!(status_of(&w, &codes[0]).await, "RETIRED");
    let doc = w
        .document(
            &w.maker,
            json!({ "kind": "write_off", "reason": "LOSS", "units": [codes[0]] }),
        )
        .await;
    assert_eq!(
        doc["findings"][0]["code"], "ILLEGAL_TRANSITION",
        "a sold unit is not written off: {doc}"
    );
    let doc = w
        .document(
            &w.maker,
            json!({ "kind": "customer_return", "units": [codes[0]] }),
        )
        .await;
    assert_eq!(doc["status"], "applied", "{doc}");
    assert_eq!(status_of(&w, &codes[0]).await, "INTRODUCED");
    let doc = w
        .document(
            &w.maker,
            json!({ "kind": "eaeu_export", "country": "KG", "units": [codes[1]] }),
        )
        .await;
    assert_eq!(doc["status"], "applied", "{doc}");
    assert_eq!(status_of(&w, &codes[1]).await, "WITHDRAWN");

    let doc = w
        .document(
            &w.maker,
            json!({ "kind": "remark", "old": codes[2], "new": codes[4] }),
        )
        .await;
    assert_eq!(doc["status"], "applied", "{doc}");
    let old = story(&w, &w.maker, &codes[2]).await;
    let new = story(&w, &w.maker, &codes[4]).await;
    assert_eq!(
        (old["status"].as_str(), new["status"].as_str()),
        (Some("WRITTEN_OFF"), Some("INTRODUCED"))
    );
    assert_eq!(old["replaced_by"], new["unit"]);
    assert_eq!(new["replaces"], old["unit"]);
    let doc = w
        .document(
            &w.maker,
            json!({ "kind": "remark", "old": codes[3], "new": codes[4] }),
        )
        .await;
    assert_eq!(
        (
            doc["findings"][0]["code"].as_str(),
            doc["findings"][0]["path"].as_str()
        ),
        (Some("ILLEGAL_TRANSITION"), Some("/new")),
        "an introduced code replaces nothing: {doc}"
    );
}

#[tokio::test]
async fn aggregation_documents_and_returns_to_a_former_owner() {
    let w = world().await;
    w.with_product().await;
    let codes = w.applied_codes(2).await;
    introduce(&w, &codes).await;
    let pack = sscc(7);
    let doc = w.document(&w.maker, json!({ "kind": "aggregation", "operation": "aggregate", "parent": pack, "children": codes })).await;
    assert_eq!(doc["status"], "applied", "{doc}");
    let packed = story(&w, &w.maker, &codes[0]).await;
    let last = packed["history"]
        .as_array()
        .and_then(|h| h.last())
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (
            last["event"].as_str(),
            last["cause_kind"].as_str(),
            last["cause_id"].as_str()
        ),
        (Some("AGGREGATE"), Some("document"), doc["id"].as_str())
    );

    let shipment = w
        .document(
            &w.maker,
            json!({ "kind": "shipment", "receiver": RETAILER, "units": [pack] }),
        )
        .await;
    let accepted = w
        .document(
            &w.retailer,
            json!({ "kind": "acceptance", "shipment": shipment["id"], "result": "full" }),
        )
        .await;
    assert_eq!(accepted["status"], "applied", "{accepted}");
    let doc = w
        .document(
            &w.retailer,
            json!({ "kind": "return", "receiver": OTHER_MAKER, "units": [pack] }),
        )
        .await;
    assert_eq!(
        doc["findings"][0]["code"], "RETURN_NOT_FORMER_OWNER",
        "{doc}"
    );
    let back = w
        .document(
            &w.retailer,
            json!({ "kind": "return", "receiver": MAKER, "units": [pack] }),
        )
        .await;
    assert_eq!(back["status"], "applied", "{back}");
    let taken = w
        .document(
            &w.maker,
            json!({ "kind": "acceptance", "shipment": back["id"], "result": "full" }),
        )
        .await;
    assert_eq!(taken["status"], "applied", "{taken}");
    assert_eq!(story(&w, &w.maker, &codes[1]).await["owner"], MAKER);
}
