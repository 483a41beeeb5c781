//! The engine workspace as the server holds it: every YAML file of the workspace folder
//! (read from disk at `initialize`), with open documents replacing their disk text, the
//! mapping between engine file indices and document URIs, and which files are the
//! platform's (the others stay in the workspace, as they do for `lint`, but the server says
//! nothing about them).

use innominatus_engine::dialect::Dialect;
use innominatus_engine::project::files;
use innominatus_engine::source::SourceFile;
use innominatus_engine::workspace::{Policy, Workspace};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_lsp_server::ls_types::Uri;

/// Where a file's text in the index came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Held {
    /// Read from disk.
    Disk,
    /// This revision of the open document (`documents::Document::revision`).
    Open(u64),
}

pub struct ProjectIndex {
    pub ws: Workspace,
    /// The URI of each engine file, by file index.
    pub uris: Vec<Uri>,
    by_uri: HashMap<Uri, usize>,
    pub held: Vec<Held>,
    /// Whether each file is the platform's ([`is_ours`]), by file index.
    pub ours: Vec<bool>,
    pub root: Option<PathBuf>,
}

impl ProjectIndex {
    pub fn empty() -> ProjectIndex {
        ProjectIndex::build(Vec::new(), None, None, Policy::default())
    }

    /// Indexes `files` (each with its URI and origin).
    pub fn build(
        files: Vec<(Uri, SourceFile, Held)>,
        root: Option<PathBuf>,
        dialect: Option<Dialect>,
        policy: Policy,
    ) -> ProjectIndex {
        let mut uris = Vec::with_capacity(files.len());
        let mut held = Vec::with_capacity(files.len());
        let mut ours = Vec::with_capacity(files.len());
        let mut sources = Vec::with_capacity(files.len());
        for (uri, src, h) in files {
            ours.push(is_ours(&uri, &src));
            uris.push(uri);
            held.push(h);
            sources.push(src);
        }
        let base = root.clone();
        let exists = move |p: &str| match &base {
            Some(b) => b.join(p).exists(),
            None => Path::new(p).exists(),
        };
        let mut ws = Workspace::new(sources, dialect, Box::new(exists));
        ws.policy = policy;
        let by_uri = uris
            .iter()
            .enumerate()
            .map(|(i, u)| (u.clone(), i))
            .collect();
        ProjectIndex {
            ws,
            uris,
            by_uri,
            held,
            ours,
            root,
        }
    }

    pub fn file_index(&self, uri: &Uri) -> Option<usize> {
        self.by_uri.get(uri).copied()
    }

    /// Puts a new text of `uri` into the index. Returns `false` (and changes nothing) when
    /// the index already holds a newer version of the open document: an analysis that lost
    /// the race must not overwrite a fresher one.
    pub fn put(&mut self, uri: &Uri, src: SourceFile, held: Held) -> bool {
        match self.file_index(uri) {
            Some(i) => {
                if let (Held::Open(have), Held::Open(new)) = (self.held[i], held) {
                    if new < have {
                        return false;
                    }
                }
                self.ours[i] = is_ours(uri, &src);
                self.ws.replace_file(i, src);
                self.held[i] = held;
            }
            None => {
                // A file the index did not know: the engine indexes whole sets of files, so
                // rebuild (rare: a new file, or one outside the workspace folder).
                let mut files = self.take_files();
                files.push((uri.clone(), src, held));
                *self = self.rebuilt(files);
            }
        }
        true
    }

    /// Removes a file (deleted on disk, or closed and not part of the workspace folder).
    pub fn remove(&mut self, uri: &Uri) {
        if self.file_index(uri).is_none() {
            return;
        }
        let mut files = self.take_files();
        files.retain(|(u, _, _)| u != uri);
        *self = self.rebuilt(files);
    }

    /// Rebuilds with new settings (dialect or policy changed).
    pub fn reconfigure(&mut self, dialect: Option<Dialect>, policy: Policy) {
        let files = self.take_files();
        *self = ProjectIndex::build(files, self.root.clone(), dialect, policy);
    }

    fn rebuilt(&self, files: Vec<(Uri, SourceFile, Held)>) -> ProjectIndex {
        // Keep the dialect that was chosen (configured or automatic at the first build).
        ProjectIndex::build(
            files,
            self.root.clone(),
            Some(self.ws.dialect),
            self.ws.policy.clone(),
        )
    }

    fn take_files(&mut self) -> Vec<(Uri, SourceFile, Held)> {
        let sources = std::mem::take(&mut self.ws.files);
        let uris = std::mem::take(&mut self.uris);
        let held = std::mem::take(&mut self.held);
        self.ours.clear();
        self.by_uri.clear();
        uris.into_iter()
            .zip(sources)
            .zip(held)
            .map(|((u, s), h)| (u, s, h))
            .collect()
    }
}

/// Whether the server answers for the document at `uri` holding `source`: the engine's one
/// definition of the platform's files (`project::files`), by the document's path (or its
/// URI when it has none) and content.
pub fn is_ours(uri: &Uri, source: &SourceFile) -> bool {
    let path = uri.to_file_path();
    let path = match &path {
        Some(path) => path.to_string_lossy(),
        None => uri.as_str().into(),
    };
    files::classify_source(&path, source).is_ours()
}

/// The name the engine gives a file: relative to the workspace root when inside it (the
/// way the CLI names files when run from the root), else the absolute path, else the URI.
pub fn file_name(uri: &Uri, root: Option<&Path>) -> Arc<str> {
    let Some(path) = uri.to_file_path() else {
        return Arc::from(uri.as_str());
    };
    if let Some(rel) = root.and_then(|r| path.strip_prefix(r).ok()) {
        return Arc::from(rel.to_string_lossy().replace('\\', "/").as_str());
    }
    Arc::from(path.to_string_lossy().as_ref())
}

/// The URI of a file the engine names `file` (the inverse of [`file_name`]).
pub fn uri_of_file(file: &str, root: Option<&Path>) -> Option<Uri> {
    let path = Path::new(file);
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        root?.join(path)
    };
    Uri::from_file_path(abs)
}
