//! The public check page (R7): type, paste or scan a code, and read the verdict and the product
//! card in the page's language; or upload a photo of the code, read on the server. Same limit
//! per address and same counting as the API.

use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Multipart, Query, State};
use axum::response::Response;
use http::{HeaderMap, StatusCode};
use minijinja::context;
use serde::Deserialize;
use tanba_domain::{Lang, Msg};

use super::Web;

/// The query of `/check`.
#[derive(Deserialize)]
pub(crate) struct CheckQuery {
    code: Option<String>,
}

/// `/`: the form.
pub(crate) async fn page(State(web): State<Web>, headers: HeaderMap) -> Response {
    let lang = web.lang(&headers);
    web.page(lang, "/", "check.html", context! { code => "" })
}

/// `/check?code=...`: the verdict, its reasons and the product card.
pub(crate) async fn verdict(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(query): Query<CheckQuery>,
) -> Response {
    let lang = web.lang(&headers);
    let code = query.code.unwrap_or_default();
    let here = format!("/check?code={}", urlencode(&code));
    if code.trim().is_empty() {
        return web.page(lang, "/", "check.html", context! { code => "" });
    }
    let client = match crate::public::admit(&web.app, peer, &headers) {
        Ok(client) => client,
        Err(e) => return web.failure(lang, &here, &e),
    };
    show(&web, lang, client, code).await
}

/// `POST /check/photo` (multipart, field `photo`): the server reads the code in the photo and
/// shows its verdict, for phones whose browser cannot scan (R7).
pub(crate) async fn photo(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let lang = web.lang(&headers);
    let client = match crate::public::admit(&web.app, peer, &headers) {
        Ok(client) => client,
        Err(e) => return web.failure(lang, "/", &e),
    };
    let Some(photo) = photo_field(multipart).await else {
        return unreadable(&web, lang, &Msg::new("web-form-broken"));
    };
    match crate::photo::read_code(photo).await {
        Ok(code) => show(&web, lang, client, code).await,
        Err(e) if e.status_and_detail().0 == StatusCode::UNPROCESSABLE_ENTITY => {
            unreadable(&web, lang, e.status_and_detail().1)
        }
        Err(e) => web.failure(lang, "/", &e),
    }
}

/// The check form again, saying why the photo gave no code.
fn unreadable(web: &Web, lang: Lang, why: &Msg) -> Response {
    let error = web.say(lang, why);
    let mut page = web.page(
        lang,
        "/",
        "check.html",
        context! { code => "", error => error },
    );
    *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    page
}

/// The bytes of the form's `photo` field, if it came whole and not empty.
async fn photo_field(mut multipart: Multipart) -> Option<Bytes> {
    while let Some(field) = multipart.next_field().await.ok()? {
        if field.name() == Some("photo") {
            return field.bytes().await.ok().filter(|b| !b.is_empty());
        }
    }
    None
}

async fn show(web: &Web, lang: Lang, client: Option<String>, code: String) -> Response {
    let here = format!("/check?code={}", urlencode(&code));
    match crate::public::checked(&web.app, client, None, lang, &code).await {
        Ok(answer) => web.page(
            lang,
            &here,
            "verdict.html",
            context! { code => code, answer => answer },
        ),
        Err(e) => web.failure(lang, &here, &e),
    }
}

/// Percent-encodes a query value (every byte but unreserved ASCII).
pub(crate) fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
