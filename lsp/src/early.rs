//! What the server does before the workspace folder is indexed, and what an edit owes the
//! other files afterwards.
//!
//! Before indexing: an open document's file-local findings (the engine's
//! `rules::lint_file_local`: syntax, schema, the rules that need no other file) are published
//! at once; the rules that read other files wait for the index, so nothing is said that the
//! index would take back ("no provider claims this type" while providers are being read).
//!
//! After indexing: putting a new text of an open document into the index asks the engine
//! which other files the change can affect (`rules::dependents`, from the names the file
//! defined before and defines now); those files are owed a re-check
//! ([`Shared::pending`]), and only those are re-checked.

use crate::documents::{lock, Snapshot};
use crate::index::{self, Held};
use crate::session::{panic_message, write, Shared};
use innominatus_engine::catalog::Rule;
use innominatus_engine::diagnostic::Diagnostic;
use innominatus_engine::rules::dependents::{dependents, Footprint};
use innominatus_engine::rules::lint_file_local;
use innominatus_engine::source::SourceFile;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use tower_lsp_server::ls_types::Uri;
use tracing::error;

/// The file-local findings of a document checked before the index exists.
pub(crate) struct Early {
    pub diagnostics: Vec<Diagnostic>,
    /// The document is not the platform's ([`index::is_ours`]): nothing is said about it.
    pub declined: bool,
}

impl Shared {
    /// Whether the workspace folder has been indexed.
    pub(crate) fn is_indexed(&self) -> bool {
        *self.loaded.borrow()
    }

    /// The file-local findings of `snap`, with the settings in force; a panic becomes
    /// `INN902`. Runs on a blocking thread.
    pub(crate) fn check_before_index(&self, snap: &Snapshot) -> Early {
        let settings = self.settings();
        let checked = catch_unwind(AssertUnwindSafe(|| {
            let source: SourceFile = (*snap.source()).clone();
            if !index::is_ours(&snap.uri, &source) {
                return None;
            }
            let enabled = |r: &Rule| settings.enabled(r);
            Some(lint_file_local(
                source,
                settings.dialect(),
                &settings.config.policy,
                &enabled,
            ))
        }));
        match checked {
            Ok(Some(diags)) => Early {
                diagnostics: settings.apply(diags),
                declined: false,
            },
            Ok(None) => Early {
                diagnostics: Vec::new(),
                declined: true,
            },
            Err(panic) => {
                let what = panic_message(&*panic);
                error!("checking {} failed inside innominatus: {what}", snap.file);
                Early {
                    diagnostics: vec![innominatus_engine::diagnostic::internal_error(
                        &snap.file, &what,
                    )],
                    declined: false,
                }
            }
        }
    }

    /// Puts a new text of the open document `uri` into the index (see `ProjectIndex::put`)
    /// and records which other files the change owes a re-check. Returns `false` when the
    /// index holds a newer version already.
    pub(crate) fn put_open(&self, uri: &Uri, src: Arc<SourceFile>, revision: u64) -> bool {
        let mut index = write(&self.index);
        let held = index.file_index(uri);
        // Opening a file as it is on disk changes nothing for the others.
        let same_text = held.is_some_and(|i| index.same_text(i, &src));
        let before = held
            .map(|i| Footprint::of(&index.ws, i))
            .unwrap_or_default();
        if !index.put(uri, src, Held::Open(revision)) {
            return false;
        }
        let released = index.take_released();
        if !released.is_empty() {
            // The snapshots of documents whose trees the index let go drop theirs too. The
            // store's lock is taken under the index's, never the other way round.
            released.iter().for_each(|u| self.docs.forget_source(u));
        }
        if same_text {
            return true;
        }
        let Some(i) = index.file_index(uri) else {
            return true;
        };
        let owed = Shared::guarded("finding dependents", || dependents(&index.ws, i, &before));
        match owed {
            Some(Some(files)) => {
                let uris: Vec<Uri> = files.into_iter().map(|j| index.uris[j].clone()).collect();
                // Never both locks at once: a re-check takes this set, then reads the index.
                drop(index);
                lock(&self.pending).extend(uris);
            }
            // Every file (or the engine could not say): a re-check of everything is owed.
            _ => self.full_pending.store(true, Ordering::SeqCst),
        }
        true
    }
}
