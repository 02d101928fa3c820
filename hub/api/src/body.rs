//! Request bodies and query strings: a JSON body or query that does not parse is a 400 problem
//! naming the reason, in the caller's language, like every other error.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use http::StatusCode;
use http::request::Parts;
use serde::de::DeserializeOwned;
use tanba_domain::Msg;

use crate::ApiError;

/// A JSON body of `T`.
pub(crate) struct JsonBody<T>(pub T);

/// A query string of `T`.
pub(crate) struct Query<T>(pub T);

fn bad_request(detail: Msg) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "BAD_REQUEST_BODY",
        Msg::new("problem-bad-request-title"),
        detail,
    )
}

/// A body that is over the route's limit, said as a problem like every other error.
fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "BODY_TOO_LARGE",
        Msg::new("problem-bad-request-title"),
        Msg::new("problem-body-too-large"),
    )
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let axum::Json(value) = axum::Json::<T>::from_request(request, state)
            .await
            .map_err(|rejection: JsonRejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    return too_large();
                }
                bad_request(Msg::new("problem-bad-json").with("reason", rejection.body_text()))
            })?;
        Ok(JsonBody(value))
    }
}

/// A body of raw bytes (a photo), within the route's limit.
pub(crate) struct RawBody(pub axum::body::Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let body = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    return too_large();
                }
                bad_request(Msg::new("problem-bad-body").with("reason", rejection.body_text()))
            })?;
        Ok(RawBody(body))
    }
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let axum::extract::Query(value) =
            axum::extract::Query::<T>::from_request_parts(parts, state)
                .await
                .map_err(|rejection: QueryRejection| {
                    bad_request(Msg::new("problem-bad-query").with("reason", rejection.body_text()))
                })?;
        Ok(Query(value))
    }
}

/// Like [`Query`], with empty parameters (`name=`) left out first: what an HTML search form
/// sends for the fields left blank, which the API's queries read as absent.
pub(crate) struct FilledQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for FilledQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let kept: Vec<&str> = parts
            .uri
            .query()
            .unwrap_or_default()
            .split('&')
            .filter(|pair| !pair.is_empty() && !pair.ends_with('='))
            .collect();
        let bad =
            |reason: String| bad_request(Msg::new("problem-bad-query").with("reason", reason));
        let uri: http::Uri = format!("/?{}", kept.join("&"))
            .parse()
            .map_err(|e: http::uri::InvalidUri| bad(e.to_string()))?;
        let axum::extract::Query(value) = axum::extract::Query::<T>::try_from_uri(&uri)
            .map_err(|rejection| bad(rejection.body_text()))?;
        Ok(FilledQuery(value))
    }
}
