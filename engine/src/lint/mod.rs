//! Semantic lint: rules that look at one document with the whole workspace at hand.

pub mod fix;
pub mod listing;
pub mod suppression;

use crate::catalog::Rule;
use crate::diagnostic::Diagnostic;
use crate::kind::DocumentKind;
use crate::small_keys::SmallKeys;
use crate::source::SourceFile;
use crate::syntax::Document;
use crate::text::Span;
use crate::workspace::{DocRef, Workspace};
use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

/// Values computed once per document and shared by every rule that needs them (parsed
/// templates, workflow views): rules of one group ask for the same data, and parsing it once
/// per rule made `lint` several times slower than `validate`.
#[derive(Default)]
pub struct DocCache {
    values: RefCell<HashMap<TypeId, Rc<dyn Any>, SmallKeys>>,
}

/// The workflows of one document (see [`LintContext::workflows`]).
pub struct DocWorkflows<'a>(pub Vec<&'a crate::model::Workflow>);

impl DocWorkflows<'_> {
    /// The workflows, one by one.
    pub fn iter(&self) -> impl Iterator<Item = &crate::model::Workflow> + '_ {
        self.0.iter().copied()
    }
}

/// The kinds that hold workflows: the three workflow documents, and Score specs with their
/// embedded `workflows` (what [`LintContext::workflows`] returns).
pub const WORKFLOW_HOLDERS: &[DocumentKind] = &[
    DocumentKind::Score,
    DocumentKind::ProviderWorkflow,
    DocumentKind::GoldenPathWorkflow,
    DocumentKind::PlatformWorkflow,
];

/// A semantic rule: its registry entry, the kinds of document it reads, and the function
/// that checks one document of those kinds.
pub struct Lint {
    pub rule: &'static Rule,
    /// The document kinds `check` is called for; no other kind reaches it.
    pub kinds: &'static [DocumentKind],
    pub check: fn(&mut LintContext<'_>),
}

/// What a lint sees: the workspace, the document under check, and where to report.
pub struct LintContext<'a> {
    pub ws: &'a Workspace,
    pub at: DocRef,
    pub source: &'a SourceFile,
    pub doc: &'a Document,
    pub kind: DocumentKind,
    /// The rule being run (diagnostics are created for it).
    pub rule: &'static Rule,
    /// Whether the findings reported from now on are blocking loader checks (see
    /// `Diagnostic::blocks_loading`); a rule of `catalog::LOADER_CHECKS` sets it where the
    /// document is one the loader validates.
    pub blocks_loading: bool,
    out: &'a mut Vec<Diagnostic>,
    cache: &'a DocCache,
}

impl<'a> LintContext<'a> {
    pub fn file(&self) -> &Arc<str> {
        &self.source.file
    }

    pub fn text(&self) -> &'a str {
        self.source.text.as_deref().unwrap_or("")
    }

    /// Reports a finding of the running rule; returns it for help, related places and fixes.
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        let mut d = Diagnostic::new(self.rule, &self.source.file, span, message.into());
        d.blocks_loading = self.blocks_loading;
        self.out.push(d);
        self.out.last_mut().expect("just pushed")
    }

    /// The value of type `T` for the document under check, computed by `init` the first time
    /// any rule asks for it. One value per type: wrap it in a type of its own.
    pub fn cached<T: 'static>(&self, init: impl FnOnce(&Self) -> T) -> Rc<T> {
        let id = TypeId::of::<T>();
        if let Some(v) = self.cache.values.borrow().get(&id) {
            if let Ok(v) = v.clone().downcast::<T>() {
                return v;
            }
        }
        let value = Rc::new(init(self));
        self.cache.values.borrow_mut().insert(id, value.clone());
        value
    }

    /// The workflows of the document under check (the document itself, or a Score spec's
    /// embedded `workflows`), from the workspace index.
    pub fn workflows(&self) -> DocWorkflows<'a> {
        let ws: &'a Workspace = self.ws;
        DocWorkflows(match self.kind {
            DocumentKind::Score => ws
                .score(self.at)
                .map(|s| s.workflows.iter().map(|(_, w)| w).collect())
                .unwrap_or_default(),
            _ => ws
                .workflow(self.at)
                .map(|w| vec![&w.model])
                .unwrap_or_default(),
        })
    }

    /// The model of the workflow document under check, as the workspace index read it:
    /// rules take it from there rather than reading the tree again (a 5,000-line workflow
    /// takes longer to read than most rules take to check it).
    pub fn workflow_model(&self) -> Option<&'a crate::model::Workflow> {
        let ws: &'a Workspace = self.ws;
        ws.workflow(self.at).map(|w| &w.model)
    }

    /// The Score spec view of the document under check (when it is one).
    pub fn score(&self) -> Option<&'a crate::model::ScoreSpec> {
        let ws: &'a Workspace = self.ws;
        ws.score(self.at)
    }

    /// The provider manifest under check, from the workspace index.
    pub fn provider(&self) -> Option<&'a crate::workspace::ProviderEntry> {
        let ws: &'a Workspace = self.ws;
        ws.providers.iter().find(|p| p.at == self.at)
    }

    /// The path of another file of the workspace, for related locations.
    pub fn file_of(&self, at: DocRef) -> &Arc<str> {
        self.ws.path(at.file)
    }
}

/// Runs `lints` on document `at` of the workspace (of kind `kind`; `source` is the tree of
/// file `at.file`), adding their findings to `out`. Each lint is called only for the kinds it
/// declares; values cached by one lint are shared with the next.
pub fn check_document<'l>(
    ws: &Workspace,
    source: &SourceFile,
    at: DocRef,
    kind: DocumentKind,
    lints: impl IntoIterator<Item = &'l Lint>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(doc) = source.parsed.documents.get(at.doc) else {
        return;
    };
    let cache = DocCache::default();
    for lint in lints {
        if !lint.kinds.contains(&kind) {
            continue;
        }
        let mut cx = LintContext {
            ws,
            at,
            source,
            doc,
            kind,
            rule: lint.rule,
            blocks_loading: false,
            out,
            cache: &cache,
        };
        (lint.check)(&mut cx);
    }
}
