//! The guest side of `tanba:rules@1.0.0`: the bindings `wit-bindgen` generates for the
//! `rule-set` world, and small helpers (three-language texts, findings, GS1 element look-ups,
//! dates, required elements and their lengths, expiry against "today") so that a product
//! group's rule set reads as its rules.
//!
//! A rule set implements [`Guest`] and says `tanba_plugin_sdk::export!(MyRules);`. It is built
//! for `wasm32-unknown-unknown` and wrapped into a component by `cargo xtask plugins`; it
//! imports nothing, so it can only compute (DESIGN.md, "Plugins decide, the hub does").
//!
//! Not for: anything with a side effect. There is no clock, no IO and no randomness here, on
//! purpose: the hub passes all of that in.

#[cfg(any(target_arch = "wasm32", test))]
mod arena;
mod code;
mod date;
mod expiry;
mod finding;
pub mod testing;

/// The generated bindings (in a module of their own: a public export macro generated at the
/// crate root would collide with its own re-export).
#[allow(missing_docs)] // The generated bindings carry the WIT documentation.
pub mod bindings {
    wit_bindgen::generate!({
        path: "../../wit/rules",
        world: "rule-set",
        pub_export_macro: true,
        default_bindings_module: "tanba_plugin_sdk::bindings",
    });
}

/// Every guest built with the SDK allocates from a small arena in its initial memory first, so a
/// call in a fresh instance need not grow memory (see `arena.rs`).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: arena::ArenaThenSystem = arena::ArenaThenSystem::new();

pub use bindings::{
    CodeStatus, Context, Date, Document, DocumentLine, Element, Finding, Info, MarkingCode,
    Product, Sale, Severity, Text, Verdict,
};
pub use bindings::{Guest, export};
pub use code::{
    check_element, check_serial, document_codes, judged_codes, marking_code, missing_element,
    named_by_key,
};
pub use date::{add_days, days_from_civil, expiry_from_ai17, parse_iso_date};
pub use expiry::{
    ExpiryCodes, INTRODUCTION_KINDS, Operation, days_between, expiry_date, is_expired,
    is_introduction, iso_date, verdict,
};
pub use finding::{
    COMMON_DOCUMENT_KINDS, element, error, info, product_attr, reference_list, text, warning,
};
