//! The pages' style sheet and scripts, compiled into the binary.

use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use http::{StatusCode, header};

const FILES: &[(&str, &str, &str)] = &[
    (
        "app.css",
        "text/css; charset=utf-8",
        include_str!("../../static/app.css"),
    ),
    (
        "scan.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/scan.js"),
    ),
    (
        "ncalayer.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/ncalayer.js"),
    ),
    (
        "login.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/login.js"),
    ),
    (
        "sign.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/sign.js"),
    ),
    (
        "api-form.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/api-form.js"),
    ),
];

/// `/static/{file}`.
pub(crate) async fn serve(Path(file): Path<String>) -> Response {
    match FILES.iter().find(|(name, _, _)| *name == file) {
        Some((_, content_type, body)) => (
            [
                (header::CONTENT_TYPE, *content_type),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            *body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
