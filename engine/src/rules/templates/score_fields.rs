//! The Score spec strings where placeholders are expanded (SCORE.md §3.3): container
//! `variables` values, `files.*.content` (unless `noExpand: true`), `volumes.*.source`, and
//! every string inside resource `params`.

use crate::limits::{excerpt, extend_label, MAX_NESTING};
use crate::syntax::{Document, NodeId, NodeKind, ScalarValue};
use crate::template::placeholder::{problem, scan, PieceAt, Problem};

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
    /// Position of this string in the walk's order, to find its path.
    index: usize,
    /// Where the string's pieces are in [`AllExpanded`]'s list (see [`AllExpanded::pieces`]).
    pieces: std::ops::Range<usize>,
}

/// A piece of an expanded string, with score-go's verdict on a placeholder's content
/// (`problem`; always `None` for escapes and unclosed `${`).
pub struct Scanned {
    pub piece: PieceAt,
    pub problem: Option<Problem>,
}

/// One step of a path: a fixed field name, a key of the document, or a list position.
#[derive(Clone, Copy)]
enum Label {
    Field(&'static str),
    Key(NodeId),
    Index(usize),
}

/// The path of `labels`, each key quoted as an excerpt, at most `MAX_LABEL_BYTES` long.
fn render(doc: &Document, labels: &[Label]) -> String {
    let mut out = String::new();
    for label in labels {
        let dot = if out.is_empty() { "" } else { "." };
        let part = match *label {
            Label::Index(i) => format!("[{i}]"),
            Label::Field(name) => format!("{dot}{name}"),
            Label::Key(key) => format!("{dot}{}", excerpt(doc.key_text(key).unwrap_or("?"))),
        };
        out = extend_label(&out, &part);
    }
    out
}

/// Calls `each` with the label and node of every item of a map-or-list collection (`files`,
/// `volumes`).
fn for_each_item(doc: &Document, node: Option<NodeId>, mut each: impl FnMut(Label, NodeId)) {
    let Some(node) = node else {
        return;
    };
    let node = doc.resolve(node);
    match &doc.node(node).kind {
        NodeKind::Mapping(entries) => {
            for e in entries.iter().filter(|e| !doc.is_merge_key(e.key)) {
                each(Label::Key(e.key), e.value);
            }
        }
        NodeKind::Sequence(items) => {
            for (i, &n) in items.iter().enumerate() {
                each(Label::Index(i), n);
            }
        }
        _ => {}
    }
}

type Visit<'v> = dyn FnMut(NodeId, Place, &[Label]) + 'v;

fn strings_under(
    doc: &Document,
    node: NodeId,
    labels: &mut Vec<Label>,
    visit: &mut Visit<'_>,
    depth: usize,
) {
    // Trees are never deeper (`crate::limits`); a guard for trees built otherwise.
    if depth > MAX_NESTING {
        return;
    }
    let node = doc.resolve(node);
    match &doc.node(node).kind {
        NodeKind::Scalar(s) if s.value == ScalarValue::String => {
            visit(node, Place::ResourceParam, labels)
        }
        NodeKind::Mapping(_) | NodeKind::Sequence(_) => {
            for_each_item(doc, Some(node), |label, child| {
                labels.push(label);
                strings_under(doc, child, labels, visit, depth + 1);
                labels.pop();
            });
        }
        _ => {}
    }
}

/// Visits every string of a Score document where placeholders are expanded, in document
/// order, with the labels of its path.
fn walk(doc: &Document, visit: &mut Visit<'_>) {
    let Some(root) = doc.root.filter(|r| doc.is_mapping(*r)) else {
        return;
    };
    let mut labels: Vec<Label> = Vec::with_capacity(8);
    for_each_item(doc, doc.get(root, "containers"), |name, c| {
        labels.extend([Label::Field("containers"), name, Label::Field("variables")]);
        for_each_item(doc, doc.get(c, "variables"), |var, value| {
            if doc.scalar(value).is_some() {
                labels.push(var);
                visit(doc.resolve(value), Place::Variable, &labels);
                labels.pop();
            }
        });
        labels.truncate(2);
        labels.push(Label::Field("files"));
        for_each_item(doc, doc.get(c, "files"), |label, file| {
            let no_expand = doc
                .get(file, "noExpand")
                .and_then(|n| doc.scalar(n))
                .is_some_and(|s| s.value == ScalarValue::Bool(true));
            if no_expand {
                return;
            }
            if let Some(content) = doc
                .get(file, "content")
                .filter(|n| doc.scalar(*n).is_some())
            {
                labels.extend([label, Label::Field("content")]);
                visit(doc.resolve(content), Place::FileContent, &labels);
                labels.truncate(3);
            }
        });
        labels.truncate(2);
        labels.push(Label::Field("volumes"));
        for_each_item(doc, doc.get(c, "volumes"), |label, volume| {
            if let Some(source) = doc
                .get(volume, "source")
                .filter(|n| doc.scalar(*n).is_some())
            {
                labels.extend([label, Label::Field("source")]);
                visit(doc.resolve(source), Place::VolumeSource, &labels);
                labels.truncate(3);
            }
        });
        labels.clear();
    });
    for_each_item(doc, doc.get(root, "resources"), |name, r| {
        if let Some(params) = doc.get(r, "params") {
            labels.extend([Label::Field("resources"), name, Label::Field("params")]);
            strings_under(doc, params, &mut labels, visit, 0);
            labels.clear();
        }
    });
}

/// The expanded strings of the document under check, collected once for all placeholder
/// rules.
pub fn expanded(cx: &crate::lint::LintContext<'_>) -> std::rc::Rc<AllExpanded> {
    cx.cached(|cx| AllExpanded::of(cx.doc))
}

/// The strings of a Score document where placeholders are expanded, in document order, and
/// their pieces: each string is scanned, and each placeholder judged, once here for every
/// placeholder rule (INN210 keeps its own scan). The five rules that read them each scanned
/// and judged every string again, most of `lint`'s time on a Score spec; the pieces of all
/// strings are kept in one list, not one list per string.
pub struct AllExpanded {
    strings: Vec<Expanded>,
    pieces: Vec<Scanned>,
    paths: std::cell::OnceCell<Vec<String>>,
}

impl AllExpanded {
    fn of(doc: &Document) -> AllExpanded {
        // Room for a spec's usual few dozen strings and their placeholders: growing from
        // empty reallocated both lists several times per spec.
        let mut strings = Vec::with_capacity(32);
        let mut pieces = Vec::with_capacity(32);
        walk(doc, &mut |node, place, _| {
            let start = pieces.len();
            if let Some(text) = doc.scalar(node).map(|s| s.text.as_str()) {
                scan(text, |piece| {
                    let problem = match piece {
                        PieceAt::Placeholder { content_span, .. } => {
                            problem(&text[content_span.start..content_span.end])
                        }
                        _ => None,
                    };
                    pieces.push(Scanned { piece, problem });
                });
            }
            strings.push(Expanded {
                node,
                place,
                index: strings.len(),
                pieces: start..pieces.len(),
            });
        });
        AllExpanded {
            strings,
            pieces,
            paths: std::cell::OnceCell::new(),
        }
    }

    /// The placeholders, escapes and unclosed `${` of `s`, left to right; none for a string
    /// without a `$`, the most of them.
    pub fn pieces(&self, s: &Expanded) -> &[Scanned] {
        &self.pieces[s.pieces.clone()]
    }

    /// Where `s` is, for messages: `containers.api.variables.DB_HOST`. The paths are built
    /// only once a finding needs one, then all in one walk: walking the document again for
    /// each finding was quadratic (20,000 findings took 37 s).
    pub fn path(&self, doc: &Document, s: &Expanded) -> String {
        let paths = self.paths.get_or_init(|| {
            let mut paths = Vec::with_capacity(self.strings.len());
            walk(doc, &mut |_, _, labels| paths.push(render(doc, labels)));
            paths
        });
        paths.get(s.index).cloned().unwrap_or_default()
    }
}

impl std::ops::Deref for AllExpanded {
    type Target = Vec<Expanded>;
    fn deref(&self) -> &Vec<Expanded> {
        &self.strings
    }
}
