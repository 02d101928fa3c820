//! Host bindings of every adapter WIT package this hub loads; their documentation is the WIT
//! files. [`v1_1`] (`wit/adapter`, `tanba:adapter@1.1.0`) is the current contract and its types
//! are the ones the hub works with; [`v1_0`] (`wit/adapter-1.0.0`, frozen) binds adapters built
//! against 1.0.0, whose values are lifted into 1.1.0's (`adapter_compat`).
#![allow(missing_docs)]

/// `tanba:adapter@1.1.0`, the current contract.
pub mod v1_1 {
    wasmtime::component::bindgen!({
        path: "../../wit/adapter",
        world: "adapter",
    });
}

/// `tanba:adapter@1.0.0`: the component model checks variant cases exactly, so an adapter built
/// against 1.0.0 (whose `command` has three cases) is bound with its own types.
pub mod v1_0 {
    wasmtime::component::bindgen!({
        path: "../../wit/adapter-1.0.0",
        world: "adapter",
    });
}

/// The WIT types the hub passes to and gets from an adapter (those of the current contract).
pub mod adapter_types {
    pub use super::v1_1::{
        AfterFailure, AppliedDocument, Command, Context, CustomsDeclaration, Date, Direction,
        Document, DocumentLine, Done, Endpoint, Event, Failure, Fault, GoodsItem, Inbound, Info,
        Job, Method, Outbound, Participant, ParticipantKind, ParticipantStatus, Reply, Send,
        Setting, Signing, Step, Text, TrustUpdate,
    };
}
