//! The engine workspace as the server holds it: every YAML file of the workspace folder
//! (read from disk at `initialized`) indexed, with open documents replacing their disk text
//! and holding their trees, the mapping between engine file indices and document URIs, and
//! which files are the platform's (the others stay in the workspace, as they do for `lint`,
//! but the server says nothing about them).

use innominatus_engine::dialect::Dialect;
use innominatus_engine::project::files;
use innominatus_engine::source::SourceFile;
use innominatus_engine::workspace::{FileModels, Policy, Workspace};
use std::borrow::Cow;
use std::collections::{HashMap, VecDeque};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_lsp_server::ls_types::Uri;

/// How many open documents keep their tree in the index (the most recently checked or
/// asked about). A 5,000-line document's tree and text take about 1 MB; a user works in a
/// few documents at a time, and an editor may hold a hundred open. The others keep their
/// index entry, and their tree is parsed from the editor's text again when a request or a
/// check needs it (a few milliseconds for 5,000 lines).
pub const TREES_KEPT: usize = 8;

/// The current text of an open document, by URI (the session's document store).
pub type OpenTextFn = dyn Fn(&Uri) -> Option<Arc<str>> + Send + Sync;

/// Where a file's text in the index came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Held {
    /// Read from disk.
    Disk,
    /// This revision of the open document (`documents::Document::revision`).
    Open(u64),
}

/// One file as it enters the index: its engine index entry, and its tree only when it is
/// an open document (a file read from disk keeps no tree and no text).
pub struct Entry {
    pub uri: Uri,
    models: FileModels,
    tree: Option<Arc<SourceFile>>,
    held: Held,
    ours: bool,
    digest: u64,
}

impl Entry {
    /// Indexes `src` (the entry a workspace without trees keeps: `for_index_alone`); keeps
    /// its tree when it is an open document's.
    pub fn of(uri: Uri, src: impl Into<Arc<SourceFile>>, held: Held) -> Entry {
        let src = src.into();
        Entry {
            models: FileModels::build(&src).for_index_alone(),
            ours: is_ours(&uri, &src),
            digest: digest(&src),
            tree: matches!(held, Held::Open(_)).then_some(src),
            held,
            uri,
        }
    }
}

/// The server's index of the workspace folder. Every file has its engine index entry
/// (`FileModels`: what other files' rules read of it); only open documents have their tree
/// and text held, so memory follows what is open, not the size of the folder. What a
/// request needs of a closed file (its text for a position, its tree for a feature that
/// reads another file's documents) is read from disk when it is asked for.
pub struct ProjectIndex {
    pub ws: Workspace,
    /// The URI of each engine file, by file index.
    pub uris: Vec<Uri>,
    by_uri: HashMap<Uri, usize>,
    pub held: Vec<Held>,
    /// Whether each file is the platform's ([`is_ours`]), by file index.
    pub ours: Vec<bool>,
    /// A digest of each file's text as indexed: whether a document opened is its disk text
    /// is told without keeping that text.
    digests: Vec<u64>,
    pub root: Option<PathBuf>,
    /// The open documents whose trees are held, most recent first (at most [`TREES_KEPT`]).
    recent: VecDeque<Uri>,
    /// Open documents whose trees were let go since [`ProjectIndex::take_released`].
    released: Vec<Uri>,
    /// The editor's text of an open document, for one whose tree was let go.
    open_text: Option<Arc<OpenTextFn>>,
}

impl ProjectIndex {
    pub fn empty() -> ProjectIndex {
        ProjectIndex::build(Vec::new(), None, None, Policy::default())
    }

    /// Indexes `entries` (each with its URI and origin), each as it comes.
    pub fn build(
        entries: impl IntoIterator<Item = Entry>,
        root: Option<PathBuf>,
        dialect: Option<Dialect>,
        policy: Policy,
    ) -> ProjectIndex {
        let (mut uris, mut held, mut ours, mut digests) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut trees = Vec::new();
        let models = entries.into_iter().enumerate().map(|(i, e)| {
            uris.push(e.uri);
            held.push(e.held);
            ours.push(e.ours);
            digests.push(e.digest);
            if let Some(tree) = e.tree {
                trees.push((i, tree));
            }
            e.models
        });
        let base = root.clone();
        let exists = move |p: &str| match &base {
            Some(b) => b.join(p).exists(),
            None => Path::new(p).exists(),
        };
        let mut ws = Workspace::from_index(models, dialect, Box::new(exists));
        ws.policy = policy;
        let by_uri = uris
            .iter()
            .enumerate()
            .map(|(i, u)| (u.clone(), i))
            .collect();
        let mut index = ProjectIndex {
            ws,
            uris,
            by_uri,
            held,
            ours,
            digests,
            root,
            recent: VecDeque::new(),
            released: Vec::new(),
            open_text: None,
        };
        index.read_open_with(None);
        for (i, tree) in trees {
            index.ws.hold(i, tree);
            let uri = index.uris[i].clone();
            index.mark_recent(&uri);
        }
        index
    }

    /// Sets where the editor's text of an open document comes from (`None`: nowhere, the
    /// disk's is read): the trees of open documents the index let go are parsed from it.
    pub fn read_open_with(&mut self, open_text: Option<Arc<OpenTextFn>>) {
        self.open_text = open_text.clone();
        let root = self.root.clone();
        self.ws.read_trees_with(Box::new(move |p: &str| {
            let open = open_text.as_ref().and_then(|text_of| {
                let uri = uri_of_file(p, root.as_deref())?;
                text_of(&uri)
            });
            match open {
                Some(text) => Some(SourceFile::parse(Arc::from(p), text.as_bytes())),
                None => read_tree(root.as_deref(), p),
            }
        }));
    }

    /// Records that open document `uri`'s tree was just used; the least recent beyond
    /// [`TREES_KEPT`] is let go.
    fn mark_recent(&mut self, uri: &Uri) {
        self.recent.retain(|u| u != uri);
        self.recent.push_front(uri.clone());
        while self.recent.len() > TREES_KEPT {
            let Some(old) = self.recent.pop_back() else {
                break;
            };
            if let Some(i) = self.file_index(&old) {
                self.ws.release(i);
            }
            self.released.push(old);
        }
    }

    /// The open documents whose trees were let go since the last call (their snapshots'
    /// parsed files are to be dropped too, or the memory stays taken).
    pub fn take_released(&mut self) -> Vec<Uri> {
        std::mem::take(&mut self.released)
    }

    /// Whether the index holds the tree of revision `revision` of open document `i`.
    pub fn holds_open(&self, i: usize, revision: u64) -> bool {
        self.held.get(i) == Some(&Held::Open(revision)) && self.ws.files.holds(i)
    }

    pub fn file_index(&self, uri: &Uri) -> Option<usize> {
        self.by_uri.get(uri).copied()
    }

    /// Puts a new text of `uri` into the index. Returns `false` (and changes nothing) when
    /// the index already holds a newer version of the open document: an analysis that lost
    /// the race must not overwrite a fresher one. An open document's tree is held; a disk
    /// text is indexed and dropped.
    pub fn put(&mut self, uri: &Uri, src: impl Into<Arc<SourceFile>>, held: Held) -> bool {
        let src = src.into();
        let i = match self.file_index(uri) {
            Some(i) => {
                if let (Held::Open(have), Held::Open(new)) = (self.held[i], held) {
                    if new < have {
                        return false;
                    }
                }
                i
            }
            None => {
                // A file the index did not know (a new file, or one outside the folder).
                let i = self.ws.add_file(FileModels::default());
                self.uris.push(uri.clone());
                self.by_uri.insert(uri.clone(), i);
                self.held.push(held);
                self.ours.push(false);
                self.digests.push(0);
                i
            }
        };
        self.ours[i] = is_ours(uri, &src);
        self.digests[i] = digest(&src);
        self.held[i] = held;
        match held {
            Held::Open(_) => {
                self.ws.hold(i, src);
                self.mark_recent(uri);
            }
            Held::Disk => {
                self.ws
                    .reindex(i, FileModels::build(&src).for_index_alone());
                self.recent.retain(|u| u != uri);
            }
        }
        true
    }

    /// Removes a file (deleted on disk, or closed and not part of the workspace folder).
    pub fn remove(&mut self, uri: &Uri) {
        let Some(i) = self.file_index(uri) else {
            return;
        };
        self.ws.remove_file(i);
        self.recent.retain(|u| u != uri);
        self.uris.remove(i);
        self.held.remove(i);
        self.ours.remove(i);
        self.digests.remove(i);
        self.by_uri = self
            .uris
            .iter()
            .enumerate()
            .map(|(i, u)| (u.clone(), i))
            .collect();
    }

    /// Applies new settings (dialect or policy changed). The index entries do not depend on
    /// them, so nothing is read or parsed again.
    pub fn reconfigure(&mut self, dialect: Option<Dialect>, policy: Policy) {
        self.ws.choose_dialect(dialect);
        self.ws.policy = policy;
    }

    /// Whether `src` has the text file `i` was indexed with.
    pub fn same_text(&self, i: usize, src: &SourceFile) -> bool {
        match self.ws.files.get(i) {
            Some(held) => held.text == src.text,
            None => self.digests.get(i) == Some(&digest(src)),
        }
    }

    /// File `i`'s tree: held for an open document, else read from disk now (`None` when it
    /// cannot be read).
    pub fn tree(&self, i: usize) -> Option<Cow<'_, SourceFile>> {
        self.ws.tree(i)
    }

    /// File `i`'s text: an open document's as held (or as the editor has it, when its
    /// tree was let go), else read from disk now.
    pub fn text(&self, i: usize) -> Option<Cow<'_, str>> {
        if let Some(held) = self.ws.files.get(i) {
            return held.text.as_deref().map(Cow::Borrowed);
        }
        let uri = self.uris.get(i)?;
        if matches!(self.held.get(i), Some(Held::Open(_))) {
            if let Some(text) = self.open_text.as_ref().and_then(|text_of| text_of(uri)) {
                return Some(Cow::Owned(text.to_string()));
            }
        }
        let path = uri.to_file_path()?;
        let bytes = innominatus_fs::walk::read(&path).ok()?;
        String::from_utf8(bytes).ok().map(Cow::Owned)
    }

    /// A workspace holding every file's tree (open documents as held, the others read from
    /// disk now), for what reads every file's documents (the graph). It lives as long as
    /// the request that needs it.
    pub fn with_all_trees(&self) -> Workspace {
        let files: Vec<SourceFile> = (0..self.ws.file_count())
            .map(|i| match self.tree(i) {
                Some(tree) => tree.into_owned(),
                // Unreadable now: an empty file of that name, as a file that is not text.
                None => SourceFile::parse(self.ws.path(i).clone(), b""),
            })
            .collect();
        let base = self.root.clone();
        let exists = move |p: &str| match &base {
            Some(b) => b.join(p).exists(),
            None => Path::new(p).exists(),
        };
        let mut ws = Workspace::new(files, Some(self.ws.dialect), Box::new(exists));
        ws.policy = self.ws.policy.clone();
        ws
    }
}

/// The tree of the file the engine names `file` (relative to `root` when inside it), read
/// from disk and parsed.
fn read_tree(root: Option<&Path>, file: &str) -> Option<SourceFile> {
    let path = match root {
        Some(r) => r.join(file),
        None => PathBuf::from(file),
    };
    let bytes = innominatus_fs::walk::read(&path).ok()?;
    Some(SourceFile::parse(Arc::from(file), &bytes))
}

/// A digest of a file's text (or of its absence, for a file that is not text).
fn digest(src: &SourceFile) -> u64 {
    let mut h = DefaultHasher::new();
    src.text.hash(&mut h);
    h.finish()
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
