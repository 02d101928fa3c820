//! The `echo` rule set, shared by two crates that differ only in version: every `check-code`
//! answers one warning whose code names the major version (`ECHO_V1`, `ECHO_V2`), so tests see
//! which version answered across deploy, activation, hot swap and rollback.

use tanba_plugin_sdk::{
    Context, Document, Finding, Guest, Info, MarkingCode, Product, Sale, Verdict, text, warning,
};

/// The rule set.
pub struct Echo;

fn version_code() -> String {
    let major = env!("CARGO_PKG_VERSION").split('.').next().unwrap_or("0");
    format!("ECHO_V{major}")
}

impl Guest for Echo {
    fn describe() -> Info {
        Info {
            id: "echo".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            product_groups: vec!["echo".into()],
            document_kinds: Vec::new(),
            checks: vec![version_code()],
        }
    }

    fn check_code(_code: MarkingCode, _product: Product, _context: Context) -> Vec<Finding> {
        vec![warning(
            &version_code(),
            "",
            text("нұсқа", "версия", "version"),
        )]
    }

    fn check_document(_document: Document, _context: Context) -> Vec<Finding> {
        Vec::new()
    }

    fn check_sale(_code: MarkingCode, _product: Product, _sale: Sale) -> Verdict {
        Verdict {
            allowed: true,
            findings: Vec::new(),
        }
    }
}

tanba_plugin_sdk::export!(Echo);
