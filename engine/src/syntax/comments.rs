//! Comments, found by scanning lines for `#` outside scalar text. The YAML parser drops
//! comments; suppressions (`# innominatus: ignore[...]`) and modelines need them.

use super::tree::{Document, NodeKind};
use crate::text::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// From the `#` to the end of the line (line break excluded).
    pub span: Span,
    /// Whether the comment is alone on its line (only whitespace before it).
    pub own_line: bool,
}

impl Comment {
    /// The comment's text after `#`.
    pub fn body<'t>(&self, text: &'t str) -> &'t str {
        &text[self.span.start + 1..self.span.end]
    }
}

pub fn scan(text: &str, docs: &[Document]) -> Vec<Comment> {
    let bytes = text.as_bytes();
    // Only the `#` signs are looked at (most lines have none), found at once by memchr;
    // scalars' spans are gathered only when a `#` could start a comment.
    let mut scalars: Option<Vec<Span>> = None;
    let mut out = Vec::new();
    // End of the line the last comment was found on: later `#` there are its text.
    let mut skip_until = 0;
    for offset in memchr::memchr_iter(b'#', bytes) {
        if offset < skip_until {
            continue;
        }
        let line_start = memchr::memrchr(b'\n', &bytes[..offset]).map_or(0, |n| n + 1);
        let after_space = offset == line_start || matches!(bytes[offset - 1], b' ' | b'\t');
        if !after_space {
            continue;
        }
        let scalars = scalars.get_or_insert_with(|| scalar_spans(docs));
        if in_scalar(scalars, offset) {
            continue;
        }
        let line_end = memchr::memchr(b'\n', &bytes[offset..]).map_or(text.len(), |n| offset + n);
        // The line's content, without its line break (and any `\r` before it).
        let content_end = line_start
            + text[line_start..line_end]
                .trim_end_matches(['\n', '\r'])
                .len();
        out.push(Comment {
            span: Span::new(offset, content_end),
            own_line: text[line_start..offset].trim().is_empty(),
        });
        skip_until = line_end;
    }
    out
}

/// The spans of the documents' non-empty scalars, sorted.
fn scalar_spans(docs: &[Document]) -> Vec<Span> {
    // Room for every node at once: growing from empty copied the list several times.
    let mut scalars: Vec<Span> = Vec::with_capacity(docs.iter().map(|d| d.nodes.len()).sum());
    scalars.extend(
        docs.iter()
            .flat_map(|d| d.nodes.iter())
            .filter(|n| matches!(n.kind, NodeKind::Scalar(_)) && !n.span.is_empty())
            .map(|n| n.span),
    );
    scalars.sort_unstable();
    scalars
}

/// Whether `offset` lies inside one of the (sorted) scalar spans.
fn in_scalar(scalars: &[Span], offset: usize) -> bool {
    let i = scalars.partition_point(|s| s.start <= offset);
    scalars[..i]
        .iter()
        .rev()
        .take(64)
        .any(|s| s.contains(offset))
}

#[cfg(test)]
mod tests {
    use crate::syntax::parse;
    use std::sync::Arc;

    #[test]
    fn comments_outside_scalars_only() {
        let text = "# top\na: \"x # not\" # yes\nb: |\n  # inside\nc: d#no\n";
        let parsed = parse(&Arc::from("t.yaml"), text);
        let bodies: Vec<&str> = parsed.comments.iter().map(|c| c.body(text)).collect();
        assert_eq!(bodies, vec![" top", " yes"]);
        assert!(parsed.comments[0].own_line);
        assert!(!parsed.comments[1].own_line);
    }

    #[test]
    fn a_comment_ends_before_the_line_break_and_owns_the_rest_of_its_line() {
        let text = "a: 'x # in' # one # same\r\nb: c#d\r\n  # two\r\nd: e # last";
        let parsed = parse(&Arc::from("t.yaml"), text);
        let found: Vec<(&str, bool)> = parsed
            .comments
            .iter()
            .map(|c| (&text[c.span.start..c.span.end], c.own_line))
            .collect();
        assert_eq!(
            found,
            vec![("# one # same", false), ("# two", true), ("# last", false)]
        );
    }
}
