//! Host bindings generated from `wit/adapter` (`tanba:adapter@1.0.0`); their documentation is
//! the WIT file.
#![allow(missing_docs)]

wasmtime::component::bindgen!({
    path: "../../wit/adapter",
    world: "adapter",
});

/// The WIT types the hub passes to and gets from an adapter.
pub mod adapter_types {
    pub use super::{
        AfterFailure, AppliedDocument, Command, Context, Date, Direction, Document, DocumentLine,
        Done, Endpoint, Event, Failure, Fault, Inbound, Info, Job, Method, Outbound, Participant,
        ParticipantKind, ParticipantStatus, Reply, Send, Setting, Signing, Step, Text, TrustUpdate,
    };
}
