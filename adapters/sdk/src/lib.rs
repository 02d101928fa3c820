//! The guest side of `tanba:adapter@1.1.0` (`wit/adapter`): the bindings `wit-bindgen` generates for the
//! `adapter` world, and the helpers every adapter needs so that it reads as its protocol:
//!
//! - [`xml`]: a namespace-aware reader into a small tree, on quick-xml, that refuses DOCTYPE
//!   declarations (so DTDs, external entities and entity expansion never happen) and any entity
//!   reference but the five predefined ones and character references; and a builder that
//!   escapes every text and attribute value.
//! - [`soap`]: SOAP 1.1 envelopes with a `wsu:Id` on the Body for the hub's WS-Security
//!   signature, and the reading of a reply's Body or Fault.
//! - [`state`]: the opaque state an exchange carries between steps, as versioned text.
//! - [`step`]: steps, outbound messages, failures and faults from errors that know their
//!   stable code and their kk/ru/en text ([`Problem`]).
//! - [`text`]: three-language texts, UTC date-times without a clock, dates, lenient base64 and
//!   PEM for certificates and CRLs.
//!
//! An adapter implements [`Guest`] and says `tanba_adapter_sdk::export!(MyAdapter);`. It is
//! built for `wasm32-unknown-unknown` and wrapped into a component by `cargo xtask plugins`; it
//! imports nothing (DESIGN.md, principles 1 and 2).
//!
//! Not for: anything with a side effect. There is no clock, no IO, no randomness and no key
//! here, on purpose: the hub does all of that and passes the time in.

pub mod soap;
pub mod state;
pub mod step;
pub mod text;
pub mod xml;

/// The generated bindings (in a module of their own: a public export macro generated at the
/// crate root would collide with its own re-export).
#[allow(missing_docs)] // The generated bindings carry the WIT documentation.
#[allow(clippy::too_many_arguments)] // Generated: records are flattened into lifted arguments.
pub mod bindings {
    wit_bindgen::generate!({
        path: "../../wit/adapter",
        world: "adapter",
        pub_export_macro: true,
        default_bindings_module: "tanba_adapter_sdk::bindings",
        // Tests compare whole steps (a retry must give the same step).
        additional_derives: [PartialEq, Eq],
    });
}

pub use bindings::{
    AfterFailure, AppliedDocument, Command, Context, CustomsDeclaration, Date, Direction, Document,
    DocumentLine, Done, Endpoint, Event, Failure, Fault, GoodsItem, Inbound, Info, Job, Method,
    Outbound, Participant, ParticipantKind, ParticipantStatus, Reply, Send, Setting, Signing, Step,
    Text, TrustUpdate,
};
pub use bindings::{Guest, export};
pub use step::{Problem, done, failed, fault, setting};
pub use text::text;
