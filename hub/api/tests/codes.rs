//! `POST /api/v1/codes/parse`: every form of a code in, every form out; bad codes get a problem
//! naming the field and the GS1 rule in the caller's language.

use http::StatusCode;
use serde_json::{Value, json};
use tanba_testkit::{TestApp, spawn_app};

async fn parse(app: &TestApp, body: Value, lang: &str) -> (StatusCode, Value) {
    let response = app
        .http
        .post(format!("{}/api/v1/codes/parse", app.address))
        .header("accept-language", lang)
        .json(&body)
        .send()
        .await
        .expect("request");
    (response.status(), response.json().await.expect("json"))
}

#[tokio::test]
async fn a_scanned_code_comes_back_in_every_form() {
    let app = spawn_app().await;
    let scanned = "]d201046000000000152112345abcdefgh\u{1d}91FFD0\u{1d}92dGVzdA==";
    let (status, body) = parse(&app, json!({ "code": scanned }), "en").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["gtin"], "04600000000015");
    assert_eq!(body["serial"], "12345abcdefgh");
    assert_eq!(body["elements"][2]["ai"], "91");
    let bracketed = body["forms"]["bracketed"]
        .as_str()
        .expect("bracketed")
        .to_owned();
    assert_eq!(
        bracketed,
        "(01)04600000000015(21)12345abcdefgh(91)FFD0(92)dGVzdA=="
    );
    assert!(
        body["forms"]["digital_link"]
            .as_str()
            .expect("a digital link")
            .starts_with("https://id.gs1.org/01/04600000000015/21/12345abcdefgh")
    );

    let (status, again) = parse(&app, json!({ "code": bracketed }), "en").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        again["forms"]["raw"], body["forms"]["raw"],
        "bracketed in, the same raw out"
    );
}

#[tokio::test]
async fn a_wrong_check_digit_is_a_problem_on_the_code_field() {
    let app = spawn_app().await;
    let (status, body) = parse(&app, json!({ "code": "(01)04600000000017(21)abc" }), "ru").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["code"], "GS1_CHECK_DIGIT");
    assert_eq!(body["title"], "Код маркировки недействителен");
    assert_eq!(body["errors"][0]["pointer"], "/code");
    assert_eq!(body["errors"][0]["detail"], body["detail"]);
}

#[tokio::test]
async fn malformed_or_oversized_input_is_refused_with_a_problem() {
    let app = spawn_app().await;
    let (status, body) = parse(&app, json!({ "kod": "x" }), "kk").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], "BAD_REQUEST_BODY");
    assert_eq!(body["title"], "Сұранысты оқу мүмкін емес");

    let (status, body) = parse(&app, json!({ "code": "1".repeat(2000) }), "en").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["code"], "CODE_TOO_LONG");
}
