//! Code actions: every fix the engine offers as a quick fix, "ignore this rule here" (the
//! suppression comment of `engine/src/lint/suppression.rs`), and `source.fixAll`.

use crate::context::DocumentContext;
use crate::diagnostics;
use crate::server::Published;
use innominatus_engine::diagnostic::{Applicability, Diagnostic};
use innominatus_engine::lint::fix;
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
    params: &CodeActionParams,
) -> Option<CodeActionResponse> {
    // Fixes are byte edits of the version they were computed on; never apply them to
    // another version of the text.
    if published.version != Some(cx.snapshot.version) {
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
        if let Some(action) = fix_all(cx, diags) {
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
        is_preferred: Some(f.applicability == Applicability::Safe),
        ..Default::default()
    })
}

/// `# innominatus: ignore[CODE]` for the line where the diagnostic starts: added to a
/// suppression already on that line, else at the end of the line, else (the line already
/// ends in another comment) alone on the line above.
fn ignore_here(cx: &DocumentContext<'_>, d: &Diagnostic) -> Option<CodeAction> {
    if d.code.starts_with("INN9") || d.name == "unused-suppression" {
        return None; // internal failures and suppressions themselves are not suppressible
    }
    let text = cx.text();
    let line = cx.snapshot.lines.line_of(d.span.start.min(text.len()));
    let line_span = cx.snapshot.lines.line_span(text, line);
    let source = cx.source();
    let comment = source
        .parsed
        .comments
        .iter()
        .find(|c| c.span.start >= line_span.start && c.span.start <= line_span.end);
    let (at, insert) = match comment {
        Some(c) => {
            let body = &text[c.span.start..c.span.end];
            match body
                .find("innominatus: ignore[")
                .and_then(|p| body[p..].find(']').map(|close| c.span.start + p + close))
            {
                Some(close) => (Span::at(close), format!(", {}", d.code)),
                None => {
                    let indent: String = text[line_span.start..line_span.end]
                        .chars()
                        .take_while(|ch| *ch == ' ')
                        .collect();
                    (
                        Span::at(line_span.start),
                        format!("{indent}# innominatus: ignore[{}]\n", d.code),
                    )
                }
            }
        }
        None => (
            Span::at(line_span.end),
            format!("  # innominatus: ignore[{}]", d.code),
        ),
    };
    let mut changes = HashMap::new();
    changes.insert(
        cx.snapshot.uri.clone(),
        vec![TextEdit::new(cx.range(at), insert)],
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

/// Every safe fix of the document at once, as one edit covering what changed.
fn fix_all(cx: &DocumentContext<'_>, diags: &[Diagnostic]) -> Option<CodeAction> {
    let text = cx.text();
    let (fixed, applied) = fix::apply(text, &cx.snapshot.file, diags, false);
    if applied == 0 || fixed == text {
        return None;
    }
    let (span, replacement) = changed_region(text, &fixed);
    let mut changes = HashMap::new();
    changes.insert(
        cx.snapshot.uri.clone(),
        vec![TextEdit::new(cx.range(span), replacement.to_string())],
    );
    Some(CodeAction {
        title: format!("Fix all safely fixable innominatus findings ({applied})"),
        kind: Some(CodeActionKind::SOURCE_FIX_ALL),
        edit: Some(WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        }),
        ..Default::default()
    })
}

/// The span of `old` that differs from `new` and its replacement: common prefix and suffix
/// cut off (on character boundaries), so the edit leaves the rest of the buffer alone.
fn changed_region<'n>(old: &str, new: &'n str) -> (Span, &'n str) {
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    (
        Span::new(prefix, old.len() - suffix),
        &new[prefix..new.len() - suffix],
    )
}

#[cfg(test)]
mod tests {
    use super::changed_region;
    use innominatus_engine::text::Span;

    #[test]
    fn the_changed_region_is_minimal_and_exact() {
        let old = "a: 1\ndependson: [x]\nb: ü\n";
        let new = "a: 1\ndependsOn: [x]\nb: ü\n";
        let (span, rep) = changed_region(old, new);
        assert_eq!(span, Span::new(12, 13));
        assert_eq!(rep, "O");
        let mut rebuilt = old.to_string();
        rebuilt.replace_range(span.start..span.end, rep);
        assert_eq!(rebuilt, new);
        let (span, rep) = changed_region("aü", "aö");
        assert_eq!((span, rep), (Span::new(1, 3), "ö"));
    }
}
