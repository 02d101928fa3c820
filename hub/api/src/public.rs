//! `/api/v1/public/check` (R7, R2): anyone checks a scanned code without signing in, in kk, ru
//! or en (`lang` or `Accept-Language`), and gets a verdict, the reasons and the product card.
//! Calls are limited per client address (429 with `Retry-After`), and every check is counted
//! for clone detection (`GET /api/v1/clone-signals` for regulators and the operator).

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use tanba_domain::{Lang, Msg};
use tanba_registry::{CheckContext, Names, ProductCard, PublicCheck};

use crate::body::{JsonBody, Query};
use crate::{ApiError, AppState};

/// How many public calls one client address may make per minute.
pub struct PublicLimiter {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
}

impl PublicLimiter {
    /// `per_minute` calls per client address per minute (at least 1).
    pub fn new(per_minute: u32) -> Self {
        let quota =
            Quota::per_minute(NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN));
        PublicLimiter {
            limiter: RateLimiter::keyed(quota),
        }
    }

    /// Lets a call from `ip` through, or says how many seconds it must wait.
    fn admit(&self, ip: IpAddr) -> Result<(), u64> {
        if self.limiter.len() > 100_000 {
            self.limiter.retain_recent();
        }
        self.limiter.check_key(&ip).map_err(|not_until| {
            not_until
                .wait_time_from(DefaultClock::default().now())
                .as_secs()
                .max(1)
        })
    }
}

/// A code to check, where, and in which language to answer.
#[derive(Deserialize, utoipa::ToSchema, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct CheckRequest {
    /// The code exactly as scanned: raw with GS, with `]d2`, bracketed, or a GS1 Digital Link.
    code: String,
    /// Latitude of the place, in degrees, if the person shares it.
    latitude: Option<f64>,
    /// Longitude of the place, in degrees.
    longitude: Option<f64>,
    /// `kk`, `ru` or `en`; else `Accept-Language`.
    lang: Option<String>,
}

/// The answer of a check.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct CheckAnswer {
    /// `authentic`, `unknown`, `verification_failed`, `not_in_circulation`, `sold`, `withdrawn`,
    /// `expired` or `suspected_clone`.
    verdict: &'static str,
    /// The language of the texts.
    lang: &'static str,
    /// What the verdict means and why, for a person.
    reasons: Vec<String>,
    /// The product, for a genuine code.
    product: Option<Card>,
}

/// A product card, in the answer's language. Nothing private.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct Card {
    gtin: String,
    name: String,
    brand: Option<String>,
    manufacturer: Option<String>,
    importer: Option<String>,
    product_group: String,
    product_group_name: String,
    /// `YYYY-MM-DD`.
    production_date: Option<String>,
    /// `YYYY-MM-DD`.
    expiry_date: Option<String>,
}

#[utoipa::path(
    get, path = "/api/v1/public/check", tag = "public",
    params(CheckRequest),
    responses(
        (status = 200, description = "The verdict, its reasons and the product card.", body = CheckAnswer),
        (status = 422, description = "Only one of latitude and longitude, or one out of range."),
        (status = 429, description = "Too many checks from this address; retry after `Retry-After` seconds."),
    )
)]
pub(crate) async fn check_get(
    state: State<AppState>,
    peer: ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(request): Query<CheckRequest>,
) -> Result<Json<CheckAnswer>, ApiError> {
    check(state, peer, headers, request).await
}

#[utoipa::path(
    post, path = "/api/v1/public/check", tag = "public",
    request_body = CheckRequest,
    responses(
        (status = 200, description = "The verdict, its reasons and the product card.", body = CheckAnswer),
        (status = 422, description = "Only one of latitude and longitude, or one out of range."),
        (status = 429, description = "Too many checks from this address; retry after `Retry-After` seconds."),
    )
)]
pub(crate) async fn check_post(
    state: State<AppState>,
    peer: ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    JsonBody(request): JsonBody<CheckRequest>,
) -> Result<Json<CheckAnswer>, ApiError> {
    check(state, peer, headers, request).await
}

async fn check(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    request: CheckRequest,
) -> Result<Json<CheckAnswer>, ApiError> {
    let client = admit(&state, peer, &headers)?;
    let place = place(request.latitude, request.longitude)?;
    let lang = answer_lang(&state, &headers, request.lang.as_deref());
    Ok(Json(
        checked(&state, client, place, lang, &request.code).await?,
    ))
}

/// The language asked for by `lang`, else the caller's `Accept-Language`, else the default.
pub(crate) fn answer_lang(state: &AppState, headers: &HeaderMap, lang: Option<&str>) -> Lang {
    lang.and_then(Lang::from_tag)
        .unwrap_or_else(|| crate::lang::caller_lang(headers, state.default_lang))
}

/// Checks `code` for an admitted client (counted for clone detection) and words the answer.
pub(crate) async fn checked(
    state: &AppState,
    client_ip: Option<String>,
    place: Option<(f64, f64)>,
    lang: Lang,
    code: &str,
) -> Result<CheckAnswer, ApiError> {
    let context = CheckContext {
        client_ip,
        place,
        today: Some(time::OffsetDateTime::now_utc().date()),
    };
    let checked = state.registry.public_check(code, &context).await?;
    Ok(answer(state, lang, checked))
}

/// Counts a public call from the client against the per-address limit (429 over it); the
/// client's address as the API sees it.
pub(crate) fn admit(
    state: &AppState,
    peer: SocketAddr,
    headers: &HeaderMap,
) -> Result<Option<String>, ApiError> {
    let client = crate::client::client_ip(headers, Some(peer), &state.trusted_proxies);
    let ip = client
        .as_deref()
        .and_then(|c| c.parse().ok())
        .unwrap_or(peer.ip());
    state.public_limiter.admit(ip).map_err(too_many)?;
    Ok(client)
}

/// A place given as latitude and longitude: both or neither, each in range.
pub(crate) fn place(
    latitude: Option<f64>,
    longitude: Option<f64>,
) -> Result<Option<(f64, f64)>, tanba_registry::RegistryError> {
    let invalid = |field: &str| {
        tanba_registry::RegistryError::invalid(
            format!("/{field}"),
            "PLACE_INVALID",
            Msg::new("check-place-invalid"),
        )
    };
    match (latitude, longitude) {
        (None, None) => Ok(None),
        (Some(lat), Some(lon)) => {
            if !(-90.0..=90.0).contains(&lat) {
                return Err(invalid("latitude"));
            }
            if !(-180.0..=180.0).contains(&lon) {
                return Err(invalid("longitude"));
            }
            Ok(Some((lat, lon)))
        }
        (None, Some(_)) => Err(invalid("latitude")),
        (Some(_), None) => Err(invalid("longitude")),
    }
}

fn too_many(retry_after: u64) -> ApiError {
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "TOO_MANY_CHECKS",
        Msg::new("problem-too-many-title"),
        Msg::new("check-too-many").with_number("seconds", i64::try_from(retry_after).unwrap_or(60)),
    )
    .retry_after(retry_after)
}

pub(crate) fn answer(state: &AppState, lang: Lang, checked: PublicCheck) -> CheckAnswer {
    let text = |msg: &Msg| state.catalogue.render(lang, msg);
    CheckAnswer {
        verdict: checked.verdict.as_str(),
        lang: lang.code(),
        reasons: checked.reasons.iter().map(text).collect(),
        product: checked.product.map(|card| card_in(lang, card)),
    }
}

pub(crate) fn name_in(lang: Lang, names: &Names) -> String {
    match lang {
        Lang::Kk => names.kk.clone(),
        Lang::Ru => names.ru.clone(),
        Lang::En => names.en.clone().unwrap_or_else(|| names.ru.clone()),
    }
}

fn card_in(lang: Lang, card: ProductCard) -> Card {
    Card {
        gtin: card.gtin,
        name: name_in(lang, &card.names),
        brand: card.brand,
        manufacturer: card.manufacturer.as_ref().map(|n| name_in(lang, n)),
        importer: card.importer.as_ref().map(|n| name_in(lang, n)),
        product_group_name: name_in(lang, &card.product_group.1),
        product_group: card.product_group.0,
        production_date: card.production_date,
        expiry_date: card.expiry_date,
    }
}

/// Paging of clone signals.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct SignalsQuery {
    /// Signals older than this id.
    before: Option<i64>,
    /// At most this many (1 to 500, default 100).
    limit: Option<i64>,
}

#[utoipa::path(
    get, path = "/api/v1/clone-signals", tag = "public", security(("bearer" = [])),
    params(SignalsQuery),
    responses((status = 200, description = "Suspected clones, newest first: codes checked far apart within a short time (`public-check`) and codes sold twice or sold while not in circulation (`retail-sale`, R13); the operator's all, a regulator's own groups.", body = Vec<tanba_registry::CloneSignal>))
)]
pub(crate) async fn clone_signals(
    State(state): State<AppState>,
    crate::auth::Authenticated(caller): crate::auth::Authenticated,
    Query(q): Query<SignalsQuery>,
) -> Result<Json<Vec<tanba_registry::CloneSignal>>, ApiError> {
    Ok(Json(
        state
            .registry
            .clone_signals(&caller, q.before, q.limit.unwrap_or(100))
            .await?,
    ))
}
