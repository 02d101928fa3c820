//! `POST /api/v1/codes/parse`: a marking code in any form a scanner or a person delivers (raw
//! with GS separators and a `]d2` prefix, bracketed, GS1 Digital Link), checked against the GS1
//! rules and given back in every form (R1, R7, R11). Stateless: it says whether a code is
//! well-formed, not whether it was emitted (that needs the registry, issue 3).

use axum::Json;
use axum::extract::rejection::JsonRejection;
use http::StatusCode;
use serde::{Deserialize, Serialize};
use tanba_domain::{ElementString, Msg};

use crate::ApiError;

/// The longest code accepted: a GS1 element string is far shorter; a Digital Link with a few
/// query attributes stays under this.
const MAX_CODE_CHARS: usize = 1024;
/// Where rendered Digital Links point: GS1's global resolver.
const DIGITAL_LINK_BASE: &str = "https://id.gs1.org";

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ParseRequest {
    code: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct ParsedCode {
    gtin: Option<String>,
    serial: Option<String>,
    sscc: Option<String>,
    elements: Vec<ParsedElement>,
    forms: Forms,
}

#[derive(Serialize, utoipa::ToSchema)]
struct ParsedElement {
    ai: String,
    title: &'static str,
    value: String,
}

#[derive(Serialize, utoipa::ToSchema)]
struct Forms {
    /// With GS (U+001D) separators, as a DataMatrix carries it.
    raw: String,
    bracketed: String,
    human_readable: String,
    digital_link: Option<String>,
}

#[utoipa::path(
    post, path = "/api/v1/codes/parse", tag = "codes",
    request_body = ParseRequest,
    responses(
        (status = 200, description = "The code is well-formed; here it is in every form.", body = ParsedCode),
        (status = 400, description = "The body does not parse."),
        (status = 422, description = "The code breaks a GS1 rule; the problem names which."),
    )
)]
pub(crate) async fn parse(
    body: Result<Json<ParseRequest>, JsonRejection>,
) -> Result<Json<ParsedCode>, ApiError> {
    let Json(request) = body.map_err(|rejection| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST_BODY",
            Msg::new("problem-bad-request-title"),
            Msg::new("problem-bad-json").with("reason", rejection.body_text()),
        )
    })?;
    let invalid = |detail: Msg, code: &'static str| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            code,
            Msg::new("problem-invalid-code-title"),
            detail.clone(),
        )
        .with_field("/code", detail)
    };
    if request.code.chars().count() > MAX_CODE_CHARS {
        let msg = Msg::new("problem-code-too-long").with_number("max", MAX_CODE_CHARS as i64);
        return Err(invalid(msg, "CODE_TOO_LONG"));
    }
    let parsed = ElementString::parse(request.code.trim_end_matches(['\r', '\n']))
        .map_err(|err| invalid(err.msg(), err.code()))?;
    Ok(Json(ParsedCode {
        gtin: parsed.gtin().map(|g| g.to_string()),
        serial: parsed.serial().map(str::to_owned),
        sscc: parsed.sscc().map(|s| s.to_string()),
        elements: parsed
            .elements()
            .iter()
            .map(|e| ParsedElement {
                ai: e.ai().as_str().to_owned(),
                title: e.ai().title(),
                value: e.value().to_owned(),
            })
            .collect(),
        forms: Forms {
            raw: parsed.to_raw(),
            bracketed: parsed.to_bracketed(),
            human_readable: parsed.to_human_readable(),
            digital_link: parsed.to_digital_link(DIGITAL_LINK_BASE).ok(),
        },
    }))
}
