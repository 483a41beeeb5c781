//! Code actions: every fix the engine offers as a quick fix, "ignore this rule here" (the
//! engine's suppression edit, `project::suppress`), and `source.fixAll` (the engine's fix
//! loop, `project::fixes`, as `lint --fix` runs it).

use crate::context::DocumentContext;
use crate::diagnostics;
use crate::server::Published;
use innominatus_engine::diagnostic::Diagnostic;
use innominatus_engine::project::selector::Selection;
use innominatus_engine::project::{fixes, suppress};
use innominatus_engine::text::Span;
use std::collections::HashMap;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CodeActionResponse, TextEdit, Uri, WorkspaceEdit,
};

pub fn capability() -> CodeActionProviderCapability {
    CodeActionProviderCapability::Options(CodeActionOptions {
        code_action_kinds: Some(vec![
            CodeActionKind::QUICKFIX,
            CodeActionKind::SOURCE_FIX_ALL,
        ]),
        resolve_provider: Some(false),
        work_done_progress_options: Default::default(),
    })
}

/// Whether the client asked for actions of `kind` (no `only` means every kind).
fn wanted(params: &CodeActionParams, kind: &CodeActionKind) -> bool {
    match &params.context.only {
        None => true,
        Some(only) => only.iter().any(|k| {
            kind.as_str() == k.as_str() || kind.as_str().starts_with(&format!("{}.", k.as_str()))
        }),
    }
}

pub fn handle(
    cx: &DocumentContext<'_>,
    published: &Published,
    selection: &Selection,
    params: &CodeActionParams,
) -> Option<CodeActionResponse> {
    // Fixes are byte edits of the version they were computed on; never apply them to
    // another version of the text.
    if published.revision != Some(cx.snapshot.revision) {
        return Some(Vec::new());
    }
    let diags = &published.diagnostics;
    let mut out: CodeActionResponse = Vec::new();
    // Actions for every finding on the lines of the requested range: editors ask with the
    // cursor position, which is rarely inside the underlined span.
    if wanted(params, &CodeActionKind::QUICKFIX) {
        let asked = cx.snapshot.lines().span(params.range, cx.encoding());
        let lines = |s: Span| {
            let idx = &cx.snapshot.lines;
            (idx.line_of(s.start), idx.line_of(s.end.max(s.start)))
        };
        let (from, to) = lines(asked);
        for d in diags.iter().filter(|d| {
            let (a, b) = lines(d.span);
            a <= to && from <= b
        }) {
            if let Some(action) = quick_fix(cx, d) {
                out.push(CodeActionOrCommand::CodeAction(action));
            }
            if let Some(action) = ignore_here(cx, d) {
                out.push(CodeActionOrCommand::CodeAction(action));
            }
        }
    }
    if wanted(params, &CodeActionKind::SOURCE_FIX_ALL) {
        if let Some(action) = fix_all(cx, diags, selection) {
            out.push(CodeActionOrCommand::CodeAction(action));
        }
    }
    Some(out)
}

fn lsp_diagnostic(
    cx: &DocumentContext<'_>,
    d: &Diagnostic,
) -> tower_lsp_server::ls_types::Diagnostic {
    diagnostics::to_lsp(
        d,
        cx.snapshot.lines(),
        cx.encoding(),
        &cx.workspace,
        &cx.snapshot.uri,
    )
}

fn quick_fix(cx: &DocumentContext<'_>, d: &Diagnostic) -> Option<CodeAction> {
    let f = d.fix.as_ref()?;
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for e in &f.edits {
        let (uri, range) = if e.file == d.file {
            (cx.snapshot.uri.clone(), cx.range(e.span))
        } else {
            let loc = cx.workspace.location_of_file(&e.file, e.span)?;
            (loc.uri, loc.range)
        };
        changes
            .entry(uri)
            .or_default()
            .push(TextEdit::new(range, e.replacement.clone()));
    }
    Some(CodeAction {
        title: f.message.clone(),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![lsp_diagnostic(cx, d)]),
        edit: Some(WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        }),
        // The engine decides: safe fixes and the finding's own "did you mean".
        is_preferred: Some(f.is_preferred()),
        ..Default::default()
    })
}

/// "Ignore this rule here": the engine's suppression edit for the diagnostic's line.
fn ignore_here(cx: &DocumentContext<'_>, d: &Diagnostic) -> Option<CodeAction> {
    let source = cx.source();
    let edit = suppress::ignore_edit(&source, cx.text(), &cx.snapshot.lines, d)?;
    let mut changes = HashMap::new();
    changes.insert(
        cx.snapshot.uri.clone(),
        vec![TextEdit::new(cx.range(edit.span), edit.replacement)],
    );
    Some(CodeAction {
        title: format!("Ignore {} ({}) on this line", d.code, d.name),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![lsp_diagnostic(cx, d)]),
        edit: Some(WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        }),
        is_preferred: Some(false),
        ..Default::default()
    })
}

/// Every safe fix of the document, followed through as `lint --fix` does (fix, check again,
/// repeat), as one edit covering what changed.
fn fix_all(
    cx: &DocumentContext<'_>,
    diags: &[Diagnostic],
    selection: &Selection,
) -> Option<CodeAction> {
    let text = cx.text();
    let index = cx.ws().file_index(&cx.snapshot.file)?;
    let fixed = fixes::fix_until_stable(cx.ws(), index, text, diags, selection, false);
    if fixed.applied == 0 || fixed.text == text {
        return None;
    }
    let (span, replacement) = fixes::changed_region(text, &fixed.text);
    let mut changes = HashMap::new();
    changes.insert(
        cx.snapshot.uri.clone(),
        vec![TextEdit::new(cx.range(span), replacement.to_string())],
    );
    Some(CodeAction {
        title: format!(
            "Fix all safely fixable innominatus findings ({})",
            fixed.applied
        ),
        kind: Some(CodeActionKind::SOURCE_FIX_ALL),
        edit: Some(WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        }),
        ..Default::default()
    })
}
