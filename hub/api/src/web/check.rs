//! The public check page (R7): type, paste or scan a code, and read the verdict and the product
//! card in the page's language. Same limit per address and same counting as the API.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Query, State};
use axum::response::Response;
use http::HeaderMap;
use minijinja::context;
use serde::Deserialize;
use tanba_registry::CheckContext;

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
    let context = CheckContext {
        client_ip: client,
        place: None,
        today: Some(time::OffsetDateTime::now_utc().date()),
    };
    match web.app.registry.public_check(&code, &context).await {
        Ok(checked) => {
            let answer = crate::public::answer(&web.app, lang, checked);
            web.page(
                lang,
                &here,
                "verdict.html",
                context! { code => code, answer => answer },
            )
        }
        Err(e) => web.failure(lang, &here, &e.into()),
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
