//! Session state: what the server holds between messages (documents, the workspace index,
//! settings, the client's capabilities, what was published) and the accessors every part of
//! the server reads it through.
//!
//! Rules of the house (ANCHORS.md §5.1):
//! - edits reach the document store before any handler runs ([`crate::ordered`]);
//! - the engine runs on blocking threads, on a snapshot, under `catch_unwind`
//!   ([`Shared::guarded`]); a panic becomes a log line and an `INN902` diagnostic;
//! - every analysis is stamped with the document version and dropped when a newer version
//!   exists by the time it finishes ([`crate::checks`]).

use crate::checks::Publication;
use crate::documents::{lock, DocumentStore, Snapshot};
use crate::index::{self, Held, ProjectIndex};
use crate::position::Encoding;
use crate::serialised::KeptJson;
use crate::settings::{ClientSettings, Effective};
use crate::urgent::Urgent;
use innominatus_engine::diagnostic::Diagnostic;
use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};
use tokio::sync::mpsc;
use tower_lsp_server::ls_types::Uri;
use tower_lsp_server::Client;
use tracing::error;

/// What the embedding binary adds to the server (dry runs are the engine's, made in
/// process).
#[derive(Clone, Default)]
pub struct ServerOptions {
    /// Where publications go as bytes once the stdio transport runs (see
    /// [`crate::transport::Outlet`]); left unattached, they go through the framework's client.
    pub outlet: crate::transport::Outlet,
}

/// The diagnostics last published for a document, with the version they belong to (code
/// actions use their fixes).
#[derive(Clone, Default)]
pub struct Published {
    /// The revision of the document the findings belong to (`Document::revision`).
    pub revision: Option<u64>,
    /// The findings of an open document (hover and code actions read them). A file that is
    /// not open keeps only their [`Digest`]: nothing reads them but the comparison with the
    /// next check's, and a folder's worth of findings would be the largest thing the server
    /// holds. Shared: requests and the next publication read them without a copy.
    pub diagnostics: Arc<Vec<Diagnostic>>,
    /// `None` for an open document: its findings are kept and compared as they are (hashing
    /// hundreds of findings through `Debug` on every edit cost more than the check of a rule).
    digest: Option<Digest>,
}

impl Published {
    /// The findings of revision `revision` of an open document, kept.
    pub fn open(revision: u64, diagnostics: Vec<Diagnostic>) -> Published {
        Published {
            revision: Some(revision),
            digest: None,
            diagnostics: Arc::new(diagnostics),
        }
    }

    /// The findings of a file that is not open: only their digest is kept.
    pub fn closed(diagnostics: &[Diagnostic]) -> Published {
        Published {
            revision: None,
            diagnostics: Arc::default(),
            digest: Some(Digest::of(diagnostics)),
        }
    }

    /// Whether these are the findings published.
    pub fn same(&self, diagnostics: &[Diagnostic]) -> bool {
        match self.digest {
            Some(digest) => digest == Digest::of(diagnostics),
            None => *self.diagnostics == diagnostics,
        }
    }

    /// Whether nothing was published (or an empty list).
    pub fn is_empty(&self) -> bool {
        match self.digest {
            Some(digest) => digest.count == 0,
            None => self.diagnostics.is_empty(),
        }
    }
}

/// A 64-bit hash of a list of findings, and its length: equal lists have equal digests;
/// different ones collide with a chance of 2^-64, the worst outcome of which is a
/// re-publication skipped. Hashed through `Debug`, which writes every field.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
struct Digest {
    hash: u64,
    count: usize,
}

impl Digest {
    fn of(diagnostics: &[Diagnostic]) -> Digest {
        if diagnostics.is_empty() {
            // Nothing published and an empty list are one state.
            return Digest::default();
        }
        use std::fmt::Write as _;
        use std::hash::Hasher as _;
        struct Feed(std::hash::DefaultHasher);
        impl std::fmt::Write for Feed {
            fn write_str(&mut self, s: &str) -> std::fmt::Result {
                self.0.write(s.as_bytes());
                Ok(())
            }
        }
        let mut feed = Feed(std::hash::DefaultHasher::new());
        for d in diagnostics {
            let _ = write!(feed, "{d:?}\u{0}");
        }
        Digest {
            hash: feed.0.finish(),
            count: diagnostics.len(),
        }
    }
}

/// What the client can do, as told at `initialize`.
#[derive(Default)]
pub(crate) struct ClientCaps {
    pub(crate) configuration: AtomicBool,
    pub(crate) watch_files: AtomicBool,
    /// The client shows server-initiated progress (`window.workDoneProgress`).
    pub(crate) progress: AtomicBool,
}

/// The state of one session, shared by the request handlers and the checks.
pub struct Shared {
    pub client: Client,
    pub docs: Arc<DocumentStore>,
    pub(crate) encoding: Arc<Mutex<Encoding>>,
    pub(crate) index: RwLock<ProjectIndex>,
    pub(crate) settings: RwLock<Arc<Effective>>,
    pub(crate) client_settings: Mutex<ClientSettings>,
    /// Held while settings are applied to the index and the configuration file's problems
    /// published: a reload of `.innominatus.toml` during the first indexing must not be
    /// undone by the indexing's older settings, published after it.
    pub(crate) applying_settings: Mutex<()>,
    pub(crate) root: RwLock<Option<PathBuf>>,
    pub(crate) published: Mutex<HashMap<Uri, Published>>,
    /// The JSON of the last publications of the open documents edited most recently.
    pub(crate) kept_json: Mutex<KeptJson>,
    /// Publications on their way to the client, in order (see [`Shared::send`]); the
    /// receiving end waits here for the first publication to start its forwarding task.
    pub(crate) outbox: (
        mpsc::UnboundedSender<Publication>,
        Mutex<Option<mpsc::UnboundedReceiver<Publication>>>,
    ),
    /// Bumped by every change; a workspace re-check stops when it is no longer current.
    pub(crate) generation: AtomicU64,
    pub(crate) caps: ClientCaps,
    /// Whether the workspace folder has been indexed: before, open documents get only their
    /// file-local findings (see `crate::early`).
    pub(crate) loaded: tokio::sync::watch::Sender<bool>,
    /// Whether the folder's indexing has begun (at `initialized`): requests about the whole
    /// workspace wait for it to end only then, so a client that skips `initialized` is still
    /// answered.
    pub(crate) indexing: AtomicBool,
    /// A re-check of every file is owed (see `recheck_workspace`).
    pub(crate) full_pending: AtomicBool,
    /// Bytes of serialised publications queued for the client and not yet handed to the
    /// transport: a re-check of the folder waits while it is large (see `Shared::send`).
    pub(crate) queued_bytes: Arc<std::sync::atomic::AtomicUsize>,
    /// Files an edit may have changed the findings of, owed a re-check (see
    /// `Shared::put_open`).
    pub(crate) pending: Mutex<HashSet<Uri>>,
    /// Open documents being checked right now, with whether a newer version arrived
    /// meanwhile. One check per document at a time: edits that arrive during a check are
    /// coalesced into one check of the latest text when it ends, so a burst of keystrokes
    /// costs at most two checks and needs no fixed delay (see `schedule_open`).
    pub(crate) checking: Mutex<HashMap<Uri, bool>>,
    /// Checks of open documents in flight: indexing, re-checks of the folder and the
    /// schema compile give way to them (see `crate::urgent`).
    pub(crate) urgent: Arc<Urgent>,
    pub options: ServerOptions,
}

/// Reads a lock even if a panicking thread poisoned it (the guarded data is replaced whole).
pub(crate) fn read<T>(l: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    l.read().unwrap_or_else(|e| e.into_inner())
}

pub(crate) fn write<T>(l: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    l.write().unwrap_or_else(|e| e.into_inner())
}

/// The text of a panic payload.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    innominatus_engine::diagnostic::panic_text(panic)
}

impl Shared {
    pub fn new(
        client: Client,
        docs: Arc<DocumentStore>,
        encoding: Arc<Mutex<Encoding>>,
        options: ServerOptions,
    ) -> Shared {
        Shared {
            client,
            docs,
            encoding,
            index: RwLock::new(ProjectIndex::empty()),
            settings: RwLock::new(Arc::new(Effective::default())),
            client_settings: Mutex::new(ClientSettings::default()),
            applying_settings: Mutex::new(()),
            root: RwLock::new(None),
            published: Mutex::new(HashMap::new()),
            kept_json: Mutex::default(),
            outbox: {
                let (queue, queued) = mpsc::unbounded_channel();
                (queue, Mutex::new(Some(queued)))
            },
            generation: AtomicU64::new(0),
            caps: ClientCaps::default(),
            loaded: tokio::sync::watch::Sender::new(false),
            indexing: AtomicBool::new(false),
            full_pending: AtomicBool::new(false),
            queued_bytes: Arc::default(),
            pending: Mutex::new(HashSet::new()),
            checking: Mutex::new(HashMap::new()),
            urgent: Arc::default(),
            options,
        }
    }

    pub fn encoding(&self) -> Encoding {
        *lock(&self.encoding)
    }

    pub fn settings(&self) -> Arc<Effective> {
        read(&self.settings).clone()
    }

    pub fn root(&self) -> Option<PathBuf> {
        read(&self.root).clone()
    }

    pub fn index(&self) -> RwLockReadGuard<'_, ProjectIndex> {
        read(&self.index)
    }

    /// The current snapshot of an open document.
    pub fn snapshot(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        let root = self.root();
        self.docs
            .snapshot(uri, || index::file_name(uri, root.as_deref()))
    }

    pub fn published(&self, uri: &Uri) -> Published {
        lock(&self.published).get(uri).cloned().unwrap_or_default()
    }

    /// Waits until the workspace folder has been indexed (returns at once after that, or
    /// when its indexing has not begun: see `indexing`).
    pub async fn indexed(&self) {
        if !self.indexing.load(Ordering::SeqCst) {
            return;
        }
        let _ = self.loaded.subscribe().wait_for(|done| *done).await;
    }

    /// Runs `f` under `catch_unwind`; a panic is logged and becomes `None`.
    pub fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> Option<T> {
        match catch_unwind(AssertUnwindSafe(f)) {
            Ok(v) => Some(v),
            Err(panic) => {
                error!(
                    "{what} failed inside innominatus: {}",
                    panic_message(&*panic)
                );
                None
            }
        }
    }

    /// Puts the snapshot's version of its document into the index when the index holds an
    /// older one, so that a request made while the user types (completion before the
    /// debounced check) sees the text the client sees. Not linted here.
    pub(crate) fn catch_up(&self, snap: &Snapshot) {
        let behind = {
            let index = self.index();
            match index.file_index(&snap.uri) {
                Some(i) => match index.held[i] {
                    // An older version, or this one with its tree let go.
                    Held::Open(v) => v < snap.revision || !index.holds_open(i, v),
                    Held::Disk => true,
                },
                None => true,
            }
        };
        if behind {
            if let Some(src) = Shared::guarded("parsing", || snap.source()) {
                self.put_open(&snap.uri, src, snap.revision);
            }
        }
    }
}
