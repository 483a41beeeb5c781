//! From a JSON pointer of the validator back to the YAML node (and its key) it names.

use crate::syntax::{Document, NodeId, NodeKind};
use crate::text::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Located {
    /// The value at the pointer (or the deepest node reached).
    pub node: NodeId,
    /// The key whose value it is, when the value sits in a mapping.
    pub key: Option<NodeId>,
}

/// Segments of a JSON pointer (`/a/b~1c/0`), unescaped.
pub fn segments(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

pub fn locate(doc: &Document, root: NodeId, pointer: &str) -> Located {
    let mut here = Located {
        node: root,
        key: None,
    };
    for seg in segments(pointer) {
        let node = doc.resolve(here.node);
        let next = match &doc.node(node).kind {
            NodeKind::Mapping(_) => doc.get_entry(node, &seg).map(|e| Located {
                node: e.value,
                key: Some(e.key),
            }),
            NodeKind::Sequence(items) => seg
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get(i))
                .map(|&n| Located { node: n, key: None }),
            _ => None,
        };
        match next {
            Some(n) => here = n,
            None => break,
        }
    }
    here
}

/// A human path such as `containers.main.variables` for messages.
pub fn display_path(pointer: &str) -> String {
    let segs = segments(pointer);
    if segs.is_empty() {
        return "the top level of the document".to_string();
    }
    let mut out = String::new();
    for s in segs {
        let plain = !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if s.parse::<usize>().is_ok() {
            out.push_str(&format!("[{s}]"));
        } else if !plain {
            out.push_str(&format!("[\"{s}\"]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&s);
        }
    }
    format!("`{out}`")
}

/// Where to point when the problem is about a whole mapping (a missing key): its key, or
/// for list items and the root, the first line of the node.
pub fn place_of(doc: &Document, at: Located) -> Span {
    if let Some(key) = at.key {
        return doc.node(key).span;
    }
    let node = doc.node(at.node);
    if let NodeKind::Mapping(entries) = &node.kind {
        if let Some(first) = entries.first() {
            return doc.node(first.key).span;
        }
    }
    let end = node.span.start + first_line_len(doc, node.span);
    Span::new(node.span.start, end)
}

fn first_line_len(_doc: &Document, span: Span) -> usize {
    // Without the text we cannot look for the line end; underline one character at most.
    span.len().min(1)
}
