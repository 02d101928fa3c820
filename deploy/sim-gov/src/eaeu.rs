//! The EAEU integration gateway: takes movements in the EAEU adapter's structure
//! (`adapters/eaeu/schema/MarkedGoodsMovement.xsd`) at [`MOVEMENTS_PATH`] and acknowledges
//! each (ACCEPTED, or REJECTED when told to); builds incoming movements and sends them to the
//! hub's inbound endpoint, as another member state's gateway does.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use tanba_adapter_sdk::xml;
use tanba_sim_kit::{SharedState, Sim, answer, body, escape_xml};

/// Where movements are posted.
pub const MOVEMENTS_PATH: &str = "/eaeu/movements";
const NS: &str = "urn:tanba:eaeu:MarkedGoodsMovement:v1.0.0";

/// What the gateway holds.
#[derive(Debug, Default)]
pub struct Gateway {
    /// The `EDocId` of every movement accepted, in order.
    pub accepted: Vec<String>,
    /// When set, movements are rejected with this reason.
    pub reject_with: Option<String>,
}

/// Starts the simulator.
pub async fn start() -> std::io::Result<Sim<Gateway>> {
    Sim::start(Gateway::default(), routes).await
}

fn routes(shared: SharedState<Gateway>) -> Router {
    Router::new()
        .route(MOVEMENTS_PATH, post(movement))
        .with_state(shared)
}

async fn movement(
    State(s): State<SharedState<Gateway>>,
    headers: HeaderMap,
    text: String,
) -> Response {
    let mode = s.record(MOVEMENTS_PATH, &headers, &text);
    let id = xml::parse_str(&text)
        .ok()
        .filter(|root| root.is(Some(NS), "MarkedGoodsMovement"))
        .and_then(|root| {
            root.child(Some(NS), "EDocHeader")
                .and_then(|h| h.child_text(Some(NS), "EDocId"))
        });
    let normal = match id {
        Some(id) => {
            let rejected = s.with(|g| {
                let rejected = g.reject_with.clone();
                if rejected.is_none() && !g.accepted.contains(&id) {
                    g.accepted.push(id.clone());
                }
                rejected
            });
            acknowledgement(&id, rejected.as_deref())
        }
        None => body(
            StatusCode::BAD_REQUEST,
            "application/xml",
            "<error>not a MarkedGoodsMovement</error>".into(),
        ),
    };
    let fault = body(
        StatusCode::SERVICE_UNAVAILABLE,
        "application/xml",
        "<error>integration gateway unavailable</error>".into(),
    );
    let malformed = body(
        StatusCode::OK,
        "application/xml",
        format!("<mgm:Acknowledgement xmlns:mgm=\"{NS}\"><mgm:EDocRefId>"),
    );
    answer(mode, normal, fault, malformed).await
}

fn acknowledgement(id: &str, rejected: Option<&str>) -> Response {
    let (code, reason) = match rejected {
        Some(r) => (
            "REJECTED",
            format!("<mgm:Reason>{}</mgm:Reason>", escape_xml(r)),
        ),
        None => ("ACCEPTED", String::new()),
    };
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><mgm:Acknowledgement xmlns:mgm=\"{NS}\"><mgm:EDocRefId>{}</mgm:EDocRefId><mgm:ResultCode>{code}</mgm:ResultCode>{reason}</mgm:Acknowledgement>",
        escape_xml(id)
    );
    body(StatusCode::OK, "application/xml; charset=utf-8", xml)
}

/// A movement from `consignor_country` (taxpayer `consignor`) to the Kazakh consignee
/// `consignee_bin`, as another member state sends one to the hub's `eaeu-inbound` endpoint.
/// Group separators in codes are written `{GS}`.
pub fn incoming_movement(
    id: &str,
    shipped_on: &str,
    (consignor_country, consignor): (&str, &str),
    consignee_bin: &str,
    units: &[&str],
) -> String {
    let units: String = units
        .iter()
        .map(|u| {
            format!(
                "<mgm:UnitIdentifier>{}</mgm:UnitIdentifier>",
                escape_xml(&u.replace('\u{1d}', "{GS}"))
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><mgm:MarkedGoodsMovement xmlns:mgm=\"{NS}\"><mgm:EDocHeader>\
         <mgm:InfEnvelopeCode>P.TN.01.MSG.001</mgm:InfEnvelopeCode><mgm:EDocCode>R.TN.01.001</mgm:EDocCode>\
         <mgm:EDocId>{}</mgm:EDocId><mgm:EDocDateTime>{}T00:00:00Z</mgm:EDocDateTime><mgm:LanguageCode>RU</mgm:LanguageCode>\
         </mgm:EDocHeader><mgm:ShipmentDate>{}</mgm:ShipmentDate>\
         <mgm:ConsignorDetails><mgm:UnifiedCountryCode>{}</mgm:UnifiedCountryCode><mgm:TaxpayerId>{}</mgm:TaxpayerId></mgm:ConsignorDetails>\
         <mgm:ConsigneeDetails><mgm:UnifiedCountryCode>KZ</mgm:UnifiedCountryCode><mgm:TaxpayerId>{}</mgm:TaxpayerId></mgm:ConsigneeDetails>\
         <mgm:MarkedGoodsDetails>{units}</mgm:MarkedGoodsDetails></mgm:MarkedGoodsMovement>",
        escape_xml(id),
        escape_xml(shipped_on),
        escape_xml(shipped_on),
        escape_xml(consignor_country),
        escape_xml(consignor),
        escape_xml(consignee_bin),
    )
}

/// Sends `movement` to the hub as another member state's gateway does: `POST` to the hub's
/// inbound endpoint `url` (`<hub>/soap/eaeu/eaeu-inbound`) with `token`, the API token of the
/// hub participant that stands for the gateway (a `government-system`). The hub's HTTP status
/// and answer (a SOAP envelope, or a SOAP Fault naming the problem).
pub async fn send_to_hub(
    url: &str,
    token: &str,
    movement: &str,
) -> Result<(u16, String), reqwest::Error> {
    let response = reqwest::Client::new()
        .post(url)
        .bearer_auth(token)
        .header("content-type", "application/xml; charset=utf-8")
        .body(movement.to_owned())
        .send()
        .await?;
    let status = response.status().as_u16();
    Ok((status, response.text().await?))
}
