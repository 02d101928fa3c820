//! The adapter to the Ministry of Finance's information system of electronic invoices (IS ESF),
//! a sans-IO WebAssembly component (DESIGN.md, principle 2; issue 7; R5, R6, G2):
//!
//! - [`exchange`]: on `document-applied` for an introduction, a shipment between taxpayers or a
//!   withdrawal, the ESF-style exchange createSession -> syncInvoice -> closeSession, with its
//!   state opaque to the hub and SOAP faults classified retry-later or give-up.
//! - [`invoice`]: the document as an InvoiceV2 body, as far as the public schema carries marked
//!   goods (what it does not is said there).
//! - [`esf`]: the SOAP operations in the published WSDLs' namespace (`esf`).
//! - [`declarations`]: customs declarations received for checking imports (R5), in our own
//!   format, handed to the hub as `record-customs-declaration` (tanba:adapter@1.1.0).
//!
//! Not for: sending, signing or knowing the time (the hub does, and passes `now` in).

pub mod declarations;
pub mod error;
pub mod esf;
pub mod exchange;
pub mod invoice;
pub mod settings;

use tanba_adapter_sdk::state::State;
use tanba_adapter_sdk::{
    Command, Context, Direction, Endpoint, Event, Fault, Guest, Inbound, Info, Reply, Step, failed,
    fault, text,
};

pub use error::MinfinError;

/// SessionService (`createSession`, `closeSession`).
pub const SESSION_ENDPOINT: &str = "esf-session";
/// UploadInvoiceService (`syncInvoice`).
pub const UPLOAD_ENDPOINT: &str = "esf-upload";
/// The event this adapter handles.
pub const DOCUMENT_APPLIED: &str = "document-applied";

/// The adapter.
pub struct Minfin;

impl Guest for Minfin {
    fn describe() -> Info {
        Info {
            id: "minfin".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            endpoints: endpoints(),
            jobs: Vec::new(),
            events: vec![DOCUMENT_APPLIED.into()],
            settings: settings::declared(),
        }
    }

    fn on_event(event: Event, context: Context, kept: Vec<u8>) -> Step {
        let Event::DocumentApplied(document) = event;
        exchange::start(&document, &context, kept).unwrap_or_else(|e| failed(&e))
    }

    /// Customs declarations (R5): checked, then handed to the hub to keep (see
    /// [`declarations`]); other endpoints do not exist.
    fn on_inbound(
        endpoint: String,
        message: Inbound,
        _context: Context,
    ) -> Result<Vec<Command>, Fault> {
        if endpoint != declarations::ENDPOINT {
            return Err(fault(&MinfinError::UnknownEndpoint { endpoint }, true));
        }
        match declarations::read(&message.body) {
            Ok(declaration) => Ok(vec![Command::RecordCustomsDeclaration(declaration)]),
            Err(e) => Err(fault(&e, true)),
        }
    }

    fn start_job(job: String, _context: Context, _kept: Vec<u8>) -> Step {
        failed(&MinfinError::UnknownJob { job })
    }

    fn on_reply(state: Vec<u8>, reply: Reply, context: Context) -> Step {
        State::decode(&state)
            .map_err(MinfinError::from)
            .and_then(|state| exchange::on_reply(state, &reply, &context))
            .unwrap_or_else(|e| failed(&e))
    }
}

fn endpoints() -> Vec<Endpoint> {
    let endpoint = |name: &str, direction, (kk, ru, en): (&str, &str, &str)| Endpoint {
        name: name.into(),
        direction,
        description: text(kk, ru, en),
    };
    vec![
        endpoint(
            SESSION_ENDPOINT,
            Direction::Outbound,
            (
                "ЭШФ АЖ SessionService (сессияны ашу және жабу).",
                "SessionService ИС ЭСФ (открытие и закрытие сессии).",
                "IS ESF SessionService (opening and closing sessions).",
            ),
        ),
        endpoint(
            UPLOAD_ENDPOINT,
            Direction::Outbound,
            (
                "ЭШФ АЖ UploadInvoiceService (syncInvoice).",
                "UploadInvoiceService ИС ЭСФ (syncInvoice).",
                "IS ESF UploadInvoiceService (syncInvoice).",
            ),
        ),
        endpoint(
            declarations::ENDPOINT,
            Direction::Inbound,
            (
                "Импортты тексеруге арналған кедендік декларациялар (R5).",
                "Таможенные декларации для проверки импорта (R5).",
                "Customs declarations for checking imports (R5).",
            ),
        ),
    ]
}

tanba_adapter_sdk::export!(Minfin);
