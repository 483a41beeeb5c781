//! Giving freed memory back to the system.
//!
//! glibc keeps freed small blocks in its per-thread arenas; after a large document is
//! closed or a workspace re-check has allocated and freed its trees on several blocking
//! threads, the process would keep that memory resident although nothing uses it. Trimming
//! at those quiet moments lets resident memory return to its starting range.

/// Releases free heap memory to the system where the allocator supports it.
pub fn release() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists; it takes no pointers
    // of ours and is safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}
