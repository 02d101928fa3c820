//! The audit log (R23): actions are recorded with who (BIN, roles), from where (client IP), what
//! and how it ended; only the operator searches it.

mod support;

use http::StatusCode;
use serde_json::{Value, json};
use support::*;

#[tokio::test]
async fn actions_are_recorded_and_only_the_operator_searches_them() {
    let w = world().await;
    w.with_product().await;
    let codes = w.applied_codes(2).await;
    let pack = sscc(3);
    let (status, _) = w
        .call(
            "POST",
            "/api/v1/aggregations",
            &w.maker,
            Some(json!({ "operation": "aggregate", "parent": pack, "children": codes })),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let doc = w
        .document(
            &w.maker,
            json!({ "kind": "write_off", "reason": "LOSS", "units": [pack] }),
        )
        .await;
    assert_eq!(
        doc["status"], "applied",
        "applied goods may be written off: {doc}"
    );

    let (status, page) = w
        .call(
            "GET",
            &format!("/api/v1/audit?bin={MAKER}"),
            &w.operator,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let rows = page["items"].as_array().expect("rows").clone();
    let actions: Vec<&str> = rows.iter().filter_map(|r| r["action"].as_str()).collect();
    for expected in [
        "product.put",
        "order.create",
        "codes.applied",
        "aggregation.aggregate",
        "document.submit",
        "document.decide.write_off",
    ] {
        assert!(actions.contains(&expected), "{expected} in {actions:?}");
    }
    let submitted = rows
        .iter()
        .find(|r| r["action"] == "document.submit")
        .expect("a submission");
    assert_eq!(
        (
            submitted["object"].as_str(),
            submitted["client_ip"].as_str()
        ),
        (doc["id"].as_str(), Some("127.0.0.1"))
    );
    assert_eq!(submitted["role"], "manufacturer");
    let decided = rows
        .iter()
        .find(|r| r["action"] == "document.decide.write_off")
        .expect("a decision");
    assert_eq!(decided["outcome"], "applied");
    let ids: Vec<i64> = rows.iter().filter_map(|r| r["id"].as_i64()).collect();
    assert!(ids.windows(2).all(|p| p[0] < p[1]), "oldest first: {ids:?}");

    let (_, by_object) = w
        .call(
            "GET",
            &format!("/api/v1/audit?object={}", doc["id"].as_str().expect("id")),
            &w.operator,
            None,
        )
        .await;
    assert_eq!(
        by_object["items"].as_array().map(Vec::len),
        Some(2),
        "submission and decision: {by_object}"
    );
    let (_, future) = w
        .call(
            "GET",
            "/api/v1/audit?from=2099-01-01T00:00:00Z",
            &w.operator,
            None,
        )
        .await;
    assert_eq!(future["items"], json!([]));
    let (status, problem) = w
        .call("GET", "/api/v1/audit?from=yesterday", &w.operator, None)
        .await;
    assert_eq!(
        (status, problem["errors"][0]["pointer"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("/from")),
        "{problem}"
    );
    let (_, registered) = w
        .call(
            "GET",
            &format!("/api/v1/audit?object={MAKER}"),
            &w.operator,
            None,
        )
        .await;
    let kinds: Vec<&str> = registered["items"]
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r["action"].as_str())
        .collect();
    assert_eq!(
        kinds,
        ["participant.register", "token.issue"],
        "{registered}"
    );
    let (status, _) = w.call("GET", "/api/v1/audit", &w.maker, None).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "participants do not read the audit log"
    );
    let _: Value = page;
}

/// R23: a request with a token that is not valid is refused with 401 and recorded (from where,
/// what it tried, why), without the token; one with no credentials at all leaves no row.
#[tokio::test]
async fn invalid_credentials_are_audited_without_the_token() {
    let w = world().await;
    let bogus = "tanba_not-a-token-of-anyone";
    let (status, _) = w.call("GET", "/api/v1/documents", bogus, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let anonymous = w
        .app
        .http
        .get(format!("{}/api/v1/orders", w.app.address))
        .send()
        .await
        .expect("sent");
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    let refused = w.audit_rows("/api/v1/documents").await;
    assert_eq!(refused.len(), 1, "{refused:?}");
    let row = &refused[0];
    assert_eq!(row["action"], "GET /api/v1/documents");
    assert_eq!(row["outcome"], "refused:UNAUTHENTICATED:auth-invalid");
    assert_eq!(row["client_ip"], "127.0.0.1");
    assert!(row["bin"].is_null(), "{row}");
    assert!(
        !row.to_string().contains(bogus),
        "the token is never written: {row}"
    );
    assert!(
        w.audit_rows("/api/v1/orders").await.is_empty(),
        "no credentials, no row"
    );
}
