//! Span-exact YAML: the syntax tree, its structural checks and comments.

mod budget;
mod builder;
mod checks;
mod comments;
mod failure;
mod fast;
pub mod json;
mod scalar;
mod timestamp;
pub mod tree;
mod write;

pub use builder::{OpenCollection, ParseFailure};
pub use comments::Comment;
pub use tree::{Document, Entry, Node, NodeId, NodeKind, Opaque, Scalar, ScalarStyle, ScalarValue};
pub use write::{yaml_string, yaml_string_like};

use crate::diagnostic::Diagnostic;
use crate::text::LineIndex;
use std::sync::Arc;

/// Everything the syntax layer knows about one file.
#[derive(Clone, Debug, Default)]
pub struct ParsedFile {
    pub documents: Vec<Document>,
    pub comments: Vec<Comment>,
    /// Syntax and structure problems (INN0xx).
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the parser stopped early; the last document is then partial.
    pub failed: bool,
}

/// Parses `text` (already known to be UTF-8 text) into documents and reports syntax problems.
pub fn parse(file: &Arc<str>, text: &str) -> ParsedFile {
    let built = builder::build(text);
    let mut diagnostics = Vec::new();
    let tabs = checks::tab_indentation(file, text, &built.documents);
    let tab_lines: Vec<usize> = tabs.iter().map(|d| d.span.start).collect();
    diagnostics.extend(tabs);
    if let Some(f) = &built.failure {
        // A tab in indentation is the cause of the parser's complaint on that line: report
        // it once, as the tab.
        let caused_by_tab = tab_lines
            .iter()
            .any(|&t| same_line(text, t, f.offset) || (t < f.offset && f.offset - t <= 1));
        if !caused_by_tab {
            diagnostics.push(failure::diagnose(file, text, f));
        }
    }
    let lines = LazyLines::new(text);
    for &(alias, anchored) in &built.self_aliases {
        diagnostics.push(failure::self_alias(file, text, &lines, alias, anchored));
    }
    let mut documents = built.documents;
    for doc in &mut documents {
        budget::apply(file, text, &lines, doc, &mut diagnostics);
        doc.data_as_written = checks::structure(file, text, &lines, doc, &mut diagnostics);
    }
    let comments = comments::scan(text, &documents);
    ParsedFile {
        documents,
        comments,
        diagnostics,
        failed: built.failure.is_some(),
    }
}

/// The line index of a text, built when a finding first needs a line number: most files
/// have none to report, and building it reads the whole text.
pub(crate) struct LazyLines<'t> {
    text: &'t str,
    index: std::cell::OnceCell<LineIndex>,
}

impl<'t> LazyLines<'t> {
    fn new(text: &'t str) -> Self {
        LazyLines {
            text,
            index: std::cell::OnceCell::new(),
        }
    }

    pub(crate) fn get(&self) -> &LineIndex {
        self.index.get_or_init(|| LineIndex::new(self.text))
    }
}

fn same_line(text: &str, a: usize, b: usize) -> bool {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    !text.as_bytes()[lo..hi.min(text.len())].contains(&b'\n')
}

/// The trees of `text` from the fast path (`None` when it declines the text) and from
/// saphyr-parser, rendered with `Debug` so that two identical trees compare equal even where
/// a value is NaN. For the differential tests and the fuzz target: wherever the fast path
/// accepts a text, the two must be the same.
#[doc(hidden)]
pub fn trees_from_both_parsers(text: &str) -> (Option<String>, String) {
    let fast = builder::build_fast(text).map(|built| format!("{built:#?}"));
    (fast, format!("{:#?}", builder::build_with_saphyr(text)))
}
