//! Tanba's HTTP face: the axum router and everything every route shares: the caller's language,
//! problem details in kk/ru/en (RFC 9457), request ids, request metrics, health and readiness,
//! and the server itself (plain or rustls TLS, graceful shutdown).
//!
//! Not for: business rules. Handlers parse input into domain types, call a service, and turn the
//! result into a response; what a document or a code may do is decided in `tanba-domain` and the
//! services.

mod adapter_versions;
mod adapters;
mod audit;
mod auth;
mod body;
mod client;
mod client_auth;
mod codes;
mod exports;
mod health;
mod lang;
mod login;
mod metrics;
mod openapi;
mod permissions;
mod photo;
mod pki;
mod problem;
mod public;
mod reference;
mod registry;
mod rule_sets;
mod server;
mod soap;
mod statistics;
mod violations;
mod web;

use std::sync::Arc;

use axum::Router;
use tanba_domain::Lang;
use tanba_i18n::Catalogue;
use tanba_store::Database;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter};
use utoipa_axum::routes;

pub use client_auth::ClientAnchors;
pub use metrics::Metrics;
pub use problem::{ApiError, FieldError};
pub use public::PublicLimiter;
pub use server::{HttpServer, ServerError, TlsFiles};

/// What every handler may use. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database pool.
    pub db: Database,
    /// The message catalogue.
    pub catalogue: Arc<Catalogue>,
    /// The language for callers who name none of ours.
    pub default_lang: Lang,
    /// Request and pool metrics.
    pub metrics: Arc<Metrics>,
    /// The rule sets this node runs.
    pub rules: Arc<tanba_rules::RuleRegistry>,
    /// Participants, products, product groups and emission.
    pub registry: tanba_registry::Registry,
    /// Documents and their processing.
    pub documents: tanba_documents::Documents,
    /// Reference data: classifiers and their versions (R20).
    pub reference: tanba_reference::Reference,
    /// Exports for analytic systems (R15).
    pub exports: tanba_exports::Exports,
    /// Proxies whose `X-Forwarded-For` names the client (for the audit log).
    pub trusted_proxies: Arc<Vec<std::net::IpAddr>>,
    /// The per-address limit of the public endpoints.
    pub public_limiter: Arc<PublicLimiter>,
    /// The adapters this node runs (`[adapters] enabled`), for inbound SOAP and "run now".
    pub adapters: Option<tanba_adapters::Adapters>,
    /// The hub's trust cache (`[pki] trust_dir`), for the operator's view of the trust store.
    pub trust: Option<tanba_trust::TrustCache>,
    /// The scheduled CRL fetch (`[pki] crl_urls`), for "run now".
    pub crl_fetch: Option<tanba_adapters::CrlFetch>,
    /// The web application's options.
    pub web: WebOptions,
}

/// What the web pages are told from the configuration (issue 8).
#[derive(Debug, Clone)]
pub struct WebOptions {
    /// NCALayer's WebSocket address (`[web] ncalayer_url`).
    pub ncalayer_url: String,
    /// Whether the session cookie is marked `Secure` (the hub serves TLS).
    pub secure_cookies: bool,
}

/// The whole HTTP API.
pub fn router(state: AppState) -> Router {
    let (routes, _) = api().split_for_parts();
    routes
        .merge(web::routes(state.clone()))
        .fallback(problem::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::record,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            problem::render_problems,
        ))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// The API's OpenAPI 3.1 document, made from the same annotations as the routes.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let mut doc = api().split_for_parts().1;
    openapi::finish(&mut doc);
    doc
}

/// Every route with its OpenAPI description (`routes!` takes each handler's `#[utoipa::path]`).
fn api() -> OpenApiRouter<AppState> {
    use utoipa::OpenApi as _;
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .routes(routes!(metrics::render))
        .routes(routes!(rule_sets::list))
        .routes(routes!(openapi))
        .routes(limited(routes!(codes::parse), 16 << 10))
        .routes(limited(
            routes!(public::check_get, public::check_post),
            16 << 10,
        ))
        .routes(limited(routes!(photo::check_photo), photo::MAX_BODY))
        .merge(registry_routes())
        .merge(reference_routes())
        .routes(routes!(exports::list, exports::create))
        .routes(routes!(exports::manifest))
        .routes(routes!(exports::file))
        .routes(routes!(statistics::stock))
        .routes(routes!(statistics::flows))
        .routes(routes!(statistics::top_gtins))
        .merge(violation_routes())
}

/// Violation reports (issue 8, R7).
fn violation_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(limited(routes!(violations::report), violations::MAX_BODY))
        .routes(routes!(violations::list))
        .routes(routes!(violations::get))
        .routes(routes!(violations::photo))
        .routes(routes!(violations::set_status))
}

/// Reference data (issue 9, R20).
fn reference_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(reference::classifiers))
        .routes(routes!(reference::search))
        .routes(routes!(reference::entry))
        .routes(limited(routes!(reference::import), reference::MAX_BODY))
}

/// The registry's resources (issue 3), the documents (issue 5), login and the audit log.
fn registry_routes() -> OpenApiRouter<AppState> {
    use registry::{codes as code, documents, groups, orders, participants, products, units};
    // A report or aggregation lists up to 100,000 codes of ~100 bytes.
    let big = 16 << 20;
    OpenApiRouter::new()
        .routes(routes!(participants::me))
        .routes(routes!(crate::audit::search))
        .routes(routes!(crate::login::challenge))
        .routes(routes!(crate::login::login))
        .routes(routes!(groups::list))
        .routes(routes!(groups::get, groups::put))
        .routes(routes!(groups::rotate_key))
        .routes(routes!(participants::list, participants::register))
        .routes(routes!(participants::get, participants::update))
        .routes(routes!(products::list))
        .routes(routes!(products::put, products::get))
        .routes(routes!(orders::list, orders::create))
        .routes(routes!(orders::get))
        .routes(routes!(orders::codes_text))
        .routes(routes!(orders::codes_csv))
        .routes(routes!(code::status))
        .routes(limited(routes!(units::applied), big))
        .routes(limited(routes!(units::aggregate), big))
        .routes(routes!(units::trace))
        .routes(routes!(units::contents))
        .routes(limited(
            routes!(documents::list, documents::submit),
            documents::MAX_BODY,
        ))
        .routes(routes!(documents::get))
        .routes(routes!(crate::public::clone_signals))
        .routes(routes!(crate::adapters::outbox))
        .routes(routes!(crate::adapters::replay))
        .routes(routes!(crate::adapters::jobs))
        .routes(routes!(crate::adapters::run_job))
        .routes(limited(
            routes!(adapter_versions::packages, adapter_versions::deploy),
            rule_sets::manage::MAX_BODY,
        ))
        .routes(routes!(adapter_versions::activate))
        .routes(routes!(adapter_versions::rollback))
        .routes(routes!(crate::pki::trust_store))
        .routes(routes!(crate::soap::wsdl))
        .routes(limited(
            routes!(crate::soap::inbound),
            tanba_adapters::MAX_INBOUND_BYTES,
        ))
        .merge(rule_set_routes())
}

/// Rule sets for their regulators and the operator (issue 4).
fn rule_set_routes() -> OpenApiRouter<AppState> {
    use rule_sets::manage;
    OpenApiRouter::new()
        .routes(limited(
            routes!(manage::packages, manage::deploy),
            manage::MAX_BODY,
        ))
        .routes(routes!(manage::activate))
        .routes(routes!(manage::rollback))
        .routes(routes!(manage::start_shadow, manage::stop_shadow))
        .routes(routes!(manage::disagreements))
}

/// A route whose request bodies may be up to `bytes` long.
fn limited(route: UtoipaMethodRouter<AppState>, bytes: usize) -> UtoipaMethodRouter<AppState> {
    let (schemas, paths, method) = route;
    (
        schemas,
        paths,
        method.layer(axum::extract::DefaultBodyLimit::max(bytes)),
    )
}

/// The document, made once per process.
static DOCUMENT: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The API's description (DESIGN.md principle 5): generated from the handlers' annotations.
#[utoipa::path(
    get, path = "/api/v1/openapi.json", tag = "service",
    responses((status = 200, description = "This document (OpenAPI 3.1).", body = Object))
)]
async fn openapi() -> impl axum::response::IntoResponse {
    let document = DOCUMENT.get_or_init(|| {
        openapi_document()
            .to_pretty_json()
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    });
    (
        [(http::header::CONTENT_TYPE, "application/json")],
        document.as_str(),
    )
}

/// Every request's span carries its id, so a log line leads back to the request.
fn request_span(request: &http::Request<axum::body::Body>) -> tracing::Span {
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
        request_id,
    )
}
