//! Builds our syntax tree from saphyr-parser's events, converting its character indices to
//! byte offsets. On a syntax error the tree built so far is kept (marked incomplete) so that
//! completion and outline still work on half-typed files.

use super::scalar::resolve_plain;
use super::tree::{
    Document, Entry, Node, NodeId, NodeKind, Opaque, Scalar, ScalarStyle, ScalarValue,
};
use crate::limits::MAX_NESTING;
use crate::text::Span;
use compact_str::CompactString;

/// The longest text a `CompactString` keeps without a heap block.
const INLINE: usize = std::mem::size_of::<String>();
use saphyr_parser::{Event, Parser, ScalarStyle as SaphyrStyle};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// A parse failure: where the parser gave up and its own description.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseFailure {
    pub offset: usize,
    pub message: String,
    /// Collections still open when the parser stopped, outermost first.
    pub open: Vec<OpenCollection>,
}

/// A mapping or sequence the parser was inside when it stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpenCollection {
    pub start: usize,
    pub mapping: bool,
    /// `{...}` or `[...]` rather than indentation-based.
    pub flow: bool,
}

#[derive(Debug)]
pub struct BuiltStream {
    pub documents: Vec<Document>,
    pub failure: Option<ParseFailure>,
    /// Aliases used inside the collection their anchor marks (`a: &x {b: *x}`): such a node
    /// would contain itself, so the alias is left without a target. Span of the alias and
    /// span of the anchor's node.
    pub self_aliases: Vec<(Span, Span)>,
}

enum Frame {
    Mapping {
        id: NodeId,
        /// Where this mapping's entries begin in `Builder::entries`.
        start: usize,
        pending_key: Option<NodeId>,
    },
    Sequence {
        id: NodeId,
        /// Where this sequence's items begin in `Builder::items`.
        start: usize,
    },
}

/// A collection that opens past [`MAX_NESTING`]: kept as an empty node, its content dropped
/// (so the tree is never deeper than the limit, and no walk over it can be either).
struct TooDeep {
    /// The kept node.
    id: NodeId,
    /// Collections open inside it, itself included.
    open: usize,
    /// Where its content ends, so far.
    end: usize,
}

struct Builder<'a> {
    text: &'a str,
    /// Byte offset of every character index; `None` when the text is ASCII (identity).
    char_offsets: Option<Vec<usize>>,
    documents: Vec<Document>,
    doc: Option<Document>,
    stack: Vec<Frame>,
    /// The entries and items of the open collections, innermost last (see `Frame`).
    entries: Vec<Entry>,
    items: Vec<NodeId>,
    anchors: HashMap<usize, NodeId>,
    /// End of the previous event, to find the `&anchor` text that precedes a node.
    last_end: usize,
    self_aliases: Vec<(Span, Span)>,
    /// Room to reserve for the first document's nodes: about two per line (a key and its
    /// value). Growing a large arena by doubling copied it a dozen times; what is reserved
    /// but unused is given back when the document is finished.
    nodes_hint: usize,
    /// The collection being dropped for nesting too deep, while its events arrive.
    too_deep: Option<TooDeep>,
    /// Anchors defined inside dropped collections: an alias to one stands for a value this
    /// tree does not have.
    dropped_anchors: HashSet<usize>,
}

pub fn build(text: &str) -> BuiltStream {
    build_fast(text).unwrap_or_else(|| build_with_saphyr(text))
}

/// The tree from the fast path, or `None` when the text is outside what it knows.
pub fn build_fast(text: &str) -> Option<BuiltStream> {
    let mut b = Builder::new(text);
    super::fast::events(text, &mut b).ok()?;
    Some(BuiltStream {
        documents: b.documents,
        failure: None,
        self_aliases: b.self_aliases,
    })
}

/// The tree from saphyr-parser, which knows all of YAML and reports its errors.
///
/// saphyr counts open flow collections in a byte and stops with "recursion limit exceeded"
/// at the 256th `[` or `{`, which would leave the whole document incomplete (unchecked) for a
/// value nested far deeper than the builder keeps anyway (`MAX_NESTING`). When that happens,
/// the collection that bracket opens is replaced by `~` and blanks (line breaks kept, so every
/// offset stays where it was) and the text parsed again; its place is inside a collection the
/// builder drops and reports, so nothing checked changes. A few rounds cover several values.
pub fn build_with_saphyr(text: &str) -> BuiltStream {
    let mut text = Cow::Borrowed(text);
    for _ in 0..MAX_BLANKING_ROUNDS {
        let built = saphyr_pass(&text);
        let too_many_brackets = built.failure.as_ref().and_then(|f| {
            let bracket = matches!(text.as_bytes().get(f.offset), Some(b'[' | b'{'));
            (bracket && f.message.contains("recursion limit exceeded")).then_some(f.offset)
        });
        match too_many_brackets.and_then(|start| flow_end(&text, start).map(|end| (start, end))) {
            Some((start, end)) => text = Cow::Owned(blank_out(&text, start, end + 1)),
            None => return built,
        }
    }
    saphyr_pass(&text)
}

/// How many values [`build_with_saphyr`] blanks out before it lets saphyr's complaint stand.
const MAX_BLANKING_ROUNDS: usize = 16;

fn saphyr_pass(text: &str) -> BuiltStream {
    let mut b = Builder::new(text);
    let mut failure = None;
    for item in Parser::new_from_str(text) {
        match item {
            Ok((event, span)) => {
                let span = Span::new(b.byte(span.start.index()), b.byte(span.end.index()));
                b.on_event(event, span);
            }
            Err(err) => {
                failure = Some(ParseFailure {
                    offset: b.byte(err.marker().index()),
                    message: err.info().to_string(),
                    open: b.open_collections(),
                });
                b.abandon();
                break;
            }
        }
    }
    BuiltStream {
        documents: b.documents,
        failure,
        self_aliases: b.self_aliases,
    }
}

/// The offset of the bracket that closes the flow collection opening at `start`, reading flow
/// YAML: quoted scalars (a quote only opens one where a node starts) and comments skipped.
fn flow_end(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = start;
    // The last byte that was not a blank: decides whether a quote starts a node.
    let mut prev = b'[';
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            b'"' | b'\'' if matches!(prev, b'[' | b'{' | b',' | b':' | b'?') => {
                i += 1;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' if c == b'"' => i += 1,
                        b'\'' if c == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
                        q if q == c => break,
                        _ => {}
                    }
                    i += 1;
                }
            }
            b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'\r') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            _ => {}
        }
        if !matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
            prev = c;
        }
        i += 1;
    }
    None
}

/// `text` with `start..end` replaced by `~` (a null) and spaces, line breaks kept.
fn blank_out(text: &str, start: usize, end: usize) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for b in &mut bytes[start..end] {
        if !matches!(*b, b'\n' | b'\r') {
            *b = b' ';
        }
    }
    bytes[start] = b'~';
    // Whole characters were replaced by ASCII spaces: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
}

/// A scalar node's kind; `value` is its content, `resolved` what it means.
#[inline]
fn scalar_kind(value: Cow<'_, str>, style: ScalarStyle, resolved: ScalarValue) -> NodeKind {
    NodeKind::Scalar(Scalar {
        // Copies a short text inline and frees the parser's block; a long one keeps its block.
        text: match value {
            Cow::Owned(owned) if owned.len() > INLINE => owned.into(),
            other => CompactString::from(other.as_ref()),
        },
        style,
        value: resolved,
    })
}

/// The fast path's events, taken straight into the tree: the same steps as [`Builder::on_event`]
/// for such text, without what it never holds (anchors, tags, aliases, collections past
/// [`MAX_NESTING`]).
impl<'t> super::fast::Sink<'t> for Builder<'t> {
    fn document_start(&mut self, span: Span) {
        self.start_document(span);
        self.last_end = self.last_end.max(span.end);
    }

    fn document_end(&mut self, span: Span) {
        self.finish_document(Some(span));
        self.last_end = self.last_end.max(span.end);
    }

    fn scalar(&mut self, text: Cow<'t, str>, style: ScalarStyle, span: Span) {
        let resolved = match style {
            ScalarStyle::Plain => resolve_plain(&text),
            _ => ScalarValue::String,
        };
        // The fast path already ends a quoted scalar at its closing quote (what
        // `quoted_span` finds in saphyr's span).
        let id = self.push_plain_node(span, scalar_kind(text, style, resolved));
        self.attach(id);
        self.last_end = self.last_end.max(span.end);
    }

    fn collection_start(&mut self, mapping: bool, span: Span) {
        let kind = match mapping {
            true => NodeKind::Mapping(Vec::new()),
            false => NodeKind::Sequence(Vec::new()),
        };
        let id = self.push_plain_node(span, kind);
        self.open_collection(id, mapping);
        self.last_end = self.last_end.max(span.end);
    }

    fn collection_end(&mut self, span: Span) {
        self.close_collection(span);
        self.last_end = self.last_end.max(span.end);
    }
}

// The fast path nests no deeper than this, so none of its collections is ever dropped
// (which the sink above does not handle).
const _: () = assert!(super::fast::MAX_DEPTH + 1 < MAX_NESTING);

impl<'a> Builder<'a> {
    fn new(text: &'a str) -> Self {
        let char_offsets = if text.is_ascii() {
            None
        } else {
            let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            offsets.push(text.len());
            Some(offsets)
        };
        Builder {
            text,
            char_offsets,
            documents: Vec::new(),
            doc: None,
            stack: Vec::new(),
            // Room for a typical file's open collections, so they rarely grow.
            entries: Vec::with_capacity(64),
            items: Vec::with_capacity(32),
            anchors: HashMap::new(),
            last_end: 0,
            self_aliases: Vec::new(),
            nodes_hint: 2 * (memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1),
            too_deep: None,
            dropped_anchors: HashSet::new(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.char_offsets {
            None => char_index.min(self.text.len()),
            Some(offsets) => offsets.get(char_index).copied().unwrap_or(self.text.len()),
        }
    }

    fn on_event(&mut self, event: Event<'_>, span: Span) {
        if self.too_deep.is_some() {
            self.on_dropped_event(event, span);
            return;
        }
        match event {
            Event::Nothing | Event::StreamStart | Event::StreamEnd => {}
            Event::DocumentStart(_) => self.start_document(span),
            Event::DocumentEnd => self.finish_document(Some(span)),
            Event::Alias(anchor_id) => {
                let name = self.text[span.start..span.end]
                    .trim_start_matches('*')
                    .to_string();
                if self.dropped_anchors.contains(&anchor_id) {
                    // It stands for a value inside a dropped collection.
                    let id = self.push_node(span, NodeKind::Alias { name, target: None }, 0, None);
                    if let Some(doc) = self.doc.as_mut() {
                        doc.opaque.push((id, Opaque::Alias { stands_for: None }));
                    }
                    self.attach(id);
                    self.last_end = self.last_end.max(span.end);
                    return;
                }
                let mut target = self.anchors.get(&anchor_id).copied();
                // The anchored collection is still open: the alias is inside it. Following
                // it would never end (every walk of the tree relies on targets coming
                // before and outside their aliases).
                if let Some(t) = target.filter(|&t| self.is_open(t)) {
                    let anchored = self.doc.as_ref().map_or(span, |d| {
                        d.nodes[t].anchor.as_ref().map_or(d.nodes[t].span, |a| a.1)
                    });
                    self.self_aliases.push((span, anchored));
                    target = None;
                }
                let id = self.push_node(span, NodeKind::Alias { name, target }, 0, None);
                self.attach(id);
            }
            Event::Scalar(value, style, anchor_id, tag) => {
                let style = match style {
                    SaphyrStyle::Plain => ScalarStyle::Plain,
                    SaphyrStyle::SingleQuoted => ScalarStyle::SingleQuoted,
                    SaphyrStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
                    SaphyrStyle::Literal => ScalarStyle::Literal,
                    SaphyrStyle::Folded => ScalarStyle::Folded,
                };
                let tag = tag.map(|t| format!("{}{}", t.handle, t.suffix));
                let typed = style == ScalarStyle::Plain || tag.is_some();
                let resolved = match tag.as_deref() {
                    Some(t) if t.ends_with(":str") || t == "!" => ScalarValue::String,
                    _ if typed => resolve_plain(&value),
                    _ => ScalarValue::String,
                };
                let span = match style {
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => self.quoted_span(span),
                    _ => span,
                };
                let id = self.push_node(span, scalar_kind(value, style, resolved), anchor_id, tag);
                self.attach(id);
            }
            Event::MappingStart(anchor_id, tag) => {
                let tag = tag.map(|t| format!("{}{}", t.handle, t.suffix));
                let id = self.push_node(span, NodeKind::Mapping(Vec::new()), anchor_id, tag);
                self.open_collection(id, true);
            }
            Event::SequenceStart(anchor_id, tag) => {
                let tag = tag.map(|t| format!("{}{}", t.handle, t.suffix));
                let id = self.push_node(span, NodeKind::Sequence(Vec::new()), anchor_id, tag);
                self.open_collection(id, false);
            }
            Event::MappingEnd | Event::SequenceEnd => self.close_collection(span),
        }
        if span.end > self.last_end {
            self.last_end = span.end;
        }
    }

    fn start_document(&mut self, span: Span) {
        self.finish_document(None);
        self.anchors.clear();
        self.dropped_anchors.clear();
        self.doc = Some(Document {
            index: self.documents.len(),
            span,
            nodes: Vec::with_capacity(std::mem::take(&mut self.nodes_hint)),
            ..Document::default()
        });
    }

    /// Collection `id` (just pushed) begins: its children follow, unless it opens past
    /// [`MAX_NESTING`] and is dropped.
    fn open_collection(&mut self, id: NodeId, mapping: bool) {
        if self.stack.len() >= MAX_NESTING {
            self.start_dropping(id);
        } else if mapping {
            self.stack.push(Frame::Mapping {
                id,
                start: self.entries.len(),
                pending_key: None,
            });
        } else {
            self.stack.push(Frame::Sequence {
                id,
                start: self.items.len(),
            });
        }
    }

    /// The innermost open collection ends; `span` is the event's.
    fn close_collection(&mut self, span: Span) {
        if let Some(frame) = self.stack.pop() {
            // saphyr's span of a closing `]` or `}` runs on over the blanks and the
            // comment after it; the collection ends at its bracket.
            // A block collection's end is not a bracket (saphyr may still give it a
            // span, starting at whatever character follows, multi-byte or not): it
            // ends at its last child.
            let closes_flow = matches!(self.text.as_bytes().get(span.start), Some(b']' | b'}'));
            let bracket = if span.is_empty() || !closes_flow {
                Span::at(span.start)
            } else {
                Span::new(span.start, span.start + 1)
            };
            let id = self.close(frame, Some(bracket));
            self.attach(id);
        }
    }

    /// Collection `id` opens past [`MAX_NESTING`]: it stays in the tree, empty, and what it
    /// holds is dropped as its events arrive ([`Self::on_dropped_event`]).
    fn start_dropping(&mut self, id: NodeId) {
        let Some(doc) = self.doc.as_mut() else {
            return;
        };
        doc.opaque.push((id, Opaque::TooDeep));
        self.too_deep = Some(TooDeep {
            id,
            open: 1,
            end: doc.nodes[id].span.end,
        });
    }

    /// An event inside a dropped collection: only where it ends, and its anchors, matter.
    fn on_dropped_event(&mut self, event: Event<'_>, span: Span) {
        let anchor = match &event {
            Event::Scalar(_, _, anchor, _)
            | Event::MappingStart(anchor, _)
            | Event::SequenceStart(anchor, _) => *anchor,
            _ => 0,
        };
        if anchor > 0 {
            self.dropped_anchors.insert(anchor);
        }
        let Some(d) = self.too_deep.as_mut() else {
            return;
        };
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => d.open += 1,
            Event::MappingEnd | Event::SequenceEnd => {
                d.open -= 1;
                // A closing bracket ends at itself (saphyr's span runs on past it).
                if !span.is_empty() {
                    d.end = d.end.max(span.start + 1);
                }
            }
            Event::Scalar(..) | Event::Alias(_) => d.end = d.end.max(span.end),
            _ => {}
        }
        if d.open == 0 {
            self.finish_dropping();
        }
    }

    /// The dropped collection is complete: give its node the span of everything it held.
    fn finish_dropping(&mut self) {
        let Some(d) = self.too_deep.take() else {
            return;
        };
        if let Some(doc) = self.doc.as_mut() {
            let node = &mut doc.nodes[d.id];
            node.span.end = node.span.end.max(d.end);
        }
        if d.end > self.last_end {
            self.last_end = d.end;
        }
        self.attach(d.id);
    }

    /// saphyr ends a quoted scalar's span at the next token, past trailing blanks and
    /// comments; ours ends right after the closing quote.
    fn quoted_span(&self, span: Span) -> Span {
        let bytes = self.text.as_bytes();
        let mut start = span.start;
        while start < span.end && matches!(bytes[start], b'&' | b'!') {
            // Skip `&anchor` / `!tag` (and the blank after them) to reach the opening quote.
            while start < span.end && !bytes[start].is_ascii_whitespace() {
                start += 1;
            }
            while start < span.end && bytes[start].is_ascii_whitespace() {
                start += 1;
            }
        }
        let Some(&quote) = bytes.get(start).filter(|b| matches!(b, b'"' | b'\'')) else {
            return span;
        };
        let mut i = start + 1;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' if quote == b'"' => i += 2,
                b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
                b if b == quote => return Span::new(span.start, i + 1),
                _ => i += 1,
            }
        }
        span
    }

    /// Whether node `id` is a collection whose end has not been seen yet.
    fn is_open(&self, id: NodeId) -> bool {
        self.stack.iter().any(|frame| match frame {
            Frame::Mapping { id: open, .. } | Frame::Sequence { id: open, .. } => *open == id,
        })
    }

    fn open_collections(&self) -> Vec<OpenCollection> {
        let Some(doc) = &self.doc else {
            return Vec::new();
        };
        self.stack
            .iter()
            .map(|frame| {
                let (id, mapping) = match frame {
                    Frame::Mapping { id, .. } => (*id, true),
                    Frame::Sequence { id, .. } => (*id, false),
                };
                let start = doc.nodes[id].span.start;
                let flow = matches!(self.text.as_bytes().get(start), Some(b'[' | b'{'));
                OpenCollection {
                    start,
                    mapping,
                    flow,
                }
            })
            .collect()
    }

    /// saphyr starts a node's span at its `&anchor` or `!tag`; ours start at the content.
    fn skip_properties(&self, mut span: Span) -> Span {
        let bytes = self.text.as_bytes();
        while span.start < span.end && matches!(bytes[span.start], b'&' | b'!') {
            let mut i = span.start;
            while i < span.end && !bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            while i < span.end && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            span.start = i;
        }
        span
    }

    fn push_node(
        &mut self,
        span: Span,
        kind: NodeKind,
        anchor_id: usize,
        tag: Option<String>,
    ) -> NodeId {
        let anchor = (anchor_id > 0).then(|| self.anchor_text(span.start));
        let span = if matches!(kind, NodeKind::Alias { .. }) {
            span
        } else {
            self.skip_properties(span)
        };
        let id = self.push_bare(
            span,
            kind,
            anchor.map(Box::new),
            tag.map(String::into_boxed_str),
        );
        if anchor_id > 0 {
            self.anchors.insert(anchor_id, id);
        }
        id
    }

    /// [`Self::push_node`] for a node without anchor or tag (all the fast path sends), in a
    /// few instructions: it runs for every node of nearly every file.
    #[inline]
    fn push_plain_node(&mut self, span: Span, kind: NodeKind) -> NodeId {
        // Only a block scalar's text can start with `&` or `!` here; saphyr's own span for
        // it is cut the same way.
        let span = self.skip_properties(span);
        self.push_bare(span, kind, None, None)
    }

    #[inline]
    fn push_bare(
        &mut self,
        span: Span,
        kind: NodeKind,
        anchor: Option<Box<(String, Span)>>,
        tag: Option<Box<str>>,
    ) -> NodeId {
        let hint = &mut self.nodes_hint;
        let doc = self.doc.get_or_insert_with(|| Document {
            index: self.documents.len(),
            span: Span::at(span.start),
            nodes: Vec::with_capacity(std::mem::take(hint)),
            ..Document::default()
        });
        let id = doc.nodes.len();
        doc.nodes.push(Node {
            span,
            kind,
            anchor,
            tag,
        });
        id
    }

    /// The `&name` of the node starting at `node_start`: saphyr usually starts the node's
    /// span at its anchor; otherwise the anchor stands between the previous event and it.
    fn anchor_text(&self, node_start: usize) -> (String, Span) {
        let name_end = |from: usize| {
            self.text[from..]
                .find(|c: char| c.is_whitespace() || matches!(c, ',' | '[' | ']' | '{' | '}'))
                .map_or(self.text.len(), |n| from + n)
        };
        let start = if self.text[node_start..].starts_with('&') {
            Some(node_start)
        } else {
            let from = self.last_end.min(node_start);
            self.text[from..node_start].rfind('&').map(|i| from + i)
        };
        match start {
            Some(start) => {
                let end = name_end(start + 1);
                (self.text[start + 1..end].to_string(), Span::new(start, end))
            }
            None => (String::new(), Span::at(node_start)),
        }
    }

    /// Hands a finished node to its parent collection, or makes it the document root.
    fn attach(&mut self, id: NodeId) {
        match self.stack.last_mut() {
            Some(Frame::Mapping { pending_key, .. }) => match pending_key.take() {
                None => *pending_key = Some(id),
                Some(key) => self.entries.push(Entry { key, value: id }),
            },
            Some(Frame::Sequence { .. }) => self.items.push(id),
            None => {
                if let Some(doc) = self.doc.as_mut() {
                    doc.root.get_or_insert(id);
                }
            }
        }
    }

    /// Completes a collection: stores its children and extends its span over them.
    fn close(&mut self, frame: Frame, end_event: Option<Span>) -> NodeId {
        let doc = self.doc.as_mut().expect("collections live in a document");
        let (id, kind, last_child) = match frame {
            Frame::Mapping {
                id,
                start,
                pending_key,
            } => {
                // Copied out of the shared stack at their final size: growing a vector per
                // mapping entry by entry was a large part of building a tree.
                let extra = usize::from(pending_key.is_some());
                let mut entries = Vec::with_capacity(self.entries.len() - start + extra);
                entries.extend(self.entries.drain(start..));
                if let Some(key) = pending_key {
                    // A key whose value never came (the parser stopped): keep the key.
                    let span = Span::at(doc.nodes[key].span.end);
                    let value = doc.nodes.len();
                    doc.nodes.push(Node {
                        span,
                        kind: NodeKind::Scalar(Scalar {
                            text: CompactString::default(),
                            style: ScalarStyle::Plain,
                            value: ScalarValue::Null,
                        }),
                        anchor: None,
                        tag: None,
                    });
                    entries.push(Entry { key, value });
                }
                let last = entries.last().map(|e| e.value.max(e.key));
                (id, NodeKind::Mapping(entries), last)
            }
            Frame::Sequence { id, start } => {
                let items: Vec<NodeId> = self.items.drain(start..).collect();
                let last = items.last().copied();
                (id, NodeKind::Sequence(items), last)
            }
        };
        let mut end = doc.nodes[id].span.end;
        if let Some(child) = last_child {
            end = end.max(doc.nodes[child].span.end);
        }
        if let Some(ev) = end_event {
            // Flow collections end at their closing bracket; block ones at their last child.
            if !ev.is_empty() {
                end = end.max(ev.end);
            }
        }
        let node = &mut doc.nodes[id];
        node.kind = kind;
        node.span.end = end;
        id
    }

    fn finish_document(&mut self, end_event: Option<Span>) {
        if let Some(mut doc) = self.doc.take() {
            if let Some(root) = doc.root {
                doc.span = doc.span.cover(doc.nodes[root].span);
            }
            if let Some(ev) = end_event {
                if !ev.is_empty() {
                    doc.span = doc.span.cover(ev);
                }
            }
            // Trees outlive their parse (the language server and `lint` keep every file of a
            // workspace): give back what the arena's doubling reserved but never used.
            doc.nodes.shrink_to_fit();
            self.documents.push(doc);
        }
    }

    /// The parser stopped: close every open collection so the partial tree is usable.
    fn abandon(&mut self) {
        if self.doc.is_none() {
            return;
        }
        self.finish_dropping();
        while let Some(frame) = self.stack.pop() {
            let id = self.close(frame, None);
            self.attach(id);
        }
        if let Some(doc) = self.doc.as_mut() {
            doc.incomplete = true;
        }
        self.finish_document(None);
    }
}
