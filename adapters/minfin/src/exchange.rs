//! Reporting an applied document to IS ESF (R6, G2): a three-step exchange, each step's state
//! opaque to the hub (DESIGN.md, "adapters are sans-IO state machines").
//!
//! ```text
//! document-applied ──> createSession ──> syncInvoice ──> closeSession ──> done
//!                            ^                │ sessionClosedException (once)
//!                            └────────────────┘
//! ```
//!
//! - `createSession` (SessionService) with the hub's BIN and certificate, in an envelope the
//!   hub signs (WS-Security over the Body). The newer ticket log-in (AuthService
//!   `createAuthTicket` -> the ticket signed as XMLDSig -> `createSessionSigned`) is not public:
//!   it would replace this one step (the `auth-mode` setting chooses; only `certificate` is
//!   built), and it needs the hub to sign a ticket, a signing mode the WIT does not have yet.
//! - `syncInvoice` (UploadInvoiceService) with the document as an invoice body
//!   ([`crate::invoice`]). A `sessionClosedException` opens a new session once.
//! - `closeSession`: whatever it answers, the upload's outcome stands (an unclosed session
//!   expires by itself). A declined upload then fails the exchange (give up: a person must
//!   look); an accepted one is done and keeps IS ESF's id of the last upload.
//!
//! Idempotency keys derive from the hub's document id, the step and the session attempt, so a
//! retried step is the same message.

use tanba_adapter_sdk::state::State;
use tanba_adapter_sdk::step::{done, send, signed_soap_post};
use tanba_adapter_sdk::{AppliedDocument, Context, Reply, Step};

use crate::error::MinfinError;
use crate::esf::{self, close_session, create_session, is_session_closed, sync_invoice};
use crate::invoice::{REPORTED_KINDS, invoice_body};
use crate::settings::{self, CERTIFICATE, OPERATOR_NAME};
use crate::{SESSION_ENDPOINT, UPLOAD_ENDPOINT};

const SESSION: &str = "session";
const UPLOAD: &str = "upload";
const CLOSE: &str = "close";

/// The first step for an applied document: `createSession`, or `done` with nothing to do for
/// kinds the Ministry does not get.
pub fn start(
    document: &AppliedDocument,
    context: &Context,
    kept: Vec<u8>,
) -> Result<Step, MinfinError> {
    if !REPORTED_KINDS.contains(&document.kind.as_str()) {
        return Ok(done(Vec::new(), kept));
    }
    settings::check_auth_mode(context)?;
    let body = invoice_body(document, settings::required(context, OPERATOR_NAME)?);
    let mut state = State::new();
    state
        .set("exchange", "report")
        .set("document", document.id.clone())
        .set("attempt", "0")
        .set("body", body);
    open_session(state, context)
}

/// The next step after the reply to the step in `state`.
pub fn on_reply(mut state: State, reply: &Reply, context: &Context) -> Result<Step, MinfinError> {
    match state.require("step")? {
        SESSION => {
            let response = esf::read_response(reply, "createSessionResponse")?;
            let session =
                response
                    .child_text(None, "sessionId")
                    .ok_or_else(|| MinfinError::Unexpected {
                        expected: "sessionId".into(),
                        found: "nothing".into(),
                    })?;
            state.set("session", session);
            upload(state, context)
        }
        UPLOAD => match esf::read_response(reply, "syncInvoiceResponse") {
            Err(e) if is_session_closed(&e) => {
                let attempt: u32 = state.number("attempt")?;
                if attempt >= 1 {
                    return Err(MinfinError::SessionKeepsClosing);
                }
                state.set("attempt", (attempt + 1).to_string());
                open_session(state, context)
            }
            Err(e) => Err(e),
            Ok(response) => {
                match esf::upload_outcome(&response)? {
                    Ok(id) => state.set("accepted", id),
                    Err(errors) => state.set("declined", errors),
                };
                close(state)
            }
        },
        CLOSE => finish(&state),
        other => Err(MinfinError::State(tanba_adapter_sdk::state::StateError {
            reason: format!("unknown step `{other}`"),
        })),
    }
}

fn key(state: &State, step: &str) -> Result<String, MinfinError> {
    Ok(format!(
        "esf-{}-{step}-{}",
        state.require("document")?,
        state.require("attempt")?
    ))
}

fn open_session(mut state: State, context: &Context) -> Result<Step, MinfinError> {
    let key = key(&state, SESSION)?;
    let envelope = create_session(
        &format!("id-{key}"),
        settings::tin(context)?,
        settings::required(context, CERTIFICATE)?,
    );
    state.set("step", SESSION);
    let message = signed_soap_post(SESSION_ENDPOINT, &key, envelope);
    Ok(send(message, Vec::new(), state.encode()))
}

fn upload(mut state: State, context: &Context) -> Result<Step, MinfinError> {
    let key = key(&state, UPLOAD)?;
    let envelope = sync_invoice(
        &format!("id-{key}"),
        state.require("session")?,
        state.require("body")?,
        settings::required(context, CERTIFICATE)?,
    );
    state.set("step", UPLOAD);
    let message = signed_soap_post(UPLOAD_ENDPOINT, &key, envelope);
    Ok(send(message, Vec::new(), state.encode()))
}

fn close(mut state: State) -> Result<Step, MinfinError> {
    let key = key(&state, CLOSE)?;
    let envelope = close_session(&format!("id-{key}"), state.require("session")?);
    state.set("step", CLOSE);
    let message = signed_soap_post(SESSION_ENDPOINT, &key, envelope);
    Ok(send(message, Vec::new(), state.encode()))
}

fn finish(state: &State) -> Result<Step, MinfinError> {
    if let Some(errors) = state.get("declined") {
        return Err(MinfinError::Declined {
            errors: errors.to_owned(),
        });
    }
    let mut keep = State::new();
    keep.set("last-document", state.require("document")?)
        .set("last-esf-id", state.get("accepted").unwrap_or_default());
    Ok(done(Vec::new(), keep.encode()))
}
