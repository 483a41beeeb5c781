//! Structural problems the YAML parser itself accepts but the platform's decoder does not:
//! tabs in indentation, duplicate and non-string keys, bad merge keys (alias bombs: `budget.rs`).

use super::tree::{Document, NodeId, NodeKind};
use super::LazyLines;
use crate::catalog as rules;
use crate::catalog::syntax::{duplicate_key, invalid_merge_key, non_string_key, tab_indentation};
use crate::diagnostic::Diagnostic;
use crate::text::Span;
use std::collections::HashMap;
use std::sync::Arc;

/// Tabs in the leading whitespace of a line that is not inside a scalar's text.
pub fn tab_indentation(file: &Arc<str>, text: &str, docs: &[Document]) -> Vec<Diagnostic> {
    if !text.contains('\t') {
        return Vec::new();
    }
    let mut scalar_spans: Vec<Span> = docs
        .iter()
        .flat_map(|d| d.nodes.iter())
        .filter(|n| matches!(n.kind, NodeKind::Scalar(_)))
        .map(|n| n.span)
        .collect();
    scalar_spans.sort_unstable();
    let inside_scalar = |offset: usize| {
        let i = scalar_spans.partition_point(|s| s.start <= offset);
        scalar_spans[..i]
            .iter()
            .rev()
            .take(64)
            .any(|s| s.contains(offset))
    };
    let mut out = Vec::new();
    let mut line_start = 0;
    // Indentation of a line that opened a block scalar (`key: |`): deeper lines are its text.
    // Tracked from the text too, because after a parse error the tree does not cover them.
    let mut block_owner: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let indent_len = line.len() - line.trim_start_matches([' ', '\t']).len();
        let indent = &line[..indent_len];
        let rest = line[indent_len..].trim_end_matches(['\r', '\n']);
        let spaces = line.len() - line.trim_start_matches(' ').len();
        if let Some(owner) = block_owner {
            if !rest.is_empty() && spaces <= owner {
                block_owner = None;
            }
        }
        let in_block_text = block_owner.is_some();
        if !in_block_text && opens_block_scalar(rest) {
            block_owner = Some(spaces);
        }
        if let Some(tab) = indent.find('\t') {
            let offset = line_start + tab;
            if !rest.is_empty()
                && !rest.starts_with('#')
                && !in_block_text
                && !inside_scalar(offset)
            {
                let span = Span::new(offset, line_start + indent_len);
                let spaces = indent[..tab].len();
                out.push(
                    Diagnostic::new(
                        &rules::TAB_INDENTATION,
                        file,
                        span,
                        tab_indentation::MESSAGE.into(),
                    )
                    .with_help(tab_indentation::help(spaces)),
                );
            }
        }
        line_start += line.len();
    }
    out
}

/// Whether a line ends with a block scalar indicator (`|`, `>-`, `|+2` ...), comments aside.
fn opens_block_scalar(line: &str) -> bool {
    let code = match line.find(" #") {
        Some(i) => &line[..i],
        None => line,
    };
    let last = code.trim_end().rsplit([' ', '\t']).next().unwrap_or("");
    let mut chars = last.chars();
    matches!(chars.next(), Some('|' | '>')) && chars.all(|c| matches!(c, '-' | '+' | '1'..='9'))
}

/// Duplicate keys, non-string keys and invalid merge keys of one document.
/// Returns whether the document's data is its tree as written
/// ([`Document::data_as_written`]): none of those, and no alias or collection key either.
pub fn structure(
    file: &Arc<str>,
    text: &str,
    lines: &LazyLines<'_>,
    doc: &Document,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let mut as_written = true;
    for node in &doc.nodes {
        match &node.kind {
            NodeKind::Mapping(entries) => {
                as_written &= !duplicate_keys(file, text, lines, doc, entries, out);
                for e in entries {
                    key_type(file, doc, e.key, out);
                    if doc.is_merge_key(e.key) {
                        as_written = false;
                        merge_value(file, doc, e.key, e.value, out);
                    } else if !matches!(doc.node(e.key).kind, NodeKind::Scalar(_)) {
                        as_written = false;
                    }
                }
            }
            NodeKind::Alias { .. } => as_written = false,
            NodeKind::Scalar(_) | NodeKind::Sequence(_) => {}
        }
    }
    as_written
}

/// Up to this many entries, duplicates are found by comparing each key with those before it.
const SMALL_MAPPING: usize = 16;

/// Reports the duplicate keys of one mapping; returns whether it has any.
fn duplicate_keys(
    file: &Arc<str>,
    text: &str,
    lines: &LazyLines<'_>,
    doc: &Document,
    entries: &[super::tree::Entry],
    out: &mut Vec<Diagnostic>,
) -> bool {
    if entries.len() < 2 {
        return false;
    }
    let mut found = false;
    // Most mappings are small: comparing with the keys before is cheaper than hashing.
    let small = entries.len() <= SMALL_MAPPING;
    // foldhash: keys are short, and SipHash's resistance buys nothing for one file's keys
    // (its seed is still random per process).
    let hasher = foldhash::fast::RandomState::default();
    let mut seen: HashMap<&str, NodeId, _> = if small {
        HashMap::with_hasher(hasher)
    } else {
        HashMap::with_capacity_and_hasher(entries.len(), hasher)
    };
    for (i, e) in entries.iter().enumerate() {
        let NodeKind::Scalar(s) = &doc.node(e.key).kind else {
            continue;
        };
        let earlier = if small {
            entries[..i]
                .iter()
                .map(|p| p.key)
                .find(|&k| matches!(&doc.node(k).kind, NodeKind::Scalar(p) if p.text == s.text))
        } else {
            seen.get(s.text.as_str()).copied()
        };
        if let Some(first) = earlier {
            found = true;
            let first_span = doc.node(first).span;
            let line = lines
                .get()
                .position(text, first_span.start, crate::text::ColumnUnit::Char)
                .line
                + 1;
            out.push(
                Diagnostic::new(
                    &rules::DUPLICATE_KEY,
                    file,
                    doc.node(e.key).span,
                    duplicate_key::message(&s.text, line),
                )
                .with_help(duplicate_key::HELP)
                .with_related(file, first_span, duplicate_key::FIRST),
            );
        } else if !small {
            seen.insert(s.text.as_str(), e.key);
        }
    }
    found
}

fn key_type(file: &Arc<str>, doc: &Document, key: NodeId, out: &mut Vec<Diagnostic>) {
    // yaml.v3 turns a scalar key (`80`, `true`, `~`, empty) into its text wherever the
    // platform decodes a string-keyed map or a struct, and the oracle accepts such files;
    // only a collection key fails to decode ("invalid map key").
    let node = doc.node(key);
    let what = match &doc.node(doc.resolve(key)).kind {
        NodeKind::Mapping(_) => "a mapping",
        NodeKind::Sequence(_) => "a list",
        NodeKind::Scalar(_) | NodeKind::Alias { .. } => return,
    };
    let (message, help) = non_string_key::message_and_help(what);
    let span = if node.span.is_empty() {
        Span::new(node.span.start, node.span.start)
    } else {
        node.span
    };
    out.push(Diagnostic::new(&rules::NON_STRING_KEY, file, span, message).with_help(help));
}

fn merge_value(
    file: &Arc<str>,
    doc: &Document,
    key: NodeId,
    value: NodeId,
    out: &mut Vec<Diagnostic>,
) {
    let resolved = doc.resolve(value);
    let ok = match &doc.node(resolved).kind {
        NodeKind::Mapping(_) => true,
        NodeKind::Sequence(items) => items.iter().all(|i| doc.is_mapping(*i)),
        // An alias to an undefined anchor is reported by the parser already.
        NodeKind::Alias { target: None, .. } => true,
        _ => false,
    };
    if !ok {
        out.push(
            Diagnostic::new(
                &rules::INVALID_MERGE_KEY,
                file,
                doc.node(value).span,
                invalid_merge_key::MESSAGE.into(),
            )
            .with_help(invalid_merge_key::HELP)
            .with_related(file, doc.node(key).span, invalid_merge_key::KEY),
        );
    }
}
