//! A finding as callers read it in a document (R17): the same shape for the hub's core checks
//! and a rule set's findings, with its texts in every language.

use serde::Serialize;
use serde_json::Value;

/// One thing the checks found about a document.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FindingView {
    /// Stable machine code, e.g. `UNIT_NOT_OWNED`, `TOBACCO_MRP_MISSING`.
    pub code: String,
    /// `error` rejects the document; `warning` lets it apply.
    pub severity: Severity,
    /// JSON pointer to the offending field of the document.
    pub path: String,
    /// What is wrong and what to do, in kk, ru and en.
    pub message: Texts,
    /// `core`, or the rule set as `id@version`.
    pub source: String,
}

/// A finding's weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document is rejected.
    Error,
    /// The document applies; the sender is told.
    Warning,
}

/// A text in the hub's three languages.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Texts {
    /// Kazakh.
    pub kk: String,
    /// Russian.
    pub ru: String,
    /// English.
    pub en: String,
}

impl FindingView {
    /// As stored in the document's `findings`.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}
