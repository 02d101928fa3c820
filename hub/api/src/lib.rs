//! Tanba's HTTP face: the axum router and everything every route shares: the caller's language,
//! problem details in kk/ru/en (RFC 9457), request ids, request metrics, health and readiness,
//! and the server itself (plain or rustls TLS, graceful shutdown).
//!
//! Not for: business rules. Handlers parse input into domain types, call a service, and turn the
//! result into a response; what a document or a code may do is decided in `tanba-domain` and the
//! services.

mod audit;
mod auth;
mod body;
mod client;
mod codes;
mod health;
mod lang;
mod login;
mod metrics;
mod problem;
mod registry;
mod rule_sets;
mod server;

use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use tanba_domain::Lang;
use tanba_i18n::Catalogue;
use tanba_store::Database;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};

pub use metrics::Metrics;
pub use problem::{ApiError, FieldError};
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
    /// Proxies whose `X-Forwarded-For` names the client (for the audit log).
    pub trusted_proxies: Arc<Vec<std::net::IpAddr>>,
}

/// The whole HTTP API.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::render))
        .route("/api/v1/rule-sets", get(rule_sets::list))
        .route("/api/v1/openapi.json", get(openapi))
        .route(
            "/api/v1/codes/parse",
            axum::routing::post(codes::parse).layer(axum::extract::DefaultBodyLimit::max(16 << 10)),
        )
        .merge(registry_routes())
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

/// The registry's resources (issue 3).
fn registry_routes() -> Router<AppState> {
    use axum::routing::{post, put};
    use registry::{codes as code, documents, groups, orders, participants, products, units};
    // A report or aggregation lists up to 100,000 codes of ~100 bytes.
    let big = axum::extract::DefaultBodyLimit::max(16 << 20);
    Router::new()
        .route("/api/v1/me", get(participants::me))
        .route("/api/v1/audit", get(crate::audit::search))
        .route("/api/v1/auth/challenge", post(crate::login::challenge))
        .route("/api/v1/auth/login", post(crate::login::login))
        .route("/api/v1/product-groups", get(groups::list))
        .route(
            "/api/v1/product-groups/{id}",
            get(groups::get).put(groups::put),
        )
        .route("/api/v1/product-groups/{id}/keys", post(groups::rotate_key))
        .route(
            "/api/v1/participants",
            get(participants::list).post(participants::register),
        )
        .route(
            "/api/v1/participants/{id}",
            get(participants::get).put(participants::update),
        )
        .route("/api/v1/products", get(products::list))
        .route(
            "/api/v1/products/{gtin}",
            put(products::put).get(products::get),
        )
        .route("/api/v1/orders", get(orders::list).post(orders::create))
        .route("/api/v1/orders/{id}", get(orders::get))
        .route("/api/v1/orders/{id}/codes.txt", get(orders::codes_text))
        .route("/api/v1/orders/{id}/codes.csv", get(orders::codes_csv))
        .route("/api/v1/codes/status", post(code::status))
        .route(
            "/api/v1/orders/{id}/applied",
            post(units::applied).layer(big),
        )
        .route("/api/v1/aggregations", post(units::aggregate).layer(big))
        .route("/api/v1/units/trace", get(units::trace))
        .route("/api/v1/units/contents", get(units::contents))
        .route(
            "/api/v1/documents",
            get(documents::list)
                .post(documents::submit)
                .layer(axum::extract::DefaultBodyLimit::max(documents::MAX_BODY)),
        )
        .route("/api/v1/documents/{id}", get(documents::get))
}

/// The API's description (DESIGN.md principle 5); a test requests every path it names.
pub const OPENAPI: &str = include_str!("../openapi.json");

async fn openapi() -> impl axum::response::IntoResponse {
    ([(http::header::CONTENT_TYPE, "application/json")], OPENAPI)
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
