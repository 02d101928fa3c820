//! Request and pool metrics in the OpenMetrics text format that Prometheus scrapes.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, header};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::AppState;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    /// The route pattern (`/api/v1/codes/{code}`), never the raw path, so the number of series
    /// stays bounded.
    route: String,
    status: u16,
}

type DurationFamily = Family<RequestLabels, Histogram, fn() -> Histogram>;

/// The hub's metrics registry.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    durations: DurationFamily,
    pool_size: Gauge,
    pool_idle: Gauge,
    pool_max: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    /// An empty registry with the hub's metrics.
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("tanba");
        let requests = Family::<RequestLabels, Counter>::default();
        let durations: DurationFamily =
            Family::new_with_constructor(|| Histogram::new(exponential_buckets(0.0005, 2.0, 16)));
        let (pool_size, pool_idle, pool_max) =
            (Gauge::default(), Gauge::default(), Gauge::default());
        registry.register("http_requests", "HTTP requests answered", requests.clone());
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request",
            durations.clone(),
        );
        registry.register(
            "db_pool_connections",
            "Open database connections",
            pool_size.clone(),
        );
        registry.register(
            "db_pool_idle",
            "Idle database connections",
            pool_idle.clone(),
        );
        registry.register(
            "db_pool_max",
            "Maximum database connections",
            pool_max.clone(),
        );
        Metrics {
            registry,
            requests,
            durations,
            pool_size,
            pool_idle,
            pool_max,
        }
    }
}

impl Metrics {
    /// The registry, for other parts to add their metrics to before serving (the plugin
    /// engine's, say).
    pub fn registry_mut(&mut self) -> &mut Registry {
        &mut self.registry
    }
}

/// Counts and times every request.
pub(crate) async fn record(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |p| p.as_str())
        .to_owned();
    let response = next.run(request).await;
    let labels = RequestLabels {
        method,
        route,
        status: response.status().as_u16(),
    };
    state.metrics.requests.get_or_create(&labels).inc();
    state
        .metrics
        .durations
        .get_or_create(&labels)
        .observe(started.elapsed().as_secs_f64());
    response
}

/// `/metrics`.
#[utoipa::path(
    get, path = "/metrics", tag = "service",
    responses((status = 200, description = "Request, pool and plugin metrics (OpenMetrics text).", content_type = "application/openmetrics-text", body = String))
)]
pub(crate) async fn render(State(state): State<AppState>) -> Response {
    let pool = state.db.pool_status();
    let metrics = &state.metrics;
    metrics.pool_size.set(gauge_value(pool.size));
    metrics.pool_idle.set(gauge_value(pool.available));
    metrics.pool_max.set(gauge_value(pool.max_size));
    let mut text = String::new();
    if encode(&mut text, &metrics.registry).is_err() {
        return http::StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    let mut response = text.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
    );
    response
}

fn gauge_value(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
