//! Emission over the API (issue 3; R1, R2): orders reserve disjoint serial ranges, print files
//! carry genuine codes in the group's format, codes look up to their order, rotated keys keep
//! verifying, and forged or never-emitted codes are told apart.

mod support;

use std::collections::HashSet;

use http::StatusCode;
use serde_json::{Value, json};
use support::*;
use tanba_domain::{Ai, ElementString};

async fn order(w: &World, token: &str, quantity: i64) -> (StatusCode, Value) {
    w.call(
        "POST",
        "/api/v1/orders",
        token,
        Some(json!({ "gtin": GTIN, "quantity": quantity })),
    )
    .await
}

async fn status_of(w: &World, token: &str, code: &str) -> (StatusCode, Value) {
    w.call(
        "POST",
        "/api/v1/codes/status",
        token,
        Some(json!({ "code": code })),
    )
    .await
}

#[tokio::test]
async fn an_orders_print_file_holds_genuine_unique_codes_of_the_group_format() {
    let w = world().await;
    w.with_product().await;
    let (status, placed) = order(&w, &w.maker, 1000).await;
    assert_eq!(status, StatusCode::CREATED, "{placed}");
    let id = placed["id"].as_str().expect("an id").to_owned();
    let (status, text) = w.print_file(&w.maker, &id, "txt").await;
    assert_eq!(status, StatusCode::OK);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1000);
    let mut serials = HashSet::new();
    for line in &lines {
        let code = ElementString::parse_raw(line).expect("a GS1 element string");
        assert_eq!(code.gtin().map(|g| g.to_string()).as_deref(), Some(GTIN));
        let serial = code.serial().expect("a serial");
        assert_eq!(
            serial.chars().count(),
            7,
            "tobacco serials have 7 characters"
        );
        assert_eq!(code.get(Ai::SHORT_VERIFICATION_CODE).map(str::len), Some(4));
        assert!(serials.insert(serial.to_owned()), "serial {serial} repeats");
    }
    for line in lines.iter().step_by(250) {
        let (status, found) = status_of(&w, &w.maker, line).await;
        assert_eq!(status, StatusCode::OK, "{found}");
        assert_eq!(found["status"], "EMITTED");
        assert_eq!(found["order_id"], id.as_str());
    }
    let (_, seen_by_retailer) = status_of(&w, &w.retailer, lines[0]).await;
    assert!(
        seen_by_retailer.get("order_id").is_none(),
        "{seen_by_retailer}"
    );
    let (status, csv) = w.print_file(&w.maker, &id, "csv").await;
    assert_eq!(status, StatusCode::OK);
    let mut rows = csv.lines();
    assert_eq!(
        rows.next(),
        Some("gtin,serial,key_id,verification_code,code")
    );
    assert_eq!(rows.count(), 1000);
}

#[tokio::test]
async fn orders_belong_to_the_gtins_owner_and_their_files_to_the_orderer() {
    let w = world().await;
    w.with_product().await;
    let (status, body) = order(&w, &w.other_maker, 10).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("GTIN_NOT_OWNED"))
    );
    let (status, body) = order(&w, &w.maker, 0).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"][0]["pointer"], "/quantity");
    let (status, body) = order(&w, &w.maker, 1_000_001).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (_, placed) = order(&w, &w.maker, 5).await;
    let id = placed["id"].as_str().expect("an id");
    let (status, _) = w.print_file(&w.other_maker, id, "txt").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = w.print_file(&w.operator, id, "txt").await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "the operator sees orders, never prints them"
    );
    let (status, seen) = w
        .call("GET", &format!("/api/v1/orders/{id}"), &w.operator, None)
        .await;
    assert_eq!(
        (status, seen["quantity"].as_i64()),
        (StatusCode::OK, Some(5))
    );
    let (status, _) = w
        .call("GET", "/api/v1/orders/not-a-uuid", &w.maker, None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, mine) = w.call("GET", "/api/v1/orders", &w.maker, None).await;
    assert_eq!(mine["items"][0]["id"], id);
}

#[tokio::test]
async fn concurrent_orders_for_one_gtin_never_share_a_serial() {
    let w = world().await;
    w.with_product().await;
    let placed = futures_util::future::join_all((0..8).map(|_| order(&w, &w.maker, 500))).await;
    let mut serials = HashSet::new();
    for (status, body) in placed {
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let (_, text) = w
            .print_file(&w.maker, body["id"].as_str().expect("id"), "txt")
            .await;
        for line in text.lines() {
            let code = ElementString::parse_raw(line).expect("a code");
            assert!(serials.insert(code.serial().expect("serial").to_owned()));
        }
    }
    assert_eq!(serials.len(), 4000);
}

#[tokio::test]
async fn rotated_keys_keep_verifying_and_forged_or_unissued_codes_are_refused() {
    let w = world().await;
    w.with_product().await;
    let (_, before) = order(&w, &w.maker, 3).await;
    let (_, old_file) = w
        .print_file(&w.maker, before["id"].as_str().expect("id"), "txt")
        .await;
    let old_code = old_file.lines().next().expect("a code").to_owned();
    let (status, rotated) = w
        .call(
            "POST",
            "/api/v1/product-groups/tobacco/keys",
            &w.operator,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{rotated}");
    let (_, after) = order(&w, &w.maker, 3).await;
    assert_eq!(after["key_id"], rotated["key_id"]);
    assert_ne!(after["key_id"], before["key_id"]);
    let (status, found) = status_of(&w, &w.maker, &old_code).await;
    assert_eq!(
        (status, found["key_id"].clone()),
        (StatusCode::OK, before["key_id"].clone())
    );

    let mut forged = old_code.clone();
    let last = forged.pop().expect("a tail");
    forged.push(if last == 'A' { 'B' } else { 'A' });
    let (status, problem) = status_of(&w, &w.maker, &forged).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["code"], "VERIFICATION_CODE_MISMATCH");
    // Serials of the right shape that no order reserved: the registry never issued them.
    let w = &w;
    let unissued = (0..50)
        .map(|i| format!("01{GTIN}21Zz{i:05}\u{1d}93AAAA"))
        .map(|code| async move { status_of(w, &w.maker, &code).await })
        .collect::<Vec<_>>();
    let answers = futures_util::future::join_all(unissued).await;
    assert!(
        answers
            .iter()
            .all(|(s, p)| *s == StatusCode::NOT_FOUND && p["code"] == "SERIAL_NOT_EMITTED"),
        "{answers:?}"
    );
    let (status, problem) = w
        .call_in(
            "POST",
            "/api/v1/codes/status",
            &w.maker,
            Some(json!({ "code": "01048700000000122112" })),
            "kk",
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["errors"][0]["pointer"], "/code");
}

#[tokio::test]
async fn a_print_file_of_many_chunks_comes_whole_and_in_order() {
    let w = world().await;
    w.with_product().await;
    let (_, placed) = order(&w, &w.maker, 25_000).await;
    let id = placed["id"].as_str().expect("an id");
    let (_, text) = w.print_file(&w.maker, id, "txt").await;
    let (_, csv) = w.print_file(&w.maker, id, "csv").await;
    let lines: Vec<&str> = text.lines().collect();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!((lines.len(), rows.len()), (25_000, 25_000));
    assert_eq!(csv.matches("gtin,serial").count(), 1, "one CSV header");
    assert_eq!(lines.iter().collect::<HashSet<_>>().len(), 25_000);
    for i in [0, 9_999, 10_000, 19_999, 20_000, 24_999] {
        let bracketed = ElementString::parse_raw(lines[i])
            .expect("a code")
            .to_bracketed();
        assert!(
            rows[i].ends_with(&bracketed),
            "line {i}: {} vs {}",
            rows[i],
            bracketed
        );
    }
}
