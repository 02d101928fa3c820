//! The adapter to the EAEU integrated information system, a sans-IO WebAssembly component
//! (DESIGN.md, principle 2; issue 7; R12):
//!
//! - out: on `document-applied` for an `eaeu_export`, the movement message
//!   ([`movement`], our structure modelled on the Commission's, `schema/` in this crate) is
//!   posted to the `eaeu-outbound` endpoint and the other side's acknowledgement read;
//! - in: a movement posted to the hub's `eaeu-inbound` endpoint from another member state
//!   becomes an `eaeu_import` document of the consignee, external id = the movement's `EDocId`
//!   (a redelivery is one document).
//!
//! The Commission's transport and signature profile are not public: the message is sent as
//! built (`signing: none`) and an update follows the real profile.

pub mod error;
pub mod movement;

use tanba_adapter_sdk::state::State;
use tanba_adapter_sdk::step::send;
use tanba_adapter_sdk::{
    AppliedDocument, Command, Context, Direction, Endpoint, Event, Fault, Guest, Inbound, Info,
    Method, Outbound, Reply, Signing, Step, done, failed, fault, text,
};

pub use error::EaeuError;

/// Where exports go (the national segment's integration gateway).
pub const OUTBOUND_ENDPOINT: &str = "eaeu-outbound";
/// Where other member states' movements come in.
pub const INBOUND_ENDPOINT: &str = "eaeu-inbound";
/// The hub document kind reported.
pub const EXPORT_KIND: &str = "eaeu_export";

/// The adapter.
pub struct Eaeu;

impl Guest for Eaeu {
    fn describe() -> Info {
        let endpoint = |name: &str, direction, (kk, ru, en): (&str, &str, &str)| Endpoint {
            name: name.into(),
            direction,
            description: text(kk, ru, en),
        };
        Info {
            id: "eaeu".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            endpoints: vec![
                endpoint(
                    OUTBOUND_ENDPOINT,
                    Direction::Outbound,
                    (
                        "ЕАЭО мүше мемлекеттеріне экспорт хабарламалары.",
                        "Сообщения об экспорте в государства-члены ЕАЭС.",
                        "Export messages to EAEU member states.",
                    ),
                ),
                endpoint(
                    INBOUND_ENDPOINT,
                    Direction::Inbound,
                    (
                        "ЕАЭО мүше мемлекеттерінен келетін тауарлар (импорт).",
                        "Товары из государств-членов ЕАЭС (импорт).",
                        "Goods coming from EAEU member states (import).",
                    ),
                ),
            ],
            jobs: Vec::new(),
            events: vec!["document-applied".into()],
            settings: Vec::new(),
        }
    }

    fn on_event(event: Event, _context: Context, kept: Vec<u8>) -> Step {
        let Event::DocumentApplied(document) = event;
        if document.kind != EXPORT_KIND {
            return done(Vec::new(), kept);
        }
        export(&document).unwrap_or_else(|e| failed(&e))
    }

    fn on_inbound(
        endpoint: String,
        message: Inbound,
        _context: Context,
    ) -> Result<Vec<Command>, Fault> {
        if endpoint != INBOUND_ENDPOINT {
            let e = EaeuError::Unknown {
                what: "inbound endpoint",
                name: endpoint,
            };
            return Err(fault(&e, true));
        }
        movement::Movement::read(&message.body)
            .and_then(|m| movement::import_document(&m))
            .map(|d| vec![Command::SubmitDocument(d)])
            .map_err(|e| fault(&e, true))
    }

    fn start_job(job: String, _context: Context, _kept: Vec<u8>) -> Step {
        failed(&EaeuError::Unknown {
            what: "job",
            name: job,
        })
    }

    fn on_reply(state: Vec<u8>, reply: Reply, _context: Context) -> Step {
        acknowledged(&state, &reply).unwrap_or_else(|e| failed(&e))
    }
}

fn export(document: &AppliedDocument) -> Result<Step, EaeuError> {
    let m = movement::export(document)?;
    let message = Outbound {
        endpoint: OUTBOUND_ENDPOINT.into(),
        path: String::new(),
        method: Method::Post,
        idempotency_key: format!("eaeu-{}", m.id),
        content_type: "application/xml; charset=utf-8".into(),
        headers: Vec::new(),
        body: m.to_xml().into_bytes(),
        signing: Signing::None,
    };
    let mut state = State::new();
    state.set("edoc-id", m.id);
    Ok(send(message, Vec::new(), state.encode()))
}

fn acknowledged(state: &[u8], reply: &Reply) -> Result<Step, EaeuError> {
    let state = State::decode(state)?;
    let id = state.require("edoc-id")?;
    if reply.status != 200 && reply.status != 202 {
        return Err(EaeuError::Http {
            status: reply.status,
        });
    }
    movement::read_acknowledgement(&reply.body, id)?;
    let mut keep = State::new();
    keep.set("last-edoc-id", id);
    Ok(done(Vec::new(), keep.encode()))
}

tanba_adapter_sdk::export!(Eaeu);
