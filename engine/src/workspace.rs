//! The workspace index: every document of the checked tree by kind and name, so that rules
//! can follow references across files (provider → workflow file, resource type → provider,
//! golden path → workflow). Built once per run from parsed files; lookups are hash-based.

use crate::dialect::Dialect;
use crate::kind::DocumentKind;
use crate::model::{AdminConfig, GoldenPaths, Named, Provider, ScoreSpec, Workflow};
pub use crate::paths::{join, normalize, parent_dir};
use crate::platform::loading::{self, LoadFailure};
use crate::platform::resolution::{self, Unresolved};
use crate::platform::workflow_load::file_rejection;
use crate::source::{dialect_for, SourceFile};
use crate::text::Span;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// One document of the workspace: file index, document index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DocRef {
    pub file: usize,
    pub doc: usize,
}

/// From a document to the position of its model. Rules look a document up several times
/// each; SipHash (the standard map's hash, made to resist chosen keys) was a visible part of
/// linting many small files, and these keys are indexes we assign ourselves.
type DocMap = HashMap<DocRef, usize, BuildHasherDefault<DocRefHasher>>;

/// One multiply-and-rotate per integer written (the keys are two `usize`s).
#[derive(Default)]
struct DocRefHasher(u64);

impl Hasher for DocRefHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

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

pub struct Workspace {
    /// The syntax trees the workspace holds, by file index: every file's when it was built
    /// from trees ([`Workspace::new`], [`Workspace::with_models`]: the language server, the
    /// graph, dry runs), none when it was built from an index alone
    /// ([`Workspace::from_index`]: `validate` and `lint`, which hand each file's tree to
    /// `rules::lint_source` while they check it). Rules never read another file's tree: what
    /// they need of other files is in [`FileFacts`] and the models.
    pub files: Vec<SourceFile>,
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
    by_path: HashMap<String, usize>,
    exists: std::sync::Arc<ExistsFn>,
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
    pub workflow_rejection: Option<String>,
    /// Some document is a platform document (for the automatic dialect).
    pub has_platform_documents: bool,
}

impl FileFacts {
    pub fn of(file: &SourceFile) -> FileFacts {
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
            workflow_rejection: file_rejection(&file.parsed.documents).map(|r| r.reason),
            has_platform_documents: file.has_platform_documents(),
        }
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
        let mut out = FileModels {
            facts: FileFacts::of(file),
            ..FileModels::default()
        };
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
        out
    }

    /// This entry as a workspace without trees ([`Workspace::from_index`]) keeps it for a
    /// whole run: each list without spare capacity, and without what only readers holding
    /// the file's tree use (the graph reads containers' `variables` beside the text; rules
    /// read the checked spec's variables from its tree). `validate` and `lint` hold one
    /// entry per file until the end, so this is most of their memory on a large repository.
    pub fn for_index_alone(mut self) -> FileModels {
        self.facts.document_spans.shrink_to_fit();
        for (_, _, model) in &mut self.providers {
            model.shrink_to_fit();
        }
        for (_, _, model) in &mut self.workflows {
            model.shrink_to_fit();
        }
        for (_, model) in &mut self.scores {
            model.drop_tree_readers_parts();
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
        ws.files = files;
        ws
    }

    /// The index of files whose trees the caller does not keep: one entry per file, built by
    /// [`FileModels::build`] while its tree was at hand. The workspace holds no tree; a file
    /// is checked by handing its tree to `rules::lint_source`.
    pub fn from_index(
        index: Vec<FileModels>,
        dialect: Option<Dialect>,
        exists: Box<ExistsFn>,
    ) -> Workspace {
        let dialect = dialect
            .unwrap_or_else(|| dialect_for(index.iter().map(|m| m.facts.has_platform_documents)));
        let mut ws = Workspace {
            dialect,
            providers: Vec::new(),
            workflows: Vec::new(),
            scores: Vec::new(),
            golden_paths: Vec::new(),
            admin: Vec::new(),
            policy: Policy::default(),
            score_at: DocMap::default(),
            workflow_at_doc: DocMap::default(),
            by_path: HashMap::new(),
            exists: std::sync::Arc::from(exists),
            files: Vec::new(),
            facts: Vec::with_capacity(index.len()),
        };
        // Each list made at its final size: grown by doubling, a large run's lists would
        // hold up to half again as much room, and two copies while each grows.
        ws.providers
            .reserve_exact(index.iter().map(|m| m.providers.len()).sum());
        ws.workflows
            .reserve_exact(index.iter().map(|m| m.workflows.len()).sum());
        ws.scores
            .reserve_exact(index.iter().map(|m| m.scores.len()).sum());
        ws.by_path.reserve(index.len());
        for (fi, models) in index.into_iter().enumerate() {
            ws.facts.push(FileFacts::default());
            ws.absorb(fi, models);
        }
        ws.rebuild_doc_maps();
        ws
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
    /// against everything else as it is): same dialect, policy and existence answers. The
    /// copy holds trees where this workspace does (the new file's included).
    pub fn with_file(&self, index: usize, file: &SourceFile) -> Workspace {
        let exists = self.exists.clone();
        let exists = Box::new(move |p: &str| exists(p));
        let mut copy = if self.files.is_empty() {
            let index_models = (0..self.file_count())
                .map(|i| match i == index {
                    true => FileModels::build(file),
                    false => self.models_of(i),
                })
                .collect();
            Workspace::from_index(index_models, Some(self.dialect), exists)
        } else {
            let files: Vec<SourceFile> = self
                .files
                .iter()
                .enumerate()
                .map(|(i, f)| if i == index { file.clone() } else { f.clone() })
                .collect();
            Workspace::new(files, Some(self.dialect), exists)
        };
        copy.policy = self.policy.clone();
        copy
    }

    /// The index entry of file `fi`, rebuilt from the models the workspace holds.
    fn models_of(&self, fi: usize) -> FileModels {
        let mine = |at: &DocRef| at.file == fi;
        FileModels {
            facts: self.facts[fi].clone(),
            providers: self
                .providers
                .iter()
                .filter(|p| mine(&p.at))
                .map(|p| (p.at.doc, p.dir.clone(), p.model.clone()))
                .collect(),
            workflows: self
                .workflows
                .iter()
                .filter(|w| mine(&w.at))
                .map(|w| (w.at.doc, w.kind, w.model.clone()))
                .collect(),
            scores: self
                .scores
                .iter()
                .filter(|(at, _)| mine(at))
                .map(|(at, m)| (at.doc, m.clone()))
                .collect(),
            golden_paths: self
                .golden_paths
                .iter()
                .filter(|(at, _)| mine(at))
                .map(|(at, m)| (at.doc, m.clone()))
                .collect(),
            admin: self
                .admin
                .iter()
                .filter(|(at, _)| mine(at))
                .map(|(at, m)| (at.doc, m.clone()))
                .collect(),
        }
    }

    /// Replaces one file (after an edit) and re-indexes only its documents; the dialect
    /// stays as it was chosen. This is what the language server does on every change.
    pub fn replace_file(&mut self, index: usize, file: SourceFile) {
        let keep = |at: &DocRef| at.file != index;
        self.providers.retain(|e| keep(&e.at));
        self.workflows.retain(|e| keep(&e.at));
        self.scores.retain(|(at, _)| keep(at));
        self.golden_paths.retain(|(at, _)| keep(at));
        self.admin.retain(|(at, _)| keep(at));
        self.by_path.retain(|_, fi| *fi != index);
        self.absorb(index, FileModels::build(&file));
        if !self.files.is_empty() {
            self.files[index] = file;
        }
        self.rebuild_doc_maps();
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
        self.by_path.insert(normalize(&models.facts.path), fi);
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
        self.by_path.get(&normalize(path)).copied()
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
}
