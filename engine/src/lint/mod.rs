//! Semantic lint: rules that look at one document with the whole workspace at hand.

pub mod fix;
pub mod suppression;

use crate::diagnostic::Diagnostic;
use crate::kind::DocumentKind;
use crate::rules::Rule;
use crate::source::SourceFile;
use crate::syntax::Document;
use crate::text::Span;
use crate::workspace::{DocRef, Workspace};
use std::sync::Arc;

/// A semantic rule: its registry entry and the function that checks one document.
pub struct Lint {
    pub rule: &'static Rule,
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
    out: &'a mut Vec<Diagnostic>,
}

impl LintContext<'_> {
    pub fn file(&self) -> &Arc<str> {
        &self.source.file
    }

    pub fn text(&self) -> &str {
        self.source.text.as_deref().unwrap_or("")
    }

    /// Reports a finding of the running rule; returns it for help, related places and fixes.
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        let d = Diagnostic::new(self.rule, &self.source.file, span, message.into());
        self.out.push(d);
        self.out.last_mut().expect("just pushed")
    }

    /// The path of another file of the workspace, for related locations.
    pub fn file_of(&self, at: DocRef) -> &Arc<str> {
        &self.ws.files[at.file].file
    }
}

/// Every finding of one file: syntax, schema, then each enabled lint on each complete
/// document, with inline suppressions applied.
pub fn lint_file(
    ws: &Workspace,
    file_index: usize,
    enabled: &dyn Fn(&Rule) -> bool,
) -> Vec<Diagnostic> {
    let source = &ws.files[file_index];
    let mut out: Vec<Diagnostic> = source
        .validate(ws.dialect)
        .into_iter()
        .filter(|d| crate::rules::find(d.code).is_none_or(enabled))
        .collect();
    for (doc_index, (doc, &kind)) in source
        .parsed
        .documents
        .iter()
        .zip(&source.kinds)
        .enumerate()
    {
        if doc.incomplete || kind == DocumentKind::Unknown {
            continue;
        }
        for lint in crate::rules::lints() {
            if !enabled(lint.rule) {
                continue;
            }
            let mut cx = LintContext {
                ws,
                at: DocRef {
                    file: file_index,
                    doc: doc_index,
                },
                source,
                doc,
                kind,
                rule: lint.rule,
                out: &mut out,
            };
            (lint.check)(&mut cx);
        }
    }
    if let Some(text) = &source.text {
        out = suppression::apply(&source.file, text, &source.parsed.comments, out, enabled);
    }
    out.sort_by(|a, b| (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code)));
    out
}
