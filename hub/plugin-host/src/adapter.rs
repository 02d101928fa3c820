//! A loaded adapter (issue 7, G1): compiled, checked against its manifest, and called with a
//! fresh sandbox each time, exactly as rule sets are ([`crate::sandbox`]). The hub calls it
//! and does every side effect itself (DESIGN.md, principles 1 and 2).
//!
//! The manifest names the WIT version the adapter was built against; the component is bound
//! with that version's bindings (1.1.0, or 1.0.0 lifted into 1.1.0 by [`crate::adapter_compat`])
//! and refused if it does not export exactly that world.

use std::time::Instant;

use wasmtime::Store;
use wasmtime::component::Component;
use wasmtime::component::Linker;

use crate::adapter_bindings::adapter_types::{
    Command, Context, Event, Fault, Inbound, Info, Reply, Step,
};
use crate::adapter_bindings::{v1_0, v1_1};
use crate::adapter_compat::Lift;
use crate::limiter::GuestState;
use crate::manifest::ADAPTER_WIT_1_0;
use crate::{ADAPTER_WIT, Manifest, PluginEngine, PluginError, PluginKind, sandbox};

/// An adapter ready to be called from any thread.
pub struct LoadedAdapter {
    manifest: Manifest,
    info: Info,
    engine: PluginEngine,
    component: Component,
    pre: Pre,
}

/// The component, bound with the bindings of the WIT version its manifest names.
enum Pre {
    V1_0(v1_0::AdapterPre<GuestState>),
    V1_1(v1_1::AdapterPre<GuestState>),
}

/// One call's instance.
enum Instance {
    V1_0(v1_0::Adapter),
    V1_1(v1_1::Adapter),
}

impl Pre {
    /// Binds `component` as the world `wit` (a version the manifest check accepted).
    fn bind(engine: &PluginEngine, component: &Component, wit: &str) -> Result<Pre, PluginError> {
        let instance_pre = Linker::<GuestState>::new(engine.engine()).instantiate_pre(component);
        let (world, bound) = if wit == ADAPTER_WIT_1_0 {
            let bound = instance_pre.and_then(v1_0::AdapterPre::new).map(Pre::V1_0);
            (ADAPTER_WIT_1_0, bound)
        } else {
            let bound = instance_pre.and_then(v1_1::AdapterPre::new).map(Pre::V1_1);
            (ADAPTER_WIT, bound)
        };
        bound.map_err(|e| PluginError::WrongWorld {
            world,
            reason: format!("{e:#}"),
        })
    }

    fn instantiate(&self, store: &mut Store<GuestState>) -> wasmtime::Result<Instance> {
        Ok(match self {
            Pre::V1_0(pre) => Instance::V1_0(pre.instantiate(store)?),
            Pre::V1_1(pre) => Instance::V1_1(pre.instantiate(store)?),
        })
    }
}

impl Instance {
    fn describe(&self, s: &mut Store<GuestState>) -> wasmtime::Result<Info> {
        match self {
            Instance::V1_0(a) => a.call_describe(s).map(Lift::lift),
            Instance::V1_1(a) => a.call_describe(s),
        }
    }
}

impl LoadedAdapter {
    /// Compiles `component` (a verified package's) and checks that it imports nothing, exports
    /// the `tanba:adapter` world and describes itself as its manifest says.
    pub fn compile(
        engine: &PluginEngine,
        manifest: Manifest,
        component: &[u8],
    ) -> Result<Self, PluginError> {
        let component = sandbox::compile(engine, component)?;
        Self::from_component(engine, manifest, component)
    }

    /// Loads code compiled earlier by [`LoadedAdapter::precompiled`] with an engine of the
    /// same compatibility hash; the bytes must come from the hub's own cache (wasmtime does
    /// not re-validate them), as for rule sets.
    pub fn from_precompiled(
        engine: &PluginEngine,
        manifest: Manifest,
        precompiled: &[u8],
    ) -> Result<Self, PluginError> {
        Self::from_component(engine, manifest, sandbox::deserialize(engine, precompiled)?)
    }

    /// The compiled code, for the cache other nodes and restarts load from.
    pub fn precompiled(&self) -> Result<Vec<u8>, PluginError> {
        self.component
            .serialize()
            .map_err(|e| PluginError::Engine(e.to_string()))
    }

    fn from_component(
        engine: &PluginEngine,
        manifest: Manifest,
        component: Component,
    ) -> Result<Self, PluginError> {
        if manifest.kind != PluginKind::Adapter {
            return Err(PluginError::Manifest {
                reason: format!("{} is not an adapter", manifest.label()),
            });
        }
        sandbox::refuse_imports(engine, &component)?;
        let pre = Pre::bind(engine, &component, &manifest.wit)?;
        let info = sandbox::call(engine, &manifest, |store| {
            pre.instantiate(&mut *store)?.describe(store)
        })?;
        let loaded = LoadedAdapter {
            manifest,
            info,
            engine: engine.clone(),
            component,
            pre,
        };
        loaded.check_describe()?;
        Ok(loaded)
    }

    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// What the adapter says it is and needs: endpoints, jobs, events, settings.
    pub fn info(&self) -> &Info {
        &self.info
    }

    /// The first step of a scheduled job.
    pub fn start_job(
        &self,
        job: &str,
        context: &Context,
        kept: &[u8],
    ) -> Result<Step, PluginError> {
        self.observed("start-job", |a, s| match a {
            Instance::V1_0(a) => a
                .call_start_job(s, job, &context.clone().lift(), kept)
                .map(Lift::lift),
            Instance::V1_1(a) => a.call_start_job(s, job, context, kept),
        })
    }

    /// The next step of an exchange, given the state of its last `send` and the answer.
    pub fn on_reply(
        &self,
        state: &[u8],
        reply: &Reply,
        context: &Context,
    ) -> Result<Step, PluginError> {
        self.observed("on-reply", |a, s| match a {
            Instance::V1_0(a) => a
                .call_on_reply(s, state, &reply.clone().lift(), &context.clone().lift())
                .map(Lift::lift),
            Instance::V1_1(a) => a.call_on_reply(s, state, reply, context),
        })
    }

    /// The first step of the exchange that reports a hub event.
    pub fn on_event(
        &self,
        event: &Event,
        context: &Context,
        kept: &[u8],
    ) -> Result<Step, PluginError> {
        self.observed("on-event", |a, s| match a {
            Instance::V1_0(a) => a
                .call_on_event(s, &event.clone().lift(), &context.clone().lift(), kept)
                .map(Lift::lift),
            Instance::V1_1(a) => a.call_on_event(s, event, context, kept),
        })
    }

    /// A message an external system sent to `endpoint`: the commands it results in, or the
    /// adapter's fault.
    pub fn on_inbound(
        &self,
        endpoint: &str,
        message: &Inbound,
        context: &Context,
    ) -> Result<Result<Vec<Command>, Fault>, PluginError> {
        self.observed("on-inbound", |a, s| match a {
            Instance::V1_0(a) => a
                .call_on_inbound(
                    s,
                    endpoint,
                    &message.clone().lift(),
                    &context.clone().lift(),
                )
                .map(Lift::lift),
            Instance::V1_1(a) => a.call_on_inbound(s, endpoint, message, context),
        })
    }

    /// One call in a fresh sandbox, recorded in the engine's metrics with a span naming the
    /// adapter and its version.
    fn observed<T>(
        &self,
        function: &'static str,
        f: impl FnOnce(&Instance, &mut Store<GuestState>) -> wasmtime::Result<T>,
    ) -> Result<T, PluginError> {
        let version = self.manifest.version.to_string();
        let _span =
            tracing::debug_span!("adapter", adapter = %self.manifest.id, %version, function)
                .entered();
        let started = Instant::now();
        let result = sandbox::call(&self.engine, &self.manifest, |store| {
            let adapter = self.pre.instantiate(&mut *store)?;
            f(&adapter, store)
        });
        self.engine.metrics().record(
            &self.manifest.id,
            &version,
            function,
            started.elapsed(),
            result.as_ref().map(|_| 0),
        );
        if let Err(err) = &result {
            tracing::warn!(%err, "adapter call failed");
        }
        result
    }

    fn check_describe(&self) -> Result<(), PluginError> {
        let info = &self.info;
        if info.id != self.manifest.id || info.version != self.manifest.version.to_string() {
            return Err(PluginError::DescribeMismatch {
                described: format!("{}@{}", info.id, info.version),
                manifest: self.manifest.label(),
            });
        }
        Ok(())
    }
}
