//! Host bindings generated from `wit/rules` (`tanba:rules@1.0.0`); their documentation is the
//! WIT file.
#![allow(missing_docs)]

wasmtime::component::bindgen!({
    path: "../../wit/rules",
    world: "rule-set",
});

/// The WIT types the hub passes to and gets from a rule set.
pub mod types {
    pub use super::{
        CodeStatus, Context, Date, Document, DocumentLine, Element, Finding, Info, MarkingCode,
        Product, Sale, Severity, Text, Verdict,
    };
}
