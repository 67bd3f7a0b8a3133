//! The process's allocator: the system's for a check, mimalloc for `batch`.
//!
//! A check is a process start, and mimalloc's start-up (its options, its page map, a fresh
//! page for every size of allocation) is a sizeable share of one; batch's workers, on the
//! other hand, allocate small vectors for every finding, which glibc's allocator serialises on
//! its arenas. So every allocation goes to the system's allocator until [`use_mimalloc`] is
//! called, and to mimalloc from then on; a block is freed (or grown) by the allocator that
//! holds it, which mimalloc's page map tells.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, Ordering};

use mimalloc::MiMalloc;

/// Set once, before `batch` starts its threads; never unset.
static MIMALLOC: AtomicBool = AtomicBool::new(false);

/// From now on, allocations go to mimalloc.
pub fn use_mimalloc() {
    MIMALLOC.store(true, Ordering::Release);
}

pub struct SystemThenMimalloc;

impl SystemThenMimalloc {
    fn mimalloc_allocates() -> bool {
        MIMALLOC.load(Ordering::Acquire)
    }

    /// Whether mimalloc holds `ptr`. Before mimalloc allocates anything nothing is its, and its
    /// page map may not be set up yet, so it is not asked.
    fn held_by_mimalloc(ptr: *mut u8) -> bool {
        // SAFETY: the page map is asked only once mimalloc allocates (it is set up on its
        // first allocation at the latest), and only reads the map.
        Self::mimalloc_allocates()
            && unsafe { libmimalloc_sys::mi_is_in_heap_region(ptr.cast_const().cast()) }
    }
}

// SAFETY: each block is allocated by exactly one of the two allocators and freed or grown by
// the one that holds it; a block grown after the switch moves to mimalloc by allocate, copy
// and free, as `GlobalAlloc::realloc`'s default does.
unsafe impl GlobalAlloc for SystemThenMimalloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if Self::mimalloc_allocates() {
            unsafe { MiMalloc.alloc(layout) }
        } else {
            unsafe { System.alloc(layout) }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if Self::mimalloc_allocates() {
            unsafe { MiMalloc.alloc_zeroed(layout) }
        } else {
            unsafe { System.alloc_zeroed(layout) }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if Self::held_by_mimalloc(ptr) {
            unsafe { MiMalloc.dealloc(ptr, layout) }
        } else {
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let held_by_mimalloc = Self::held_by_mimalloc(ptr);
        if held_by_mimalloc {
            unsafe { MiMalloc.realloc(ptr, layout, new_size) }
        } else if !Self::mimalloc_allocates() {
            unsafe { System.realloc(ptr, layout, new_size) }
        } else {
            // A block of the system's, grown after the switch: it moves to mimalloc.
            let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
            let new = unsafe { MiMalloc.alloc(new_layout) };
            if !new.is_null() {
                unsafe {
                    std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                    System.dealloc(ptr, layout);
                }
            }
            new
        }
    }
}
