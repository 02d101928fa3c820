//! What every kind of plugin shares: compiling a component, refusing one that imports
//! anything, and calling it in a fresh store with its manifest's limits and deadline, with a
//! failure classified as timeout, out of memory or trap. Rule sets ([`crate::LoadedRuleSet`])
//! and adapters ([`crate::LoadedAdapter`]) differ only in their bindings.

use wasmtime::component::Component;
use wasmtime::{Store, Trap};

use crate::limiter::GuestState;
use crate::{Manifest, PluginEngine, PluginError};

/// Compiles component bytes (a verified package's).
pub(crate) fn compile(engine: &PluginEngine, component: &[u8]) -> Result<Component, PluginError> {
    Component::new(engine.engine(), component).map_err(|e| PluginError::NotAComponent {
        reason: format!("{e:#}"),
    })
}

/// Loads code compiled earlier by `Component::serialize` with an engine of the same
/// compatibility hash.
///
/// The bytes must come from the hub's own cache, keyed by the component's hash and the
/// engine's compatibility hash: wasmtime runs precompiled code without re-validating it.
#[allow(unsafe_code)]
pub(crate) fn deserialize(
    engine: &PluginEngine,
    precompiled: &[u8],
) -> Result<Component, PluginError> {
    // SAFETY: the bytes were produced by `Component::serialize` of this hub (see the doc
    // above); wasmtime itself checks the engine compatibility header.
    unsafe { Component::deserialize(engine.engine(), precompiled) }.map_err(|e| {
        PluginError::NotAComponent {
            reason: format!("{e:#}"),
        }
    })
}

/// A plugin may import nothing: no WASI, no host functions (ARCHITECTURE.md's invariant).
pub(crate) fn refuse_imports(
    engine: &PluginEngine,
    component: &Component,
) -> Result<(), PluginError> {
    let imports: Vec<String> = component
        .component_type()
        .imports(engine.engine())
        .map(|(name, _)| name.to_owned())
        .collect();
    if imports.is_empty() {
        Ok(())
    } else {
        Err(PluginError::Imports {
            imports: imports.join(", "),
        })
    }
}

/// One call in a fresh store: `f` instantiates and calls; limits and deadline are set before,
/// the failure classified after, and the instance dropped whatever happened (a trapped
/// instance is never reused).
pub(crate) fn call<T>(
    engine: &PluginEngine,
    manifest: &Manifest,
    f: impl FnOnce(&mut Store<GuestState>) -> wasmtime::Result<T>,
) -> Result<T, PluginError> {
    let mut store = Store::new(engine.engine(), GuestState::new(manifest.memory_bytes()));
    store.limiter(|state| state.limiter());
    store.set_epoch_deadline(engine.ticks(manifest.timeout()));
    store.epoch_deadline_trap();
    let result = f(&mut store);
    result.map_err(|err| classify(manifest, &err, store.data().memory_denied))
}

fn classify(manifest: &Manifest, err: &wasmtime::Error, memory_denied: bool) -> PluginError {
    let plugin = manifest.label();
    if memory_denied {
        return PluginError::OutOfMemory {
            plugin,
            mib: manifest.limits.memory_mib,
        };
    }
    match err.downcast_ref::<Trap>() {
        Some(Trap::Interrupt) => PluginError::Timeout {
            plugin,
            millis: manifest.limits.timeout_ms,
        },
        Some(trap) => PluginError::Trap {
            plugin,
            reason: trap.to_string(),
        },
        None => PluginError::Trap {
            plugin,
            reason: format!("{err:#}"),
        },
    }
}
