//! Test guest: an adapter built against `tanba:adapter@1.0.0` (the frozen `wit/adapter-1.0.0`),
//! directly with `wit-bindgen` (the SDK follows the current contract). The hub must keep
//! loading and running it (DESIGN.md, principle 5):
//!
//! - inbound endpoint `inbox`: a body that is a BIN becomes an `upsert-participant` of a legal
//!   entity named `Legacy <BIN>`; anything else is a fault blaming the sender.
//! - `on-event`: an applied document becomes a POST of its kind and id to the `receiver`
//!   endpoint (idempotency key `legacy-<id>`); the reply's status is kept.

// The export glue `wit-bindgen` generates here (the SDK's is generated in the SDK's crate, a
// foreign macro to the adapters) is `unsafe` FFI by nature.
#![allow(unsafe_code)]

#[allow(missing_docs)]
#[allow(clippy::too_many_arguments)]
mod bindings {
    wit_bindgen::generate!({
        path: "../../../wit/adapter-1.0.0",
        world: "adapter",
    });
}

use bindings::{
    AfterFailure, Command, Context, Direction, Done, Endpoint, Event, Failure, Fault, Guest,
    Inbound, Info, Method, Outbound, Participant, ParticipantKind, ParticipantStatus, Reply, Send,
    Signing, Step, Text,
};

/// The adapter.
pub struct Legacy;

fn text(s: &str) -> Text {
    Text {
        kk: s.into(),
        ru: s.into(),
        en: s.into(),
    }
}

impl Guest for Legacy {
    fn describe() -> Info {
        let endpoint = |name: &str, direction| Endpoint {
            name: name.into(),
            direction,
            description: text(name),
        };
        Info {
            id: "legacy".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            endpoints: vec![
                endpoint("receiver", Direction::Outbound),
                endpoint("inbox", Direction::Inbound),
            ],
            jobs: Vec::new(),
            events: vec!["document-applied".into()],
            settings: Vec::new(),
        }
    }

    fn on_event(event: Event, _context: Context, _kept: Vec<u8>) -> Step {
        let Event::DocumentApplied(document) = event;
        Step::Send(Send {
            message: Outbound {
                endpoint: "receiver".into(),
                path: String::new(),
                method: Method::Post,
                idempotency_key: format!("legacy-{}", document.id),
                content_type: "text/plain; charset=utf-8".into(),
                headers: Vec::new(),
                body: format!("{} {}", document.kind, document.id).into_bytes(),
                signing: Signing::None,
            },
            commands: Vec::new(),
            state: document.id.into_bytes(),
        })
    }

    fn on_inbound(
        endpoint: String,
        message: Inbound,
        _context: Context,
    ) -> Result<Vec<Command>, Fault> {
        let bin = String::from_utf8(message.body).unwrap_or_default();
        let bin = bin.trim();
        if endpoint != "inbox" || bin.len() != 12 || !bin.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Fault {
                code: "LEGACY_NOT_A_BIN".into(),
                sender_at_fault: true,
                reason: text("send a BIN"),
            });
        }
        Ok(vec![Command::UpsertParticipant(Participant {
            iin_bin: bin.into(),
            kind: ParticipantKind::LegalEntity,
            name: format!("Legacy {bin}"),
            status: ParticipantStatus::Active,
            registered_on: None,
            attributes: Vec::new(),
        })])
    }

    fn start_job(job: String, _context: Context, _kept: Vec<u8>) -> Step {
        Step::Failed(Failure {
            code: "LEGACY_NO_JOB".into(),
            after: AfterFailure::GiveUp,
            reason: text(&format!("no job {job}")),
        })
    }

    fn on_reply(_state: Vec<u8>, reply: Reply, _context: Context) -> Step {
        Step::Done(Done {
            commands: Vec::new(),
            keep: reply.status.to_string().into_bytes(),
        })
    }
}

bindings::export!(Legacy with_types_in bindings);
