//! Documents in the cabinet (issue 8; R3, R10, R16): the list with statuses, a shipment made
//! from a form, signed in the browser through NCALayer (CMS detached over the exact bytes that
//! are then submitted) and submitted to `POST /api/v1/documents` by `sign.js` with the session
//! cookie and its CSRF token, and a document's status and findings in the page's language.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Form, Path, State};
use axum::response::Response;
use base64::Engine as _;
use http::{HeaderMap, Method, StatusCode};
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::Web;

/// `GET /cabinet/documents`: the participant's documents (sent or received), newest first.
pub(crate) async fn list(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let me = signed_in!(web, (&headers, peer), Method::GET, "/api/v1/documents");
    let lang = web.lang(&headers);
    match web
        .app
        .documents
        .list(&me.caller, None, None, None, 100)
        .await
    {
        Ok(page) => {
            let may_send =
                crate::auth::permitted(&me.caller, &Method::POST, "/api/v1/documents").is_ok();
            let data = context! { documents => page.items, may_send, ..me.context() };
            web.page(lang, "/cabinet/documents", "documents.html", data)
        }
        Err(e) => web.failure(lang, "/cabinet/documents", &e.into()),
    }
}

/// `GET /cabinet/documents/{id}`: status, progress and findings (refreshing until decided).
pub(crate) async fn show(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let me = signed_in!(web, (&headers, peer), Method::GET, "/api/v1/documents/{id}");
    let lang = web.lang(&headers);
    let here = format!("/cabinet/documents/{}", super::check::urlencode(&id));
    match web.app.documents.get(&me.caller, &id).await {
        Ok(document) => {
            let pending = !matches!(document.status, "applied" | "rejected");
            let may_accept = document.kind == "shipment"
                && document.status == "applied"
                && document.receiver.as_deref() == Some(me.caller.id.as_str())
                && crate::auth::permitted(&me.caller, &Method::POST, "/api/v1/documents").is_ok();
            let data = context! { document => document, pending, may_accept, ..me.context() };
            web.page(lang, &here, "document.html", data)
        }
        Err(e) => web.failure(lang, &here, &e.into()),
    }
}

/// What the shipment form holds (shown again on the signing page).
#[derive(Default, Deserialize, Serialize)]
pub(crate) struct ShipmentForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    receiver: String,
    /// Codes or SSCCs, one per line.
    #[serde(default)]
    units: String,
}

/// The shipment document a form describes, as the exact JSON bytes to sign and submit.
#[derive(Serialize)]
struct Shipment<'a> {
    kind: &'static str,
    receiver: &'a str,
    units: Vec<&'a str>,
}

fn shipment_bytes(form: &ShipmentForm) -> Vec<u8> {
    let document = Shipment {
        kind: "shipment",
        receiver: form.receiver.trim(),
        units: form
            .units
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect(),
    };
    serde_json::to_vec_pretty(&document).unwrap_or_default()
}

/// `GET /cabinet/documents/new`: the shipment form.
pub(crate) async fn new(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let me = signed_in!(web, (&headers, peer), Method::POST, "/api/v1/documents");
    let lang = web.lang(&headers);
    let data = context! { form => ShipmentForm::default(), ..me.context() };
    web.page(lang, "/cabinet/documents/new", "shipment.html", data)
}

/// `POST /cabinet/documents/new`: the document the form makes, to review and sign. Nothing is
/// stored yet: `sign.js` signs these bytes and submits them to the API.
pub(crate) async fn review(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<ShipmentForm>,
) -> Response {
    let me = signed_in!(web, (&headers, peer), Method::POST, "/api/v1/documents");
    if let Some(refused) = me.csrf_refused(&web, &headers, &form.csrf) {
        return refused;
    }
    let lang = web.lang(&headers);
    if form.receiver.trim().is_empty() || form.units.trim().is_empty() {
        let error = web.say(lang, &tanba_domain::Msg::new("web-shipment-incomplete"));
        let data = context! { form => form, error => error, ..me.context() };
        let mut page = web.page(lang, "/cabinet/documents/new", "shipment.html", data);
        *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return page;
    }
    let page = sign_page(&web, &me, &shipment_bytes(&form), "/cabinet/documents/new");
    web.page(lang, "/cabinet/documents/new", "sign.html", page)
}

/// What the signing page shows: the exact bytes to sign and submit, and where "change" leads.
fn sign_page(
    web: &Web,
    me: &super::session::SignedIn,
    bytes: &[u8],
    back: &str,
) -> minijinja::Value {
    context! {
        text => String::from_utf8_lossy(bytes),
        body => base64::engine::general_purpose::STANDARD.encode(bytes),
        ncalayer => web.app.web.ncalayer_url,
        back => back,
        ..me.context()
    }
}

/// `GET /cabinet/documents/{id}/accept`: the full acceptance of a shipment the participant
/// received (R10: ownership moves at acceptance), to review and sign like a shipment. Whether
/// it may be accepted (received, not answered yet) is decided when it is processed.
pub(crate) async fn accept(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let me = signed_in!(web, (&headers, peer), Method::POST, "/api/v1/documents");
    let lang = web.lang(&headers);
    let here = format!("/cabinet/documents/{}", super::check::urlencode(&id));
    // The shipment must be one the participant sees; its id is then written as stored.
    let shipment = match web.app.documents.get(&me.caller, &id).await {
        Ok(shipment) => shipment,
        Err(e) => return web.failure(lang, &here, &e.into()),
    };
    let acceptance =
        serde_json::json!({ "kind": "acceptance", "shipment": shipment.id, "result": "full" });
    let bytes = serde_json::to_vec_pretty(&acceptance).unwrap_or_default();
    let page = sign_page(&web, &me, &bytes, &here);
    web.page(lang, &format!("{here}/accept"), "sign.html", page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shipment_lists_each_non_empty_line_as_a_unit() {
        let form = ShipmentForm {
            csrf: String::new(),
            receiver: " 040740000001 ".to_owned(),
            units: "a\r\n\r\n b \n".to_owned(),
        };
        let value: serde_json::Value =
            serde_json::from_slice(&shipment_bytes(&form)).expect("json");
        assert_eq!(
            value,
            serde_json::json!({ "kind": "shipment", "receiver": "040740000001", "units": ["a", "b"] })
        );
    }
}
