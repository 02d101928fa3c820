//! Components that must never load: garbage, core modules, components that import anything,
//! components of another world, rule sets that lie about themselves.

use tanba_plugin_host::{LoadedRuleSet, PluginError};
use tanba_sandbox_tests::{engine, load, manifest};

fn compile(bytes: &[u8]) -> PluginError {
    LoadedRuleSet::compile(&engine(), manifest("x", "x", 8, 100), bytes)
        .err()
        .expect("refused")
}

#[test]
fn garbage_bytes_are_not_a_component() {
    let err = compile(b"\x7fELF definitely not wasm");
    assert!(matches!(err, PluginError::NotAComponent { .. }), "{err}");
}

#[test]
fn a_core_module_is_not_a_component() {
    let module = wat::parse_str("(module (func (export \"describe\")))").expect("wat");
    let err = compile(&module);
    assert!(matches!(err, PluginError::NotAComponent { .. }), "{err}");
}

#[test]
fn a_component_that_imports_anything_is_refused() {
    for import in [
        "wasi:filesystem/types@0.2.0",
        "wasi:sockets/tcp@0.2.0",
        "wasi:cli/environment@0.2.0",
        "wasi:clocks/wall-clock@0.2.0",
    ] {
        let component =
            wat::parse_str(format!("(component (import \"{import}\" (instance)))")).expect("wat");
        let err = compile(&component);
        let PluginError::Imports { imports } = &err else {
            panic!("{import}: {err}");
        };
        assert_eq!(imports, import);
        assert_eq!(err.code(), "PLUGIN_IMPORTS");
    }
}

#[test]
fn a_component_of_another_world_is_refused() {
    let component = wat::parse_str(
        "(component
           (core module $m (func (export \"f\") (result i32) i32.const 7))
           (core instance $i (instantiate $m))
           (func (export \"answer\") (result u32) (canon lift (core func $i \"f\"))))",
    )
    .expect("wat");
    let err = compile(&component);
    assert!(matches!(err, PluginError::WrongWorld { .. }), "{err}");
}

#[test]
fn a_rule_set_whose_describe_contradicts_its_manifest_is_refused() {
    let err = load(
        &engine(),
        "tanba-rules-tobacco",
        manifest("tobacco", "pharma", 16, 100),
    )
    .err()
    .expect("serves tobacco, manifest says pharma");
    assert!(matches!(err, PluginError::DescribeMismatch { .. }), "{err}");
}
