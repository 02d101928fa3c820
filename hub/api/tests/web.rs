//! The web application (issue 8; R18, R19, R7) over HTTP on loopback: the check page and its
//! verdicts in kk, ru and en, the language remembered in a cookie, the report form stored for
//! the regulator, the security headers, and guards on the templates (no literal text outside
//! Fluent calls; every text they name exists in every language).

mod support;

use std::path::Path;

use http::StatusCode;
use serde_json::json;
use support::*;
use tanba_domain::Lang;

/// A client that keeps redirects visible.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
}

async fn page(w: &World, path: &str, lang: &str) -> (StatusCode, http::HeaderMap, String) {
    let response = browser()
        .get(format!("{}{path}", w.app.address))
        .header("cookie", format!("tanba_lang={lang}"))
        .send()
        .await
        .expect("sent");
    let status = response.status();
    let headers = response.headers().clone();
    (status, headers, response.text().await.expect("html"))
}

/// Three codes: introduced (genuine), forged (last character changed), sold.
async fn codes(w: &World) -> (String, String, String) {
    w.with_product().await;
    let codes = w.applied_codes(3).await;
    let doc = w
        .document(&w.maker, json!({ "kind": "introduction", "route": "PRODUCTION", "production_date": "2026-11-20", "units": [codes[0], codes[2]] }))
        .await;
    assert_eq!(doc["status"], "applied", "{doc}");
    let doc = w
        .document(
            &w.maker,
            json!({ "kind": "retail_sale", "units": [codes[2]] }),
        )
        .await;
    assert_eq!(doc["status"], "applied", "{doc}");
    let mut forged = codes[1].clone();
    let last = forged.pop().expect("a character");
    forged.push(if last == 'A' { 'B' } else { 'A' });
    (codes[0].clone(), forged, codes[2].clone())
}

#[tokio::test]
async fn a_valid_a_forged_and_a_sold_code_get_their_verdicts_in_each_language() {
    let w = world().await;
    let (genuine, forged, sold) = codes(&w).await;
    let mut headings = Vec::new();
    for lang in ["kk", "ru", "en"] {
        for (code, verdict) in [
            (&genuine, "authentic"),
            (&forged, "verification_failed"),
            (&sold, "sold"),
        ] {
            let path = format!("/check?code={}", encoded(code));
            let (status, headers, html) = page(&w, &path, lang).await;
            assert_eq!(status, StatusCode::OK, "{lang} {verdict}: {html}");
            assert!(
                html.contains(&format!("data-verdict=\"{verdict}\"")),
                "{lang}: {html}"
            );
            assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{html}");
            assert!(
                headers["content-security-policy"]
                    .to_str()
                    .expect("ascii")
                    .contains("script-src 'self'")
            );
            assert_eq!(headers["referrer-policy"], "no-referrer");
            if verdict == "authentic" {
                let product = if lang == "kk" {
                    "Темекі"
                } else if lang == "ru" {
                    "Сигареты"
                } else {
                    "Cigarettes"
                };
                assert!(html.contains(product), "the card in {lang}: {html}");
                headings.push(html.split("<h2>").nth(1).unwrap_or_default().to_owned());
            } else if verdict == "verification_failed" {
                assert!(!html.contains("id=\"product\""), "no card for {verdict}");
            } else {
                assert!(html.contains("id=\"product\""), "a card for {verdict}");
            }
            assert!(!html.contains("<script>"), "no inline script");
        }
    }
    assert!(headings[0].starts_with("Түпнұсқа"), "{headings:?}");
    assert!(headings[1].starts_with("Подлинный"), "{headings:?}");
    assert!(headings[2].starts_with("Genuine"), "{headings:?}");
}

#[tokio::test]
async fn the_language_switch_is_remembered_and_accept_language_is_the_default() {
    let w = world().await;
    let response = w
        .app
        .http
        .get(format!("{}/", w.app.address))
        .header("accept-language", "kk, ru;q=0.5")
        .send()
        .await
        .expect("sent");
    let html = response.text().await.expect("html");
    assert!(html.contains("<html lang=\"kk\">"), "{html}");
    for code in ["kk", "ru", "en"] {
        assert!(
            // minijinja's HTML escaping writes `/` as `&#x2f;`, which the browser reads as `/`.
            html.contains(&format!("href=\"/lang/{code}?back=&#x2f;\"")),
            "the switch on every page: {html}"
        );
    }
    let response = browser()
        .get(format!(
            "{}/lang/en?back=%2Freport%3Fcode%3Dx",
            w.app.address
        ))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], "/report?code=x");
    let cookie = response.headers()["set-cookie"].to_str().expect("ascii");
    assert!(
        cookie.starts_with("tanba_lang=en;") && cookie.contains("Max-Age="),
        "{cookie}"
    );
    let remembered = browser()
        .get(format!("{}/report", w.app.address))
        .header("accept-language", "ru")
        .header("cookie", "tanba_lang=en")
        .send()
        .await
        .expect("sent")
        .text()
        .await
        .expect("html");
    assert!(
        remembered.contains("Report a violation"),
        "the cookie wins over the header"
    );
    let away = browser()
        .get(format!("{}/lang/ru?back=//evil.example/", w.app.address))
        .send()
        .await
        .expect("sent");
    assert_eq!(away.headers()["location"], "/", "no redirect off the hub");
}

fn multipart(fields: &[(&str, &str)], photo: Option<&[u8]>) -> (String, Vec<u8>) {
    let boundary = "tanba-test-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\ncontent-disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    if let Some(photo) = photo {
        body.extend_from_slice(format!("--{boundary}\r\ncontent-disposition: form-data; name=\"photo\"; filename=\"a.png\"\r\ncontent-type: image/png\r\n\r\n").as_bytes());
        body.extend_from_slice(photo);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn the_report_form_stores_a_report_the_regulator_reads_and_explains_mistakes() {
    let w = world().await;
    let (_, forged, _) = codes(&w).await;
    let (status, _, form) = page(&w, &format!("/report?code={}", encoded(&forged)), "ru").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        form.contains("Сообщить о нарушении") && form.contains("value=\"check_failed\""),
        "{form}"
    );

    let send = |fields: Vec<(&'static str, String)>, photo: Option<&'static [u8]>| {
        let url = format!("{}/report", w.app.address);
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (*n, v.as_str())).collect();
            let (content_type, body) = multipart(&fields, photo);
            let response = browser()
                .post(url)
                .header("cookie", "tanba_lang=kk")
                .header("content-type", content_type)
                .body(body)
                .send()
                .await
                .expect("sent");
            (response.status(), response.text().await.expect("html"))
        }
    };
    let (status, html) = send(
        vec![
            ("code", forged.clone()),
            ("reason", "check_failed".into()),
            ("details", "<b>жалған</b>".into()),
            ("address", "Алматы".into()),
            ("latitude", "43,2389".into()),
            ("longitude", "76.8897".into()),
        ],
        Some(&b"<html>not a photo</html>"[..]),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        html.contains("JPEG, PNG немесе WebP"),
        "the mistake in Kazakh: {html}"
    );
    assert!(
        html.contains("&lt;b&gt;жалған&lt;&#x2f;b&gt;"),
        "what was typed comes back, escaped: {html}"
    );

    let (status, html) = send(
        vec![
            ("code", forged.clone()),
            ("reason", "check_failed".into()),
            ("details", "<b>жалған</b>".into()),
            ("address", "Алматы".into()),
            ("latitude", "43,2389".into()),
            ("longitude", "76.8897".into()),
        ],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let id: i64 = html
        .split("data-id=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|id| id.parse().ok())
        .expect("the report's number on the page");
    let (status, stored) = w
        .call(
            "GET",
            &format!("/api/v1/violations/{id}"),
            &w.regulator,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{stored}");
    assert_eq!(stored["product_group"], "tobacco");
    assert_eq!(stored["lang"], "kk");
    assert_eq!(stored["details"], "<b>жалған</b>");
    assert_eq!(stored["latitude"], 43.2389);
}

fn templates() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut found: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("the templates folder")
        .filter_map(Result::ok)
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(e.path()).expect("a template"))
        })
        .collect();
    found.sort();
    assert!(found.len() >= 5, "{found:?}");
    found
}

/// `text` without `open`..`close` spans.
fn without(text: &str, open: &str, close: &str) -> String {
    let mut rest = text;
    let mut kept = String::new();
    while let Some(start) = rest.find(open) {
        kept.push_str(&rest[..start]);
        kept.push(' ');
        let current = rest;
        rest = current[start..]
            .find(close)
            .map_or("", |end| &current[start + end + close.len()..]);
    }
    kept.push_str(rest);
    kept
}

#[test]
fn templates_hold_no_literal_words_outside_fluent_calls() {
    for (name, source) in templates() {
        let mut text = source.clone();
        for (open, close) in [("{{", "}}"), ("{%", "%}"), ("{#", "#}"), ("<!doctype", ">")] {
            text = without(&text, open, close);
        }
        for attribute in ["placeholder=\"", "aria-label=\"", "title=\"", "alt=\""] {
            for value in text.split(attribute).skip(1) {
                let value = value.split('"').next().unwrap_or_default();
                assert!(
                    value.trim().is_empty(),
                    "{name}: {attribute}{value}\" is a literal"
                );
            }
        }
        let outside_tags = without(&text, "<", ">");
        let words: String = outside_tags.chars().filter(|c| c.is_alphabetic()).collect();
        assert!(
            words.is_empty(),
            "{name} has literal text outside Fluent calls: {words:?}"
        );
    }
}

#[test]
fn every_text_a_template_names_exists_in_every_language() {
    let catalogue = tanba_i18n::Catalogue::embedded().expect("the catalogue");
    let mut ids = Vec::new();
    for (_, source) in templates() {
        for quote in ['"', '\''] {
            let call = format!("t({quote}");
            for rest in source.split(&call).skip(1) {
                let id = rest.split(quote).next().unwrap_or_default();
                // `t("web-reason-" ~ reason)`: the prefix of ids listed below, not an id.
                if !id.ends_with('-') {
                    ids.push(id.to_owned());
                }
            }
        }
        ids.push("web-lang-name".to_owned());
    }
    for verdict in [
        "authentic",
        "unknown",
        "verification_failed",
        "not_in_circulation",
        "sold",
        "withdrawn",
        "expired",
        "suspected_clone",
    ] {
        ids.push(format!("web-verdict-{verdict}"));
    }
    for reason in tanba_registry::REASONS {
        ids.push(format!("web-reason-{reason}"));
    }
    // The cabinet's `t("web-status-" ~ key)` and friends (issue 8).
    for status in [
        "emitted",
        "applied",
        "introduced",
        "retired",
        "written_off",
        "withdrawn",
    ] {
        ids.push(format!("web-status-{status}"));
    }
    for flow in ["introduced", "shipped", "received", "sold"] {
        ids.push(format!("web-flow-{flow}"));
    }
    for status in ["received", "checking", "applied", "rejected"] {
        ids.push(format!("web-document-{status}"));
    }
    for status in tanba_registry::STATUSES {
        ids.push(format!("web-violation-{status}"));
    }
    for op in ["aggregate", "disaggregate", "reaggregate"] {
        ids.push(format!("web-aggregation-{op}"));
    }
    for status in ["dead", "pending", "delivered"] {
        ids.push(format!("web-outbox-{status}"));
    }
    for kind in [
        "introduction",
        "shipment",
        "acceptance",
        "write_off",
        "withdrawal",
        "return",
        "retail_sale",
        "customer_return",
        "eaeu_export",
        "eaeu_import",
        "remark",
        "aggregation",
    ] {
        ids.push(format!("web-kind-{kind}"));
    }
    assert!(ids.len() > 40, "{ids:?}");
    for id in &ids {
        for lang in Lang::ALL {
            assert!(catalogue.has(lang, id), "`{id}` is missing in {lang}");
        }
    }
}
