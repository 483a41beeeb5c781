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
    if !text.contains('#') {
        return Vec::new();
    }
    let mut scalars: Vec<Span> = docs
        .iter()
        .flat_map(|d| d.nodes.iter())
        .filter(|n| matches!(n.kind, NodeKind::Scalar(_)) && !n.span.is_empty())
        .map(|n| n.span)
        .collect();
    scalars.sort_unstable();
    let in_scalar = |offset: usize| {
        let i = scalars.partition_point(|s| s.start <= offset);
        scalars[..i]
            .iter()
            .rev()
            .take(64)
            .any(|s| s.contains(offset))
    };
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let mut search = 0;
        while let Some(pos) = content[search..].find('#') {
            let offset = line_start + search + pos;
            let after_space = offset == line_start || matches!(bytes[offset - 1], b' ' | b'\t');
            if after_space && !in_scalar(offset) {
                let own_line = content[..search + pos].trim().is_empty();
                out.push(Comment {
                    span: Span::new(offset, line_start + content.len()),
                    own_line,
                });
                break;
            }
            search += pos + 1;
        }
        line_start += line.len();
    }
    out
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
}
