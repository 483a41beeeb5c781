//! The files phase 1 checks alone (see `check_alone` in check.rs), and those whose check
//! waits for their schema.
//!
//! The Score schema compiles on one worker while the other starts on the files; a check
//! needs the compiled schema, so the first file checked would hold that worker until the
//! compile ends (2 ms of a 20 ms run of 1,000 small files). Instead, a file parsed before
//! then keeps its tree and models and is checked in phase 2, and the worker parses on.

use super::Checked;
use innominatus_engine::source::SourceFile;
use innominatus_engine::workspace::FileModels;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What phase 1 made of a file it checks alone.
pub(super) enum Alone {
    /// Its findings.
    Checked(Box<Checked>),
    /// Its tree and models, to be checked once the schema has compiled.
    Later(Box<(SourceFile, FileModels)>),
}

/// How many files phase 1 has kept for a later check, and how many bytes of text: while the
/// schema compiles a worker parses a few dozen small files, and a run of large ones must not
/// hold many of their trees.
#[derive(Default)]
pub(super) struct Waiting {
    files: AtomicUsize,
    bytes: AtomicUsize,
}

const WAITING_FILES: usize = 256;
const WAITING_BYTES: usize = 1 << 20;

impl Waiting {
    /// Whether a parsed file of `size` bytes may wait for its check. Every file asked about
    /// is counted, admitted or not: once a bound is passed, none waits any more.
    pub(super) fn admit(&self, size: usize) -> bool {
        let files = self.files.fetch_add(1, Ordering::Relaxed);
        let bytes = self.bytes.fetch_add(size, Ordering::Relaxed);
        files < WAITING_FILES && bytes.saturating_add(size) <= WAITING_BYTES
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_wait_within_both_bounds_only() {
        let waiting = Waiting::default();
        assert!(waiting.admit(1000));
        assert!(!waiting.admit(WAITING_BYTES), "past the bytes bound");
        assert!(!waiting.admit(1), "a bound once passed stays passed");
        let waiting = Waiting::default();
        assert!((0..WAITING_FILES).all(|_| waiting.admit(1)));
        assert!(!waiting.admit(1), "past the files bound");
    }
}
