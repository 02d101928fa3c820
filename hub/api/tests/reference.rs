//! `/api/v1/reference` (R20) over HTTP: the operator imports CSV (dry run first), everyone
//! signed in reads as of a day and searches, others may not import, and a wrong row comes back
//! as a problem naming its line and field, in the caller's language.

mod support;

use http::StatusCode;
use serde_json::Value;
use support::*;

const CSV: &str = "code,parent,valid_from,valid_to,name_kk,name_ru,name_en,product_groups\n\
    64,,2017-01-01,,Аяқ киім,Обувь,Footwear,\n\
    6403,64,2017-01-01,2027-01-01,Былғары аяқ киім,Обувь кожаная,Leather footwear,footwear\n\
    6403,64,2027-01-01,,Табиғи былғары аяқ киім,Обувь из натуральной кожи,Footwear of leather,footwear\n";

/// POSTs `csv` to the import of `classifier` as `token`.
async fn import(
    w: &World,
    token: &str,
    classifier: &str,
    csv: &str,
    dry_run: bool,
    lang: &str,
) -> (StatusCode, Value) {
    let response = w
        .app
        .http
        .post(format!(
            "{}/api/v1/reference/{classifier}/import?dry_run={dry_run}",
            w.app.address
        ))
        .bearer_auth(token)
        .header("content-type", "text/csv; charset=utf-8")
        .header("accept-language", lang)
        .body(csv.to_owned())
        .send()
        .await
        .expect("sent");
    let status = response.status();
    (status, response.json().await.expect("json"))
}

#[tokio::test]
async fn the_operator_imports_after_a_dry_run_and_everyone_signed_in_reads_as_of_a_day() {
    let w = world().await;
    let (status, body) = import(&w, &w.operator, "tn-ved", CSV, true, "en").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["dry_run"], true);
    assert_eq!(body["added"].as_array().map(Vec::len), Some(3), "{body}");
    let (status, _) = w
        .call("GET", "/api/v1/reference/tn-ved/64", &w.retailer, None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "the dry run changed nothing");

    let (status, body) = import(&w, &w.operator, "tn-ved", CSV, false, "en").await;
    assert_eq!(
        (status, &body["dry_run"]),
        (StatusCode::OK, &Value::Bool(false)),
        "{body}"
    );
    for (day, name) in [
        ("2026-12-31", "Leather footwear"),
        ("2027-01-01", "Footwear of leather"),
    ] {
        let (status, body) = w
            .call(
                "GET",
                &format!("/api/v1/reference/tn-ved/6403?as_of={day}"),
                &w.retailer,
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["names"]["en"], name, "{day}");
        assert_eq!(body["parent"], "64");
        assert_eq!(body["attributes"]["product_groups"], "footwear");
    }
    let (status, body) = w
        .call(
            "GET",
            "/api/v1/reference/tn-ved?q=%D0%BA%D0%BE%D0%B6&as_of=2026-01-01",
            &w.maker,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["items"][0]["code"], "6403",
        "«кож» finds the Russian name"
    );
    let (status, body) = w.call("GET", "/api/v1/reference", &w.regulator, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let tn_ved = body
        .as_array()
        .and_then(|list| list.iter().find(|c| c["id"] == "tn-ved"))
        .expect("tn-ved is listed");
    assert_eq!(tn_ved["entries"], 2);
    assert!(
        tn_ved["names"]["kk"]
            .as_str()
            .is_some_and(|n| n.contains("СЭҚ ТН")),
        "{tn_ved}"
    );
}

#[tokio::test]
async fn only_the_operator_imports_and_reading_needs_a_caller() {
    let w = world().await;
    for token in [&w.maker, &w.regulator, &w.retailer] {
        let (status, body) = import(&w, token, "tn-ved", CSV, true, "en").await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("ROLE_NOT_ALLOWED")),
            "{body}"
        );
    }
    let response = w
        .app
        .http
        .get(format!("{}/api/v1/reference/country", w.app.address))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let (status, body) = w
        .call("GET", "/api/v1/reference/planets", &w.maker, None)
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("REFERENCE_CLASSIFIER_UNKNOWN"))
    );
    let (status, body) = w
        .call(
            "GET",
            "/api/v1/reference/tn-ved?as_of=2027-02-30",
            &w.maker,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"][0]["pointer"], "/as_of");
    let (status, body) = w
        .call(
            "POST",
            "/api/v1/reference/tn-ved/import",
            &w.operator,
            Some(serde_json::json!({})),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Some("REFERENCE_BODY_NOT_CSV")
        ),
        "{body}"
    );
}

#[tokio::test]
async fn a_wrong_row_is_named_by_line_and_field_in_the_callers_language() {
    let w = world().await;
    let bad = CSV.replace("6403,64,2027-01-01", "6403,64,2027-01-32");
    let (status, body) = import(&w, &w.operator, "tn-ved", &bad, false, "kk").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["code"], "REFERENCE_FILE_INVALID");
    assert_eq!(body["errors"][0]["pointer"], "/4/valid_from");
    let detail = body["errors"][0]["detail"].as_str().unwrap_or_default();
    assert!(
        detail.contains("tn-ved.csv, 4-жол, valid_from өрісі") && detail.contains("2027-01-32"),
        "{detail}"
    );
    let (status, _) = w
        .call("GET", "/api/v1/reference/tn-ved/64", &w.maker, None)
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "nothing of the file was imported"
    );
}
