//! A loaded rule set: compiled, checked, and called with a fresh sandbox each time.

use std::time::Instant;

use wasmtime::component::{
    Component, ComponentExportIndex, ComponentNamedList, Lift, Linker, Lower,
};

use crate::bindings::RuleSetPre;
use crate::bindings::types::{
    Context, Document, Finding, Info, MarkingCode, Product, Sale, Verdict,
};
use crate::limiter::GuestState;
use crate::metrics::FunctionMetrics;
use crate::sandbox;
use crate::{Manifest, PluginEngine, PluginError, RULES_WIT};

/// Most findings one call may return; more is a plugin bug, not a verdict.
const MAX_FINDINGS: usize = 10_000;

/// A rule set ready to be called from any thread.
pub struct LoadedRuleSet {
    manifest: Manifest,
    info: Info,
    engine: PluginEngine,
    component: Component,
    pre: RuleSetPre<GuestState>,
    exports: Exports,
}

/// The world's functions: where each is exported and its metric handles, found once at load.
/// A call instantiates and looks up only the one function it calls (the generated bindings
/// look up and type-check all four on every instantiation: ~10% of a fresh-sandbox call).
struct Exports {
    describe: Export,
    check_code: Export,
    check_document: Export,
    check_sale: Export,
}

struct Export {
    name: &'static str,
    index: ComponentExportIndex,
    metrics: FunctionMetrics,
}

impl Exports {
    fn find(
        engine: &PluginEngine,
        manifest: &Manifest,
        component: &Component,
    ) -> Result<Self, PluginError> {
        let version = manifest.version.to_string();
        let export = |name: &'static str| {
            let (_, index) =
                component
                    .get_export(None, name)
                    .ok_or_else(|| PluginError::WrongWorld {
                        world: RULES_WIT,
                        reason: format!("no export `{name}`"),
                    })?;
            let metrics = engine.metrics().function(&manifest.id, &version, name);
            Ok(Export {
                name,
                index,
                metrics,
            })
        };
        Ok(Exports {
            describe: export("describe")?,
            check_code: export("check-code")?,
            check_document: export("check-document")?,
            check_sale: export("check-sale")?,
        })
    }
}

impl LoadedRuleSet {
    /// Compiles `component` (a verified package's) and checks that it imports nothing, exports
    /// the `tanba:rules` world and describes itself as its manifest says.
    pub fn compile(
        engine: &PluginEngine,
        manifest: Manifest,
        component: &[u8],
    ) -> Result<Self, PluginError> {
        Self::from_component(engine, manifest, sandbox::compile(engine, component)?)
    }

    /// Loads code compiled earlier by [`LoadedRuleSet::precompiled`] with an engine of the same
    /// compatibility hash (`Engine::precompile_compatibility_hash`); the bytes must come from
    /// the hub's own cache (wasmtime does not re-validate them).
    pub fn from_precompiled(
        engine: &PluginEngine,
        manifest: Manifest,
        precompiled: &[u8],
    ) -> Result<Self, PluginError> {
        Self::from_component(engine, manifest, sandbox::deserialize(engine, precompiled)?)
    }

    fn from_component(
        engine: &PluginEngine,
        manifest: Manifest,
        component: Component,
    ) -> Result<Self, PluginError> {
        sandbox::refuse_imports(engine, &component)?;
        let linker = Linker::<GuestState>::new(engine.engine());
        let pre = linker
            .instantiate_pre(&component)
            .and_then(RuleSetPre::new)
            .map_err(|e| PluginError::WrongWorld {
                world: RULES_WIT,
                reason: format!("{e:#}"),
            })?;
        let exports = Exports::find(engine, &manifest, &component)?;
        let mut loaded = LoadedRuleSet {
            info: Info {
                id: manifest.id.clone(),
                version: manifest.version.to_string(),
                product_groups: Vec::new(),
                document_kinds: Vec::new(),
                checks: Vec::new(),
            },
            manifest,
            engine: engine.clone(),
            component,
            pre,
            exports,
        };
        loaded.info = loaded.call::<(), (Info,)>(&loaded.exports.describe, ())?.0;
        loaded.check_describe()?;
        Ok(loaded)
    }

    /// The compiled code, for the cache other nodes and restarts load from.
    pub fn precompiled(&self) -> Result<Vec<u8>, PluginError> {
        self.component
            .serialize()
            .map_err(|e| PluginError::Engine(e.to_string()))
    }

    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// What the rule set says of itself.
    pub fn info(&self) -> &Info {
        &self.info
    }

    /// A code's structure and attributes for the product group.
    pub fn check_code(
        &self,
        code: &MarkingCode,
        product: &Product,
        context: &Context,
    ) -> Result<Vec<Finding>, PluginError> {
        let export = &self.exports.check_code;
        self.observed(export, || {
            let (findings,) = self.call(export, (code, product, context))?;
            self.checked(findings)
        })
    }

    /// Format-and-logic control of a document.
    pub fn check_document(
        &self,
        document: &Document,
        context: &Context,
    ) -> Result<Vec<Finding>, PluginError> {
        let export = &self.exports.check_document;
        self.observed(export, || {
            let (findings,) = self.call(export, (document, context))?;
            self.checked(findings)
        })
    }

    /// May this unit be sold now?
    pub fn check_sale(
        &self,
        code: &MarkingCode,
        product: &Product,
        sale: &Sale,
    ) -> Result<Verdict, PluginError> {
        let export = &self.exports.check_sale;
        let verdict = self.observed(export, || {
            let (verdict,): (Verdict,) = self.call(export, (code, product, *sale))?;
            self.checked(verdict.findings)
                .map(|findings| (verdict.allowed, findings))
        })?;
        Ok(Verdict {
            allowed: verdict.0,
            findings: verdict.1,
        })
    }

    /// Runs a call and records it in the engine's metrics, with a span naming the plugin.
    fn observed<T: FindingCount>(
        &self,
        export: &Export,
        call: impl FnOnce() -> Result<T, PluginError>,
    ) -> Result<T, PluginError> {
        let manifest = &self.manifest;
        let _span = tracing::debug_span!("plugin", plugin = %manifest.id, version = %manifest.version, function = export.name)
            .entered();
        let started = Instant::now();
        let result = call();
        export.metrics.record(
            self.engine.metrics(),
            started.elapsed(),
            result.as_ref().map(FindingCount::count),
        );
        if let Err(err) = &result {
            tracing::warn!(%err, "rule-set call failed");
        }
        result
    }

    /// One call of `export` in a fresh store and instance (see [`sandbox::call`]). The
    /// function's type was checked against the world when the rule set loaded (by
    /// [`RuleSetPre::new`]); looking it up again checks only this one function.
    fn call<P, R>(&self, export: &Export, params: P) -> Result<R, PluginError>
    where
        P: ComponentNamedList + Lower,
        R: ComponentNamedList + Lift,
    {
        sandbox::call(&self.engine, &self.manifest, |store| {
            let instance = self.pre.instance_pre().instantiate(&mut *store)?;
            let func = instance.get_typed_func::<P, R>(&mut *store, export.index)?;
            func.call(&mut *store, params)
        })
    }

    fn check_describe(&self) -> Result<(), PluginError> {
        let info = &self.info;
        let groups_ok = !info.product_groups.is_empty()
            && info
                .product_groups
                .iter()
                .all(|g| self.manifest.product_groups.contains(g));
        if info.id != self.manifest.id
            || info.version != self.manifest.version.to_string()
            || !groups_ok
        {
            return Err(PluginError::DescribeMismatch {
                described: format!("{}@{} for {:?}", info.id, info.version, info.product_groups),
                manifest: format!(
                    "{} for {:?}",
                    self.manifest.label(),
                    self.manifest.product_groups
                ),
            });
        }
        Ok(())
    }

    /// Findings as the hub can use them: few enough, with codes, paths and all three texts.
    fn checked(&self, findings: Vec<Finding>) -> Result<Vec<Finding>, PluginError> {
        let bad = |reason: String| PluginError::BadOutput {
            plugin: self.manifest.label(),
            reason,
        };
        if findings.len() > MAX_FINDINGS {
            return Err(bad(format!(
                "{} findings, more than {MAX_FINDINGS}",
                findings.len()
            )));
        }
        for finding in &findings {
            let code_ok = (1..=64).contains(&finding.code.len())
                && finding
                    .code
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
            if !code_ok {
                return Err(bad(format!(
                    "finding code `{}` is not UPPER_SNAKE_CASE",
                    finding.code
                )));
            }
            if !(finding.path.is_empty() || finding.path.starts_with('/'))
                || finding.path.len() > 512
            {
                return Err(bad(format!(
                    "finding {} has path `{}`",
                    finding.code, finding.path
                )));
            }
            let texts = [
                &finding.message.kk,
                &finding.message.ru,
                &finding.message.en,
            ];
            if texts.iter().any(|t| t.trim().is_empty() || t.len() > 4096) {
                return Err(bad(format!(
                    "finding {} lacks a text in kk, ru or en",
                    finding.code
                )));
            }
        }
        Ok(findings)
    }
}

/// How many findings an answer carries, for the metrics.
trait FindingCount {
    fn count(&self) -> usize;
}

impl FindingCount for Vec<Finding> {
    fn count(&self) -> usize {
        self.len()
    }
}

impl FindingCount for (bool, Vec<Finding>) {
    fn count(&self) -> usize {
        self.1.len()
    }
}
