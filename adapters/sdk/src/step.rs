//! Steps, outbound messages and failures, and the [`Problem`] trait that turns an adapter's
//! errors into them.

use crate::{
    AfterFailure, Command, Context, Done, Failure, Fault, Method, Outbound, Send, Signing, Step,
    Text,
};

/// An error an adapter can report: a stable code, whether retrying can help, and a text in
/// kk/ru/en (DESIGN.md, principle 6).
pub trait Problem {
    /// Stable machine code, upper snake case, e.g. `SHEP_FAULT`.
    fn code(&self) -> &'static str;
    /// Whether the hub should retry the step later or give the exchange up.
    fn after(&self) -> AfterFailure;
    /// What happened, for a person.
    fn reason(&self) -> Text;
}

/// The `failed` step for `problem`.
pub fn failed(problem: &impl Problem) -> Step {
    Step::Failed(Failure {
        code: problem.code().to_owned(),
        after: problem.after(),
        reason: problem.reason(),
    })
}

/// The fault an inbound message gets for `problem`, blaming the sender or not.
pub fn fault(problem: &impl Problem, sender_at_fault: bool) -> Fault {
    Fault {
        code: problem.code().to_owned(),
        sender_at_fault,
        reason: problem.reason(),
    }
}

/// The `done` step: `commands` to apply, `keep` for the next run.
pub fn done(commands: Vec<Command>, keep: Vec<u8>) -> Step {
    Step::Done(Done { commands, keep })
}

/// The `send` step: deliver `message`, applying `commands` with it, and come back with `state`.
pub fn send(message: Outbound, commands: Vec<Command>, state: Vec<u8>) -> Step {
    Step::Send(Send {
        message,
        commands,
        state,
    })
}

/// A SOAP 1.1 request (document/literal, `SOAPAction: ""`) to `endpoint`, which the hub signs
/// over the Body (the envelope must have been built with a Body id, see [`crate::soap`]).
pub fn signed_soap_post(endpoint: &str, idempotency_key: &str, envelope: String) -> Outbound {
    Outbound {
        endpoint: endpoint.to_owned(),
        path: String::new(),
        method: Method::Post,
        idempotency_key: idempotency_key.to_owned(),
        content_type: "text/xml; charset=utf-8".to_owned(),
        headers: vec![("SOAPAction".to_owned(), "\"\"".to_owned())],
        body: envelope.into_bytes(),
        signing: Signing::WsSecurityBody,
    }
}

/// A GET of `path` below `endpoint`'s URL.
pub fn get(endpoint: &str, path: &str, idempotency_key: &str) -> Outbound {
    Outbound {
        endpoint: endpoint.to_owned(),
        path: path.to_owned(),
        method: Method::Get,
        idempotency_key: idempotency_key.to_owned(),
        content_type: String::new(),
        headers: Vec::new(),
        body: Vec::new(),
        signing: Signing::None,
    }
}

/// A setting's value from the context (the hub fills in defaults).
pub fn setting<'c>(context: &'c Context, name: &str) -> Option<&'c str> {
    context
        .settings
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.trim().is_empty())
}
