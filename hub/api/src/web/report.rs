//! The report-a-violation form (R7): the code (filled in from the check), a reason from the
//! closed list, free text, an optional address or place, an optional photo. Stored through the
//! same service as `POST /api/v1/public/violations`, under the same limit per address.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Multipart, Query, State};
use axum::response::Response;
use http::{HeaderMap, StatusCode};
use minijinja::context;
use serde::{Deserialize, Serialize};
use tanba_domain::{Lang, Msg};
use tanba_registry::{REASONS, RegistryError, ViolationInput};

use super::Web;

/// The form's largest body: a 4 MiB photo and the text fields.
pub(crate) const MAX_BODY: usize = 5 << 20;

/// The query of `/report`.
#[derive(Deserialize)]
pub(crate) struct FormQuery {
    code: Option<String>,
}

/// What the person typed, to show again with an error.
#[derive(Default, Serialize)]
struct Entered {
    code: String,
    reason: String,
    details: String,
    address: String,
    latitude: String,
    longitude: String,
}

/// `/report?code=...`: the empty form.
pub(crate) async fn form(
    State(web): State<Web>,
    headers: HeaderMap,
    Query(query): Query<FormQuery>,
) -> Response {
    let lang = web.lang(&headers);
    let entered = Entered {
        code: query.code.unwrap_or_default(),
        ..Entered::default()
    };
    show(&web, lang, &entered, None)
}

fn show(web: &Web, lang: Lang, entered: &Entered, error: Option<String>) -> Response {
    let here = format!("/report?code={}", super::check::urlencode(&entered.code));
    web.page(
        lang,
        &here,
        "report.html",
        context! { entered => entered, reasons => REASONS, error => error },
    )
}

/// `POST /report` (multipart): stores the report and thanks the person with its number.
pub(crate) async fn submit(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let lang = web.lang(&headers);
    let client = match crate::public::admit(&web.app, peer, &headers) {
        Ok(client) => client,
        Err(e) => return web.failure(lang, "/report", &e),
    };
    let (entered, photo) = match read(multipart).await {
        Ok(read) => read,
        Err(msg) => {
            let mut page = show(&web, lang, &Entered::default(), Some(web.say(lang, &msg)));
            *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            return page;
        }
    };
    let stored = match place(&entered) {
        Ok(place) => {
            let input = ViolationInput {
                code: entered.code.clone(),
                reason: entered.reason.clone(),
                details: Some(entered.details.clone()),
                place,
                address: Some(entered.address.clone()),
                photo,
                lang: Some(lang),
            };
            web.app
                .registry
                .report_violation(input, client.as_deref())
                .await
        }
        Err(e) => Err(e),
    };
    match stored {
        Ok(view) => web.page(lang, "/", "reported.html", context! { id => view.id }),
        Err(e) if e.kind == tanba_registry::Kind::Invalid => {
            let mut page = show(&web, lang, &entered, Some(web.say(lang, &e.msg)));
            *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            page
        }
        Err(e) => web.failure(lang, "/report", &e.into()),
    }
}

/// Latitude and longitude as typed (both empty: none).
fn place(entered: &Entered) -> Result<Option<(f64, f64)>, RegistryError> {
    let number = |text: &str, field: &str| {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        text.replace(',', ".")
            .parse::<f64>()
            .map(Some)
            .map_err(|_| {
                RegistryError::invalid(
                    format!("/{field}"),
                    "PLACE_INVALID",
                    Msg::new("check-place-invalid"),
                )
            })
    };
    crate::public::place(
        number(&entered.latitude, "latitude")?,
        number(&entered.longitude, "longitude")?,
    )
}

/// The form's fields and the photo's bytes (an empty file input is no photo).
async fn read(mut multipart: Multipart) -> Result<(Entered, Option<Vec<u8>>), Msg> {
    let broken = || Msg::new("web-form-broken");
    let mut entered = Entered::default();
    let mut photo = None;
    while let Some(field) = multipart.next_field().await.map_err(|_| broken())? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "photo" {
            let bytes = field.bytes().await.map_err(|_| broken())?;
            if !bytes.is_empty() {
                photo = Some(bytes.to_vec());
            }
            continue;
        }
        let value = field.text().await.map_err(|_| broken())?;
        let slot = match name.as_str() {
            "code" => &mut entered.code,
            "reason" => &mut entered.reason,
            "details" => &mut entered.details,
            "address" => &mut entered.address,
            "latitude" => &mut entered.latitude,
            "longitude" => &mut entered.longitude,
            _ => continue,
        };
        *slot = value;
    }
    Ok((entered, photo))
}
