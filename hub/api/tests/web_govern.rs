//! The regulator's and operator's pages (issue 8; R17, R7, R23): each shows what its API
//! operation answers the signed-in participant, and the permission matrix decides who opens
//! it, as for the API.

mod support;

use http::StatusCode;
use serde_json::json;
use support::web::*;
use support::*;
use tanba_pki::testpki::{ORG_BIN, TestPki};

async fn page(w: &World, path: &str, session: &str) -> (StatusCode, String) {
    let response = browser()
        .get(format!("{}{path}", w.app.address))
        .header("cookie", format!("tanba_session={session}; tanba_lang=ru"))
        .send()
        .await
        .expect("sent");
    (response.status(), response.text().await.expect("html"))
}

#[tokio::test]
async fn the_regulator_and_the_operator_see_their_pages_and_nobody_else_does() {
    let pki = TestPki::generate().expect("a test PKI");
    let dir = tanba_testkit::open_tempdir();
    let w = pki_hub(&pki, dir.path()).await;
    w.with_product().await;
    let code = w.applied_codes(1).await.remove(0);
    let (status, report) = w
        .call(
            "POST",
            "/api/v1/public/violations",
            "",
            Some(json!({ "code": code, "reason": "no_code", "details": "на полке" })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{report}");

    // A manufacturer opens none of them.
    let session = sign_in(&w, &pki).await;
    for path in [
        "/cabinet/violations",
        "/cabinet/rule-sets",
        "/cabinet/audit",
    ] {
        let (status, _) = page(&w, path, &session).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }

    // The tobacco regulator reads its group's reports, with the next statuses offered.
    w.org_with_roles(&["regulator"]).await;
    let (status, html) = page(&w, "/cabinet/violations", &session).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("на полке"), "{html}");
    let put = format!("action=\"/api/v1/violations/{}/status\"", report["id"]);
    assert!(unescape(&html).contains(&put), "{html}");
    assert!(html.contains("data-to=\"in_review\""), "{html}");
    assert!(html.contains("Новое"), "in the page's language: {html}");
    let (status, html) = page(
        &w,
        "/cabinet/violations?status=closed&product_group=",
        &session,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("на полке"), "the filter applies: {html}");
    let (status, html) = page(&w, "/cabinet/rule-sets", &session).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("id=\"deploy-form\""), "{html}");
    let (status, _) = page(&w, "/cabinet/rule-sets/tobacco/shadow", &session).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = page(&w, "/cabinet/rule-sets/pharma/shadow", &session).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not its group");
    assert!(
        !html.contains("href=\"/cabinet/audit\""),
        "the operator's pages are not in a regulator's menu: {html}"
    );
    let (status, _) = page(&w, "/cabinet/audit", &session).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the operator's page");

    // The operator's pages.
    w.org_with_roles(&["operator"]).await;
    let (status, html) = page(&w, "/cabinet/participants", &session).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains(MAKER) && html.contains(REGULATOR), "{html}");
    let (status, html) = page(
        &w,
        &format!("/cabinet/audit?bin={ORG_BIN}&iin=&from=&to="),
        &session,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("<td>login</td>"),
        "the sign-in is audited: {html}"
    );
    assert!(
        !html.contains(&format!("<td>{MAKER}</td>")),
        "filtered by BIN: {html}"
    );
    let (status, html) = page(&w, "/cabinet/audit?limit=1&object=", &session).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("audit?limit=1&amp;object=&amp;cursor="),
        "the next page keeps the search: {html}"
    );
    let (status, html) = page(&w, "/cabinet/audit?from=yesterday", &session).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    for path in [
        "/cabinet/adapters/outbox",
        "/cabinet/adapters/outbox?status=pending",
        "/cabinet/adapters/jobs",
    ] {
        let (status, html) = page(&w, path, &session).await;
        assert_eq!(status, StatusCode::OK, "{path}: {html}");
    }
}
