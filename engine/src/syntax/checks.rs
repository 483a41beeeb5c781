//! Structural problems the YAML parser itself accepts but the platform's decoder does not:
//! tabs in indentation, duplicate and non-string keys, bad merge keys (alias bombs: `budget.rs`).

use super::tree::{Document, NodeId, NodeKind, ScalarStyle};
use super::LazyLines;
use crate::catalog as rules;
use crate::catalog::syntax::{duplicate_key, invalid_merge_key, non_string_key, tab_indentation};
use crate::diagnostic::Diagnostic;
use crate::text::Span;
use std::collections::HashMap;
use std::sync::Arc;

/// Tabs in the leading whitespace of a line that is not inside a scalar's text.
pub fn tab_indentation(file: &Arc<str>, text: &str, docs: &[Document]) -> Vec<Diagnostic> {
    // memchr reads the text a vector at a time (`str::contains` a word at a time): most
    // texts have no tab, and this is all they cost here.
    if memchr::memchr(b'\t', text.as_bytes()).is_none() {
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
                    // Each key's node is read once: nearly every key is a plain word.
                    match &doc.node(e.key).kind {
                        NodeKind::Scalar(s) => {
                            if s.style == ScalarStyle::Plain && s.text == "<<" {
                                as_written = false;
                                merge_value(file, doc, e.key, e.value, out);
                            }
                        }
                        NodeKind::Mapping(_) | NodeKind::Sequence(_) | NodeKind::Alias { .. } => {
                            key_type(file, doc, e.key, out);
                            as_written = false;
                        }
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
    let pairs = if entries.len() > SMALL_MAPPING {
        duplicates_hashed(doc, entries)
    } else {
        duplicates_small(doc, entries)
    };
    report_duplicates(file, text, lines, doc, &pairs, out)
}

/// The duplicate keys of a small mapping, each with the first key of the same text.
/// Each key is compared with those before it, by a word made of its length and end bytes,
/// and in full only when the words are equal (nearly always a real duplicate): cheaper than
/// hashing, and than comparing the texts themselves.
fn duplicates_small(doc: &Document, entries: &[super::tree::Entry]) -> Vec<(NodeId, NodeId)> {
    let mut words = [u64::MAX; SMALL_MAPPING];
    let mut pairs = Vec::new();
    for (i, e) in entries.iter().enumerate().take(SMALL_MAPPING) {
        let Some(key) = written_key(doc, e.key) else {
            continue;
        };
        let word = key_word(key);
        let earlier = words[..i]
            .iter()
            .zip(entries)
            .find(|&(&w, p)| w == word && written_key(doc, p.key) == Some(key))
            .map(|(_, p)| p.key);
        words[i] = word;
        if let Some(first) = earlier {
            pairs.push((first, e.key));
        }
    }
    pairs
}

/// A key's length, first and last bytes in one word; never `u64::MAX` (which marks the
/// collection keys in `duplicates_small`, equal to no scalar key).
fn key_word(key: &str) -> u64 {
    let b = key.as_bytes();
    match (b.first(), b.last()) {
        (Some(&first), Some(&last)) => {
            ((b.len() as u64) << 16) | (u64::from(first) << 8) | u64::from(last)
        }
        _ => 0,
    }
}

/// [`duplicates_small`] for a mapping of any size: the keys seen so far in a hash map.
fn duplicates_hashed(doc: &Document, entries: &[super::tree::Entry]) -> Vec<(NodeId, NodeId)> {
    // foldhash: keys are short, and SipHash's resistance buys nothing for one file's keys
    // (its seed is still random per process).
    let hasher = foldhash::fast::RandomState::default();
    let mut seen: HashMap<&str, NodeId, _> =
        HashMap::with_capacity_and_hasher(entries.len(), hasher);
    let mut pairs = Vec::new();
    for e in entries {
        let Some(key) = written_key(doc, e.key) else {
            continue;
        };
        match seen.get(key) {
            Some(&first) => pairs.push((first, e.key)),
            None => {
                seen.insert(key, e.key);
            }
        }
    }
    pairs
}

/// The text of a key written as a scalar; an alias key is not followed (duplicate keys are
/// found among the keys as written).
fn written_key(doc: &Document, key: NodeId) -> Option<&str> {
    match &doc.node(key).kind {
        NodeKind::Scalar(s) => Some(s.text.as_str()),
        _ => None,
    }
}

/// One finding per duplicate key (`(first, again)` pairs); whether there was any.
fn report_duplicates(
    file: &Arc<str>,
    text: &str,
    lines: &LazyLines<'_>,
    doc: &Document,
    pairs: &[(NodeId, NodeId)],
    out: &mut Vec<Diagnostic>,
) -> bool {
    for &(first, again) in pairs {
        let first_span = doc.node(first).span;
        let line = lines
            .get()
            .position(text, first_span.start, crate::text::ColumnUnit::Char)
            .line
            + 1;
        let key = written_key(doc, again).unwrap_or_default();
        out.push(
            Diagnostic::new(
                &rules::DUPLICATE_KEY,
                file,
                doc.node(again).span,
                duplicate_key::message(key, line),
            )
            .with_help(duplicate_key::HELP)
            .with_related(file, first_span, duplicate_key::FIRST),
        );
    }
    !pairs.is_empty()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::builder::build;

    /// The small mappings' comparison by words against the hash map of the large ones: keys
    /// that share a length and first bytes, quoted and plain spellings, collection keys and
    /// long keys, in mappings of every size up to the limit.
    #[test]
    fn small_mappings_find_the_same_duplicates_as_the_hash_map() {
        let keys = [
            "abcdefX",
            "abcdefY",
            "abcdefX",
            "\"abcdefY\"",
            "aXz",
            "aYz",
            "aXz",
            "a",
            "b",
            "a",
            "? [x]",
            "? [x]",
            "''",
            "\"\"",
            "name",
            "nam",
            "names",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1",
        ];
        let file: Arc<str> = Arc::from("t.yaml");
        let mut compared = 0;
        for start in 0..keys.len() {
            for len in 2..=SMALL_MAPPING.min(keys.len() - start) {
                let text: String = keys[start..start + len]
                    .iter()
                    .map(|k| format!("{k}: 1\n"))
                    .collect();
                let built = build(&text);
                let doc = &built.documents[0];
                let root = doc.root.expect("a mapping");
                let entries = doc.entries(root);
                assert_eq!(entries.len(), len, "{text}");
                let lines = LazyLines::new(&text);
                let (mut small, mut hashed) = (Vec::new(), Vec::new());
                let found = duplicate_keys(&file, &text, &lines, doc, entries, &mut small);
                let pairs = duplicates_hashed(doc, entries);
                let found_hashed =
                    report_duplicates(&file, &text, &lines, doc, &pairs, &mut hashed);
                assert_eq!(found, found_hashed, "{text}");
                assert_eq!(format!("{small:?}"), format!("{hashed:?}"), "{text}");
                compared += usize::from(found);
            }
        }
        assert!(compared > 20, "only {compared} mappings with duplicates");
    }
}
