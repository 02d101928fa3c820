//! The peer host of issue 4's overhead figures: the tobacco rule set's `check-code`, the same
//! Rust code our components run, called through Extism instead of our wasmtime host. Extism
//! passes bytes, not typed values, so the arguments and findings cross as JSON (its usual
//! convention); this crate holds those JSON shapes, shared by the guest (`guest/`, an Extism
//! plug-in: a core module) and the bench (`benches/extism_overhead.rs`).
//!
//! Not for: the hub. Nothing here is used outside the comparison; it is a workspace member
//! outside `default-members`, so a plain `cargo build`/`cargo test` never builds Extism.

use serde::{Deserialize, Serialize};

/// The arguments of `check-code`, as in `tanba:rules` (`wit/rules/rules.wit`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckCode {
    /// The code under check.
    pub code: MarkingCode,
    /// Its product card.
    pub product: Product,
    /// Time and reference lists.
    pub context: Context,
}

/// A GS1 element.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Element {
    /// Application identifier.
    pub ai: String,
    /// Its value.
    pub value: String,
}

/// A parsed marking code.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MarkingCode {
    /// GTIN.
    pub gtin: String,
    /// Serial.
    pub serial: String,
    /// Every element, in order.
    pub elements: Vec<Element>,
    /// The code's status (its WIT enum case name), if known.
    pub status: Option<String>,
}

/// A text in Kazakh, Russian and English.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Text {
    /// Kazakh.
    pub kk: String,
    /// Russian.
    pub ru: String,
    /// English.
    pub en: String,
}

/// A product card.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Product {
    /// GTIN.
    pub gtin: String,
    /// Product group.
    pub product_group: String,
    /// Customs code.
    pub tn_ved: String,
    /// Name.
    pub name: Text,
    /// Shelf life.
    pub shelf_life_days: Option<u32>,
    /// Other attributes.
    pub attributes: Vec<(String, String)>,
}

/// A calendar date.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1-12.
    pub month: u8,
    /// Day, 1-31.
    pub day: u8,
}

/// What the hub passes in with every call.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Context {
    /// Now.
    pub now_unix_seconds: i64,
    /// Today in Asia/Almaty.
    pub today: Date,
    /// Reference lists by name.
    pub reference: Vec<(String, Vec<String>)>,
}

/// A finding of a rule.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Finding {
    /// Stable machine code.
    pub code: String,
    /// `error` or `warning`.
    pub severity: String,
    /// Where (a JSON pointer into the argument).
    pub path: String,
    /// For people.
    pub message: Text,
}

/// The input every issue-4 overhead bench uses: a complete tobacco block code (no findings),
/// its product card and the context of 2026-11-24 (the values of `tanba_sandbox_tests::code`,
/// `product` and `context` in `sandbox-tests/benches/plugin_overhead.rs`).
pub fn tobacco_block() -> CheckCode {
    const GTIN: &str = "04600000000015";
    let element = |ai: &str, value: &str| Element {
        ai: ai.into(),
        value: value.into(),
    };
    CheckCode {
        code: MarkingCode {
            gtin: GTIN.into(),
            serial: "abc1234".into(),
            elements: vec![
                element("01", GTIN),
                element("21", "abc1234"),
                element("8005", "095000"),
                element("93", "Ab1="),
            ],
            status: None,
        },
        product: Product {
            gtin: GTIN.into(),
            product_group: "tobacco".into(),
            tn_ved: "2402209000".into(),
            name: Text {
                kk: "тауар".into(),
                ru: "товар".into(),
                en: "goods".into(),
            },
            shelf_life_days: None,
            attributes: Vec::new(),
        },
        context: Context {
            now_unix_seconds: 1_795_521_600,
            today: Date {
                year: 2026,
                month: 11,
                day: 24,
            },
            reference: Vec::new(),
        },
    }
}
