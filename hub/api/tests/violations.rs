//! Violation reports (issue 8, R7): anyone reports what is wrong with marked goods without
//! signing in; the regulator of the code's product group and the operator read the reports (a
//! regulator of another group is refused) and move them through their statuses, audited (R23).
//! A photo's size and type are checked by its bytes.

mod support;

use base64::Engine as _;
use http::StatusCode;
use serde_json::{Value, json};
use support::*;

/// A 1x1 PNG.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\x0f\0\0\x01\x01\x00\x05\x18\xd8N\0\0\0\0IEND\xaeB`\x82";
/// A pharma regulator: regulates another group than the world's tobacco codes.
const PHARMA_REGULATOR: &str = "120540000001";

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

async fn report(w: &World, body: Value) -> (StatusCode, Value) {
    w.call("POST", "/api/v1/public/violations", "", Some(body))
        .await
}

/// A genuine tobacco code of MAKER.
async fn tobacco_code(w: &World) -> String {
    w.with_product().await;
    w.applied_codes(1).await.remove(0)
}

async fn pharma_regulator(w: &World) -> String {
    let input = serde_json::from_value(json!({
        "id": PHARMA_REGULATOR,
        "names": { "kk": "Фарма реттеушісі", "ru": "Регулятор фармы" },
        "roles": ["regulator"],
        "product_groups": ["pharma"],
    }))
    .expect("a participant");
    w.registry
        .register_participant(None, input)
        .await
        .expect("registered");
    w.registry
        .issue_token(PHARMA_REGULATOR, "test")
        .await
        .expect("a token")
}

fn ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .expect("a list")
        .iter()
        .filter_map(|v| v["id"].as_i64())
        .collect()
}

#[tokio::test]
async fn a_report_is_read_by_its_groups_regulator_and_the_operator_only() {
    let w = world().await;
    let code = tobacco_code(&w).await;
    let (status, stored) = report(
        &w,
        json!({ "code": code, "reason": "check_failed", "details": "Дүкенде сатылып жатыр",
                "latitude": 43.2389, "longitude": 76.8897, "address": "Алматы, Абай даңғылы 1",
                "lang": "kk" }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{stored}");
    assert_eq!(stored["product_group"], "tobacco", "{stored}");
    assert_eq!(stored["status"], "new");
    assert_eq!(stored["lang"], "kk");
    assert_eq!(stored["has_photo"], false);
    let id = stored["id"].as_i64().expect("an id");
    let (_, orphan) = report(
        &w,
        json!({ "code": "nothing printed", "reason": "no_code" }),
    )
    .await;
    let orphan_id = orphan["id"].as_i64().expect("an id");
    assert_eq!(orphan["product_group"], Value::Null, "{orphan}");

    let (status, mine) = w
        .call("GET", "/api/v1/violations", &w.regulator, None)
        .await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    assert_eq!(
        ids(&mine),
        vec![id],
        "the tobacco regulator sees its group's only"
    );
    let (_, all) = w.call("GET", "/api/v1/violations", &w.operator, None).await;
    assert_eq!(
        ids(&all),
        vec![orphan_id, id],
        "the operator sees all, newest first"
    );
    let (_, paged) = w
        .call(
            "GET",
            &format!("/api/v1/violations?before={orphan_id}&limit=1"),
            &w.operator,
            None,
        )
        .await;
    assert_eq!(ids(&paged), vec![id]);
    let (_, filtered) = w
        .call("GET", "/api/v1/violations?status=closed", &w.operator, None)
        .await;
    assert_eq!(ids(&filtered), Vec::<i64>::new());

    let path = format!("/api/v1/violations/{id}");
    let (status, one) = w.call("GET", &path, &w.regulator, None).await;
    assert_eq!(status, StatusCode::OK, "{one}");
    assert_eq!(one["address"], "Алматы, Абай даңғылы 1");
    assert_eq!(one["latitude"], 43.2389);

    let foreign = pharma_regulator(&w).await;
    let (_, theirs) = w.call("GET", "/api/v1/violations", &foreign, None).await;
    assert_eq!(ids(&theirs), Vec::<i64>::new(), "{theirs}");
    let (status, refused) = w.call("GET", &path, &foreign, None).await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("NOT_REGULATOR_OF_GROUP")),
        "{refused}"
    );
    let (status, _) = w
        .call(
            "GET",
            "/api/v1/violations?product_group=tobacco",
            &foreign,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = w
        .call(
            "GET",
            &format!("/api/v1/violations/{orphan_id}"),
            &w.regulator,
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a report without a group is the operator's"
    );
    for (who, token) in [
        ("a manufacturer", &w.maker),
        ("a retailer", &w.retailer),
        ("nobody", &String::new()),
    ] {
        let (status, _) = w.call("GET", "/api/v1/violations", token, None).await;
        assert!(
            matches!(status, StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED),
            "{who}: {status}"
        );
    }
    let (status, _) = w
        .call("GET", "/api/v1/violations/999999", &w.operator, None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn status_changes_follow_the_order_and_are_audited() {
    let w = world().await;
    let code = tobacco_code(&w).await;
    let (_, stored) = report(&w, json!({ "code": code, "reason": "sold_again" })).await;
    let id = stored["id"].as_i64().expect("an id");
    let path = format!("/api/v1/violations/{id}/status");
    for next in ["in_review", "confirmed", "closed"] {
        let (status, changed) = w
            .call("PUT", &path, &w.regulator, Some(json!({ "status": next })))
            .await;
        assert_eq!(status, StatusCode::OK, "{next}: {changed}");
        assert_eq!(changed["status"], next);
        assert_eq!(changed["status_changed_by"], REGULATOR);
    }
    let (status, problem) = w
        .call_in(
            "PUT",
            &path,
            &w.operator,
            Some(json!({ "status": "in_review" })),
            "ru",
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::CONFLICT, Some("VIOLATION_STATUS_TRANSITION")),
        "a closed report stays closed: {problem}"
    );
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("closed")),
        "{problem}"
    );
    let (status, problem) = w
        .call("PUT", &path, &w.operator, Some(json!({ "status": "lost" })))
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("VIOLATION_STATUS_UNKNOWN")
        ),
        "{problem}"
    );

    let (_, second) = report(&w, json!({ "code": code, "reason": "expired" })).await;
    let second_id = second["id"].as_i64().expect("an id");
    let foreign = pharma_regulator(&w).await;
    let (status, _) = w
        .call(
            "PUT",
            &format!("/api/v1/violations/{second_id}/status"),
            &foreign,
            Some(json!({ "status": "rejected" })),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a foreign regulator may not decide"
    );
    let (_, unchanged) = w
        .call(
            "GET",
            &format!("/api/v1/violations/{second_id}"),
            &w.operator,
            None,
        )
        .await;
    assert_eq!(unchanged["status"], "new");

    let audit = |object: String| {
        let w = &w;
        async move {
            w.audit_rows(&object)
                .await
                .iter()
                .map(|r| {
                    (
                        r["action"].as_str().unwrap_or("").to_owned(),
                        r["bin"].as_str().unwrap_or("").to_owned(),
                        r["outcome"].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect::<Vec<_>>()
        }
    };
    let rows = audit(format!("violation/{id}")).await;
    let decided: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|(a, b, o)| (a.as_str(), b.as_str(), o.as_str()))
        .collect();
    assert_eq!(
        decided,
        vec![
            ("violation.status", REGULATOR, "in_review"),
            ("violation.status", REGULATOR, "confirmed"),
            ("violation.status", REGULATOR, "closed"),
        ],
        "each change once, refused transitions change nothing"
    );
    let refused = audit(format!("violation/{second_id}")).await;
    assert_eq!(
        refused,
        vec![(
            "violation.status".to_owned(),
            PHARMA_REGULATOR.to_owned(),
            "refused".to_owned()
        )]
    );
}

#[tokio::test]
async fn a_photo_is_accepted_by_its_bytes_within_the_size_limit() {
    let w = world().await;
    let code = tobacco_code(&w).await;
    let (status, stored) = report(
        &w,
        json!({ "code": code, "reason": "product_mismatch", "photo": b64(PNG) }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{stored}");
    assert_eq!(stored["has_photo"], true);
    let id = stored["id"].as_i64().expect("an id");
    let response = w
        .app
        .http
        .get(format!("{}/api/v1/violations/{id}/photo", w.app.address))
        .bearer_auth(&w.regulator)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "image/png");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert_eq!(&response.bytes().await.expect("bytes")[..], PNG);
    let foreign = pharma_regulator(&w).await;
    let (status, _) = w
        .call(
            "GET",
            &format!("/api/v1/violations/{id}/photo"),
            &foreign,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let mut too_big = b"\xff\xd8\xff\xe0\0\x10JFIF\0".to_vec();
    too_big.resize((4 << 20) + 1, 0);
    let mut details = Vec::new();
    for (name, photo, code) in [
        (
            "html named .png",
            b64(b"<html><script>alert(1)</script></html>"),
            "PHOTO_TYPE_REFUSED",
        ),
        ("a PDF", b64(b"%PDF-1.7\n1 0 obj"), "PHOTO_TYPE_REFUSED"),
        ("over 4 MiB", b64(&too_big), "PHOTO_TOO_LARGE"),
        ("not base64", "@@@".to_owned(), "PHOTO_ENCODING"),
    ] {
        for lang in ["kk", "ru", "en"] {
            let (status, problem) = report(
                &w,
                json!({ "code": code, "reason": "other", "details": "x", "photo": photo, "lang": lang }),
            )
            .await;
            assert_eq!(
                (
                    status,
                    problem["code"].as_str(),
                    problem["errors"][0]["pointer"].as_str()
                ),
                (StatusCode::UNPROCESSABLE_ENTITY, Some(code), Some("/photo")),
                "{name}: {problem}"
            );
        }
        let (_, kk) = w
            .call_in(
                "POST",
                "/api/v1/public/violations",
                "",
                Some(json!({ "code": code, "reason": "no_code", "photo": photo })),
                "kk",
            )
            .await;
        details.push(kk["detail"].as_str().unwrap_or_default().to_owned());
    }
    assert!(details[0].contains("JPEG"), "{details:?}");
    assert!(details[2].contains("КиБ"), "{details:?}");

    let huge = "A".repeat(7 << 20);
    let (status, _) = report(
        &w,
        json!({ "code": code, "reason": "no_code", "photo": huge }),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "the body limit holds"
    );
    let (_, all) = w.call("GET", "/api/v1/violations", &w.operator, None).await;
    assert_eq!(ids(&all), vec![id], "no refused report was stored");
}

#[tokio::test]
async fn a_wrong_report_says_which_field_and_what_to_do() {
    let w = world().await;
    let mut texts = Vec::new();
    for lang in ["kk", "ru", "en"] {
        let (status, problem) = w
            .call_in(
                "POST",
                "/api/v1/public/violations",
                "",
                Some(json!({ "code": "x", "reason": "smells" })),
                lang,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(problem["code"], "VIOLATION_REASON_UNKNOWN");
        assert_eq!(problem["errors"][0]["pointer"], "/reason");
        texts.push(problem["detail"].as_str().unwrap_or_default().to_owned());
    }
    assert!(
        texts.iter().all(|t| t.contains("product_mismatch")),
        "{texts:?}"
    );
    assert_ne!(texts[0], texts[1]);
    assert_ne!(texts[1], texts[2]);
    for (body, code, pointer) in [
        (
            json!({ "code": "x", "reason": "other" }),
            "VIOLATION_DETAILS_NEEDED",
            "/details",
        ),
        (
            json!({ "code": " ", "reason": "no_code" }),
            "VIOLATION_CODE_INVALID",
            "/code",
        ),
        (
            json!({ "code": "x", "reason": "no_code", "details": "я".repeat(2001) }),
            "VIOLATION_TEXT_TOO_LONG",
            "/details",
        ),
        (
            json!({ "code": "x", "reason": "no_code", "latitude": 43.0 }),
            "PLACE_INVALID",
            "/longitude",
        ),
    ] {
        let (status, problem) = report(&w, body).await;
        assert_eq!(
            (
                status,
                problem["code"].as_str(),
                problem["errors"][0]["pointer"].as_str()
            ),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(code), Some(pointer)),
            "{problem}"
        );
    }
}

#[tokio::test]
async fn reports_share_the_public_checks_limit_per_address() {
    let w = world_with(|config| config.public.checks_per_minute = 3).await;
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let (status, _) = report(&w, json!({ "code": "x", "reason": "no_code" })).await;
        statuses.push(status);
    }
    assert!(statuses.contains(&StatusCode::CREATED), "{statuses:?}");
    assert!(
        statuses.contains(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
}
