//! Findings, texts and look-ups.

use crate::{Context, Finding, Info, MarkingCode, Product, Severity, Text};

/// A text in Kazakh, Russian and English.
pub fn text(kk: &str, ru: &str, en: &str) -> Text {
    Text {
        kk: kk.into(),
        ru: ru.into(),
        en: en.into(),
    }
}

/// An error finding: the operation is refused.
pub fn error(code: &str, path: impl Into<String>, message: Text) -> Finding {
    Finding {
        code: code.into(),
        severity: Severity::Error,
        path: path.into(),
        message,
    }
}

/// A warning finding: the operation goes ahead.
pub fn warning(code: &str, path: impl Into<String>, message: Text) -> Finding {
    Finding {
        code: code.into(),
        severity: Severity::Warning,
        path: path.into(),
        message,
    }
}

/// The value of application identifier `ai` in `code`, if it has one.
pub fn element<'c>(code: &'c MarkingCode, ai: &str) -> Option<&'c str> {
    code.elements
        .iter()
        .find(|e| e.ai == ai)
        .map(|e| e.value.as_str())
}

/// A product attribute by name.
pub fn product_attr<'p>(product: &'p Product, name: &str) -> Option<&'p str> {
    product
        .attributes
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// A reference list the hub passed in, by name.
pub fn reference_list<'c>(context: &'c Context, name: &str) -> Option<&'c [String]> {
    context
        .reference
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_slice())
}

/// The document kinds the product groups' rule sets check today.
pub const COMMON_DOCUMENT_KINDS: &[&str] = &[
    "introduction-production",
    "introduction-import",
    "shipment",
    "retail-sale",
];

/// What `describe()` returns, from plain lists. Pass `env!("CARGO_PKG_VERSION")` as `version`
/// so the rule set's version is its crate's.
pub fn info(id: &str, version: &str, groups: &[&str], kinds: &[&str], checks: &[&str]) -> Info {
    let owned = |items: &[&str]| items.iter().map(|i| (*i).to_owned()).collect();
    Info {
        id: id.into(),
        version: version.into(),
        product_groups: owned(groups),
        document_kinds: owned(kinds),
        checks: owned(checks),
    }
}
