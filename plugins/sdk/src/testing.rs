//! Inputs and views for a rule set's own tests (run natively with `cargo test`): a regulator
//! writing a rule set needs the same few documents and contexts every time.

use crate::{Context, Date, Document, DocumentLine, Finding, MarkingCode, Product};

/// A document of `kind` whose lines carry `codes`, with `products` passed in as the hub does.
pub fn document(kind: &str, codes: Vec<MarkingCode>, products: Vec<Product>) -> Document {
    Document {
        kind: kind.into(),
        id: "test-document".into(),
        sender: "123456789012".into(),
        receiver: None,
        fields: Vec::new(),
        lines: codes
            .into_iter()
            .map(|code| DocumentLine {
                code: Some(code),
                sscc: None,
                price_tiyn: None,
                attributes: Vec::new(),
            })
            .collect(),
        products,
    }
}

/// A context on `today` with the given reference lists.
pub fn context_on(today: Date, reference: Vec<(String, Vec<String>)>) -> Context {
    Context {
        now_unix_seconds: 0,
        today,
        reference,
    }
}

/// The (code, path) pairs of `findings`, for comparing with what a test expects.
pub fn finding_codes(findings: &[Finding]) -> Vec<(&str, &str)> {
    findings
        .iter()
        .map(|f| (f.code.as_str(), f.path.as_str()))
        .collect()
}
