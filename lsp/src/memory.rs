//! Giving freed memory back to the system.
//!
//! glibc keeps freed small blocks in its per-thread arenas; after a large document is
//! closed or a workspace re-check has allocated and freed its trees on several blocking
//! threads, the process would keep that memory resident although nothing uses it. Trimming
//! at those quiet moments (the end of every workspace re-check, which follows every change
//! and close, and the stop of a runtime thread, whose allocator cache returns to the heap)
//! lets resident memory return to its starting range.

/// Releases free heap memory to the system where the allocator supports it.
pub fn release() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists; it takes no pointers
    // of ours and is safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Keeps every thread on one heap arena, and larger blocks in it between edits. glibc
/// gives each thread that allocates its own arena; checks run on tokio's blocking threads,
/// so each of them would keep a heap of its own at its high-water mark. Measured with `lspdrive.py bench` on a 5,000-line Score
/// file (200 edits): peak resident memory 35.9 MB with the default arenas, 27.4 MB with two,
/// 23.2 MB with one, and latency no worse (the checks of one document never overlap).
pub fn single_arena() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator tunable; called once at start-up, before the
    // runtime's threads exist.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
        // Fixed thresholds instead of glibc's sliding ones: blocks up to 4 MiB come from the
        // heap, and free memory at its top is given back only beyond 4 MiB (and at the quiet
        // moments of `release`). An edit of a long file allocates and frees its tree, models
        // and notification every time; with the defaults, its larger blocks were mapped and
        // unmapped, and the heap trimmed, on every check, so the next one faulted its pages
        // in again. Measured with `lspdrive.py bench` on the 5,000-line workflow (200 edits):
        // 20,000–40,000 page faults before, about 4,000 after, and 10–20 % less CPU time.
        libc::mallopt(libc::M_MMAP_THRESHOLD, KEPT_BLOCK_BYTES);
        libc::mallopt(libc::M_TRIM_THRESHOLD, KEPT_BLOCK_BYTES);
    }
}

/// See [`single_arena`]: the size below which freed memory stays in the heap between edits.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const KEPT_BLOCK_BYTES: libc::c_int = 4 << 20;
