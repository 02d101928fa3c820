//! SOAP endpoints for external systems that call the hub (issue 7): `POST
//! /soap/{adapter}/{endpoint}` hands a message to a declared inbound endpoint of an adapter
//! (government systems only: an API token or a client certificate over mTLS with the
//! government-system role, per the permission matrix), and answers a SOAP 1.1 envelope, or a
//! SOAP 1.1 Fault (`Client` with HTTP 400 when the sender is at fault, `Server` with 500)
//! naming the problem in kk, ru and en; nothing is applied then. The body is limited to
//! [`tanba_adapters::MAX_INBOUND_BYTES`]; XML with a DOCTYPE is refused before the adapter
//! sees it. Every call is audited.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, StatusCode, header};
use tanba_adapters::{Inbound, InboundRefusal};
use tanba_domain::{Lang, Msg};
use tanba_registry::RegistryError;

use crate::auth::Authenticated;
use crate::lang::caller_lang;
use crate::{ApiError, AppState};

const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const TANBA_NS: &str = "urn:tanba:soap:1";
/// Request headers passed to the adapter (the rest are the hub's business).
const PASSED_HEADERS: &[&str] = &["soapaction", "content-type"];

#[utoipa::path(
    post, path = "/soap/{adapter}/{endpoint}", tag = "adapters", security(("bearer" = [])),
    params(
        ("adapter" = String, Path, description = "The adapter's id."),
        ("endpoint" = String, Path, description = "One of its declared inbound endpoints."),
    ),
    request_body(content = String, content_type = "text/xml", description = "The SOAP 1.1 envelope (or XML) the external system sends; at most 4 MiB, no DOCTYPE."),
    responses(
        (status = 200, description = "Applied: a SOAP envelope saying how many commands.", content_type = "text/xml", body = String),
        (status = 400, description = "A SOAP 1.1 Fault (Client): the message is unsafe, malformed or refused; nothing applied.", content_type = "text/xml", body = String),
        (status = 403, description = "Only government systems call inbound endpoints."),
        (status = 404, description = "No such adapter or inbound endpoint on this hub."),
        (status = 413, description = "Over the body limit."),
        (status = 500, description = "A SOAP 1.1 Fault (Server): the hub or the adapter failed; nothing applied.", content_type = "text/xml", body = String),
    )
)]
pub(crate) async fn inbound(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((adapter, endpoint)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let adapters = state
        .adapters
        .as_ref()
        .filter(|a| a.has_inbound(&adapter, &endpoint))
        .ok_or_else(|| no_endpoint(&adapter, &endpoint))?;
    let message = Inbound {
        content_type: text_header(&headers, header::CONTENT_TYPE.as_str()),
        headers: PASSED_HEADERS
            .iter()
            .filter_map(|n| headers.get(*n).map(|v| (*n, v)))
            .filter_map(|(n, v)| v.to_str().ok().map(|v| (n.to_owned(), v.to_owned())))
            .collect(),
        body: body.to_vec(),
    };
    let object = format!("{adapter}/{endpoint}");
    let outcome = adapters.inbound(&adapter, &endpoint, message).await;
    let lang = caller_lang(&headers, state.default_lang);
    let (audit_outcome, response) = match outcome {
        Ok(applied) => ("applied", accepted(applied)),
        Err(InboundRefusal::NoEndpoint) => return Err(no_endpoint(&adapter, &endpoint)),
        Err(refusal) => {
            let fault = Fault::from_refusal(&state, refusal);
            tracing::warn!(adapter, endpoint, code = %fault.code, client = fault.client,
                "inbound message refused with a SOAP fault");
            ("refused", fault.response(lang))
        }
    };
    let audit = caller.audit("adapter.inbound", object, audit_outcome);
    state.db.audit_alone(&audit).await?;
    Ok(response)
}

#[utoipa::path(
    get, path = "/soap/{adapter}", tag = "adapters", security(("bearer" = [])),
    params(("adapter" = String, Path, description = "The adapter's id (ask with `?wsdl`).")),
    responses(
        (status = 200, description = "The WSDL of the adapter's inbound endpoints, as its signed package carries it.", content_type = "text/xml", body = String),
        (status = 403, description = "Only government systems and the operator read WSDLs."),
        (status = 404, description = "No such adapter here, or its package carries no WSDL."),
    )
)]
pub(crate) async fn wsdl(
    State(state): State<AppState>,
    Authenticated(_caller): Authenticated,
    Path(adapter): Path<String>,
) -> Result<Response, ApiError> {
    let wsdl = state
        .adapters
        .as_ref()
        .and_then(|a| a.wsdl(&adapter))
        .ok_or_else(|| {
            ApiError::from(RegistryError::not_found(
                "ADAPTER_WSDL_NOT_FOUND",
                Msg::new("adapter-wsdl-not-found").with("adapter", adapter.escape_debug()),
            ))
        })?;
    Ok(xml_response(
        StatusCode::OK,
        String::from_utf8_lossy(&wsdl).into_owned(),
    ))
}

fn text_header(headers: &HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

fn no_endpoint(adapter: &str, endpoint: &str) -> ApiError {
    RegistryError::not_found(
        "ADAPTER_ENDPOINT_NOT_FOUND",
        Msg::new("adapter-inbound-not-found")
            .with("adapter", adapter.escape_debug())
            .with("endpoint", endpoint.escape_debug()),
    )
    .into()
}

fn accepted(applied: usize) -> Response {
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <soap:Envelope xmlns:soap=\"{SOAP11}\"><soap:Body>\
         <t:accepted xmlns:t=\"{TANBA_NS}\" commands=\"{applied}\"/>\
         </soap:Body></soap:Envelope>"
    );
    xml_response(StatusCode::OK, xml)
}

/// A SOAP 1.1 Fault with its texts in the three languages.
struct Fault {
    code: String,
    client: bool,
    texts: [(Lang, String); 3],
}

impl Fault {
    fn from_refusal(state: &AppState, refusal: InboundRefusal) -> Fault {
        let rendered = |msg: &Msg| Lang::ALL.map(|l| (l, state.catalogue.render(l, msg)));
        match refusal {
            InboundRefusal::Fault {
                code,
                sender_at_fault,
                reason,
            } => Fault {
                code,
                client: sender_at_fault,
                texts: [
                    (Lang::Kk, reason.kk),
                    (Lang::Ru, reason.ru),
                    (Lang::En, reason.en),
                ],
            },
            InboundRefusal::Unsafe(why) => Fault {
                code: "SOAP_UNSAFE_XML".to_owned(),
                client: true,
                texts: rendered(&Msg::new("adapter-inbound-unsafe").with("why", why)),
            },
            InboundRefusal::Command(err) => Fault {
                client: err.is_senders_fault(),
                texts: rendered(&err.msg()),
                code: err.code(),
            },
            InboundRefusal::NoEndpoint => Fault {
                code: "ADAPTER_ENDPOINT_NOT_FOUND".to_owned(),
                client: true,
                texts: rendered(&Msg::new("adapter-inbound-not-found")),
            },
        }
    }

    fn response(&self, lang: Lang) -> Response {
        let (status, who) = if self.client {
            (StatusCode::BAD_REQUEST, "Client")
        } else {
            (StatusCode::INTERNAL_SERVER_ERROR, "Server")
        };
        let chosen = self
            .texts
            .iter()
            .find(|(l, _)| *l == lang)
            .map_or("", |(_, t)| t.as_str());
        let texts: String = self
            .texts
            .iter()
            .map(|(l, t)| format!("<t:text xml:lang=\"{}\">{}</t:text>", l.code(), escape(t)))
            .collect();
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
             <soap:Envelope xmlns:soap=\"{SOAP11}\"><soap:Body><soap:Fault>\
             <faultcode>soap:{who}</faultcode><faultstring xml:lang=\"{lang}\">{chosen}</faultstring>\
             <detail><t:problem xmlns:t=\"{TANBA_NS}\" code=\"{code}\">{texts}</t:problem></detail>\
             </soap:Fault></soap:Body></soap:Envelope>",
            lang = lang.code(),
            chosen = escape(chosen),
            code = escape(&self.code),
        );
        xml_response(status, xml)
    }
}

fn xml_response(status: StatusCode, xml: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
        xml,
    )
        .into_response()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
