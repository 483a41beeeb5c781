//! The language server: lifecycle, document notifications, diagnostics for open documents
//! and the whole workspace, and the dispatch of every request to its handler.
//!
//! Rules of the house (ANCHORS.md §5.1):
//! - edits reach the document store before any handler runs ([`crate::ordered`]);
//! - the engine runs on blocking threads, on a snapshot, under `catch_unwind`
//!   ([`Shared::guarded`]); a panic becomes a log line and an `INN902` diagnostic;
//! - every analysis is stamped with the document version and dropped when a newer version
//!   exists by the time it finishes.

use crate::code_actions;
use crate::code_lens;
use crate::context::{DocumentContext, WorkspaceContext};
use crate::custom;
use crate::diagnostics;
use crate::documents::{lock, DocumentStore, Snapshot};
use crate::features;
use crate::index::{self, Held, ProjectIndex};
use crate::position::{Encoding, Lines};
use crate::project;
use crate::settings::{ClientSettings, Effective};
use innominatus_engine::diagnostic::Diagnostic;
use innominatus_engine::rules;
use innominatus_engine::rules::lint_file;
use innominatus_engine::source::SourceFile;
use innominatus_engine::text::{LineIndex, Span};
use innominatus_fs::config::FILE_NAME as CONFIG_FILE_NAME;
use serde_json::Value;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Error, Result};
// The protocol's types; its `Diagnostic` is spelled `proto::Diagnostic` (the engine's wins).
use tower_lsp_server::ls_types::{self as proto, *};
use tower_lsp_server::{Client, LanguageServer};
use tracing::{debug, error, info, warn};

/// What the embedding binary adds to the server (nothing at present: dry runs are the
/// engine's, made in process).
#[derive(Clone, Default)]
pub struct ServerOptions {}

/// A `textDocument/publishDiagnostics` to send: the file, its findings, the version they are of.
type Publication = (Uri, Vec<proto::Diagnostic>, Option<i32>);

/// The diagnostics last published for a document, with the version they belong to (code
/// actions use their fixes).
#[derive(Clone, Default)]
pub struct Published {
    /// The revision of the document the findings belong to (`Document::revision`).
    pub revision: Option<u64>,
    pub diagnostics: Vec<Diagnostic>,
}

/// What the client can do, as told at `initialize`.
#[derive(Default)]
struct ClientCaps {
    configuration: AtomicBool,
    watch_files: AtomicBool,
}

pub struct Shared {
    pub client: Client,
    pub docs: Arc<DocumentStore>,
    encoding: Arc<Mutex<Encoding>>,
    index: RwLock<ProjectIndex>,
    settings: RwLock<Arc<Effective>>,
    client_settings: Mutex<ClientSettings>,
    /// Held while settings are applied to the index and the configuration file's problems
    /// published: a reload of `.innominatus.toml` during the first indexing must not be
    /// undone by the indexing's older settings, published after it.
    applying_settings: Mutex<()>,
    root: RwLock<Option<PathBuf>>,
    published: Mutex<HashMap<Uri, Published>>,
    /// Publications on their way to the client, in order (see [`Shared::send`]); the
    /// receiving end waits here for the first publication to start its forwarding task.
    outbox: (
        mpsc::UnboundedSender<Publication>,
        Mutex<Option<mpsc::UnboundedReceiver<Publication>>>,
    ),
    /// Bumped by every change; a workspace re-check stops when it is no longer current.
    generation: AtomicU64,
    caps: ClientCaps,
    /// Whether the workspace folder has been indexed: documents are not checked before,
    /// since their findings depend on the rest of the workspace.
    loaded: tokio::sync::watch::Sender<bool>,
    /// A re-check of every file is owed (see `recheck_workspace`).
    full_pending: AtomicBool,
    /// Open documents being checked right now, with whether a newer version arrived
    /// meanwhile. One check per document at a time: edits that arrive during a check are
    /// coalesced into one check of the latest text when it ends, so a burst of keystrokes
    /// costs at most two checks and needs no fixed delay (see `schedule_open`).
    checking: Mutex<HashMap<Uri, bool>>,
    pub options: ServerOptions,
}

/// Reads a lock even if a panicking thread poisoned it (the guarded data is replaced whole).
fn read<T>(l: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    l.read().unwrap_or_else(|e| e.into_inner())
}

fn write<T>(l: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    l.write().unwrap_or_else(|e| e.into_inner())
}

/// The text of a panic payload.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown failure".to_string())
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
            outbox: {
                let (queue, queued) = mpsc::unbounded_channel();
                (queue, Mutex::new(Some(queued)))
            },
            generation: AtomicU64::new(0),
            caps: ClientCaps::default(),
            loaded: tokio::sync::watch::Sender::new(false),
            full_pending: AtomicBool::new(false),
            checking: Mutex::new(HashMap::new()),
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

    /// Waits until the workspace folder has been indexed (returns at once after that).
    pub async fn indexed(&self) {
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

    /// Runs a document request's handler on a blocking thread with the workspace
    /// read-locked; a panic is logged and answered with an internal error.
    pub async fn on_document<T, F>(
        self: &Arc<Self>,
        uri: &Uri,
        what: &'static str,
        f: F,
    ) -> Result<T>
    where
        T: Default + Send + 'static,
        F: FnOnce(&DocumentContext<'_>) -> T + Send + 'static,
    {
        let Some(snapshot) = self.snapshot(uri) else {
            // A request for a document that is not open: nothing to say about it.
            return Ok(T::default());
        };
        let shared = self.clone();
        let published = self.published(uri);
        let job = tokio::task::spawn_blocking(move || {
            shared.catch_up(&snapshot);
            let index = shared.index();
            // Findings of another version would point at the wrong bytes.
            let findings: &[Diagnostic] = if published.revision == Some(snapshot.revision) {
                &published.diagnostics
            } else {
                &[]
            };
            let cx = DocumentContext {
                workspace: WorkspaceContext {
                    index: &index,
                    encoding: shared.encoding(),
                },
                snapshot: &snapshot,
                published: findings,
            };
            Shared::guarded(what, || f(&cx))
        });
        match job.await {
            Ok(Some(v)) => Ok(v),
            _ => Err(internal(what)),
        }
    }

    /// Like [`Self::on_document`] for requests about the whole workspace.
    pub async fn on_workspace<T, F>(self: &Arc<Self>, what: &'static str, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&WorkspaceContext<'_>) -> T + Send + 'static,
    {
        let shared = self.clone();
        let job = tokio::task::spawn_blocking(move || {
            let index = shared.index();
            let cx = WorkspaceContext {
                index: &index,
                encoding: shared.encoding(),
            };
            Shared::guarded(what, || f(&cx))
        });
        match job.await {
            Ok(Some(v)) => Ok(v),
            _ => Err(internal(what)),
        }
    }

    /// Puts the snapshot's version of its document into the index when the index holds an
    /// older one, so that a request made while the user types (completion before the
    /// debounced check) sees the text the client sees. Not linted here.
    fn catch_up(&self, snap: &Snapshot) {
        let behind = {
            let index = self.index();
            match index.file_index(&snap.uri) {
                Some(i) => match index.held[i] {
                    Held::Open(v) => v < snap.revision,
                    Held::Disk => true,
                },
                None => true,
            }
        };
        if behind {
            if let Some(src) = Shared::guarded("parsing", || (*snap.source()).clone()) {
                write(&self.index).put(&snap.uri, src, Held::Open(snap.revision));
            }
        }
    }

    /// Lints engine file `i` with the settings in force; a panic becomes `INN902`.
    fn lint(&self, index: &ProjectIndex, i: usize, settings: &Effective) -> Vec<Diagnostic> {
        let ws = &index.ws;
        let file = ws.files[i].file.clone();
        match catch_unwind(AssertUnwindSafe(|| {
            lint_file(ws, i, &|r| settings.enabled(r))
        })) {
            Ok(diags) => settings.apply(diags),
            Err(panic) => {
                let what = panic_message(&*panic);
                error!("checking {file} failed inside innominatus: {what}");
                vec![internal_diagnostic(&file, &what)]
            }
        }
    }

    /// Checks the current version of an open document and publishes the result unless a
    /// newer version arrived meanwhile. Runs on a blocking thread.
    fn analyse_open(self: &Arc<Self>, uri: &Uri) {
        let Some(snap) = self.snapshot(uri) else {
            return;
        };
        let indexed = {
            let index = self.index();
            index
                .file_index(uri)
                .is_some_and(|i| index.held[i] == Held::Open(snap.revision))
        };
        let parsed = catch_unwind(AssertUnwindSafe(|| {
            // A request may have indexed this version already (see `catch_up`).
            (!indexed).then(|| SourceFile::parse(snap.file.clone(), snap.text.as_bytes()))
        }));
        let settings = self.settings();
        let diagnostics = match parsed {
            Ok(src) => {
                if let Some(src) = src {
                    if !write(&self.index).put(uri, src, Held::Open(snap.revision)) {
                        return;
                    }
                }
                let index = self.index();
                let Some(i) = index.file_index(uri) else {
                    return;
                };
                if index.held[i] != Held::Open(snap.revision) {
                    return; // a newer version is being checked
                }
                self.lint(&index, i, &settings)
            }
            Err(panic) => {
                let what = panic_message(&*panic);
                error!("parsing {} failed inside innominatus: {what}", snap.file);
                vec![internal_diagnostic(&snap.file, &what)]
            }
        };
        if self.docs.revision(uri) != Some(snap.revision) {
            debug!(
                "dropping diagnostics of {} v{}: stale",
                snap.file, snap.version
            );
            return;
        }
        self.publish_snapshot(&snap, diagnostics);
    }

    fn publish_snapshot(&self, snap: &Snapshot, diagnostics: Vec<Diagnostic>) {
        let enc = self.encoding();
        let index = self.index();
        let ws = WorkspaceContext {
            index: &index,
            encoding: enc,
        };
        let lsp: Vec<_> = diagnostics
            .iter()
            .map(|d| diagnostics::to_lsp(d, snap.lines(), enc, &ws, &snap.uri))
            .collect();
        drop(index);
        lock(&self.published).insert(
            snap.uri.clone(),
            Published {
                revision: Some(snap.revision),
                diagnostics,
            },
        );
        self.send(snap.uri.clone(), lsp, Some(snap.version));
    }

    /// Publishes the diagnostics of engine file `i` as indexed (a file that is not open).
    /// Unchanged results are not sent again.
    fn publish_indexed(&self, index: &ProjectIndex, i: usize, diagnostics: Vec<Diagnostic>) {
        let uri = index.uris[i].clone();
        {
            let published = lock(&self.published);
            if let Some(p) = published.get(&uri) {
                if p.diagnostics == diagnostics && p.revision.is_none() {
                    return;
                }
            } else if diagnostics.is_empty() {
                return;
            }
        }
        let enc = self.encoding();
        let text = index.ws.files[i].text.as_deref().unwrap_or("");
        let lines = LineIndex::new(text);
        let ws = WorkspaceContext {
            index,
            encoding: enc,
        };
        let lsp = diagnostics
            .iter()
            .map(|d| diagnostics::to_lsp(d, Lines::new(text, &lines), enc, &ws, &uri))
            .collect();
        lock(&self.published).insert(
            uri.clone(),
            Published {
                revision: None,
                diagnostics,
            },
        );
        self.send(uri, lsp, None);
    }

    /// Sends from a blocking thread. The client's sink is async: one task of the runtime
    /// forwards what is queued here, so the client receives publications in the order they
    /// were made (a task per publication could overtake another, and a file's older findings
    /// would then replace its newer ones).
    fn send(&self, uri: Uri, diagnostics: Vec<proto::Diagnostic>, version: Option<i32>) {
        if let Some(mut queued) = lock(&self.outbox.1).take() {
            let client = self.client.clone();
            tokio::runtime::Handle::current().spawn(async move {
                while let Some((uri, diagnostics, version)) = queued.recv().await {
                    client.publish_diagnostics(uri, diagnostics, version).await;
                }
            });
        }
        // Fails only once the forwarding task has ended, when the server is going away.
        let _ = self.outbox.0.send((uri, diagnostics, version));
    }

    /// Re-checks every file except `except` (dependents of a change), unless another change
    /// comes in meanwhile. Runs on a blocking thread.
    ///
    /// A re-check of everything (after a settings change, a file event, the first load) may
    /// be interrupted by a change whose own re-check skips the changed document; until a
    /// re-check of everything has completed, every re-check covers everything.
    fn recheck_workspace(self: &Arc<Self>, generation: u64, except: Option<&Uri>) {
        if except.is_none() {
            self.full_pending.store(true, Ordering::SeqCst);
        }
        let except = if self.full_pending.load(Ordering::SeqCst) {
            None
        } else {
            except
        };
        if self.recheck_files(generation, except) && except.is_none() {
            self.full_pending.store(false, Ordering::SeqCst);
        }
        // A quiet moment: the trees of the check (and of closed documents) are freed.
        crate::memory::release();
    }

    /// Returns whether every file was re-checked (no newer change interrupted).
    fn recheck_files(self: &Arc<Self>, generation: u64, except: Option<&Uri>) -> bool {
        let settings = self.settings();
        let count = self.index().uris.len();
        for i in 0..count {
            if self.generation.load(Ordering::SeqCst) != generation {
                debug!("workspace re-check interrupted by a newer change");
                return false;
            }
            let index = self.index();
            let Some(uri) = index.uris.get(i).cloned() else {
                return false;
            };
            if Some(&uri) == except {
                continue;
            }
            match index.held[i] {
                Held::Open(v) => {
                    if self.docs.revision(&uri) != Some(v) {
                        continue; // its own analysis is on the way
                    }
                    let diags = self.lint(&index, i, &settings);
                    if self.published(&uri).diagnostics != diags {
                        drop(index);
                        if let Some(snap) = self.snapshot(&uri) {
                            if snap.revision == v {
                                self.publish_snapshot(&snap, diags);
                            }
                        }
                    }
                }
                Held::Disk => {
                    let diags = self.lint(&index, i, &settings);
                    self.publish_indexed(&index, i, diags);
                }
            }
        }
        true
    }

    /// Schedules a re-check of the workspace after the workspace debounce.
    fn schedule_recheck(self: &Arc<Self>, except: Option<Uri>) {
        if except.is_none() {
            self.full_pending.store(true, Ordering::SeqCst);
        }
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let delay = self.settings().workspace_debounce();
        let shared = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            if shared.generation.load(Ordering::SeqCst) != generation {
                return;
            }
            let s = shared.clone();
            let _ = tokio::task::spawn_blocking(move || {
                s.recheck_workspace(generation, except.as_ref())
            })
            .await;
        });
    }

    /// Checks an open document after its debounce, then its dependents.
    fn schedule_open(self: &Arc<Self>, uri: Uri, debounce: bool) {
        let Some(revision) = self.docs.revision(&uri) else {
            return;
        };
        self.generation.fetch_add(1, Ordering::SeqCst);
        let delay = if debounce {
            self.settings().debounce()
        } else {
            std::time::Duration::ZERO
        };
        let shared = self.clone();
        let mut loaded = self.loaded.subscribe();
        tokio::spawn(async move {
            let _ = loaded.wait_for(|done| *done).await;
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            if shared.docs.revision(&uri) != Some(revision) {
                return; // a newer change has its own timer
            }
            shared.check_open(uri).await;
        });
    }

    /// Checks an open document now, unless a check of it is running: then that check runs
    /// once more for the latest version when it ends. Then its dependents.
    async fn check_open(self: &Arc<Self>, uri: Uri) {
        {
            let mut checking = lock(&self.checking);
            if let Some(again) = checking.get_mut(&uri) {
                *again = true;
                return;
            }
            checking.insert(uri.clone(), false);
        }
        loop {
            let s = self.clone();
            let u = uri.clone();
            let _ = tokio::task::spawn_blocking(move || s.analyse_open(&u)).await;
            let mut checking = lock(&self.checking);
            if checking.get(&uri) == Some(&true) {
                checking.insert(uri.clone(), false);
                continue;
            }
            checking.remove(&uri);
            break;
        }
        self.schedule_recheck(Some(uri));
    }

    /// Reads the workspace folder, indexes it and publishes every file's findings.
    fn load_workspace(self: &Arc<Self>) {
        let root = self.root();
        let settings = self.settings();
        let mut files = match &root {
            Some(r) => project::read_folder(r, &settings.config),
            None => Vec::new(),
        };
        // Open documents win over their disk text, in the disk text's place: the file
        // order is the walk's, as in the CLI (the graph lists nodes in file order), whether
        // or not a document was opened before the folder was read.
        for uri in self.docs.uris() {
            if let Some(snap) = self.snapshot(&uri) {
                let parsed = catch_unwind(AssertUnwindSafe(|| {
                    SourceFile::parse(snap.file.clone(), snap.text.as_bytes())
                }))
                .ok();
                let place = files.iter().position(|(u, _, _)| u == &uri);
                match (parsed, place) {
                    (Some(src), Some(i)) => files[i] = (uri, src, Held::Open(snap.revision)),
                    (Some(src), None) => files.push((uri, src, Held::Open(snap.revision))),
                    (None, Some(i)) => drop(files.remove(i)),
                    (None, None) => {}
                }
            }
        }
        info!("indexed {} files", files.len());
        let index = ProjectIndex::build(
            files,
            root,
            settings.dialect(),
            settings.config.policy.clone(),
        );
        {
            let _applying = lock(&self.applying_settings);
            *write(&self.index) = index;
            // The configuration may have been reloaded while the folder was read.
            let current = self.settings();
            if !Arc::ptr_eq(&current, &settings) {
                write(&self.index).reconfigure(current.dialect(), current.config.policy.clone());
            }
            self.publish_config_problems(&current);
        }
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        // Open documents waiting for the index are checked from now on (they also are by
        // the re-check below, unless a change interrupts it: then their own check runs).
        self.loaded.send_replace(true);
        self.recheck_workspace(generation, None);
    }

    /// Publishes the configuration file's problems, unless they are what was last published
    /// for it (nothing, at first).
    fn publish_config_problems(&self, settings: &Effective) {
        let path = settings
            .config_path
            .clone()
            .or_else(|| self.root().map(|r| r.join(CONFIG_FILE_NAME)));
        let Some(uri) = path.and_then(Uri::from_file_path) else {
            return;
        };
        let last = lock(&self.published).insert(
            uri.clone(),
            Published {
                revision: None,
                diagnostics: settings.config_problems.clone(),
            },
        );
        if last.map_or(Vec::new(), |p| p.diagnostics) == settings.config_problems {
            return;
        }
        let lines = LineIndex::new(&settings.config_text);
        let index = self.index();
        let ws = WorkspaceContext {
            index: &index,
            encoding: self.encoding(),
        };
        let lsp = settings
            .config_problems
            .iter()
            .map(|d| {
                diagnostics::to_lsp(
                    d,
                    Lines::new(&settings.config_text, &lines),
                    self.encoding(),
                    &ws,
                    &uri,
                )
            })
            .collect();
        self.send(uri, lsp, None);
    }

    /// Re-reads `.innominatus.toml` and the client settings, re-indexes and re-checks.
    fn reconfigure(self: &Arc<Self>) {
        let client = lock(&self.client_settings).clone();
        let eff = Arc::new(Effective::load(self.root().as_deref(), client));
        {
            let _applying = lock(&self.applying_settings);
            *write(&self.settings) = eff.clone();
            write(&self.index).reconfigure(eff.dialect(), eff.config.policy.clone());
            self.publish_config_problems(&eff);
        }
        self.warn_about_client_settings(&eff);
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        self.recheck_workspace(generation, None);
    }

    /// Tells the user about mistakes in the editor's `innominatus` settings (an unknown rule
    /// selector, a misspelled severity): they have no file to carry a diagnostic.
    fn warn_about_client_settings(&self, settings: &Effective) {
        if settings.client_problems.is_empty() {
            return;
        }
        let message = format!(
            "innominatus settings: {}",
            settings.client_problems.join("; ")
        );
        warn!("{message}");
        let client = self.client.clone();
        tokio::spawn(async move { client.show_message(MessageType::WARNING, message).await });
    }

    /// Asks the client for the `innominatus` section (when it supports it).
    async fn pull_configuration(&self) {
        if !self.caps.configuration.load(Ordering::SeqCst) {
            return;
        }
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some("innominatus".into()),
        };
        match self.client.configuration(vec![item]).await {
            Ok(values) => {
                if let Some(v) = values.into_iter().next().filter(|v| !v.is_null()) {
                    *lock(&self.client_settings) = ClientSettings::from_json(&v);
                }
            }
            Err(e) => warn!("workspace/configuration failed: {e}"),
        }
    }
}

fn internal(what: &str) -> Error {
    let mut e = Error::internal_error();
    e.message = format!("{what} failed inside innominatus (see the server log)").into();
    e
}

fn internal_diagnostic(file: &Arc<str>, what: &str) -> Diagnostic {
    Diagnostic::new(
        &rules::INTERNAL_ERROR,
        file,
        Span::at(0),
        format!("checking this file failed inside innominatus: {what}"),
    )
    .with_help("this is a bug in innominatus-tools; please report it with the file")
}

pub struct Backend {
    pub shared: Arc<Shared>,
}

impl Backend {
    /// `innominatus/dryRun`: the dry-run report of the workflow in a document.
    pub async fn dry_run(&self, params: custom::DocumentParams) -> Result<Value> {
        custom::dry_run(&self.shared, params).await
    }

    /// The answer to a message the transport guard could not decode
    /// ([`crate::transport`]): the JSON-RPC error it deserves.
    pub async fn malformed(&self, params: custom::MalformedParams) -> Result<()> {
        Err(Error {
            code: params.code.into(),
            message: params.reason.into(),
            data: None,
        })
    }

    /// `innominatus/graph`: the workspace graph as `innominatus graph --format json` prints it.
    pub async fn graph(&self, params: custom::GraphParams) -> Result<Value> {
        custom::graph(&self.shared, params).await
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let s = &self.shared;
        #[allow(deprecated)] // rootUri: older clients send only that
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .and_then(|f| f.uri.to_file_path())
            .or_else(|| params.root_uri.as_ref().and_then(|u| u.to_file_path()))
            .map(|p| p.into_owned());
        info!("initialize: root {:?}", root);
        *write(&s.root) = root.clone();
        if let Some(opts) = &params.initialization_options {
            *lock(&s.client_settings) = ClientSettings::from_json(opts);
        }
        let ws_caps = params.capabilities.workspace.as_ref();
        s.caps.configuration.store(
            ws_caps.and_then(|w| w.configuration).unwrap_or(false),
            Ordering::SeqCst,
        );
        s.caps.watch_files.store(
            ws_caps
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            Ordering::SeqCst,
        );
        *write(&s.settings) = Arc::new(Effective::load(
            root.as_deref(),
            lock(&s.client_settings).clone(),
        ));
        let mut caps = ServerCapabilities {
            position_encoding: Some(s.encoding().kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..Default::default()
                },
            )),
            code_action_provider: Some(code_actions::capability()),
            code_lens_provider: Some(CodeLensOptions {
                resolve_provider: Some(false),
            }),
            ..Default::default()
        };
        features::register_capabilities(&mut caps);
        Ok(InitializeResult {
            capabilities: caps,
            server_info: Some(ServerInfo {
                name: "innominatus".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let s = self.shared.clone();
        if s.caps.watch_files.load(Ordering::SeqCst) {
            let watchers = ["**/*.yaml", "**/*.yml", "**/.innominatus.toml"]
                .into_iter()
                .map(|g| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(g.into()),
                    kind: None,
                })
                .collect();
            let options = DidChangeWatchedFilesRegistrationOptions { watchers };
            let registration = Registration {
                id: "innominatus-watch".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(e) = s.client.register_capability(vec![registration]).await {
                warn!("file watching not registered: {e}");
            }
        }
        if s.caps.configuration.load(Ordering::SeqCst) {
            s.pull_configuration().await;
            let client = lock(&s.client_settings).clone();
            *write(&s.settings) = Arc::new(Effective::load(s.root().as_deref(), client));
        }
        s.warn_about_client_settings(&s.settings());
        let shared = s.clone();
        tokio::spawn(async move {
            let _ = tokio::task::spawn_blocking(move || shared.load_workspace()).await;
        });
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        // The store already holds the text (crate::ordered); check it now.
        self.shared
            .clone()
            .schedule_open(params.text_document.uri, false);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        self.shared
            .clone()
            .schedule_open(params.text_document.uri, true);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let s = self.shared.clone();
        let uri = params.text_document.uri;
        tokio::task::spawn_blocking(move || {
            // Back to the disk text when the file is part of the folder, else forget it.
            let root = s.root();
            let on_disk = uri
                .to_file_path()
                .filter(|p| root.as_ref().is_some_and(|r| p.starts_with(r)))
                .and_then(|p| innominatus_fs::walk::read(&p).ok());
            match on_disk {
                Some(bytes) => {
                    let file = index::file_name(&uri, root.as_deref());
                    if let Some(src) =
                        Shared::guarded("parsing", || SourceFile::parse(file, &bytes))
                    {
                        write(&s.index).put(&uri, src, Held::Disk);
                    }
                }
                None => {
                    write(&s.index).remove(&uri);
                    lock(&s.published).remove(&uri);
                    s.send(uri.clone(), Vec::new(), None);
                }
            }
            s.schedule_recheck(None);
        });
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let s = self.shared.clone();
        tokio::task::spawn_blocking(move || {
            let root = s.root();
            let mut config_changed = false;
            for change in params.changes {
                let uri = change.uri;
                let Some(path) = uri.to_file_path().map(|p| p.into_owned()) else {
                    continue;
                };
                if path.file_name().is_some_and(|n| n == CONFIG_FILE_NAME) {
                    config_changed = true;
                    continue;
                }
                if s.docs.is_open(&uri) {
                    continue; // the editor's text wins
                }
                if change.typ == FileChangeType::DELETED {
                    write(&s.index).remove(&uri);
                    if lock(&s.published).remove(&uri).is_some() {
                        s.send(uri, Vec::new(), None);
                    }
                } else if let Ok(bytes) = innominatus_fs::walk::read(&path) {
                    let file = index::file_name(&uri, root.as_deref());
                    if let Some(src) =
                        Shared::guarded("parsing", || SourceFile::parse(file, &bytes))
                    {
                        write(&s.index).put(&uri, src, Held::Disk);
                    }
                }
            }
            if config_changed {
                info!("{CONFIG_FILE_NAME} changed: reloading");
                s.reconfigure();
            } else {
                s.schedule_recheck(None);
            }
        });
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let s = self.shared.clone();
        if s.caps.configuration.load(Ordering::SeqCst) {
            s.pull_configuration().await;
        } else if !params.settings.is_null() {
            *lock(&s.client_settings) = ClientSettings::from_json(&params.settings);
        }
        tokio::task::spawn_blocking(move || s.reconfigure());
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri.clone();
        let published = self.shared.published(&uri);
        let settings = self.shared.settings();
        self.shared
            .on_document(&uri, "code actions", move |cx| {
                code_actions::handle(cx, &published, &settings.selection, &params)
            })
            .await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let uri = params.text_document.uri.clone();
        self.shared
            .on_document(&uri, "code lens", move |cx| code_lens::handle(cx, &params))
            .await
    }

    // Editor features (lsp/src/features, helper B2's): one line each, see server docs.

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let uri = params.text_document_position.text_document.uri.clone();
        self.shared
            .on_document(&uri, "completion", move |cx| {
                features::completion::handle(cx, &params)
            })
            .await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = params
            .text_document_position_params
            .text_document
            .uri
            .clone();
        self.shared
            .on_document(&uri, "hover", move |cx| {
                features::hover::handle(cx, &params)
            })
            .await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let uri = params
            .text_document_position_params
            .text_document
            .uri
            .clone();
        self.shared
            .on_document(&uri, "definition", move |cx| {
                features::definition::handle(cx, &params)
            })
            .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let uri = params.text_document_position.text_document.uri.clone();
        self.shared
            .on_document(&uri, "references", move |cx| {
                features::references::handle(cx, &params)
            })
            .await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let uri = params.text_document.uri.clone();
        self.shared
            .on_document(&uri, "prepareRename", move |cx| {
                features::rename::prepare(cx, &params)
            })
            .await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let uri = params.text_document_position.text_document.uri.clone();
        self.shared
            .on_document(&uri, "rename", move |cx| {
                features::rename::handle(cx, &params)
            })
            .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let uri = params.text_document.uri.clone();
        self.shared
            .on_document(&uri, "documentSymbol", move |cx| {
                features::symbols::document(cx, &params)
            })
            .await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        self.shared
            .on_workspace("workspaceSymbol", move |cx| {
                features::symbols::workspace(cx, &params)
            })
            .await
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let uri = params.text_document.uri.clone();
        self.shared
            .on_document(&uri, "documentLink", move |cx| {
                features::links::handle(cx, &params)
            })
            .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let uri = params.text_document.uri.clone();
        self.shared
            .on_document(&uri, "inlayHint", move |cx| {
                features::inlay::handle(cx, &params)
            })
            .await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let uri = params.text_document.uri.clone();
        self.shared
            .on_document(&uri, "semanticTokens", move |cx| {
                features::tokens::full(cx, &params)
            })
            .await
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        let uri = params.text_document.uri.clone();
        self.shared
            .on_document(&uri, "semanticTokensRange", move |cx| {
                features::tokens::range(cx, &params)
            })
            .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let uri = params.text_document.uri.clone();
        self.shared
            .on_document(&uri, "foldingRange", move |cx| {
                features::folding::handle(cx, &params)
            })
            .await
    }
}
