//! Scheduling and publishing: checks of open documents (debounced, one at a time per
//! document, stale results dropped; before the folder is indexed, file-local findings at
//! once: `crate::early`), re-checks of the files an edit can change (debounced, interrupted
//! by newer changes, unchanged results not re-sent), the first indexing of the folder (open
//! documents published first), configuration reloads, and the queue that hands
//! publications to the client in the order they were made.

use crate::context::WorkspaceContext;
use crate::diagnostics;
use crate::documents::{lock, Snapshot};
use crate::index::{Entry, Held, ProjectIndex};
use crate::position::Lines;
use crate::project;
use crate::serialised;
use crate::session::{panic_message, write, Published, Shared};
use crate::settings::Effective;
use crate::urgent::UrgentWork;
use innominatus_engine::diagnostic::Diagnostic;
use innominatus_engine::rules::dependents::{dependents, Footprint};
use innominatus_engine::rules::lint_source;
use innominatus_engine::source::SourceFile;
use innominatus_engine::text::LineIndex;
use innominatus_fs::config::FILE_NAME as CONFIG_FILE_NAME;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::Ordering;
use std::sync::Arc;
// The protocol's types; its `Diagnostic` is spelled `proto::Diagnostic` (the engine's wins).
use tower_lsp_server::ls_types::{self as proto, MessageType, Uri};
use tracing::{debug, error, info, warn};

/// A `textDocument/publishDiagnostics` to send.
pub(crate) enum Publication {
    /// The file, its findings, the version they are of: sent through the framework's client.
    Typed(Uri, Vec<proto::Diagnostic>, Option<i32>),
    /// The whole notification as bytes, for the transport's outlet.
    Serialised(Vec<u8>),
}

impl Shared {
    /// Lints engine file `i` (its tree `source`: held for an open document, read from disk
    /// for another) with the settings in force; a panic becomes `INN902`. A file that is not
    /// the platform's has no findings (see [`crate::index::is_ours`]).
    fn lint(
        &self,
        index: &ProjectIndex,
        i: usize,
        source: &SourceFile,
        settings: &Effective,
    ) -> Vec<Diagnostic> {
        if !index.ours[i] {
            return Vec::new();
        }
        let ws = &index.ws;
        let file = ws.path(i).clone();
        match catch_unwind(AssertUnwindSafe(|| {
            lint_source(ws, i, source, &|r| settings.enabled(r))
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
    /// newer version arrived meanwhile, or the same findings were published for this version
    /// already. Before the workspace is indexed, only its file-local findings. Runs on a
    /// blocking thread; returns whether the check was made with the index.
    fn analyse_open(self: &Arc<Self>, uri: &Uri) -> bool {
        // The user waits for this: background work gives way until it ends.
        let _urgent = self.urgent.begin();
        let Some(snap) = self.snapshot(uri) else {
            return true;
        };
        if !self.is_indexed() {
            let early = self.check_before_index(&snap);
            self.publish_open(&snap, early.diagnostics, early.declined);
            return false;
        }
        let indexed = {
            let index = self.index();
            index
                .file_index(uri)
                .is_some_and(|i| index.holds_open(i, snap.revision))
        };
        let parsed = catch_unwind(AssertUnwindSafe(|| {
            // A request may have indexed this version already (see `catch_up`). The index
            // shares the snapshot's tree.
            (!indexed).then(|| snap.source())
        }));
        let settings = self.settings();
        let mut declined = false;
        let diagnostics = match parsed {
            Ok(src) => {
                if let Some(src) = src {
                    if !self.put_open(uri, src, snap.revision) {
                        return true;
                    }
                }
                let index = self.index();
                let Some(i) = index.file_index(uri) else {
                    return true;
                };
                if index.held[i] != Held::Open(snap.revision) {
                    return true; // a newer version is being checked
                }
                declined = !index.ours[i];
                match index.ws.files.get(i) {
                    Some(source) => self.lint(&index, i, source, &settings),
                    // Let go meanwhile (other documents were checked): parsed for this check.
                    None => self.lint(&index, i, &own_tree(&snap), &settings),
                }
            }
            Err(panic) => {
                let what = panic_message(&*panic);
                error!("parsing {} failed inside innominatus: {what}", snap.file);
                vec![internal_diagnostic(&snap.file, &what)]
            }
        };
        self.publish_open(&snap, diagnostics, declined);
        true
    }

    /// Publishes an open document's findings unless they are stale, or what was published
    /// for this version already (the file-local findings published before indexing, when
    /// the workspace added nothing).
    fn publish_open(&self, snap: &Snapshot, diagnostics: Vec<Diagnostic>, declined: bool) {
        if self.docs.revision(&snap.uri) != Some(snap.revision) {
            debug!(
                "dropping diagnostics of {} v{}: stale",
                snap.file, snap.version
            );
            return;
        }
        // Compared in place: a copy of what was published (hundreds of findings on a long
        // file) cost more than the comparison.
        let (same, nothing_shown) = {
            let published = lock(&self.published);
            let last = published.get(&snap.uri);
            (
                last.is_some_and(|p| p.revision == Some(snap.revision) && p.same(&diagnostics)),
                last.is_none_or(Published::is_empty),
            )
        };
        if same {
            return;
        }
        if declined && nothing_shown {
            // Not the platform's, and nothing to withdraw: no publication at all.
            lock(&self.published)
                .insert(snap.uri.clone(), Published::open(snap.revision, Vec::new()));
            return;
        }
        self.publish_snapshot(snap, diagnostics);
    }

    fn publish_snapshot(&self, snap: &Snapshot, diagnostics: Vec<Diagnostic>) {
        if self.options.outlet.is_attached() {
            return self.publish_snapshot_as_bytes(snap, diagnostics);
        }
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
            Published::open(snap.revision, diagnostics),
        );
        self.send(snap.uri.clone(), lsp, Some(snap.version));
    }

    /// [`Shared::publish_snapshot`] for the stdio transport: the notification written from
    /// the JSON of the document's last publication where its findings did not change.
    fn publish_snapshot_as_bytes(&self, snap: &Snapshot, diagnostics: Vec<Diagnostic>) {
        let last = lock(&self.kept_json).take(&snap.uri);
        let enc = self.encoding();
        let index = self.index();
        let ws = WorkspaceContext {
            index: &index,
            encoding: enc,
        };
        let written = serialised::publication(
            &snap.uri,
            Some(snap.version),
            &diagnostics,
            snap.lines(),
            enc,
            &ws,
            last.as_ref()
                .map(|(findings, serialised)| serialised::Previous {
                    findings,
                    serialised,
                }),
        );
        drop(index);
        // The last publication's JSON is let go outside any lock.
        drop(last);
        match written {
            Ok((body, serialised)) => {
                let published = Published::open(snap.revision, diagnostics);
                let findings = published.diagnostics.clone();
                lock(&self.published).insert(snap.uri.clone(), published);
                lock(&self.kept_json).keep(snap.uri.clone(), findings, serialised);
                self.send_bytes(body);
            }
            Err(e) => error!(
                "cannot serialise the diagnostics of {}: {e}",
                snap.uri.as_str()
            ),
        }
    }

    /// Publishes the diagnostics of engine file `i` (a file that is not open; `text` is the
    /// text they were found in). Unchanged results are not sent again.
    fn publish_indexed(
        &self,
        index: &ProjectIndex,
        i: usize,
        text: &str,
        diagnostics: Vec<Diagnostic>,
    ) {
        let uri = index.uris[i].clone();
        {
            let published = lock(&self.published);
            if let Some(p) = published.get(&uri) {
                if p.revision.is_none() && p.same(&diagnostics) {
                    return;
                }
            } else if diagnostics.is_empty() {
                return;
            }
        }
        let enc = self.encoding();
        let lines = LineIndex::new(text);
        let ws = WorkspaceContext {
            index,
            encoding: enc,
        };
        let lsp = diagnostics
            .iter()
            .map(|d| diagnostics::to_lsp(d, Lines::new(text, &lines), enc, &ws, &uri))
            .collect();
        lock(&self.published).insert(uri.clone(), Published::closed(&diagnostics));
        self.send(uri, lsp, None);
    }

    /// Sends from a blocking thread. The client's sink is async: one task of the runtime
    /// forwards what is queued here, so the client receives publications in the order they
    /// were made (a task per publication could overtake another, and a file's older findings
    /// would then replace its newer ones).
    ///
    /// With the stdio transport, the notification is serialised here, on the checking
    /// thread, and the task only hands the bytes to the writer.
    pub(crate) fn send(&self, uri: Uri, diagnostics: Vec<proto::Diagnostic>, version: Option<i32>) {
        let params = proto::PublishDiagnosticsParams::new(uri, diagnostics, version);
        if !self.options.outlet.is_attached() {
            return self.enqueue(Publication::Typed(
                params.uri,
                params.diagnostics,
                params.version,
            ));
        }
        match diagnostics::notification_bytes(&params) {
            Ok(body) => self.send_bytes(body),
            Err(e) => error!(
                "cannot serialise the diagnostics of {}: {e}",
                params.uri.as_str()
            ),
        }
    }

    /// Sends a notification already serialised (the stdio transport is attached).
    fn send_bytes(&self, body: Vec<u8>) {
        self.queued_bytes.fetch_add(body.len(), Ordering::SeqCst);
        self.enqueue(Publication::Serialised(body));
    }

    /// Hands a publication to the task that forwards them in order.
    fn enqueue(&self, publication: Publication) {
        if let Some(mut queued) = lock(&self.outbox.1).take() {
            let client = self.client.clone();
            let outlet = self.options.outlet.clone();
            let queued_bytes = self.queued_bytes.clone();
            tokio::runtime::Handle::current().spawn(async move {
                while let Some(publication) = queued.recv().await {
                    match publication {
                        Publication::Serialised(body) => {
                            let size = body.len();
                            outlet.send(body).await;
                            queued_bytes.fetch_sub(size, Ordering::SeqCst);
                        }
                        Publication::Typed(uri, diagnostics, version) => {
                            client.publish_diagnostics(uri, diagnostics, version).await;
                        }
                    }
                }
            });
        }
        // Fails only once the forwarding task has ended, when the server is going away.
        let _ = self.outbox.0.send(publication);
    }

    /// Waits (on a blocking thread, holding no lock) until the client has taken most of
    /// what was queued for it, or a newer change makes the caller's work stale. A re-check
    /// of a large folder makes publications faster than a client reads them; queued, they
    /// were once the server's largest transient use of memory (11 MB for 10,000 files).
    fn wait_for_client(&self, generation: u64) {
        while self.queued_bytes.load(Ordering::SeqCst) > QUEUED_BYTES_MAX
            && self.generation.load(Ordering::SeqCst) == generation
        {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    /// Re-checks what is owed, unless another change comes in meanwhile: every file after a
    /// settings change, a file event or the first load (`except` is `None`); after an edit
    /// of the open document `except` (checked on its own), only the files the edit can
    /// change (`pending`, from the engine's `rules::dependents`). Runs on a blocking thread.
    ///
    /// A re-check of everything may be interrupted by a change; until one has completed,
    /// every re-check covers everything. Owed files a re-check did not reach stay owed.
    fn recheck_workspace(self: &Arc<Self>, generation: u64, except: Option<&Uri>) {
        if except.is_none() {
            self.full_pending.store(true, Ordering::SeqCst);
        }
        if self.full_pending.load(Ordering::SeqCst) {
            lock(&self.pending).clear();
            if self
                .recheck_files(generation, self.everything_by_priority())
                .is_empty()
            {
                self.full_pending.store(false, Ordering::SeqCst);
            }
        } else {
            // Taken before the index is read: `put_open` holds the index, then this set.
            let taken: Vec<Uri> = lock(&self.pending).drain().collect();
            let owed: Vec<Uri> = {
                let index = self.index();
                let mut owed: Vec<(usize, Uri)> = taken
                    .into_iter()
                    .filter(|u| Some(u) != except)
                    .filter_map(|u| Some((index.file_index(&u)?, u)))
                    .collect();
                owed.sort();
                owed.into_iter().map(|(_, u)| u).collect()
            };
            let left = self.recheck_files(generation, owed);
            lock(&self.pending).extend(left);
        }
        // A quiet moment: the trees of the check (and of closed documents) are freed.
        crate::memory::release();
    }

    /// Every file of the index, open documents first, then the files an open document's
    /// findings are bound up with (the engine's dependents of each), then the rest in file
    /// order: what the user looks at is published first.
    fn everything_by_priority(&self) -> Vec<Uri> {
        let index = self.index();
        let count = index.uris.len();
        let mut first: Vec<usize> = (0..count)
            .filter(|&i| matches!(index.held[i], Held::Open(_)))
            .collect();
        let open = first.clone();
        for i in open {
            let here = Footprint::of(&index.ws, i);
            if let Some(Some(related)) =
                Shared::guarded("finding dependents", || dependents(&index.ws, i, &here))
            {
                first.extend(related);
            }
        }
        let mut seen = vec![false; count];
        let mut order = Vec::with_capacity(count);
        for i in first.into_iter().chain(0..count) {
            if !std::mem::replace(&mut seen[i], true) {
                order.push(index.uris[i].clone());
            }
        }
        order
    }

    /// Re-checks `files` in order and publishes what changed; returns the files a newer
    /// change kept it from reaching.
    fn recheck_files(self: &Arc<Self>, generation: u64, files: Vec<Uri>) -> Vec<Uri> {
        let settings = self.settings();
        let started = std::time::Instant::now();
        for (n, uri) in files.iter().enumerate() {
            self.wait_for_client(generation);
            self.urgent.give_way();
            if self.generation.load(Ordering::SeqCst) != generation {
                debug!("re-check interrupted by a newer change after {n} files");
                return files[n..].to_vec();
            }
            let index = self.index();
            let Some(i) = index.file_index(uri) else {
                continue; // gone from the index meanwhile
            };
            match index.held[i] {
                Held::Open(v) => {
                    if self.docs.revision(uri) != Some(v) {
                        continue; // its own analysis is on the way
                    }
                    let diags = match index.ws.files.get(i) {
                        Some(source) => self.lint(&index, i, source, &settings),
                        // Its tree was let go (see `index::TREES_KEPT`): parsed for this
                        // check from the editor's text, and dropped after it.
                        None => match self.snapshot(uri).filter(|s| s.revision == v) {
                            Some(snap) => self.lint(&index, i, &own_tree(&snap), &settings),
                            None => continue,
                        },
                    };
                    if !self.published(uri).same(&diags) {
                        drop(index);
                        if let Some(snap) = self.snapshot(uri) {
                            if snap.revision == v {
                                self.publish_snapshot(&snap, diags);
                            }
                        }
                    }
                }
                Held::Disk => {
                    // Read, checked, published and dropped: the index keeps no closed tree.
                    let Some(source) = index.tree(i).map(|t| t.into_owned()) else {
                        continue; // gone from disk: its deletion is on the way
                    };
                    let diags = self.lint(&index, i, &source, &settings);
                    let text = source.text.as_deref().unwrap_or("");
                    self.publish_indexed(&index, i, text, diags);
                }
            }
        }
        info!(
            "re-checked {} files in {:?}",
            files.len(),
            started.elapsed()
        );
        Vec::new()
    }

    /// Schedules a re-check of the workspace after the workspace debounce.
    pub(crate) fn schedule_recheck(self: &Arc<Self>, except: Option<Uri>) {
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
    pub(crate) fn schedule_open(self: &Arc<Self>, uri: Uri, debounce: bool) {
        let Some(revision) = self.docs.revision(&uri) else {
            return;
        };
        self.generation.fetch_add(1, Ordering::SeqCst);
        let delay = if debounce {
            self.settings().debounce()
        } else {
            std::time::Duration::ZERO
        };
        // A check due now is urgent from this moment, before its task and thread start:
        // the folder's indexing, started by the same burst of messages, then waits for it.
        let announced = delay.is_zero().then(|| self.urgent.begin());
        let shared = self.clone();
        tokio::spawn(async move {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            if shared.docs.revision(&uri) != Some(revision) {
                return; // a newer change has its own timer
            }
            shared.check_open(uri, announced).await;
        });
    }

    /// Checks an open document now, unless a check of it is running: then that check runs
    /// once more for the latest version when it ends. Then the files the change owes a
    /// re-check. A check made before the workspace was indexed (file-local findings only) is
    /// made again, whole, once it is.
    async fn check_open(self: &Arc<Self>, uri: Uri, mut announced: Option<UrgentWork>) {
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
            let whole = tokio::task::spawn_blocking(move || s.analyse_open(&u))
                .await
                .unwrap_or(true);
            // The check has run (it marks itself urgent while it does); what follows, such
            // as waiting for the index, must not hold the background back.
            announced.take();
            if !whole {
                self.indexed().await;
                if !self.index_holds_current(&uri) {
                    continue;
                }
                // The indexing took this version: its first re-check, which publishes the
                // open documents first, checks it whole.
                let mut checking = lock(&self.checking);
                if checking.get(&uri) == Some(&true) {
                    checking.insert(uri.clone(), false);
                    continue;
                }
                checking.remove(&uri);
                return;
            }
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

    /// Whether the index holds the current version of the open document `uri`.
    fn index_holds_current(&self, uri: &Uri) -> bool {
        let Some(revision) = self.docs.revision(uri) else {
            return true; // closed: nothing to check
        };
        let index = self.index();
        index
            .file_index(uri)
            .is_some_and(|i| index.held[i] == Held::Open(revision))
    }

    /// Reads the workspace folder, indexes it and publishes every file's findings.
    pub(crate) fn load_workspace(self: &Arc<Self>) {
        let root = self.root();
        let settings = self.settings();
        // Open documents win over their disk text, in the disk text's place: the file
        // order is the walk's, as in the CLI (the graph lists nodes in file order), whether
        // or not a document was opened before the folder was read.
        // The documents not met in the folder come last.
        let open = std::cell::RefCell::new(self.docs.uris());
        let entry_of_open = |uri: &Uri| -> Option<Entry> {
            let snap = self.snapshot(uri)?;
            catch_unwind(AssertUnwindSafe(|| {
                Entry::of(uri.clone(), snap.source(), Held::Open(snap.revision))
            }))
            .ok()
        };
        // Between two entries of the walk and two files, the indexing gives way to the
        // checks of open documents; first of all to those opened with the folder, before
        // reading a folder (a flat folder of 10,000 files is read and sorted in one go).
        let give_way = || self.urgent.give_way();
        give_way();
        let in_folder = root.iter().flat_map(|r| {
            project::index_folder(
                r,
                &settings.config,
                |uri| {
                    let mut open = open.borrow_mut();
                    let place = open.iter().position(|u| u == uri)?;
                    open.swap_remove(place);
                    Some(entry_of_open(uri))
                },
                &give_way,
            )
        });
        let elsewhere = std::iter::once(()).flat_map(|()| {
            let rest = std::mem::take(&mut *open.borrow_mut());
            rest.into_iter().filter_map(|uri| entry_of_open(&uri))
        });
        // Each file is read and parsed when the index asks for the next one: between two,
        // the indexing gives way to the checks of open documents.
        let entries = in_folder.chain(elsewhere).inspect(|_| give_way());
        let mut index = ProjectIndex::build(
            entries,
            root.clone(),
            settings.dialect(),
            settings.config.policy.clone(),
        );
        info!("indexed {} files", index.uris.len());
        let docs = self.docs.clone();
        index.read_open_with(Some(Arc::new(move |uri: &Uri| {
            let snap = docs.snapshot(uri, || crate::index::file_name(uri, root.as_deref()))?;
            Some(snap.text.clone())
        })));
        for uri in index.take_released() {
            self.docs.forget_source(&uri);
        }
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
        // Open documents are checked whole from now on: first by the re-check below, or by
        // their own check when a change came after the folder was read.
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
        let last =
            lock(&self.published).insert(uri.clone(), Published::closed(&settings.config_problems));
        if last.unwrap_or_default().same(&settings.config_problems) {
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
    pub(crate) fn reconfigure(self: &Arc<Self>) {
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
    pub(crate) fn warn_about_client_settings(&self, settings: &Effective) {
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
}

/// The tree of a snapshot's text, parsed for one use (not kept by the snapshot).
fn own_tree(snap: &Snapshot) -> SourceFile {
    SourceFile::parse(snap.file.clone(), snap.text.as_bytes())
}

/// How many bytes of publications a re-check lets wait for the client before it waits too.
const QUEUED_BYTES_MAX: usize = 1 << 20;

fn internal_diagnostic(file: &Arc<str>, what: &str) -> Diagnostic {
    innominatus_engine::diagnostic::internal_error(file, what)
}
