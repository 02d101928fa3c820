//! The web application served by the hub (issue 8; R18, R19, R7): server-rendered pages in
//! Kazakh, Russian and English. Every text comes from the Fluent catalogue (`web` area) through
//! the templates' `t("id")`; the language is the `tanba_lang` cookie, else `Accept-Language`,
//! else the hub's default, and every page offers the switch. Templates live in
//! `hub/api/templates`, styles and scripts in `hub/api/static`, all compiled into the binary.
//!
//! Security: minijinja escapes every value in `.html` templates; each page carries a
//! Content-Security-Policy allowing only the hub's own scripts and styles (no inline script),
//! `frame-ancestors 'none'` and `Referrer-Policy: no-referrer` (a code in a URL stays here).

/// The signed-in participant of a page ([`Web::signed_in`]), or the page's answer instead
/// (the sign-in page, or a refusal) returned from the handler.
macro_rules! signed_in {
    ($web:expr, $request:expr, $method:expr, $route:expr) => {
        match $web.signed_in($request, $method, $route).await {
            Ok(me) => me,
            Err(page) => return page,
        }
    };
}

mod assets;
mod cabinet;
mod charts;
mod check;
mod documents;
mod govern;
mod kinds;
mod login;
mod report;
mod session;

pub(crate) use session::session_token;

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, Request};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use http::{HeaderMap, HeaderValue, StatusCode, header};
use minijinja::value::Kwargs;
use minijinja::{Environment, Value, context};
use serde::Deserialize;
use tanba_domain::{Lang, Msg};
use tanba_i18n::Catalogue;

use crate::{ApiError, AppState};

/// The cookie that remembers the chosen language (a year; not a session, no secret).
const LANG_COOKIE: &str = "tanba_lang";

/// What the pages share: the hub's state and the compiled templates.
#[derive(Clone)]
pub(crate) struct Web {
    pub(crate) app: AppState,
    templates: Arc<Environment<'static>>,
}

/// The pages, to merge into the hub's router.
pub(crate) fn routes(app: AppState) -> Router<AppState> {
    let web = Web {
        templates: Arc::new(templates(app.catalogue.clone())),
        app,
    };
    Router::new()
        .route("/", get(check::page))
        .route("/check", get(check::verdict))
        .route(
            "/check/photo",
            axum::routing::post(check::photo)
                .layer(axum::extract::DefaultBodyLimit::max(crate::photo::MAX_BODY)),
        )
        .route(
            "/report",
            get(report::form)
                .post(report::submit)
                .layer(axum::extract::DefaultBodyLimit::max(report::MAX_BODY)),
        )
        .route("/lang/{code}", get(switch_lang))
        .route("/static/{file}", get(assets::serve))
        .route("/login", get(login::page).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/cabinet", get(cabinet::dashboard))
        .route("/cabinet/codes", get(cabinet::codes))
        .route("/cabinet/orders", get(cabinet::orders))
        .route("/cabinet/aggregation", get(cabinet::aggregation))
        .route("/cabinet/documents", get(documents::list))
        .route(
            "/cabinet/documents/new",
            get(documents::new).post(documents::review),
        )
        .route("/cabinet/documents/{id}", get(documents::show))
        .route("/cabinet/documents/{id}/accept", get(documents::accept))
        .route("/cabinet/violations", get(govern::violations))
        .route("/cabinet/rule-sets", get(govern::rule_sets))
        .route(
            "/cabinet/rule-sets/{group}/shadow",
            get(govern::shadow_report),
        )
        .route("/cabinet/participants", get(govern::participants))
        .route("/cabinet/adapters/outbox", get(govern::outbox))
        .route("/cabinet/adapters/jobs", get(govern::jobs))
        .route("/cabinet/audit", get(govern::audit))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(policy(&web.app.web.ncalayer_url)),
            security_headers,
        ))
        .with_state(web)
}

/// Every template, with `t(id, name=value, ...)` for texts and `t_in(lang, id)` for a text in
/// another language (the switch names each language in itself).
fn templates(catalogue: Arc<Catalogue>) -> Environment<'static> {
    let mut env = Environment::new();
    for (name, source) in TEMPLATES {
        env.add_template(name, source)
            .expect("the web templates compile (checked by the web tests)");
    }
    let own = catalogue.clone();
    env.add_function(
        "t",
        move |state: &minijinja::State, id: String, kwargs: Kwargs| {
            let lang = state
                .lookup("lang")
                .and_then(|l| l.as_str().and_then(Lang::from_tag))
                .unwrap_or(Lang::Ru);
            text(&own, lang, &id, &kwargs)
        },
    );
    env.add_function("t_in", move |lang: String, id: String| {
        let lang = Lang::from_tag(&lang).unwrap_or(Lang::Ru);
        catalogue.text(lang, &id, &[])
    });
    env
}

fn text(
    catalogue: &Catalogue,
    lang: Lang,
    id: &str,
    kwargs: &Kwargs,
) -> Result<String, minijinja::Error> {
    let mut args = Vec::new();
    for name in kwargs.args() {
        let value: Value = kwargs.get(name)?;
        args.push((name, value.to_string()));
    }
    kwargs.assert_all_used()?;
    Ok(catalogue.text(lang, id, &args))
}

/// The templates, by name.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("check.html", include_str!("../../templates/check.html")),
    ("verdict.html", include_str!("../../templates/verdict.html")),
    ("report.html", include_str!("../../templates/report.html")),
    (
        "reported.html",
        include_str!("../../templates/reported.html"),
    ),
    ("error.html", include_str!("../../templates/error.html")),
    ("login.html", include_str!("../../templates/login.html")),
    (
        "signed_in.html",
        include_str!("../../templates/signed_in.html"),
    ),
    ("cabinet.html", include_str!("../../templates/cabinet.html")),
    ("codes.html", include_str!("../../templates/codes.html")),
    ("orders.html", include_str!("../../templates/orders.html")),
    (
        "documents.html",
        include_str!("../../templates/documents.html"),
    ),
    (
        "document.html",
        include_str!("../../templates/document.html"),
    ),
    (
        "document_form.html",
        include_str!("../../templates/document_form.html"),
    ),
    ("sign.html", include_str!("../../templates/sign.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    (
        "aggregation.html",
        include_str!("../../templates/aggregation.html"),
    ),
    (
        "violations.html",
        include_str!("../../templates/violations.html"),
    ),
    (
        "rule_sets.html",
        include_str!("../../templates/rule_sets.html"),
    ),
    ("shadow.html", include_str!("../../templates/shadow.html")),
    (
        "participants.html",
        include_str!("../../templates/participants.html"),
    ),
    ("outbox.html", include_str!("../../templates/outbox.html")),
    ("jobs.html", include_str!("../../templates/jobs.html")),
    ("audit.html", include_str!("../../templates/audit.html")),
];

impl Web {
    /// `template` rendered for a page at `here` (the path the language switch returns to).
    pub(crate) fn page(&self, lang: Lang, here: &str, template: &str, data: Value) -> Response {
        let langs: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
        let ctx = context! { lang => lang.code(), langs => langs, here => here, ..data };
        match self
            .templates
            .get_template(template)
            .and_then(|t| t.render(ctx))
        {
            Ok(html) => Html(html).into_response(),
            Err(e) => {
                tracing::error!(error = %e, template, "a web page failed to render");
                (StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
            }
        }
    }

    /// An error page telling what went wrong and what to do, in `lang`.
    pub(crate) fn failure(&self, lang: Lang, here: &str, error: &ApiError) -> Response {
        let (status, detail) = error.status_and_detail();
        let detail = self.app.catalogue.render(lang, detail);
        let code = error.code();
        let mut response = self.page(lang, here, "error.html", context! { detail, code });
        *response.status_mut() = status;
        response
    }

    /// The language of a page: the cookie, else `Accept-Language`, else the default.
    pub(crate) fn lang(&self, headers: &HeaderMap) -> Lang {
        cookie(headers, LANG_COOKIE)
            .and_then(|v| Lang::from_tag(&v))
            .unwrap_or_else(|| crate::lang::caller_lang(headers, self.app.default_lang))
    }

    /// A message in `lang`.
    pub(crate) fn say(&self, lang: Lang, msg: &Msg) -> String {
        self.app.catalogue.render(lang, msg)
    }
}

/// The value of cookie `name`.
pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.to_owned())
}

#[derive(Deserialize)]
struct Back {
    back: Option<String>,
}

/// `/lang/{code}?back=/path`: remembers the language in a cookie and returns to the page.
async fn switch_lang(Path(code): Path<String>, Query(back): Query<Back>) -> Response {
    let back = back
        .back
        .filter(|b| b.starts_with('/') && !b.starts_with("//") && !b.contains('\\'))
        .unwrap_or_else(|| "/".to_owned());
    let Some(lang) = Lang::from_tag(&code) else {
        return Redirect::to(&back).into_response();
    };
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    );
    let mut response = Redirect::to(&back).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// The pages' Content-Security-Policy: only the hub's own scripts, styles and requests, and
/// NCALayer's WebSocket (`[web] ncalayer_url`, checked by the configuration to hold no `;`).
fn policy(ncalayer_url: &str) -> HeaderValue {
    let csp = format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; \
         media-src 'self' blob:; connect-src 'self' {ncalayer_url}; \
         frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
    );
    HeaderValue::from_str(&csp).unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
}

/// The pages' security headers.
async fn security_headers(
    axum::extract::State(csp): axum::extract::State<Arc<HeaderValue>>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, (*csp).clone());
    for (name, value) in [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    // Signed-in pages show a participant's own data: never kept by a shared cache.
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
