//! Folding ranges: every mapping entry, list item and block scalar that spans lines, and runs
//! of comment lines. Lines are the same in every position encoding, so they are given as
//! line numbers (from 0).

use crate::syntax::{Document, NodeId, NodeKind};
use crate::text::LineIndex;
use crate::workspace::Workspace;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    Region,
    Comment,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    pub start_line: usize,
    pub end_line: usize,
    pub kind: FoldKind,
}

pub fn folding_ranges(ws: &Workspace, file: usize) -> Vec<Fold> {
    let Some(f) = ws.files.get(file) else {
        return Vec::new();
    };
    let text = f.text.as_deref().unwrap_or("");
    let lines = LineIndex::new(text);
    let mut out = Vec::new();
    for doc in &f.parsed.documents {
        if let Some(root) = doc.root {
            collect(doc, text, &lines, root, &mut out, 0);
        }
    }
    // Runs of two or more comment lines.
    let mut run: Option<(usize, usize)> = None;
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with('#') {
            run = Some(run.map_or((i, i), |(s, _)| (s, i)));
        } else if let Some((s, e)) = run.take() {
            if e > s {
                out.push(Fold {
                    start_line: s,
                    end_line: e,
                    kind: FoldKind::Comment,
                });
            }
        }
    }
    if let Some((s, e)) = run {
        if e > s {
            out.push(Fold {
                start_line: s,
                end_line: e,
                kind: FoldKind::Comment,
            });
        }
    }
    out.sort_by_key(|f| (f.start_line, f.end_line));
    out.dedup_by_key(|f| (f.start_line, f.end_line));
    out
}

/// The line of the last character before `end` that is not white space.
fn last_line(text: &str, lines: &LineIndex, start: usize, end: usize) -> usize {
    let end = end.min(text.len());
    let trimmed = text.get(start..end).map_or(0, |s| s.trim_end().len());
    lines.line_of(start + trimmed.saturating_sub(1))
}

fn push(text: &str, lines: &LineIndex, start: usize, end: usize, out: &mut Vec<Fold>) {
    if end <= start {
        return;
    }
    let (s, e) = (lines.line_of(start), last_line(text, lines, start, end));
    if e > s {
        out.push(Fold {
            start_line: s,
            end_line: e,
            kind: FoldKind::Region,
        });
    }
}

fn collect(
    doc: &Document,
    text: &str,
    lines: &LineIndex,
    node: NodeId,
    out: &mut Vec<Fold>,
    depth: usize,
) {
    // Trees are never deeper (`crate::limits`); a guard for trees built otherwise.
    if depth > crate::limits::MAX_NESTING {
        return;
    }
    match &doc.node(node).kind {
        NodeKind::Mapping(entries) => {
            for e in entries {
                let key = doc.node(e.key).span;
                let value = doc.node(e.value).span;
                push(text, lines, key.start, value.end, out);
                collect(doc, text, lines, e.value, out, depth + 1);
            }
        }
        NodeKind::Sequence(items) => {
            for item in items {
                let span = doc.node(*item).span;
                if !matches!(doc.node(*item).kind, NodeKind::Scalar(_)) {
                    push(text, lines, span.start, span.end, out);
                }
                collect(doc, text, lines, *item, out, depth + 1);
            }
        }
        _ => {}
    }
}
