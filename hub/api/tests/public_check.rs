//! The public check (issue 8; R7, R2): anyone checks a code as scanned, in any form, without
//! signing in, and is told in kk, ru or en whether it is genuine and in circulation, why not,
//! and what the product is; nothing private. Checks far apart in a short time raise a clone
//! signal for the regulator; too many checks from one address get 429 with Retry-After.

mod support;

use http::StatusCode;
use serde_json::{Value, json};
use support::*;

const ALMATY: (f64, f64) = (43.2389, 76.8897);
const ASTANA: (f64, f64) = (51.1694, 71.4491);

async fn check(
    w: &World,
    code: &str,
    lang: &str,
    place: Option<(f64, f64)>,
) -> (StatusCode, Value) {
    let mut body = json!({ "code": code, "lang": lang });
    if let Some((lat, lon)) = place {
        body["latitude"] = json!(lat);
        body["longitude"] = json!(lon);
    }
    w.call("POST", "/api/v1/public/check", "", Some(body)).await
}

async fn verdict(w: &World, code: &str) -> String {
    let (status, answer) = check(w, code, "en", None).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer["verdict"].as_str().expect("a verdict").to_owned()
}

#[tokio::test]
async fn a_scanned_code_gets_a_verdict_and_a_product_card_in_the_asked_language() {
    let w = world().await;
    w.with_product().await;
    let codes = w.applied_codes(3).await;
    let doc = w
        .document(&w.maker, json!({ "kind": "introduction", "route": "PRODUCTION", "production_date": "2026-11-20", "units": [codes[0]] }))
        .await;
    assert_eq!(doc["status"], "applied", "{doc}");

    let (status, kk) = check(&w, &codes[0], "kk", None).await;
    assert_eq!(
        (status, kk["verdict"].as_str()),
        (StatusCode::OK, Some("authentic")),
        "{kk}"
    );
    assert_eq!(kk["product"]["name"], "Темекі");
    assert_eq!(kk["product"]["gtin"], GTIN);
    assert_eq!(kk["product"]["product_group"], "tobacco");
    let (_, ru) = check(&w, &codes[0], "ru", None).await;
    assert_eq!(ru["product"]["name"], "Сигареты");
    assert_ne!(
        kk["reasons"][0], ru["reasons"][0],
        "the reason is in the asked language"
    );
    let text = kk.to_string();
    for private in ["owner", "order_id", "price", "key_id"] {
        assert!(!text.contains(private), "{private} is not shown: {text}");
    }

    let (_, parsed) = w
        .call(
            "POST",
            "/api/v1/codes/parse",
            "",
            Some(json!({ "code": codes[0] })),
        )
        .await;
    for form in ["bracketed", "digital_link"] {
        let scanned = parsed["forms"][form].as_str().expect("a form");
        assert_eq!(verdict(&w, scanned).await, "authentic", "{form}: {scanned}");
    }
    let url = format!("/api/v1/public/check?code={}&lang=en", encoded(&codes[0]));
    let (status, by_get) = w.call("GET", &url, "", None).await;
    assert_eq!(
        (status, by_get["verdict"].as_str()),
        (StatusCode::OK, Some("authentic"))
    );

    assert_eq!(verdict(&w, &codes[1]).await, "not_in_circulation");
    let mut forged = codes[2].clone();
    let last = forged.pop().expect("a character");
    forged.push(if last == 'A' { 'B' } else { 'A' });
    assert_eq!(
        verdict(&w, &forged).await,
        "verification_failed",
        "{forged}"
    );
    let never = format!("01{GTIN}21zzzzzzz\u{1d}93abcd");
    assert_eq!(verdict(&w, &never).await, "unknown");
    let (_, nonsense) = check(&w, "hello", "ru", None).await;
    assert_eq!(nonsense["verdict"], "unknown");
    assert_eq!(nonsense["product"], Value::Null);
    assert!(
        nonsense["reasons"].as_array().is_some_and(|r| r.len() == 2),
        "{nonsense}"
    );
}

#[tokio::test]
async fn checks_far_apart_within_hours_raise_a_clone_signal_for_the_regulator() {
    let w = world().await;
    w.with_product().await;
    let codes = w.applied_codes(1).await;
    w.document(&w.maker, json!({ "kind": "introduction", "route": "PRODUCTION", "production_date": "2026-11-20", "units": [codes[0]] }))
        .await;
    let (_, first) = check(&w, &codes[0], "en", Some(ALMATY)).await;
    assert_eq!(first["verdict"], "authentic", "{first}");
    let (_, near) = check(&w, &codes[0], "en", Some((43.25, 76.90))).await;
    assert_eq!(
        near["verdict"], "authentic",
        "a shop down the street: {near}"
    );
    let (_, far) = check(&w, &codes[0], "en", Some(ASTANA)).await;
    assert_eq!(far["verdict"], "suspected_clone", "{far}");

    for (who, token, sees) in [
        ("the tobacco regulator", &w.regulator, true),
        ("the operator", &w.operator, true),
    ] {
        let (status, signals) = w.call("GET", "/api/v1/clone-signals", token, None).await;
        assert_eq!(status, StatusCode::OK, "{who}: {signals}");
        let found = signals.as_array().expect("a list").iter().any(|s| {
            s["product_group"] == "tobacco"
                && s["distance_km"].as_f64().is_some_and(|km| km > 900.0)
        });
        assert_eq!(found, sees, "{who}: {signals}");
    }
    let (status, _) = w.call("GET", "/api/v1/clone-signals", &w.maker, None).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a participant does not read signals"
    );

    let (status, problem) = w
        .call(
            "POST",
            "/api/v1/public/check",
            "",
            Some(json!({ "code": codes[0], "latitude": 95.0, "longitude": 10.0 })),
        )
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("PLACE_INVALID")),
        "{problem}"
    );
}

#[tokio::test]
async fn too_many_checks_from_one_address_are_told_when_to_come_back() {
    let w = world_with(|config| config.public.checks_per_minute = 3).await;
    let mut limited = None;
    for _ in 0..10 {
        let response = w
            .app
            .http
            .post(format!("{}/api/v1/public/check", w.app.address))
            .header("accept-language", "kk")
            .json(&json!({ "code": "hello" }))
            .send()
            .await
            .expect("sent");
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(response);
            break;
        }
    }
    let response = limited.expect("the limit answers within 10 calls");
    let retry: u64 = response.headers()["retry-after"]
        .to_str()
        .expect("text")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&retry), "{retry}");
    let problem: Value = response.json().await.expect("json");
    assert_eq!(problem["code"], "TOO_MANY_CHECKS");
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("секунд")),
        "{problem}"
    );
}
