//! `POST /api/v1/public/check/photo` (R7): the public check from a photo of the code, for
//! phones whose browser cannot scan. The server reads the DataMatrix (tanba-scan) and answers
//! as the check by code does, under the same limit per address and the same counting.

use std::net::SocketAddr;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use tanba_domain::Msg;
use tanba_scan::ScanError;

use crate::body::{Query, RawBody};
use crate::public::{CheckAnswer, admit, answer_lang, checked, place};
use crate::{ApiError, AppState};

/// The largest photo accepted, in bytes (a phone photo as the browser sends it).
pub(crate) const MAX_BODY: usize = 8 << 20;

/// Where the photo was taken, and the language of the answer.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct PhotoQuery {
    /// Latitude of the place, in degrees, if the person shares it.
    latitude: Option<f64>,
    /// Longitude of the place, in degrees.
    longitude: Option<f64>,
    /// `kk`, `ru` or `en`; else `Accept-Language`.
    lang: Option<String>,
}

/// The code read from the photo, and the check's answer.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct PhotoAnswer {
    /// The code as a scanner would deliver it (`]d2` and GS for a GS1 DataMatrix).
    code: String,
    #[serde(flatten)]
    answer: CheckAnswer,
}

#[utoipa::path(
    post, path = "/api/v1/public/check/photo", tag = "public",
    params(PhotoQuery),
    request_body(content = Vec<u8>, content_type = "image/jpeg", description = "A PNG or JPEG photo of the code, at most 8 MiB and 8,000 pixels on a side."),
    responses(
        (status = 200, description = "The code read, the verdict, its reasons and the product card.", body = PhotoAnswer),
        (status = 413, description = "The photo is over 8 MiB."),
        (status = 422, description = "Not a PNG or JPEG image, too many pixels, no readable DataMatrix, or an invalid place."),
        (status = 429, description = "Too many checks from this address; retry after `Retry-After` seconds."),
    )
)]
pub(crate) async fn check_photo(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(query): Query<PhotoQuery>,
    RawBody(photo): RawBody,
) -> Result<Json<PhotoAnswer>, ApiError> {
    let client = admit(&state, peer, &headers)?;
    let place = place(query.latitude, query.longitude)?;
    let lang = answer_lang(&state, &headers, query.lang.as_deref());
    let code = read_code(photo).await?;
    let answer = checked(&state, client, place, lang, &code).await?;
    Ok(Json(PhotoAnswer { code, answer }))
}

/// Reads the DataMatrix in a photo off the async workers (decoding a large photo takes a
/// while), as a 422 problem naming what was wrong with it.
pub(crate) async fn read_code(photo: Bytes) -> Result<String, ApiError> {
    tokio::task::spawn_blocking(move || tanba_scan::read_datamatrix(&photo))
        .await
        .map_err(|e| ApiError::internal("photo decoding task failed", &e))?
        .map_err(unreadable)
}

fn unreadable(error: ScanError) -> ApiError {
    let (code, detail) = match error {
        ScanError::NotAnImage(reason) => (
            "PHOTO_NOT_IMAGE",
            Msg::new("check-photo-not-image").with("reason", reason),
        ),
        ScanError::TooLarge { width, height } => (
            "PHOTO_TOO_LARGE",
            Msg::new("check-photo-too-large")
                .with_number("width", i64::from(width))
                .with_number("height", i64::from(height))
                .with_number("max", i64::from(tanba_scan::MAX_SIDE)),
        ),
        ScanError::NoCode | ScanError::Unencodable(_) => {
            ("PHOTO_NO_CODE", Msg::new("check-photo-no-code"))
        }
    };
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        code,
        Msg::new("problem-invalid-title"),
        detail.clone(),
    )
    .with_field("/photo", detail)
}
