//! Findings, texts and look-ups.

use crate::{Context, Finding, MarkingCode, Product, Severity, Text};

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
