//! Per-call resource limits that remember which limit was hit, to tell a person why a call
//! failed.

use wasmtime::{ResourceLimiter, StoreLimits, StoreLimitsBuilder};

/// A store's data: the limits of this call and what they stopped.
pub(crate) struct GuestState {
    limits: StoreLimits,
    pub(crate) memory_denied: bool,
}

impl GuestState {
    pub(crate) fn new(memory_bytes: usize) -> Self {
        GuestState {
            limits: StoreLimitsBuilder::new()
                .memory_size(memory_bytes)
                .instances(8)
                .tables(8)
                .memories(2)
                .table_elements(10_000)
                .trap_on_grow_failure(true)
                .build(),
            memory_denied: false,
        }
    }

    pub(crate) fn limiter(&mut self) -> &mut dyn ResourceLimiter {
        self
    }
}

impl ResourceLimiter for GuestState {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let result = self.limits.memory_growing(current, desired, maximum);
        if !matches!(result, Ok(true)) {
            self.memory_denied = true;
        }
        result
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        self.limits.table_growing(current, desired, maximum)
    }

    fn instances(&self) -> usize {
        self.limits.instances()
    }

    fn tables(&self) -> usize {
        self.limits.tables()
    }

    fn memories(&self) -> usize {
        self.limits.memories()
    }
}
