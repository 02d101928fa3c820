//! Shared set-up for the sandbox tests and benches: an engine and the compiled guests loaded as
//! rule sets with manifests that give them small limits, and ([`registry`]) a rule registry on
//! a fresh database with two signed versions of the echo rule set.
//!
//! Not for: production code. The tests are in `tests/`; the hostile guest is in
//! `guests/hostile`.

pub mod registry;

use tanba_plugin_host::types::{
    Context, Date, Document, DocumentLine, Element, MarkingCode, Product, Text,
};
use tanba_plugin_host::{EngineSettings, LoadedRuleSet, Manifest, PluginEngine, PluginError};

/// An engine with a small pool, as a test needs.
pub fn engine() -> PluginEngine {
    PluginEngine::new(&EngineSettings {
        pool_instances: 32,
        ..EngineSettings::default()
    })
    .expect("the engine starts")
}

/// A manifest for guest `id` serving `group`, with the given per-call limits.
pub fn manifest(id: &str, group: &str, memory_mib: u64, timeout_ms: u64) -> Manifest {
    manifest_for(id, &[group], memory_mib, timeout_ms)
}

/// A manifest for guest `id` serving every one of `groups`, with the given per-call limits.
pub fn manifest_for(id: &str, groups: &[&str], memory_mib: u64, timeout_ms: u64) -> Manifest {
    let groups: Vec<String> = groups.iter().map(|g| format!("\"{g}\"")).collect();
    let groups = groups.join(", ");
    Manifest::parse(&format!(
        "id = \"{id}\"\nkind = \"rule-set\"\nversion = \"0.1.0\"\nproduct_groups = [{groups}]\n\
         wit = \"tanba:rules@1.0.0\"\n[limits]\nmemory_mib = {memory_mib}\ntimeout_ms = {timeout_ms}\n"
    ))
    .expect("a valid manifest")
}

/// Loads guest package `package` (e.g. `tanba-hostile-guest`) as a rule set.
pub fn load(
    engine: &PluginEngine,
    package: &str,
    manifest: Manifest,
) -> Result<LoadedRuleSet, PluginError> {
    LoadedRuleSet::compile(engine, manifest, &tanba_testkit::guest_component(package))
}

/// A marking code with the given serial and extra elements.
pub fn code(gtin: &str, serial: &str, extra: &[(&str, &str)]) -> MarkingCode {
    let mut elements = vec![
        Element {
            ai: "01".into(),
            value: gtin.into(),
        },
        Element {
            ai: "21".into(),
            value: serial.into(),
        },
    ];
    elements.extend(extra.iter().map(|(ai, value)| Element {
        ai: (*ai).into(),
        value: (*value).into(),
    }));
    MarkingCode {
        gtin: gtin.into(),
        serial: serial.into(),
        elements,
        status: None,
    }
}

/// A product card of `group`.
pub fn product(gtin: &str, group: &str) -> Product {
    Product {
        gtin: gtin.into(),
        product_group: group.into(),
        tn_ved: "2402209000".into(),
        name: Text {
            kk: "тауар".into(),
            ru: "товар".into(),
            en: "goods".into(),
        },
        shelf_life_days: None,
        attributes: Vec::new(),
    }
}

/// A context on 2026-11-24 with no reference lists.
pub fn context() -> Context {
    Context {
        now_unix_seconds: 1_795_521_600,
        today: Date {
            year: 2026,
            month: 11,
            day: 24,
        },
        reference: Vec::new(),
    }
}

/// [`context`] with reference lists, e.g. `[("tn-ved-allowed", &["6401", "6402"])]`.
pub fn context_with(reference: &[(&str, &[&str])]) -> Context {
    Context {
        reference: reference
            .iter()
            .map(|(name, list)| {
                let list = list.iter().map(|v| (*v).to_owned()).collect();
                ((*name).to_owned(), list)
            })
            .collect(),
        ..context()
    }
}

/// A document of `kind` with one line per code and the given product cards.
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
