//! Errors as RFC 9457 problem details, in the caller's language.
//!
//! A handler returns an [`ApiError`] holding language-neutral messages; the `render_problems`
//! middleware, which knows the request's language and id, writes the body. So no handler needs
//! the catalogue, and every error the API returns has the same shape.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use serde::Serialize;
use tanba_domain::Msg;
use tanba_store::StoreError;

use crate::AppState;
use crate::lang::caller_lang;

/// How long a client should wait before retrying when the database is away, in seconds.
const RETRY_AFTER_SECS: u64 = 5;

/// An error for the caller: an HTTP status, a stable machine code, and messages to translate.
/// Boxed, so a `Result<_, ApiError>` stays one pointer wide on the happy path.
#[derive(Debug, Clone)]
pub struct ApiError(Box<Inner>);

#[derive(Debug, Clone)]
struct Inner {
    status: StatusCode,
    code: &'static str,
    title: Msg,
    detail: Msg,
    errors: Vec<FieldError>,
    retry_after: Option<u64>,
}

/// One offending field: a JSON pointer into the request and what is wrong there.
#[derive(Debug, Clone)]
pub struct FieldError {
    /// RFC 6901 pointer, e.g. `/codes/3/gtin`.
    pub pointer: String,
    /// What is wrong and what to do.
    pub detail: Msg,
}

impl ApiError {
    /// Its status and what to tell a person (the web pages render it as HTML, not JSON).
    pub(crate) fn status_and_detail(&self) -> (StatusCode, &Msg) {
        (self.0.status, &self.0.detail)
    }

    /// An error with `status`, stable `code` (`DATABASE_UNAVAILABLE`), a title naming the kind of
    /// problem and a detail about this occurrence.
    pub fn new(status: StatusCode, code: &'static str, title: Msg, detail: Msg) -> Self {
        ApiError(Box::new(Inner {
            status,
            code,
            title,
            detail,
            errors: Vec::new(),
            retry_after: None,
        }))
    }

    /// Adds an offending field.
    pub fn with_field(mut self, pointer: impl Into<String>, detail: Msg) -> Self {
        self.0.errors.push(FieldError {
            pointer: pointer.into(),
            detail,
        });
        self
    }

    /// Tells the client to retry after `secs` seconds (`Retry-After`).
    pub fn retry_after(mut self, secs: u64) -> Self {
        self.0.retry_after = Some(secs);
        self
    }

    /// Tells the client to retry later (`Retry-After`), for passing outages.
    pub fn retry_later(mut self) -> Self {
        self.0.retry_after = Some(RETRY_AFTER_SECS);
        self
    }

    /// The database is away: 503 with `Retry-After`.
    pub fn unavailable(detail: Msg) -> Self {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "DATABASE_UNAVAILABLE",
            Msg::new("problem-unavailable-title"),
            detail,
        )
        .retry_later()
    }

    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        self.0.code
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        if err.is_unavailable() {
            return ApiError::unavailable(err.msg());
        }
        ApiError::internal("storage error", &err)
    }
}

impl ApiError {
    /// A fault of the hub itself: logged with `what` and the cause, answered as 500 without
    /// the cause (which may name internals).
    pub(crate) fn internal(what: &str, cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(%cause, "{what}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL",
            Msg::new("problem-internal-title"),
            Msg::new("problem-internal-detail"),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = self.0.status.into_response();
        if let Some(secs) = self.0.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response.extensions_mut().insert(self);
        response
    }
}

/// What was wrong, where, and what to do: the body of every error (RFC 9457
/// `application/problem+json`), in the caller's language.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    kind: String,
    /// The kind of problem, in the caller's language.
    title: String,
    /// The HTTP status.
    status: u16,
    /// This occurrence: what was wrong and what to do.
    detail: String,
    /// Stable machine code, e.g. `DATABASE_UNAVAILABLE`, `GS1_CHECK_DIGIT`.
    code: &'static str,
    /// `urn:uuid:` of the request id (`x-request-id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    instance: Option<String>,
    /// The offending fields.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<ProblemField>,
}

/// One offending field of a request.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct ProblemField {
    /// RFC 6901 pointer into the request, e.g. `/codes/3`.
    pointer: String,
    /// What is wrong there and what to do.
    detail: String,
}

/// Writes the body of every [`ApiError`] a handler returned, in the caller's language.
pub(crate) async fn render_problems(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let lang = caller_lang(request.headers(), state.default_lang);
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(|id| format!("urn:uuid:{id}"));
    let mut response = next.run(request).await;
    let Some(ApiError(err)) = response.extensions_mut().remove::<ApiError>() else {
        return response;
    };
    let render = |msg: &Msg| state.catalogue.render(lang, msg);
    let body = Problem {
        kind: format!(
            "urn:tanba:problem:{}",
            err.code.to_ascii_lowercase().replace('_', "-")
        ),
        title: render(&err.title),
        status: err.status.as_u16(),
        detail: render(&err.detail),
        code: err.code,
        instance: request_id,
        errors: err
            .errors
            .iter()
            .map(|f| ProblemField {
                pointer: f.pointer.clone(),
                detail: render(&f.detail),
            })
            .collect(),
    };
    let json = serde_json::to_vec(&body).expect("a problem body always serialises");
    let (mut parts, _) = response.into_parts();
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    parts.headers.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(lang.code()),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(json))
}

/// No route matched.
pub(crate) async fn not_found(request: Request) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
        Msg::new("problem-not-found-title"),
        Msg::new("problem-not-found-detail").with("path", request.uri().path()),
    )
}
