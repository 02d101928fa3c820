//! Documents in the cabinet (issue 8; R3, R4, R10, R16): the list with statuses, a document of
//! any kind the cabinet makes ([`super::kinds`]) built from a form, signed in the browser
//! through NCALayer (CMS detached over the exact bytes that are then submitted) and submitted
//! to `POST /api/v1/documents` by `sign.js` with the session cookie, its CSRF token and an
//! `Idempotency-Key`, and a document's status and findings in the page's language. A received
//! shipment is answered (accepted in full or in part, or refused) through the same path.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Form, Path, Query, State};
use axum::response::Response;
use base64::Engine as _;
use http::{HeaderMap, Method, StatusCode};
use minijinja::context;
use serde::Deserialize;
use tanba_domain::{Lang, Msg};
use tanba_registry::RegistryError;

use super::Web;
use super::kinds::{self, Choice, Incomplete, Input, Kind, Labels, Pairs};
use super::session::SignedIn;

/// The API operation every page here stands for.
const SUBMIT: &str = "/api/v1/documents";

/// `GET /cabinet/documents`: the participant's documents (sent or received), newest first.
pub(crate) async fn list(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let me = signed_in!(web, (&headers, peer), Method::GET, SUBMIT);
    let lang = web.lang(&headers);
    match web
        .app
        .documents
        .list(&me.caller, None, None, None, 100)
        .await
    {
        Ok(page) => {
            let may_send = crate::auth::permitted(&me.caller, &Method::POST, SUBMIT).is_ok();
            let data = context! {
                documents => page.items,
                may_send,
                kinds => kinds::new_kinds(),
                ..me.context()
            };
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
                && crate::auth::permitted(&me.caller, &Method::POST, SUBMIT).is_ok();
            let data = context! { document => document, pending, may_accept, ..me.context() };
            web.page(lang, &here, "document.html", data)
        }
        Err(e) => web.failure(lang, &here, &e.into()),
    }
}

/// The query of the new-document page.
#[derive(Deserialize)]
pub(crate) struct KindQuery {
    kind: Option<String>,
}

/// `GET /cabinet/documents/new?kind=...`: the form of a kind (a shipment if none is named).
pub(crate) async fn new(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(query): Query<KindQuery>,
) -> Response {
    let me = signed_in!(web, (&headers, peer), Method::POST, SUBMIT);
    let lang = web.lang(&headers);
    let name = query.kind.unwrap_or_else(|| "shipment".to_owned());
    match kinds::kind(&name).filter(|k| k.kind != "acceptance") {
        Some(kind) => form_page(&web, &me, lang, kind, &Pairs::new(), None).await,
        None => unknown_kind(&web, lang, &name),
    }
}

/// `GET /cabinet/documents/{id}/accept`: the answer to a shipment the participant received
/// (R10: ownership moves at acceptance): in full, in part (ticking the units accepted) or a
/// refusal. Whether it may still be answered is decided when the answer is processed.
pub(crate) async fn accept(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let me = signed_in!(web, (&headers, peer), Method::POST, SUBMIT);
    let lang = web.lang(&headers);
    let Some(kind) = kinds::kind("acceptance") else {
        return unknown_kind(&web, lang, "acceptance");
    };
    let pairs = vec![
        ("shipment".to_owned(), id),
        ("result".to_owned(), "full".to_owned()),
    ];
    form_page(&web, &me, lang, kind, &pairs, None).await
}

/// `POST /cabinet/documents/new`: the document a form of any kind makes, to review and sign.
/// Nothing is stored yet: `sign.js` signs these bytes and submits them to the API.
pub(crate) async fn review(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(pairs): Form<Pairs>,
) -> Response {
    let me = signed_in!(web, (&headers, peer), Method::POST, SUBMIT);
    if let Some(refused) = me.csrf_refused(&web, &headers, kinds::value(&pairs, "csrf")) {
        return refused;
    }
    let lang = web.lang(&headers);
    let name = kinds::value(&pairs, "kind");
    let Some(kind) = kinds::kind(name) else {
        return unknown_kind(&web, lang, name);
    };
    match kinds::document_bytes(kind, &pairs) {
        Ok(bytes) => {
            let back = back_of(kind, &pairs);
            web.page(
                lang,
                &back,
                "sign.html",
                sign_page(&web, &me, &bytes, &back),
            )
        }
        Err(incomplete) => {
            let mut page = form_page(&web, &me, lang, kind, &pairs, Some(incomplete)).await;
            *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            page
        }
    }
}

/// Where a kind's form is, to return to from the signing page.
fn back_of(kind: &Kind, pairs: &Pairs) -> String {
    match kind.kind {
        "acceptance" => format!(
            "/cabinet/documents/{}/accept",
            super::check::urlencode(kinds::value(pairs, "shipment"))
        ),
        other => format!("/cabinet/documents/new?kind={other}"),
    }
}

/// The form of `kind` holding `pairs`, with what was wrong with it if anything.
async fn form_page(
    web: &Web,
    me: &SignedIn,
    lang: Lang,
    kind: &Kind,
    pairs: &Pairs,
    incomplete: Option<Incomplete>,
) -> Response {
    let here = back_of(kind, pairs);
    let missing = match &incomplete {
        Some(Incomplete::Missing(names)) => names.clone(),
        _ => Vec::new(),
    };
    let mut fields = Vec::with_capacity(kind.fields.len());
    for field in kind.fields {
        let choices = match field.input {
            Input::Choice(codes, labels) => named(web, lang, codes(), labels).await,
            Input::Picks => match shipped_units(web, me, kinds::value(pairs, "shipment")).await {
                Ok(units) => units,
                Err(e) => return web.failure(lang, &here, &e.into()),
            },
            _ => Vec::new(),
        };
        fields.push(kinds::view(field, pairs, choices, &missing));
    }
    let error = incomplete.map(|incomplete| match incomplete {
        Incomplete::Missing(names) => {
            let labels: Vec<String> = names
                .iter()
                .map(|n| web.app.catalogue.text(lang, &format!("web-field-{n}"), &[]))
                .collect();
            let msg = Msg::new("web-document-incomplete").with("fields", labels.join(", "));
            web.say(lang, &msg)
        }
        Incomplete::Invalid(msg) => web.say(lang, &msg),
    });
    let data = context! { kind => kind.kind, fields, error, ..me.context() };
    web.page(lang, &here, "document_form.html", data)
}

/// The options of a closed list, named in `lang`: by the reference data (R20) where it names
/// them, else by their code; or by the web texts.
async fn named(web: &Web, lang: Lang, codes: Vec<&'static str>, labels: Labels) -> Vec<Choice> {
    let names = match labels {
        Labels::Reference(classifier) => reference_names(web, lang, classifier).await,
        Labels::Text(_) => Default::default(),
    };
    codes
        .into_iter()
        .map(|code| {
            let label = match labels {
                Labels::Reference(_) => names.get(code).cloned().unwrap_or_else(|| code.to_owned()),
                Labels::Text(prefix) => {
                    web.app
                        .catalogue
                        .text(lang, &format!("{prefix}{code}"), &[])
                }
            };
            Choice {
                code: code.to_owned(),
                label,
            }
        })
        .collect()
}

/// The names in `lang` of the entries of `classifier` in force today, by code.
async fn reference_names(
    web: &Web,
    lang: Lang,
    classifier: &str,
) -> std::collections::HashMap<String, String> {
    let query = tanba_reference::SearchQuery {
        limit: Some(500),
        ..Default::default()
    };
    match web.app.reference.search(classifier, query).await {
        Ok(page) => page
            .items
            .into_iter()
            .map(|e| (e.code, crate::public::name_in(lang, &e.names)))
            .filter(|(_, name)| !name.is_empty())
            .collect(),
        Err(e) => {
            tracing::warn!(error = ?e, classifier, "reference names unavailable; codes shown");
            Default::default()
        }
    }
}

/// The units shipment `id` lists (as unit keys), to tick for a partial acceptance; the
/// shipment must be one the participant sees.
async fn shipped_units(web: &Web, me: &SignedIn, id: &str) -> Result<Vec<Choice>, RegistryError> {
    let (_, form) = web.app.documents.get_with_form(&me.caller, id).await?;
    let Some(form) = form.filter(|f| f.kind() == "shipment") else {
        return Ok(Vec::new());
    };
    let (pointer, units) = form.units();
    Ok(units
        .iter()
        .enumerate()
        .map(|(i, unit)| {
            let key = tanba_registry::unit_key(unit, &format!("{pointer}/{i}"))
                .unwrap_or_else(|_| unit.clone());
            Choice {
                code: key.clone(),
                label: key,
            }
        })
        .collect())
}

/// The error page for a kind the cabinet does not make.
fn unknown_kind(web: &Web, lang: Lang, name: &str) -> Response {
    let known = kinds::new_kinds().join(", ");
    let e = RegistryError::not_found(
        "DOCUMENT_KIND_UNKNOWN",
        Msg::new("web-document-kind-unknown")
            .with("kind", name.escape_debug())
            .with("known", known),
    );
    web.failure(lang, "/cabinet/documents", &e.into())
}

/// What the signing page shows: the exact bytes to sign and submit, the idempotency key they
/// are submitted with (a second click or a retry returns the first document), and where
/// "change" leads.
fn sign_page(web: &Web, me: &SignedIn, bytes: &[u8], back: &str) -> minijinja::Value {
    context! {
        text => String::from_utf8_lossy(bytes),
        body => base64::engine::general_purpose::STANDARD.encode(bytes),
        key => uuid::Uuid::new_v4().to_string(),
        ncalayer => web.app.web.ncalayer_url,
        back => back,
        ..me.context()
    }
}
