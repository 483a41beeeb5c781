//! Heap tuning for the commands that parse a whole tree at once.
//!
//! glibc gives each worker thread its own heap arena and grows it only by what the failing
//! allocation needs, one `mprotect` call at a time: checking 1,000 small files made 3,271
//! such calls (`strace -c -f`), and with the kernel's bookkeeping for each they cost about
//! a tenth of the run. Asking for a generous pad makes each growth step large (12 calls);
//! the pages of a step that are never touched are never made resident.

/// How much more than asked for a growing heap reserves at once.
const GROWTH_PAD: usize = 32 << 20;

/// Gives the pages the allocator holds free back to the system. Memory freed by the worker
/// threads stays in their arenas, where the main thread's allocations cannot reuse it.
pub fn give_back_free_pages() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists; it takes no pointers.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Makes heap growth steps large. Call before the worker threads start allocating.
pub fn grow_in_large_steps() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator tunable; it takes no pointers of ours.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, GROWTH_PAD as libc::c_int);
    }
}
