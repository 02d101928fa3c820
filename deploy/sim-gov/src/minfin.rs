//! IS ESF: `SessionService` (`createSession`, `closeSession`) and `UploadInvoiceService`
//! (`syncInvoice`), SOAP 1.1 in namespace `esf` with unqualified children, as in
//! `shared/formats/schemas/esf`. And the customs side (R5): [`customs_declaration`] builds the
//! message a customs system sends to the hub's inbound endpoint `customs-declarations`.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use tanba_adapter_sdk::soap::{self, SoapBody};
use tanba_adapter_sdk::xml::Element;
use tanba_sim_kit::{SharedState, Sim, answer, body, escape_xml};

/// Where `SessionService` is served.
pub const SESSION_PATH: &str = "/esf-web/ws/api1/SessionService";
/// Where `UploadInvoiceService` is served.
pub const UPLOAD_PATH: &str = "/esf-web/ws/api1/UploadInvoiceService";

/// What IS ESF holds.
#[derive(Debug, Default)]
pub struct Esf {
    /// Open session ids.
    pub sessions: Vec<String>,
    /// Uploaded invoice bodies, in order.
    pub uploads: Vec<Upload>,
    /// When set, the next upload is declined with this error text.
    pub decline_next: Option<String>,
    /// When set, the next upload finds its session closed (`sessionClosedException`).
    pub close_next_session: bool,
    counter: u64,
}

/// An accepted upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// IS ESF's id.
    pub id: u64,
    /// The session it came in.
    pub session: String,
    /// `invoiceBody`, as text.
    pub invoice_body: String,
}

/// The namespace of the customs declaration format the Ministry of Finance adapter takes (the
/// format is the adapter's own: how the customs system hands declarations over is not public).
pub const DECLARATION_NS: &str = "urn:tanba:minfin:customs-declaration:v1";

/// A goods item of a declaration the customs side sends.
#[derive(Debug, Clone, Copy)]
pub struct DeclaredGoods<'a> {
    /// 10-digit TN VED code.
    pub tnved: &'a str,
    /// 14-digit GTIN.
    pub gtin: &'a str,
    /// Units declared.
    pub quantity: u64,
    /// ISO 3166-1 alpha-2.
    pub country_of_origin: &'a str,
}

/// A released customs declaration as the customs side posts it to the hub
/// (`POST /soap/minfin/customs-declarations`): a SOAP 1.1 envelope whose Body carries
/// `customsDeclaration` (number, date `YYYY-MM-DD`, declarant's BIN/IIN, goods items numbered
/// from 1).
pub fn customs_declaration(
    number: &str,
    date: &str,
    declarant: &str,
    goods: &[DeclaredGoods<'_>],
) -> String {
    soap::envelope(None, |b| {
        b.open("customsDeclaration", &[("xmlns", DECLARATION_NS)]);
        b.leaf("number", number)
            .leaf("date", date)
            .leaf("declarantTin", declarant);
        for (i, g) in goods.iter().enumerate() {
            b.open("goodsItem", &[]);
            b.leaf("number", &(i + 1).to_string())
                .leaf("tnved", g.tnved)
                .leaf("gtin", g.gtin)
                .leaf("quantity", &g.quantity.to_string())
                .leaf("countryOfOrigin", g.country_of_origin);
            b.close();
        }
        b.close();
    })
}

/// Starts the simulator.
pub async fn start() -> std::io::Result<Sim<Esf>> {
    Sim::start(Esf::default(), routes).await
}

fn routes(shared: SharedState<Esf>) -> Router {
    Router::new()
        .route(SESSION_PATH, post(session))
        .route(UPLOAD_PATH, post(upload))
        .with_state(shared)
}

async fn session(State(s): State<SharedState<Esf>>, headers: HeaderMap, text: String) -> Response {
    let mode = s.record(SESSION_PATH, &headers, &text);
    let normal = match request(&text) {
        Some(r) if r.name == "createSessionRequest" && r.child_text(None, "tin").is_some() => {
            let id = s.with(|esf| {
                esf.counter += 1;
                let id = format!("sim{:032}", esf.counter);
                esf.sessions.push(id.clone());
                id
            });
            ok(
                &format!("<sessionId>{id}</sessionId>"),
                "createSessionResponse",
            )
        }
        Some(r) if r.name == "closeSessionRequest" => {
            let id = r.child_text(None, "sessionId").unwrap_or_default();
            let closed = s.with(|esf| {
                let before = esf.sessions.len();
                esf.sessions.retain(|x| *x != id);
                before != esf.sessions.len()
            });
            let status = if closed { "CLOSED" } else { "NOT_FOUND" };
            ok(
                &format!("<status>{status}</status>"),
                "closeSessionResponse",
            )
        }
        _ => fault(
            "Client",
            "businessException",
            "the request is not a SessionService operation",
        ),
    };
    respond(mode, normal).await
}

async fn upload(State(s): State<SharedState<Esf>>, headers: HeaderMap, text: String) -> Response {
    let mode = s.record(UPLOAD_PATH, &headers, &text);
    let normal = match request(&text).filter(|r| r.name == "syncInvoiceRequest") {
        Some(r) => sync_invoice(&s, &r),
        None => fault(
            "Client",
            "businessException",
            "the request is not syncInvoice",
        ),
    };
    respond(mode, normal).await
}

fn sync_invoice(s: &SharedState<Esf>, r: &Element) -> Response {
    let session = r.child_text(None, "sessionId").unwrap_or_default();
    let body = r
        .descendant(&[(None, "invoiceUploadInfoList"), (None, "invoiceUploadInfo")])
        .and_then(|i| i.child_text(None, "invoiceBody"))
        .unwrap_or_default();
    let outcome = s.with(|esf| {
        if esf.close_next_session {
            esf.close_next_session = false;
            esf.sessions.retain(|x| *x != session);
        }
        if !esf.sessions.contains(&session) {
            return Err(());
        }
        let num = element_text(&body, "num");
        if let Some(text) = esf.decline_next.take() {
            return Ok(format!(
                "<acceptedSet/><declinedSet><standardResponse><errors><error><errorCode>FLK_VALITATION_FAILED</errorCode><text>{}</text></error></errors><num>{num}</num><date>{}</date></standardResponse></declinedSet>",
                escape_xml(&text),
                element_text(&body, "date")
            ));
        }
        esf.counter += 1;
        let id = esf.counter;
        esf.uploads.push(Upload {
            id,
            session: session.clone(),
            invoice_body: body.clone(),
        });
        Ok(format!(
            "<acceptedSet><standardResponse><id>{id}</id><num>{num}</num><date>{}</date></standardResponse></acceptedSet><declinedSet/>",
            element_text(&body, "date")
        ))
    });
    match outcome {
        Ok(content) => ok(&content, "syncInvoiceResponse"),
        Err(()) => fault(
            "Server",
            "sessionClosedException",
            "Сессия закрыта или не найдена",
        ),
    }
}

/// The operation element in a request's Body.
fn request(text: &str) -> Option<Element> {
    match soap::read_body(text.as_bytes()).ok()? {
        SoapBody::Payload(p) if p.namespace.as_deref() == Some("esf") => Some(p),
        _ => None,
    }
}

/// The escaped text of `<name>` inside the invoice body, if any.
fn element_text(xml: &str, name: &str) -> String {
    let open = format!("<{name}>");
    let Some(start) = xml.find(&open).map(|i| i + open.len()) else {
        return String::new();
    };
    let end = xml[start..].find('<').map_or(start, |i| start + i);
    escape_xml(&xml[start..end])
}

fn envelope(content: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>{content}</soap:Body></soap:Envelope>"
    )
}

fn ok(content: &str, element: &str) -> Response {
    let xml = envelope(&format!(
        "<ns2:{element} xmlns:ns2=\"esf\">{content}</ns2:{element}>"
    ));
    body(StatusCode::OK, "text/xml; charset=utf-8", xml)
}

fn fault(code: &str, kind: &str, description: &str) -> Response {
    let xml = envelope(&format!(
        "<soap:Fault><faultcode>soap:{code}</faultcode><faultstring>{0}</faultstring><detail><ns2:{kind} xmlns:ns2=\"esf\"><description>{0}</description></ns2:{kind}></detail></soap:Fault>",
        escape_xml(description)
    ));
    body(
        StatusCode::INTERNAL_SERVER_ERROR,
        "text/xml; charset=utf-8",
        xml,
    )
}

async fn respond(mode: tanba_sim_kit::Mode, normal: Response) -> Response {
    let server_fault = {
        let xml = envelope(
            "<soap:Fault><faultcode>soap:Server</faultcode><faultstring>Internal error, try later</faultstring></soap:Fault>",
        );
        body(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/xml; charset=utf-8",
            xml,
        )
    };
    let malformed = body(
        StatusCode::OK,
        "text/xml; charset=utf-8",
        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><broken".into(),
    );
    answer(mode, normal, server_fault, malformed).await
}
