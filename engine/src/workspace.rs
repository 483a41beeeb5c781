//! The workspace index: every document of the checked tree by kind and name, so that rules
//! can follow references across files (provider → workflow file, resource type → provider,
//! golden path → workflow). Built once per run from parsed files; lookups are hash-based.

use crate::dialect::Dialect;
use crate::kind::DocumentKind;
use crate::model::{AdminConfig, GoldenPaths, Named, Provider, ScoreSpec, Text, Workflow};
pub use crate::paths::{join, normalize, parent_dir};
use crate::platform::loading::{self, LoadFailure};
use crate::platform::resolution::{self, Unresolved};
use crate::platform::workflow_load::file_rejection_reusing;
use crate::small_keys::SmallKeys;
use crate::source::{dialect_for, SourceFile};
use crate::text::Span;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

mod trees;
pub use trees::Trees;

/// One document of the workspace: file index, document index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DocRef {
    pub file: usize,
    pub doc: usize,
}

/// From a document to the position of its model. Rules look a document up several times
/// each; SipHash (the standard map's hash, made to resist chosen keys) was a visible part of
/// linting many small files, and these keys are indexes we assign ourselves.
type DocMap = HashMap<DocRef, usize, SmallKeys>;

pub struct ProviderEntry {
    pub at: DocRef,
    /// Directory of the manifest (normalised, `/`-separated, may be empty).
    pub dir: String,
    pub model: Provider,
}

/// Where a resource type leads (see [`Workspace::resolve`]).
pub struct Resolved<'w> {
    pub provider: &'w ProviderEntry,
    /// The workflow's name, where the manifest chooses it.
    pub workflow: Named,
    /// The workflow's file (normalised), when the provider declares one.
    pub file: Option<String>,
    /// The workflow document, when that file is part of the workspace.
    pub entry: Option<&'w WorkflowEntry>,
}

pub struct WorkflowEntry {
    pub at: DocRef,
    pub kind: DocumentKind,
    pub model: Workflow,
}

/// Team policy from `.innominatus.toml` `[policy]`, enforced by the policy rules.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    /// Step types a workflow may use (empty: no restriction beyond the platform's own).
    pub allowed_step_types: Vec<String>,
    /// Label (Score `metadata.annotations`/`metadata` keys) every Score spec must carry.
    pub required_labels: Vec<String>,
    /// Image tags that are not allowed (e.g. `latest`).
    pub forbidden_image_tags: Vec<String>,
}

/// Decides whether a path outside the parsed set exists (the caller's I/O policy).
pub type ExistsFn = dyn Fn(&str) -> bool + Send + Sync;

/// Reads and parses an indexed file whose tree the workspace does not hold, by its path as
/// indexed (the caller's I/O: the language server reads it from disk). `None` when it
/// cannot be read.
pub type TreeFn = dyn Fn(&str) -> Option<SourceFile> + Send + Sync;

pub struct Workspace {
    /// The syntax trees the workspace holds, by file index: every file's when it was built
    /// from trees ([`Workspace::new`], [`Workspace::with_models`]: the graph, dry runs),
    /// none when it was built from an index alone ([`Workspace::from_index`]: `validate`
    /// and `lint`, which hand each file's tree to `rules::lint_source` while they check
    /// it), some when the caller holds them one by one ([`Workspace::hold`]: the language
    /// server, its open documents). Rules never read another file's tree: what they need of
    /// other files is in [`FileFacts`] and the models.
    pub files: Trees,
    /// Every file's name and the facts cross-file rules read, by file index (in both kinds
    /// of workspace).
    facts: Vec<FileFacts>,
    pub dialect: Dialect,
    pub providers: Vec<ProviderEntry>,
    pub workflows: Vec<WorkflowEntry>,
    pub scores: Vec<(DocRef, ScoreSpec)>,
    pub golden_paths: Vec<(DocRef, GoldenPaths)>,
    pub admin: Vec<(DocRef, AdminConfig)>,
    pub policy: Policy,
    /// Position in `scores` / `workflows` of each document's model.
    score_at: DocMap,
    workflow_at_doc: DocMap,
    /// File index by normalised path; the key shares the facts' path when it is already
    /// normal (the usual case: one allocation per file, not two). Built when first asked
    /// ([`Workspace::file_index`]): a file checked alone (`rules::lint_alone`) is a
    /// workspace of its own that no Score spec's rule asks a path of, and normalising its
    /// name was a tenth of building it. Once built, kept up to date by every change.
    by_path: OnceLock<PathMap>,
    exists: std::sync::Arc<ExistsFn>,
    /// Reads a tree the workspace does not hold, for the editor features that read another
    /// file's documents ([`Workspace::tree`]); none by default.
    read_tree: Option<Arc<TreeFn>>,
}

type PathMap = HashMap<Arc<str>, usize>;

/// `path` normalised as a key of `Workspace::by_path`, the same allocation when it is
/// normal already.
fn path_key(path: &Arc<str>) -> Arc<str> {
    if crate::paths::is_normal(path) {
        path.clone()
    } else {
        Arc::from(normalize(path))
    }
}

/// What the index keeps of one file besides its models: its name and each fact a rule
/// checking *another* file reads of it, computed while its tree is at hand.
#[derive(Clone, Debug, Default)]
pub struct FileFacts {
    pub path: Arc<str>,
    /// The span of each document, in document order.
    pub document_spans: Vec<Span>,
    /// The file was text, parsed, and its first document (the one the platform decodes) is
    /// empty: only comments, or nothing at all.
    pub first_document_empty: bool,
    /// Why the provider loader rejects this file as a workflow file
    /// (`platform::workflow_load::file_rejection`), when it does.
    /// Shared: a file that is not a workflow gives the same words as every other one.
    pub workflow_rejection: Option<Text>,
    /// Some document is a platform document (for the automatic dialect).
    pub has_platform_documents: bool,
    /// Which document kinds the file holds, one bit per kind ([`FileFacts::holds_kind`]):
    /// two bytes, where the list of every document's kind would add a vector to each entry.
    kinds: u16,
}

impl FileFacts {
    pub fn of(file: &SourceFile) -> FileFacts {
        FileFacts::reusing(file, None)
    }

    /// [`FileFacts::of`], given the flat workflow model of the first document when one was
    /// built (see [`crate::platform::workflow_load::file_rejection_reusing`]).
    fn reusing(file: &SourceFile, first_flat_workflow: Option<&Workflow>) -> FileFacts {
        let first_document_empty = file.text.is_some()
            && !file.parsed.failed
            && file.parsed.documents.first().is_none_or(|doc| {
                doc.root.is_none_or(|root| {
                    doc.scalar(root).is_some_and(|s| {
                        s.text.is_empty() && s.value == crate::syntax::ScalarValue::Null
                    })
                })
            });
        FileFacts {
            path: file.file.clone(),
            document_spans: file.parsed.documents.iter().map(|d| d.span).collect(),
            first_document_empty,
            workflow_rejection: file_rejection_reusing(&file.parsed.documents, first_flat_workflow)
                .map(|r| Text::new(&r.reason)),
            has_platform_documents: file.has_platform_documents(),
            kinds: file
                .kinds
                .iter()
                .fold(0, |set, &kind| set | FileFacts::bit(kind)),
        }
    }

    /// Whether some document of the file is of `kind`.
    pub fn holds_kind(&self, kind: DocumentKind) -> bool {
        self.kinds & FileFacts::bit(kind) != 0
    }

    fn bit(kind: DocumentKind) -> u16 {
        1 << (kind as u16)
    }
}

/// What one file adds to the workspace index: the typed models of its documents, by
/// document index, and its [`FileFacts`]. Building it needs only the file, so a caller with
/// many files builds them in parallel (and drops each tree right after) and hands them to
/// [`Workspace::from_index`] or [`Workspace::with_models`].
#[derive(Default, Clone)]
pub struct FileModels {
    facts: FileFacts,
    providers: Vec<(usize, String, Provider)>,
    workflows: Vec<(usize, DocumentKind, Workflow)>,
    scores: Vec<(usize, ScoreSpec)>,
    golden_paths: Vec<(usize, GoldenPaths)>,
    admin: Vec<(usize, AdminConfig)>,
}

impl FileModels {
    pub fn build(file: &SourceFile) -> FileModels {
        let mut out = FileModels::default();
        for (di, (doc, &kind)) in file.parsed.documents.iter().zip(&file.kinds).enumerate() {
            match kind {
                DocumentKind::Provider => {
                    if let Some(model) = Provider::from_document(doc) {
                        out.providers.push((di, parent_dir(&file.file), model));
                    }
                }
                DocumentKind::ProviderWorkflow
                | DocumentKind::GoldenPathWorkflow
                | DocumentKind::PlatformWorkflow => {
                    if let Some(model) = Workflow::from_document(doc, kind) {
                        out.workflows.push((di, kind, model));
                    }
                }
                DocumentKind::Score => {
                    if let Some(model) = ScoreSpec::from_document(doc) {
                        out.scores.push((di, model));
                    }
                }
                DocumentKind::GoldenPaths => {
                    if let Some(model) = GoldenPaths::from_document(doc) {
                        out.golden_paths.push((di, model));
                    }
                }
                DocumentKind::AdminConfig => {
                    if let Some(model) = AdminConfig::from_document(doc) {
                        out.admin.push((di, model));
                    }
                }
                DocumentKind::WorkflowTest | DocumentKind::Unknown => {}
            }
        }
        // Facts last: the loader's verdict on the file reads the first document's workflow,
        // which was just built when that document is one.
        let first_workflow = out
            .workflows
            .first()
            .filter(|(di, _, _)| *di == 0)
            .map(|(_, _, wf)| wf);
        out.facts = FileFacts::reusing(file, first_workflow);
        out
    }

    /// This entry as a workspace without trees ([`Workspace::from_index`]) keeps it for a
    /// whole run: each list without spare capacity. `validate` and `lint` hold one entry per
    /// file until the end, so this is most of their memory on a large repository.
    pub fn for_index_alone(mut self) -> FileModels {
        self.facts.document_spans.shrink_to_fit();
        for (_, _, model) in &mut self.providers {
            model.shrink_to_fit();
        }
        for (_, _, model) in &mut self.workflows {
            model.shrink_to_fit();
        }
        for (_, model) in &mut self.scores {
            model.shrink_to_fit();
        }
        for (_, model) in &mut self.golden_paths {
            model.shrink_to_fit();
        }
        for (_, model) in &mut self.admin {
            model.shrink_to_fit();
        }
        self.providers.shrink_to_fit();
        self.workflows.shrink_to_fit();
        self.scores.shrink_to_fit();
        self.golden_paths.shrink_to_fit();
        self.admin.shrink_to_fit();
        self
    }
}

impl Workspace {
    /// Indexes parsed files. `dialect` `None` chooses automatically; `exists` answers for
    /// paths that are not among `files` (return `false` to see only the parsed set).
    pub fn new(
        files: Vec<SourceFile>,
        dialect: Option<Dialect>,
        exists: Box<ExistsFn>,
    ) -> Workspace {
        Workspace::with_models(files, Vec::new(), dialect, exists)
    }

    /// Like [`Workspace::new`], with each file's models already built (`models[i]` from
    /// `files[i]`); a missing entry is built here.
    pub fn with_models(
        files: Vec<SourceFile>,
        models: Vec<FileModels>,
        dialect: Option<Dialect>,
        exists: Box<ExistsFn>,
    ) -> Workspace {
        let mut models = models.into_iter();
        let index: Vec<FileModels> = files
            .iter()
            .map(|file| models.next().unwrap_or_else(|| FileModels::build(file)))
            .collect();
        let mut ws = Workspace::from_index(index, dialect, exists);
        ws.files = Trees::all(files);
        ws
    }

    /// The index of files whose trees the caller does not keep: one entry per file, built by
    /// [`FileModels::build`] while its tree was at hand. The workspace holds no tree; a file
    /// is checked by handing its tree to `rules::lint_source`. Each entry is absorbed as it
    /// comes, so a caller that builds them one by one never holds them all twice.
    pub fn from_index(
        index: impl IntoIterator<Item = FileModels>,
        dialect: Option<Dialect>,
        exists: Box<ExistsFn>,
    ) -> Workspace {
        let mut ws = Workspace::empty(exists);
        // The lists grow while entries come in and give back their spare room below.
        for (fi, models) in index.into_iter().enumerate() {
            ws.facts.push(FileFacts::default());
            ws.absorb(fi, models);
        }
        ws.files = Trees::none(ws.facts.len());
        ws.choose_dialect(dialect);
        // The lists grew by doubling while entries came in: what they have spare would stay
        // taken for as long as the index lives (a language server's whole session).
        ws.facts.shrink_to_fit();
        ws.providers.shrink_to_fit();
        ws.workflows.shrink_to_fit();
        ws.scores.shrink_to_fit();
        ws.golden_paths.shrink_to_fit();
        ws.admin.shrink_to_fit();
        ws.rebuild_doc_maps();
        ws
    }

    /// The workspace of one file checked alone, in `dialect` (`rules::lint_alone`): what
    /// [`Workspace::from_index`] makes of `models` alone, built for a check and dropped
    /// right after, so its lists keep the room they have (giving it back cost a
    /// reallocation per list for every file).
    pub fn of_one_file(models: FileModels, dialect: Dialect, exists: Box<ExistsFn>) -> Workspace {
        let mut ws = Workspace::empty(exists);
        ws.facts.push(FileFacts::default());
        ws.absorb(0, models);
        ws.files = Trees::none(1);
        ws.dialect = dialect;
        ws.rebuild_doc_maps();
        ws
    }

    /// A workspace of no file, with the caller's answer for paths outside it.
    fn empty(exists: Box<ExistsFn>) -> Workspace {
        Workspace {
            // Chosen once every file's facts are in.
            dialect: Dialect::Score,
            providers: Vec::new(),
            workflows: Vec::new(),
            scores: Vec::new(),
            golden_paths: Vec::new(),
            admin: Vec::new(),
            policy: Policy::default(),
            score_at: DocMap::default(),
            workflow_at_doc: DocMap::default(),
            by_path: OnceLock::new(),
            exists: std::sync::Arc::from(exists),
            read_tree: None,
            files: Trees::default(),
            facts: Vec::new(),
        }
    }

    /// The file index by normalised path, built from every file's name when first asked:
    /// in file order, a later file of the same normalised name wins (as when built while
    /// the files came in).
    fn path_map(&self) -> &PathMap {
        self.by_path.get_or_init(|| {
            let mut map = PathMap::with_capacity(self.facts.len());
            for (i, f) in self.facts.iter().enumerate() {
                map.insert(path_key(&f.path), i);
            }
            map
        })
    }

    /// [`Workspace::path_map`], to change with the files.
    fn path_map_mut(&mut self) -> &mut PathMap {
        self.path_map();
        self.by_path.get_mut().expect("built just above")
    }

    /// How many files the workspace indexes.
    pub fn file_count(&self) -> usize {
        self.facts.len()
    }

    /// The path of file `index`, as its reader named it.
    pub fn path(&self, index: usize) -> &Arc<str> {
        &self.facts[index].path
    }

    /// The paths of every indexed file, by file index.
    pub fn paths(&self) -> impl Iterator<Item = &Arc<str>> + '_ {
        self.facts.iter().map(|f| &f.path)
    }

    /// What the index knows of file `index` beyond its models.
    pub fn facts(&self, index: usize) -> &FileFacts {
        &self.facts[index]
    }

    /// A copy of the workspace with file `index` replaced by `file` (an edited text checked
    /// against everything else as it is): same dialect, policy, existence answers and tree
    /// reader. The copy holds trees where this workspace does (the new file's included).
    pub fn with_file(&self, index: usize, file: &SourceFile) -> Workspace {
        let exists = self.exists.clone();
        let exists = Box::new(move |p: &str| exists(p));
        let mut index_models = self.models_of_all();
        if let Some(entry) = index_models.get_mut(index) {
            *entry = FileModels::build(file);
        }
        let mut copy = Workspace::from_index(index_models, Some(self.dialect), exists);
        for (i, _) in self.files.held() {
            if i != index {
                copy.files.put(i, self.files.shared(i));
            }
        }
        if self.files.holds(index) || !self.files.is_empty() {
            copy.files.put(index, Some(Arc::new(file.clone())));
        }
        copy.policy = self.policy.clone();
        copy.read_tree = self.read_tree.clone();
        copy
    }

    /// Every file's index entry, rebuilt from the models the workspace holds, by file index
    /// (one pass over each list, so a copy of a large index costs its size, not its square).
    fn models_of_all(&self) -> Vec<FileModels> {
        let mut out: Vec<FileModels> = self
            .facts
            .iter()
            .map(|facts| FileModels {
                facts: facts.clone(),
                ..FileModels::default()
            })
            .collect();
        for p in &self.providers {
            out[p.at.file]
                .providers
                .push((p.at.doc, p.dir.clone(), p.model.clone()));
        }
        for w in &self.workflows {
            out[w.at.file]
                .workflows
                .push((w.at.doc, w.kind, w.model.clone()));
        }
        for (at, m) in &self.scores {
            out[at.file].scores.push((at.doc, m.clone()));
        }
        for (at, m) in &self.golden_paths {
            out[at.file].golden_paths.push((at.doc, m.clone()));
        }
        for (at, m) in &self.admin {
            out[at.file].admin.push((at.doc, m.clone()));
        }
        out
    }

    /// Replaces one file (after an edit) and re-indexes only its documents; the dialect
    /// stays as it was chosen. The new tree is held where the old one was.
    pub fn replace_file(&mut self, index: usize, file: SourceFile) {
        let keep_tree = self.files.holds(index);
        self.reindex(index, FileModels::build(&file));
        if keep_tree {
            self.files.put(index, Some(Arc::new(file)));
        }
    }

    /// Re-indexes file `index` from `file` and holds its tree (the language server's open
    /// documents: their features and checks read it), shared with the caller.
    pub fn hold(&mut self, index: usize, file: impl Into<Arc<SourceFile>>) {
        let file = file.into();
        self.reindex(index, FileModels::build(&file));
        self.files.put(index, Some(file));
    }

    /// Drops file `index`'s tree; its index entry stays.
    pub fn release(&mut self, index: usize) {
        self.files.put(index, None);
    }

    /// Replaces file `index`'s index entry with `models` (built by the caller, whose tree
    /// is gone) and drops its tree, if held.
    pub fn reindex(&mut self, index: usize, models: FileModels) {
        // The map of paths follows each change once it is built (its order of insertion
        // decides between two files of one normalised name).
        self.path_map_mut();
        self.forget_entries(index);
        self.absorb(index, models);
        self.files.put(index, None);
        self.rebuild_doc_maps();
    }

    /// Adds a file to the index (no tree held); returns its file index, after every other.
    pub fn add_file(&mut self, models: FileModels) -> usize {
        self.path_map_mut();
        let index = self.facts.len();
        self.facts.push(FileFacts::default());
        self.absorb(index, models);
        self.files.put(index, None);
        self.rebuild_doc_maps();
        index
    }

    /// Removes file `index`; every later file's index goes down by one.
    pub fn remove_file(&mut self, index: usize) {
        self.forget_entries(index);
        self.facts.remove(index);
        self.files.remove(index);
        let shift = |at: &mut DocRef| {
            if at.file > index {
                at.file -= 1;
            }
        };
        self.providers.iter_mut().for_each(|e| shift(&mut e.at));
        self.workflows.iter_mut().for_each(|e| shift(&mut e.at));
        self.scores.iter_mut().for_each(|(at, _)| shift(at));
        self.golden_paths.iter_mut().for_each(|(at, _)| shift(at));
        self.admin.iter_mut().for_each(|(at, _)| shift(at));
        // Rebuilt from the names, in file order, when next asked.
        self.by_path = OnceLock::new();
        self.rebuild_doc_maps();
    }

    /// Chooses the dialect again: `Some` as configured, `None` automatically from the
    /// indexed files (as [`Workspace::from_index`] does). Models do not depend on it.
    pub fn choose_dialect(&mut self, dialect: Option<Dialect>) {
        self.dialect = dialect
            .unwrap_or_else(|| dialect_for(self.facts.iter().map(|f| f.has_platform_documents)));
    }

    /// Sets how trees the workspace does not hold are read ([`Workspace::tree`]).
    pub fn read_trees_with(&mut self, read: Box<TreeFn>) {
        self.read_tree = Some(Arc::from(read));
    }

    /// File `index`'s tree: the held one, else read through the reader the caller set
    /// ([`Workspace::read_trees_with`]), for this use only. For editor features that read
    /// another file's documents; rules never do.
    pub fn tree(&self, index: usize) -> Option<Cow<'_, SourceFile>> {
        if let Some(held) = self.files.get(index) {
            return Some(Cow::Borrowed(held));
        }
        let read = self.read_tree.as_ref()?;
        let path = self.facts.get(index)?.path.clone();
        read(&path).map(Cow::Owned)
    }

    /// Forgets file `index`'s models and name (before it is indexed again or removed).
    fn forget_entries(&mut self, index: usize) {
        let keep = |at: &DocRef| at.file != index;
        self.providers.retain(|e| keep(&e.at));
        self.workflows.retain(|e| keep(&e.at));
        self.scores.retain(|(at, _)| keep(at));
        self.golden_paths.retain(|(at, _)| keep(at));
        self.admin.retain(|(at, _)| keep(at));
        if let Some(map) = self.by_path.get_mut() {
            map.retain(|_, fi| *fi != index);
        }
    }

    fn rebuild_doc_maps(&mut self) {
        self.score_at = self
            .scores
            .iter()
            .enumerate()
            .map(|(i, (at, _))| (*at, i))
            .collect();
        self.workflow_at_doc = self
            .workflows
            .iter()
            .enumerate()
            .map(|(i, w)| (w.at, i))
            .collect();
    }

    /// The Score spec model of a document, if it is one.
    pub fn score(&self, at: DocRef) -> Option<&ScoreSpec> {
        self.score_at.get(&at).map(|&i| &self.scores[i].1)
    }

    /// The workflow model of a workflow document.
    pub fn workflow(&self, at: DocRef) -> Option<&WorkflowEntry> {
        self.workflow_at_doc.get(&at).map(|&i| &self.workflows[i])
    }

    /// Adds the index entry of file `fi`, built beforehand (possibly on another thread).
    fn absorb(&mut self, fi: usize, models: FileModels) {
        // Only once the map is built: `from_index` leaves it to be built from the names.
        if let Some(map) = self.by_path.get_mut() {
            map.insert(path_key(&models.facts.path), fi);
        }
        self.facts[fi] = models.facts;
        let at = |doc: usize| DocRef { file: fi, doc };
        for (doc, dir, model) in models.providers {
            self.providers.push(ProviderEntry {
                at: at(doc),
                dir,
                model,
            });
        }
        for (doc, kind, model) in models.workflows {
            self.workflows.push(WorkflowEntry {
                at: at(doc),
                kind,
                model,
            });
        }
        self.scores
            .extend(models.scores.into_iter().map(|(d, m)| (at(d), m)));
        self.golden_paths
            .extend(models.golden_paths.into_iter().map(|(d, m)| (at(d), m)));
        self.admin
            .extend(models.admin.into_iter().map(|(d, m)| (at(d), m)));
    }

    pub fn file_index(&self, path: &str) -> Option<usize> {
        self.path_map().get(normalize(path).as_str()).copied()
    }

    /// Whether a file exists: parsed here, or known to the caller.
    pub fn exists(&self, path: &str) -> bool {
        self.file_index(path).is_some() || (self.exists)(&normalize(path))
    }

    /// The first document of the file at `path` if it was parsed (the platform reads only the
    /// first document of a file).
    pub fn workflow_at(&self, path: &str) -> Option<&WorkflowEntry> {
        let fi = self.file_index(path)?;
        self.workflows
            .iter()
            .find(|w| w.at.file == fi && w.at.doc == 0)
    }

    /// Providers that claim `resource_type` (as type or alias), loaded or not.
    pub fn providers_for(&self, resource_type: &str) -> Vec<&ProviderEntry> {
        self.providers
            .iter()
            .filter(|p| resolution::claims(&p.model, resource_type))
            .collect()
    }

    /// Why the platform does not load provider `p`, if it does not (`platform::loading`).
    pub fn load_failure(&self, p: &ProviderEntry) -> Option<LoadFailure> {
        loading::load_failure(&p.model, &p.dir, &|path| self.exists(path), &|path| {
            let fi = self.file_index(path)?;
            Some(self.facts[fi].workflow_rejection.as_deref())
        })
    }

    /// The provider registered under `p`'s name in its place, when `p` loads but the registry
    /// refuses it ("provider … is already registered").
    pub fn registered_instead(&self, p: &ProviderEntry) -> Option<&ProviderEntry> {
        let name = p.model.name_text()?;
        if self.load_failure(p).is_some() || !self.admin_may_load(p) {
            return None;
        }
        let loaded = self.loaded_providers();
        if loaded.iter().any(|l| l.at == p.at) {
            return None;
        }
        loaded
            .into_iter()
            .find(|l| l.model.name_text() == Some(name))
    }

    /// Whether the server tries to register `p`: when the admin configuration lists enabled
    /// filesystem sources, it loads those and nothing else.
    fn admin_may_load(&self, p: &ProviderEntry) -> bool {
        let Some((at, admin)) = self.admin.first() else {
            return true;
        };
        let lists_sources = admin.providers.iter().any(|src| {
            src.enabled
                && src
                    .source_type
                    .as_ref()
                    .is_some_and(|t| t.text == "filesystem")
        });
        let admin_dir = parent_dir(self.path(at.file));
        !lists_sources || loading::admin_position(admin, &admin_dir, &p.dir).is_some()
    }

    /// The providers the platform registers, in order: those it loads, less a later one
    /// whose name is already registered (the registry refuses it).
    pub fn loaded_providers(&self) -> Vec<&ProviderEntry> {
        self.loaded_providers_within(&|_| true)
    }

    /// [`Workspace::loaded_providers`] among the files `within` accepts (by file index): a
    /// repository inside a larger indexed folder.
    pub fn loaded_providers_within(&self, within: &dyn Fn(usize) -> bool) -> Vec<&ProviderEntry> {
        let mut loaded: Vec<&ProviderEntry> = Vec::new();
        let mut candidates: Vec<&ProviderEntry> = self
            .providers
            .iter()
            .filter(|p| within(p.at.file))
            .collect();
        // The server registers the admin configuration's sources in its order; the rest (a
        // folder without one) in path order. The first of two with one name wins.
        if let Some((at, admin)) = self.admin.iter().find(|(at, _)| within(at.file)) {
            let admin_dir = parent_dir(self.path(at.file));
            candidates.sort_by_key(|p| {
                loading::admin_position(admin, &admin_dir, &p.dir).unwrap_or(usize::MAX)
            });
        }
        for p in candidates {
            let name = p.model.name_text();
            let taken = name.is_some() && loaded.iter().any(|l| l.model.name_text() == name);
            if !taken && self.load_failure(p).is_none() {
                loaded.push(p);
            }
        }
        loaded
    }

    /// Whether the server checks a deployed Score spec's resource types at all: it has a
    /// resolver only once at least one provider is registered; with none (every provider
    /// skipped at load) the check is skipped and every type passes (the oracle's
    /// `handleDeploySpec`).
    pub fn checks_resource_types(&self) -> bool {
        !self.loaded_providers().is_empty()
    }

    /// The provider and workflow the platform runs to create a resource of `resource_type`
    /// (`platform::resolution`, over the loaded providers), or why there is none.
    pub fn resolve(&self, resource_type: &str) -> Result<Resolved<'_>, Unresolved<&ProviderEntry>> {
        self.resolve_within(resource_type, &|_| true)
    }

    /// [`Workspace::resolve`] over the providers of the files `within` accepts.
    pub fn resolve_within(
        &self,
        resource_type: &str,
        within: &dyn Fn(usize) -> bool,
    ) -> Result<Resolved<'_>, Unresolved<&ProviderEntry>> {
        let candidates = self
            .loaded_providers_within(within)
            .into_iter()
            .map(|p| (p, self.document_span(p.at), &p.model));
        let (provider, workflow) = resolution::resolve(candidates, resource_type)?;
        let file = provider
            .model
            .workflow(&workflow.text)
            .and_then(|w| w.file.as_ref())
            .filter(|f| !f.text.is_empty())
            .map(|f| join(&provider.dir, &f.text));
        let entry = file.as_deref().and_then(|f| self.workflow_at(f));
        Ok(Resolved {
            provider,
            workflow,
            file,
            entry,
        })
    }

    /// The span of a whole document.
    pub fn document_span(&self, at: DocRef) -> crate::text::Span {
        self.facts[at.file]
            .document_spans
            .get(at.doc)
            .copied()
            .unwrap_or_default()
    }

    /// The provider manifests whose workflow list points at `path`.
    pub fn providers_using_workflow(&self, path: &str) -> Vec<&ProviderEntry> {
        let wanted = normalize(path);
        self.providers
            .iter()
            .filter(|p| {
                p.model
                    .workflows
                    .iter()
                    .filter_map(|w| w.file.as_ref())
                    .any(|f| join(&p.dir, &f.text) == wanted)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacing_a_file_reindexes_only_that_file() {
        let provider = |name: &str| {
            SourceFile::parse(
                std::sync::Arc::from(format!("providers/{name}/provider.yaml").as_str()),
                format!("kind: Provider\nmetadata:\n  name: {name}\ncapabilities:\n  resourceTypes: [{name}-db]\n").as_bytes(),
            )
        };
        let mut ws = Workspace::new(
            vec![provider("a"), provider("b")],
            None,
            Box::new(|_: &str| false),
        );
        assert_eq!(ws.providers_for("a-db").len(), 1);
        let renamed = SourceFile::parse(
            std::sync::Arc::from("providers/a/provider.yaml"),
            b"kind: Provider\nmetadata:\n  name: a\ncapabilities:\n  resourceTypes: [b-db]\n",
        );
        ws.replace_file(0, renamed);
        assert!(ws.providers_for("a-db").is_empty());
        assert_eq!(ws.providers_for("b-db").len(), 2);
        assert_eq!(ws.file_index("providers/a/provider.yaml"), Some(0));
    }

    #[test]
    fn an_index_holds_the_trees_it_is_given_and_reads_the_others() {
        let provider = |name: &str| {
            SourceFile::parse(
                std::sync::Arc::from(format!("providers/{name}/provider.yaml").as_str()),
                format!("kind: Provider\nmetadata:\n  name: {name}\ncapabilities:\n  resourceTypes: [{name}-db]\n").as_bytes(),
            )
        };
        let index: Vec<FileModels> = ["a", "b", "c"]
            .iter()
            .map(|n| FileModels::build(&provider(n)))
            .collect();
        let mut ws = Workspace::from_index(index, None, Box::new(|_: &str| false));
        assert!(ws.files.is_empty() && ws.tree(1).is_none());
        ws.read_trees_with(Box::new(move |path: &str| {
            let name = path.split('/').nth(1)?;
            Some(provider(name))
        }));
        // Read for this use only: still not held.
        let read = ws.tree(1).expect("read through the reader");
        assert_eq!(&*read.file, "providers/b/provider.yaml");
        assert!(matches!(read, Cow::Owned(_)) && !ws.files.holds(1));
        ws.hold(2, provider("c"));
        assert!(matches!(ws.tree(2), Some(Cow::Borrowed(_))));
        assert_eq!(ws.files.len(), 1);
        // Removing file 0 moves the others down, their trees and entries with them.
        ws.remove_file(0);
        assert_eq!(ws.file_count(), 2);
        assert!(ws.files.holds(1) && !ws.files.holds(0));
        assert_eq!(ws.providers_for("c-db")[0].at.file, 1);
        assert_eq!(ws.file_index("providers/c/provider.yaml"), Some(1));
        assert!(ws.providers_for("a-db").is_empty());
        let d = ws.add_file(FileModels::build(&provider("d")));
        assert_eq!((d, ws.providers_for("d-db")[0].at.file), (2, 2));
        ws.release(1);
        assert!(ws.files.is_empty());
        assert_eq!(ws.providers_for("c-db").len(), 1);
    }
}
