//! The guests' allocator: small allocations come from a 32 KiB arena in the module's own zeroed
//! data, bigger ones and everything after the arena is used up from the standard allocator.
//!
//! Why: the hub calls every rule in a fresh instance. The standard allocator of
//! `wasm32-unknown-unknown` never uses the initial memory past the data; its first allocation
//! grows the memory by a page, so every call paid a `memory.grow` (the host makes pages
//! accessible) and page faults on that page, and the host unmapped it again after the call.
//! The arena lies inside the initial memory, whose pages the host keeps resident between
//! instances (`linear_memory_keep_resident`), so a call whose arguments and findings fit in it
//! grows nothing (issue 4, "Plugin call overhead").
//!
//! Freeing only gives back the most recent arena allocation (enough for the temporary
//! buffers of a call); an instance serves one call, so nothing is reclaimed beyond that.

#![allow(unsafe_code)] // A global allocator is unsafe by definition; the invariants are below.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::{Cell, UnsafeCell};

const ARENA_BYTES: usize = 32 << 10;

/// The allocator every guest built with the SDK uses (see the module doc).
pub struct ArenaThenSystem {
    bytes: UnsafeCell<Bytes>,
    /// Bytes of the arena handed out, from its start.
    used: Cell<usize>,
}

#[repr(C, align(16))]
struct Bytes([u8; ARENA_BYTES]);

// SAFETY: guests run on `wasm32-unknown-unknown` without threads: no two calls into the
// allocator overlap, so the cells are never touched concurrently. (Native builds compile this
// module only for its tests, which use arenas of their own, never shared.)
#[cfg(target_arch = "wasm32")]
unsafe impl Sync for ArenaThenSystem {}

impl ArenaThenSystem {
    /// An empty arena (zero bytes in the module's data, so it costs no file size).
    pub const fn new() -> Self {
        ArenaThenSystem {
            bytes: UnsafeCell::new(Bytes([0; ARENA_BYTES])),
            used: Cell::new(0),
        }
    }

    fn base(&self) -> usize {
        self.bytes.get() as usize
    }

    fn contains(&self, ptr: *mut u8) -> bool {
        (self.base()..self.base() + ARENA_BYTES).contains(&(ptr as usize))
    }

    /// `layout` from the arena, if it still has room.
    fn take(&self, layout: Layout) -> Option<*mut u8> {
        let start = (self.base() + self.used.get()).next_multiple_of(layout.align());
        let end = start.checked_add(layout.size())?;
        if end > self.base() + ARENA_BYTES {
            return None;
        }
        self.used.set(end - self.base());
        Some(
            self.bytes
                .get()
                .cast::<u8>()
                .wrapping_add(start - self.base()),
        )
    }

    /// Whether `ptr` of `size` bytes is the last arena allocation.
    fn is_last(&self, ptr: *mut u8, size: usize) -> bool {
        ptr as usize + size == self.base() + self.used.get()
    }
}

impl Default for ArenaThenSystem {
    fn default() -> Self {
        Self::new()
    }
}

// SAFETY: arena blocks are disjoint (the bump only moves forward, except to give back the last
// block), aligned as asked and inside `bytes`; everything else is `System`'s.
unsafe impl GlobalAlloc for ArenaThenSystem {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match self.take(layout) {
            Some(ptr) => ptr,
            // SAFETY: the caller's contract (non-zero size) is passed on.
            None => unsafe { System.alloc(layout) },
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if !self.contains(ptr) {
            // SAFETY: not an arena block, so `System` gave it out with this layout.
            return unsafe { System.dealloc(ptr, layout) };
        }
        if self.is_last(ptr, layout.size()) {
            self.used.set(ptr as usize - self.base());
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !self.contains(ptr) {
            // SAFETY: not an arena block, so `System` gave it out with this layout.
            return unsafe { System.realloc(ptr, layout, new_size) };
        }
        let start = ptr as usize - self.base();
        if self.is_last(ptr, layout.size()) && start + new_size <= ARENA_BYTES {
            self.used.set(start + new_size);
            return ptr;
        }
        // SAFETY: `new_size` with the old alignment is a valid layout (the caller's contract).
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: as for `alloc`; the copy stays within both blocks.
        unsafe {
            let new = self.alloc(new_layout);
            if !new.is_null() {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).expect("a valid layout")
    }

    #[test]
    fn small_allocations_come_from_the_arena_aligned_and_apart() {
        let arena = ArenaThenSystem::new();
        let a = unsafe { arena.alloc(layout(3, 1)) };
        let b = unsafe { arena.alloc(layout(8, 8)) };
        assert!(arena.contains(a) && arena.contains(b));
        assert_eq!(b as usize % 8, 0);
        assert!(b as usize >= a as usize + 3);
    }

    #[test]
    fn the_last_block_is_given_back_and_grows_in_place() {
        let arena = ArenaThenSystem::new();
        let a = unsafe { arena.alloc(layout(16, 8)) };
        let b = unsafe { arena.alloc(layout(16, 8)) };
        let grown = unsafe { arena.realloc(b, layout(16, 8), 64) };
        assert_eq!(grown, b, "the last block grows where it is");
        unsafe { arena.dealloc(grown, layout(64, 8)) };
        let again = unsafe { arena.alloc(layout(16, 8)) };
        assert_eq!(again, b, "freeing the last block gave its room back");
        let moved = unsafe {
            a.write_bytes(7, 16);
            arena.realloc(a, layout(16, 8), 32)
        };
        assert_ne!(moved, a, "a block that is not the last moves");
        assert_eq!(unsafe { *moved.add(15) }, 7, "and keeps its bytes");
    }

    #[test]
    fn what_does_not_fit_comes_from_the_system_allocator() {
        let arena = ArenaThenSystem::new();
        let big = layout(ARENA_BYTES + 1, 8);
        let outside = unsafe { arena.alloc(big) };
        assert!(!outside.is_null() && !arena.contains(outside));
        unsafe { arena.dealloc(outside, big) };
        let full = unsafe { arena.alloc(layout(ARENA_BYTES, 16)) };
        assert!(arena.contains(full));
        let next = unsafe { arena.alloc(layout(1, 1)) };
        assert!(!arena.contains(next), "a full arena hands out nothing more");
        let grown = unsafe { arena.realloc(full, layout(ARENA_BYTES, 16), ARENA_BYTES * 2) };
        assert!(
            !arena.contains(grown),
            "a block outgrowing the arena moves out of it"
        );
        unsafe {
            arena.dealloc(next, layout(1, 1));
            arena.dealloc(grown, layout(ARENA_BYTES * 2, 16));
        }
    }
}
