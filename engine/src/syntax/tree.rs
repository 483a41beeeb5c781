//! The YAML syntax tree: documents of nodes in an arena, every node with its byte span.

use crate::text::Span;
use compact_str::CompactString;

/// Index of a node in its document's arena.
pub type NodeId = usize;

/// How a scalar was written; decides whether it may resolve to a non-string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// What a scalar means under the YAML 1.2 core schema (what Go's yaml.v3 decodes).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ScalarValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    /// The scalar's content after unquoting and folding. Short texts (nearly all keys and
    /// values) are stored inline: a large workspace keeps every tree, and a heap block per
    /// scalar was the largest part of its memory.
    pub text: CompactString,
    pub style: ScalarStyle,
    pub value: ScalarValue,
}

impl Scalar {
    /// Whether the platform's decoder, reading this scalar into an `interface{}` (a value of
    /// a step's `config`, say), gets a Go string: text, and not a plain scalar yaml.v3 reads
    /// as a timestamp (which becomes a `time.Time` there).
    pub fn decodes_to_go_string(&self) -> bool {
        self.value == ScalarValue::String
            && !(self.style == ScalarStyle::Plain && super::timestamp::is_timestamp(&self.text))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: NodeId,
    pub value: NodeId,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Scalar(Scalar),
    Mapping(Vec<Entry>),
    Sequence(Vec<NodeId>),
    /// `*name`; `target` is the anchored node when it is defined earlier in the document.
    Alias {
        name: String,
        target: Option<NodeId>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub span: Span,
    pub kind: NodeKind,
    /// `&name` on this node, with the span of the anchor text. Boxed, like `tag`: few nodes
    /// have one, and every node of every workspace file is kept (8 bytes instead of 40).
    pub anchor: Option<Box<(String, Span)>>,
    /// An explicit tag such as `!!str`, as `handle` + `suffix`.
    pub tag: Option<Box<str>>,
}

/// A value this checker does not follow (see `crate::limits`): it is reported where the
/// budget was crossed, and everything else of the document is checked without it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opaque {
    /// A collection nested deeper than [`MAX_NESTING`](crate::limits::MAX_NESTING): kept,
    /// with its span, as an empty mapping or list; its content is dropped.
    TooDeep,
    /// An alias left without a target because expanding it would exceed a budget (nesting,
    /// or what aliases may add to the document). `stands_for` is the anchored node it names,
    /// which is not followed here; `None` when that node was itself dropped (inside a
    /// too-deep collection) and its type is unknown.
    Alias { stands_for: Option<NodeId> },
}

/// One YAML document of a file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    /// Position of the document in its file, from 0.
    pub index: usize,
    pub nodes: Vec<Node>,
    pub root: Option<NodeId>,
    /// From the document start (or its `---`) to its last content.
    pub span: Span,
    /// Whether the parser stopped inside this document: its tree is partial.
    pub incomplete: bool,
    /// Whether the document's data is its tree as written: no aliases, merge keys, duplicate
    /// keys or collection keys, so that the decoder would see each mapping entry once, in place.
    /// Schema validation then reads the tree itself instead of a converted copy. Set by
    /// [`super::parse`]; `false` (convert first) everywhere else.
    pub data_as_written: bool,
    /// The values not followed because of a budget, by node id (ascending); usually empty.
    pub opaque: Vec<(NodeId, Opaque)>,
}

impl Document {
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id]
    }

    /// Whether node `id` (or the node an alias there stands for) is a value this checker does
    /// not follow, and how.
    pub fn opaque(&self, id: NodeId) -> Option<Opaque> {
        if self.opaque.is_empty() {
            return None;
        }
        let find = |id: NodeId| {
            self.opaque
                .binary_search_by_key(&id, |&(n, _)| n)
                .ok()
                .map(|i| self.opaque[i].1)
        };
        find(id).or_else(|| find(self.resolve(id)))
    }

    /// Follows aliases to the node they stand for (at most a few hops; anchors cannot loop:
    /// an alias only sees anchors defined before it, and one inside its own anchored
    /// collection is left without a target by the builder).
    pub fn resolve(&self, mut id: NodeId) -> NodeId {
        for _ in 0..64 {
            match &self.nodes[id].kind {
                NodeKind::Alias {
                    target: Some(target),
                    ..
                } => id = *target,
                _ => return id,
            }
        }
        id
    }

    pub fn entries(&self, id: NodeId) -> &[Entry] {
        match &self.nodes[self.resolve(id)].kind {
            NodeKind::Mapping(entries) => entries,
            _ => &[],
        }
    }

    pub fn items(&self, id: NodeId) -> &[NodeId] {
        match &self.nodes[self.resolve(id)].kind {
            NodeKind::Sequence(items) => items,
            _ => &[],
        }
    }

    pub fn scalar(&self, id: NodeId) -> Option<&Scalar> {
        match &self.nodes[self.resolve(id)].kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a scalar that resolves to a string, or of any scalar for keys.
    pub fn str_value(&self, id: NodeId) -> Option<&str> {
        self.scalar(id).map(|s| s.text.as_str())
    }

    pub fn is_mapping(&self, id: NodeId) -> bool {
        matches!(self.nodes[self.resolve(id)].kind, NodeKind::Mapping(_))
    }

    pub fn is_sequence(&self, id: NodeId) -> bool {
        matches!(self.nodes[self.resolve(id)].kind, NodeKind::Sequence(_))
    }

    /// The entry of mapping `id` whose key is `key`, looking through merge keys (`<<`) the
    /// way the decoder does: explicit keys first, then merged mappings in order.
    pub fn get_entry(&self, id: NodeId, key: &str) -> Option<Entry> {
        let entries = self.entries(id);
        // One pass over the explicit keys; the merged mappings only when there are any.
        let mut merges = false;
        for e in entries {
            // A key's node read once: nearly every key is a scalar written in place (an
            // alias key is followed by `key_text`).
            let text = match &self.nodes[e.key].kind {
                NodeKind::Scalar(s) if s.style == ScalarStyle::Plain && s.text == "<<" => {
                    merges = true;
                    continue;
                }
                NodeKind::Scalar(s) => Some(s.text.as_str()),
                _ => self.key_text(e.key),
            };
            if text == Some(key) {
                return Some(*e);
            }
        }
        if !merges {
            return None;
        }
        for e in entries.iter().filter(|e| self.is_merge_key(e.key)) {
            for source in self.merge_sources(e.value) {
                if let Some(found) = self.get_entry(source, key) {
                    return Some(found);
                }
            }
        }
        None
    }

    pub fn get(&self, id: NodeId, key: &str) -> Option<NodeId> {
        self.get_entry(id, key).map(|e| e.value)
    }

    /// The text of a key (any scalar key; `None` for collection keys).
    pub fn key_text(&self, id: NodeId) -> Option<&str> {
        self.scalar(id).map(|s| s.text.as_str())
    }

    /// Whether `id` is the YAML merge key `<<` (plain, not quoted).
    pub fn is_merge_key(&self, id: NodeId) -> bool {
        matches!(&self.nodes[id].kind, NodeKind::Scalar(s) if s.style == ScalarStyle::Plain && s.text == "<<")
    }

    /// Mappings that a merge key's value brings in: a mapping, or a list of mappings.
    pub fn merge_sources(&self, value: NodeId) -> Vec<NodeId> {
        let value = self.resolve(value);
        match &self.nodes[value].kind {
            NodeKind::Mapping(_) => vec![value],
            NodeKind::Sequence(items) => items
                .iter()
                .map(|i| self.resolve(*i))
                .filter(|i| self.is_mapping(*i))
                .collect(),
            _ => Vec::new(),
        }
    }
}
