//! The Score spec strings where placeholders are expanded (SCORE.md §3.3): container
//! `variables` values, `files.*.content` (unless `noExpand: true`), `volumes.*.source`, and
//! every string inside resource `params`.

use crate::syntax::{Document, NodeId, NodeKind, ScalarValue};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Variable,
    FileContent,
    VolumeSource,
    ResourceParam,
}

pub struct Expanded {
    pub node: NodeId,
    pub place: Place,
    /// For messages: `containers.api.variables.DB_HOST`.
    pub path: String,
}

/// The items of a map-or-list collection (`files`, `volumes`), with a label each.
fn collection(doc: &Document, node: Option<NodeId>) -> Vec<(String, NodeId)> {
    let Some(node) = node else {
        return Vec::new();
    };
    let node = doc.resolve(node);
    match &doc.node(node).kind {
        NodeKind::Mapping(entries) => entries
            .iter()
            .filter(|e| !doc.is_merge_key(e.key))
            .map(|e| (doc.key_text(e.key).unwrap_or("?").to_string(), e.value))
            .collect(),
        NodeKind::Sequence(items) => items
            .iter()
            .enumerate()
            .map(|(i, n)| (format!("[{i}]"), *n))
            .collect(),
        _ => Vec::new(),
    }
}

fn join(parent: &str, label: &str) -> String {
    if label.starts_with('[') {
        format!("{parent}{label}")
    } else {
        format!("{parent}.{label}")
    }
}

fn strings_under(
    doc: &Document,
    node: NodeId,
    path: String,
    out: &mut Vec<Expanded>,
    depth: usize,
) {
    if depth > 32 {
        return;
    }
    let node = doc.resolve(node);
    match &doc.node(node).kind {
        NodeKind::Scalar(s) if s.value == ScalarValue::String => out.push(Expanded {
            node,
            place: Place::ResourceParam,
            path,
        }),
        NodeKind::Mapping(_) | NodeKind::Sequence(_) => {
            for (label, child) in collection(doc, Some(node)) {
                strings_under(doc, child, join(&path, &label), out, depth + 1);
            }
        }
        _ => {}
    }
}

/// Every string of a Score document where placeholders are expanded.
/// The expanded strings of the document under check, collected once for all placeholder
/// rules.
pub fn expanded(cx: &crate::lint::LintContext<'_>) -> std::rc::Rc<AllExpanded> {
    cx.cached(|cx| AllExpanded(expanded_strings(cx.doc)))
}

pub struct AllExpanded(Vec<Expanded>);

impl std::ops::Deref for AllExpanded {
    type Target = Vec<Expanded>;
    fn deref(&self) -> &Vec<Expanded> {
        &self.0
    }
}

pub fn expanded_strings(doc: &Document) -> Vec<Expanded> {
    let mut out = Vec::new();
    let Some(root) = doc.root.filter(|r| doc.is_mapping(*r)) else {
        return out;
    };
    for (name, c) in collection(doc, doc.get(root, "containers")) {
        let base = format!("containers.{name}");
        for (var, value) in collection(doc, doc.get(c, "variables")) {
            if doc.scalar(value).is_some() {
                out.push(Expanded {
                    node: doc.resolve(value),
                    place: Place::Variable,
                    path: join(&join(&base, "variables"), &var),
                });
            }
        }
        for (label, file) in collection(doc, doc.get(c, "files")) {
            let no_expand = doc
                .get(file, "noExpand")
                .and_then(|n| doc.scalar(n))
                .is_some_and(|s| s.value == ScalarValue::Bool(true));
            if no_expand {
                continue;
            }
            if let Some(content) = doc
                .get(file, "content")
                .filter(|n| doc.scalar(*n).is_some())
            {
                out.push(Expanded {
                    node: doc.resolve(content),
                    place: Place::FileContent,
                    path: join(&join(&join(&base, "files"), &label), "content"),
                });
            }
        }
        for (label, volume) in collection(doc, doc.get(c, "volumes")) {
            if let Some(source) = doc
                .get(volume, "source")
                .filter(|n| doc.scalar(*n).is_some())
            {
                out.push(Expanded {
                    node: doc.resolve(source),
                    place: Place::VolumeSource,
                    path: join(&join(&join(&base, "volumes"), &label), "source"),
                });
            }
        }
    }
    for (name, r) in collection(doc, doc.get(root, "resources")) {
        if let Some(params) = doc.get(r, "params") {
            strings_under(doc, params, format!("resources.{name}.params"), &mut out, 0);
        }
    }
    out
}
