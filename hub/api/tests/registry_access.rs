//! The registry's API (issue 3; R9, R23): who may see and change participants, products and
//! product groups, and the problems bad input gets, in the caller's language.

mod support;

use http::StatusCode;
use serde_json::json;
use support::*;

#[tokio::test]
async fn requests_without_a_valid_token_are_refused_in_the_callers_language() {
    let w = world().await;
    let url = format!("{}/api/v1/me", w.app.address);
    let none = w
        .app
        .http
        .get(&url)
        .header("accept-language", "ru")
        .send()
        .await
        .expect("sent");
    assert_eq!(none.status(), StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = none.json().await.expect("json");
    assert_eq!(body["code"], "UNAUTHENTICATED");
    assert!(
        body["detail"].as_str().is_some_and(|d| d.contains("токен")),
        "{body}"
    );
    let (status, body) = w
        .call_in("GET", "/api/v1/me", "tanba_forged", None, "kk")
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert!(
        body["detail"].as_str().is_some_and(|d| d.contains("Токен")),
        "{body}"
    );
    let (status, body) = w.call("GET", "/api/v1/me", &w.maker, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["id"], MAKER);
    assert_eq!(body["kind"], "bin");
}

#[tokio::test]
async fn only_the_operator_registers_participants_and_bad_ids_name_the_field() {
    let w = world().await;
    let new = json!({
        "id": "990640000005",
        "names": { "kk": "Көтерме", "ru": "Оптовик" },
        "roles": ["wholesaler"],
        "product_groups": ["tobacco"],
    });
    let (status, body) = w
        .call("POST", "/api/v1/participants", &w.maker, Some(new.clone()))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("ROLE_NOT_ALLOWED"))
    );
    let (status, body) = w
        .call(
            "POST",
            "/api/v1/participants",
            &w.operator,
            Some(new.clone()),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["roles"], json!(["wholesaler"]));
    let (status, body) = w
        .call(
            "POST",
            "/api/v1/participants",
            &w.operator,
            Some(new.clone()),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("PARTICIPANT_EXISTS"))
    );

    let mut wrong_digit = new.clone();
    wrong_digit["id"] = json!("990640000004");
    let (status, body) = w
        .call(
            "POST",
            "/api/v1/participants",
            &w.operator,
            Some(wrong_digit),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"][0]["pointer"], "/id");
    let mut bad_role = new;
    bad_role["id"] = json!("150840000008");
    bad_role["roles"] = json!(["wholesaler", "boss"]);
    let (status, body) = w
        .call("POST", "/api/v1/participants", &w.operator, Some(bad_role))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"][0]["pointer"], "/roles/1");
    assert!(
        body["detail"]
            .as_str()
            .is_some_and(|d| d.contains("retailer")),
        "{body}"
    );
    let (status, _) = w
        .call(
            "GET",
            "/api/v1/participants/150840000008",
            &w.operator,
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a refused registration leaves nothing"
    );
}

#[tokio::test]
async fn a_participant_is_visible_to_itself_its_regulator_and_the_operator_only() {
    let w = world().await;
    let path = format!("/api/v1/participants/{MAKER}");
    for (who, token, visible) in [
        ("itself", &w.maker, true),
        ("the tobacco regulator", &w.regulator, true),
        ("the operator", &w.operator, true),
        ("another manufacturer", &w.other_maker, false),
        ("a retailer", &w.retailer, false),
    ] {
        let (status, body) = w.call("GET", &path, token, None).await;
        let expected = if visible {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(status, expected, "{who}: {body}");
    }
    let (_, all) = w
        .call("GET", "/api/v1/participants?limit=2", &w.operator, None)
        .await;
    assert_eq!(all["items"].as_array().map(Vec::len), Some(2));
    let cursor = all["next_cursor"].as_str().expect("a next page").to_owned();
    let (_, next) = w
        .call(
            "GET",
            &format!("/api/v1/participants?limit=2&cursor={cursor}"),
            &w.operator,
            None,
        )
        .await;
    assert!(
        next["items"][0]["id"].as_str() > Some(cursor.as_str()),
        "{next}"
    );
    let (_, own) = w
        .call("GET", "/api/v1/participants", &w.other_maker, None)
        .await;
    assert_eq!(own["items"].as_array().map(Vec::len), Some(1), "{own}");
    assert_eq!(own["items"][0]["id"], OTHER_MAKER);
    let (_, group) = w
        .call(
            "GET",
            "/api/v1/participants?product_group=tobacco",
            &w.regulator,
            None,
        )
        .await;
    let ids: Vec<_> = group["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|p| p["id"].clone())
        .collect();
    assert!(
        ids.contains(&json!(MAKER)) && !ids.contains(&json!(OPERATOR)),
        "{group}"
    );
}

#[tokio::test]
async fn only_the_owner_of_a_gtin_or_the_operator_changes_its_product() {
    let w = world().await;
    w.with_product().await;
    let path = format!("/api/v1/products/{GTIN}");
    let (status, body) = w
        .call("PUT", &path, &w.other_maker, Some(product_body("tobacco")))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("GTIN_NOT_OWNED"))
    );
    let (status, body) = w
        .call("PUT", &path, &w.retailer, Some(product_body("tobacco")))
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a retailer owns no products: {body}"
    );
    let mut renamed = product_body("tobacco");
    renamed["brand"] = json!("Dala");
    let (status, body) = w.call("PUT", &path, &w.operator, Some(renamed)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["owner"].as_str(), body["brand"].as_str()),
        (Some(MAKER), Some("Dala"))
    );
    let (status, body) = w.call("GET", &path, &w.retailer, None).await;
    assert_eq!(
        (status, body["names"]["kk"].as_str()),
        (StatusCode::OK, Some("Темекі"))
    );
}

#[tokio::test]
async fn bad_products_name_the_field_and_change_nothing() {
    let w = world().await;
    let cases = [
        ("04870000000013", product_body("tobacco"), "/gtin"),
        (GTIN, product_body("coffee"), "/product_group"),
        (
            GTIN,
            {
                let mut p = product_body("tobacco");
                p["tn_ved"] = json!("24022");
                p
            },
            "/tn_ved",
        ),
        (
            GTIN,
            {
                let mut p = product_body("tobacco");
                p["names"]["en"] = json!(" ");
                p
            },
            "/names/en",
        ),
    ];
    for (gtin, body, pointer) in cases {
        let (status, problem) = w
            .call(
                "PUT",
                &format!("/api/v1/products/{gtin}"),
                &w.maker,
                Some(body),
            )
            .await;
        assert!(status.is_client_error(), "{pointer}: {status} {problem}");
        assert_eq!(problem["errors"][0]["pointer"], pointer, "{problem}");
    }
    let (status, _) = w
        .call("GET", &format!("/api/v1/products/{GTIN}"), &w.maker, None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn product_groups_are_data_the_operator_keeps() {
    let w = world().await;
    let spec = json!({
        "names": { "kk": "Су", "ru": "Вода", "en": "Water" },
        "serial": { "length": 6, "alphabet": "0123456789ABCDEF" },
        "tail": "93",
        "mandatory_ais": ["17"],
    });
    let path = "/api/v1/product-groups/water";
    let (status, _) = w.call("PUT", path, &w.maker, Some(spec.clone())).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = w.call("PUT", path, &w.operator, Some(spec.clone())).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let first_key = body["current_key_id"]
        .as_str()
        .expect("a first key")
        .to_owned();
    let (status, body) = w
        .call(
            "POST",
            "/api/v1/product-groups/water/keys",
            &w.operator,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (_, group) = w.call("GET", path, &w.retailer, None).await;
    assert_eq!(group["current_key_id"], body["key_id"]);
    assert_eq!(group["key_ids"].as_array().map(Vec::len), Some(2));
    assert_eq!(group["key_ids"][0], first_key.as_str());
    let text = group.to_string();
    assert!(
        !text.contains("secret") && !text.contains("key\":"),
        "no key material: {text}"
    );
    let mut tiny = spec;
    tiny["serial"] = json!({ "length": 3, "alphabet": "0123456789" });
    let (status, body) = w.call("PUT", path, &w.operator, Some(tiny)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        (body["code"].as_str(), body["errors"][0]["pointer"].as_str()),
        (Some("EMISSION_FORMAT_TOO_SMALL"), Some("/serial"))
    );
}

#[tokio::test]
async fn a_suspended_participant_reads_but_changes_nothing() {
    let w = world().await;
    w.with_product().await;
    let suspended = json!({
        "names": { "kk": "Қатысушы", "ru": "Участник" },
        "roles": ["manufacturer"],
        "product_groups": ["tobacco", "pharma"],
        "status": "suspended",
    });
    let (status, body) = w
        .call(
            "PUT",
            &format!("/api/v1/participants/{MAKER}"),
            &w.operator,
            Some(suspended),
        )
        .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::OK, Some("suspended")),
        "{body}"
    );
    let (status, body) = w
        .call(
            "POST",
            "/api/v1/orders",
            &w.maker,
            Some(json!({ "gtin": GTIN, "quantity": 1 })),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("PARTICIPANT_SUSPENDED")),
        "{body}"
    );
    let (status, _) = w.call("GET", "/api/v1/me", &w.maker, None).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a suspended participant still reads its own data"
    );
}
