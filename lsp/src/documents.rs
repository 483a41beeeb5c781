//! The open documents: a rope per document, edited in the order the client sent the
//! changes, and immutable snapshots that analysis and feature handlers work on.
//!
//! The store is written only by [`crate::ordered::InOrder`], synchronously, while the
//! transport reads messages one by one: no edit can overtake another (ANCHORS.md §5.1).

use crate::position::{apply_change, Encoding};
use innominatus_engine::source::SourceFile;
use innominatus_engine::text::LineIndex;
use ropey::Rope;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

/// One open document.
pub struct Document {
    pub rope: Rope,
    /// The client's version of the text (sent back with its diagnostics).
    pub version: i32,
    /// This server's count of the document's texts, increasing with every open and edit
    /// whatever versions the client sends: analyses are ordered by it, so a client whose
    /// versions go backwards still sees every edit checked.
    pub revision: u64,
    /// The snapshot of the current version, made on first use.
    snapshot: Option<Arc<Snapshot>>,
}

/// An immutable view of one version of a document.
pub struct Snapshot {
    pub uri: Uri,
    /// The file name the engine knows it by (relative to the workspace root when inside).
    pub file: Arc<str>,
    pub version: i32,
    /// See [`Document::revision`].
    pub revision: u64,
    pub text: Arc<str>,
    pub rope: Rope,
    pub lines: LineIndex,
    /// The parsed file of this exact version, once analysis (or a handler) has parsed it.
    parsed: Mutex<Option<Arc<SourceFile>>>,
}

impl Snapshot {
    /// The parsed file of this version (parsed now if nobody has yet).
    pub fn source(&self) -> Arc<SourceFile> {
        let mut slot = lock(&self.parsed);
        if let Some(src) = &*slot {
            return src.clone();
        }
        let src = Arc::new(SourceFile::parse(self.file.clone(), self.text.as_bytes()));
        *slot = Some(src.clone());
        src
    }

    /// Drops the parsed file kept for this version (the index let its tree go: see
    /// `index::TREES_KEPT`); the next [`Snapshot::source`] parses again.
    pub fn forget_source(&self) {
        *lock(&self.parsed) = None;
    }

    /// Positions in this snapshot (for [`crate::position`] conversions).
    pub fn lines(&self) -> crate::position::Lines<'_> {
        crate::position::Lines::new(&self.text, &self.lines)
    }
}

#[derive(Default)]
pub struct DocumentStore {
    docs: Mutex<HashMap<Uri, Document>>,
    /// The last revision handed out (revisions are unique across documents).
    revisions: std::sync::atomic::AtomicU64,
}

/// Locks a mutex even if a panicking thread poisoned it: the data behind our locks is
/// replaced whole, never left half-written, so it stays usable.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl DocumentStore {
    fn next_revision(&self) -> u64 {
        self.revisions
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            + 1
    }

    pub fn open(&self, uri: Uri, version: i32, text: &str) {
        let revision = self.next_revision();
        lock(&self.docs).insert(
            uri,
            Document {
                rope: Rope::from_str(text),
                version,
                revision,
                snapshot: None,
            },
        );
    }

    /// Applies changes in order. Changes for a document that is not open are ignored (a
    /// client bug we survive).
    pub fn change(
        &self,
        uri: &Uri,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        enc: Encoding,
    ) -> bool {
        let revision = self.next_revision();
        let mut docs = lock(&self.docs);
        let Some(doc) = docs.get_mut(uri) else {
            return false;
        };
        if version <= doc.version {
            // A client bug, or a restarted client: the edit is still applied and checked
            // (dropping it would leave the document frozen at the old text).
            tracing::warn!(
                "{}: version {version} after version {}; the change is applied anyway",
                uri.as_str(),
                doc.version
            );
        }
        for change in changes {
            apply_change(&mut doc.rope, change, enc);
        }
        doc.version = version;
        doc.revision = revision;
        doc.snapshot = None;
        true
    }

    pub fn close(&self, uri: &Uri) -> bool {
        lock(&self.docs).remove(uri).is_some()
    }

    pub fn is_open(&self, uri: &Uri) -> bool {
        lock(&self.docs).contains_key(uri)
    }

    pub fn version(&self, uri: &Uri) -> Option<i32> {
        lock(&self.docs).get(uri).map(|d| d.version)
    }

    /// The current revision of an open document (see [`Document::revision`]).
    pub fn revision(&self, uri: &Uri) -> Option<u64> {
        lock(&self.docs).get(uri).map(|d| d.revision)
    }

    pub fn uris(&self) -> Vec<Uri> {
        lock(&self.docs).keys().cloned().collect()
    }

    /// Drops the parsed file the current snapshot of `uri` keeps, if any.
    pub fn forget_source(&self, uri: &Uri) {
        if let Some(snap) = lock(&self.docs).get(uri).and_then(|d| d.snapshot.clone()) {
            snap.forget_source();
        }
    }

    /// The snapshot of the current version; `file` names it for the engine.
    pub fn snapshot(&self, uri: &Uri, file: impl FnOnce() -> Arc<str>) -> Option<Arc<Snapshot>> {
        let mut docs = lock(&self.docs);
        let doc = docs.get_mut(uri)?;
        if let Some(s) = &doc.snapshot {
            return Some(s.clone());
        }
        let text: Arc<str> = Arc::from(doc.rope.to_string());
        let snap = Arc::new(Snapshot {
            uri: uri.clone(),
            file: file(),
            version: doc.version,
            revision: doc.revision,
            lines: LineIndex::new(&text),
            text,
            rope: doc.rope.clone(),
            parsed: Mutex::new(None),
        });
        doc.snapshot = Some(snap.clone());
        Some(snap)
    }
}
