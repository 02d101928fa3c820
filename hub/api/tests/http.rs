//! The HTTP surface every route shares, against the real hub on loopback.

use http::StatusCode;
use serde_json::Value;
use tanba_testkit::spawn_app;

#[tokio::test]
async fn healthz_answers_without_the_database() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["status"], "alive");
}

#[tokio::test]
async fn readyz_reports_the_schema_when_ready() {
    let app = spawn_app().await;
    let response = app.get("/readyz").await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["status"], "ready");
    assert_eq!(body["schema"]["applied"], body["schema"]["expected"]);
}

#[tokio::test]
async fn readyz_is_unready_while_migrations_are_missing() {
    let app = spawn_app().await;
    let db = app.db.as_ref().expect("a test database").pool();
    db.client()
        .await
        .expect("client")
        .execute("delete from schema_migrations where version = 1", &[])
        .await
        .expect("forget a migration");
    let response = app.get("/readyz").await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(response.headers().contains_key("retry-after"));
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["code"], "MIGRATIONS_NOT_CURRENT");
}

#[tokio::test]
async fn errors_are_problem_details_in_the_callers_language() {
    let app = spawn_app().await;
    let mut titles = Vec::new();
    for lang in ["kk", "ru", "en"] {
        let response = app
            .http
            .get(format!("{}/no/such/page", app.address))
            .header("accept-language", format!("de, {lang};q=0.9"))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let headers = response.headers().clone();
        assert_eq!(headers["content-type"], "application/problem+json");
        assert_eq!(headers["content-language"], lang);
        let request_id = headers["x-request-id"].to_str().expect("ascii").to_owned();
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["status"], 404);
        assert_eq!(body["code"], "NOT_FOUND");
        assert_eq!(body["instance"], format!("urn:uuid:{request_id}"));
        assert!(
            body["detail"]
                .as_str()
                .expect("detail")
                .contains("/no/such/page")
        );
        titles.push(body["title"].as_str().expect("title").to_owned());
    }
    assert_eq!(titles, ["Табылмады", "Не найдено", "Not found"]);
}

#[tokio::test]
async fn without_accept_language_the_default_language_answers() {
    let app = spawn_app().await;
    let response = app.get("/nothing-here").await;
    assert_eq!(response.headers()["content-language"], "kk");
}

#[tokio::test]
async fn a_client_request_id_is_kept_and_echoed() {
    let app = spawn_app().await;
    let response = app
        .http
        .get(format!("{}/healthz", app.address))
        .header("x-request-id", "client-chosen-42")
        .send()
        .await
        .expect("request");
    assert_eq!(response.headers()["x-request-id"], "client-chosen-42");
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_status() {
    let app = spawn_app().await;
    for _ in 0..3 {
        app.get("/healthz").await;
    }
    app.get("/missing/123").await;
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("application/openmetrics-text")
    );
    let text = response.text().await.expect("text");
    assert!(
        text.contains(r#"tanba_http_requests_total{method="GET",route="/healthz",status="200"} 3"#),
        "{text}"
    );
    assert!(
        text.contains(r#"route="unmatched",status="404"} 1"#),
        "raw paths never become labels: {text}"
    );
    assert!(text.contains("tanba_db_pool_max 16"), "{text}");
}

#[tokio::test]
async fn the_openapi_document_describes_routes_that_exist() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    let doc: Value = response.json().await.expect("json");
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().expect("paths");
    assert!(paths.len() >= 25, "{paths:?}");
    every_reference_resolves(&doc, &doc);
    let mut ids = std::collections::HashSet::new();
    for (path, operations) in paths {
        for (method, operation) in operations.as_object().expect("operations") {
            let id = operation["operationId"].as_str().expect("an operation id");
            assert!(ids.insert(id.to_owned()), "{id} names two operations");
            let responses = operation["responses"].as_object().expect("responses");
            let secured = operation["security"]
                .as_array()
                .is_some_and(|s| !s.is_empty());
            assert!(
                !secured || responses.contains_key("401"),
                "{method} {path}: a route that needs a caller says 401"
            );
            for (status, response) in responses {
                // SOAP endpoints answer their refusals as SOAP 1.1 Faults (issue 7).
                let soap_fault =
                    path.starts_with("/soap/") && response["content"].get("text/xml").is_some();
                if status.as_str() >= "400" && !soap_fault {
                    assert_eq!(
                        response["content"]["application/problem+json"]["schema"]["$ref"],
                        "#/components/schemas/Problem",
                        "{method} {path} {status}: errors are problem details"
                    );
                }
            }
        }
    }
    for (path, operations) in paths {
        for (method, operation) in operations.as_object().expect("operations") {
            let request = match method.as_str() {
                "get" => app.http.get(format!("{}{path}", app.address)),
                "post" => app
                    .http
                    .post(format!("{}{path}", app.address))
                    .json(&serde_json::json!({})),
                "put" => app
                    .http
                    .put(format!("{}{path}", app.address))
                    .json(&serde_json::json!({})),
                "delete" => app.http.delete(format!("{}{path}", app.address)),
                other => panic!("{path}: method {other} not exercised by this test"),
            };
            let status = request.send().await.expect("request").status();
            assert!(
                status != StatusCode::NOT_FOUND && status != StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path} is documented but answers {status}"
            );
            assert!(
                operation["responses"][status.as_str()].is_object(),
                "{method} {path} answers {status}, which its description does not name"
            );
        }
    }
}

/// Every `$ref` in `value` names a component that `doc` has.
fn every_reference_resolves(doc: &Value, value: &Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                let pointer = target.strip_prefix('#').expect("a local reference");
                assert!(
                    doc.pointer(pointer).is_some(),
                    "{target} is referenced but not defined"
                );
            }
            map.values().for_each(|v| every_reference_resolves(doc, v));
        }
        Value::Array(items) => items.iter().for_each(|v| every_reference_resolves(doc, v)),
        _ => {}
    }
}
