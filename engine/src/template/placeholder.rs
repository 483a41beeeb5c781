//! Score placeholders (SCORE.md §3): `${metadata.name}`, `${resources.db.host}`, with `$$`
//! escaping a `$`. Scanned as score-go does (`\$((?:\$?{([^}]*)})|\$)`): at each `$`, a
//! `${…}` placeholder, else a `$${…}` or `$$` escape, else a lone `$` that is left alone.

use crate::text::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// `${content}`: `span` covers it all, `content` is the text between the braces.
    Placeholder {
        span: Span,
        content: String,
        content_span: Span,
    },
    /// `$$` or `$${…}`: a literal `$` (and the text after it).
    Escape { span: Span },
    /// `${` with no `}` after it: not a placeholder, passed through as written.
    Unclosed { span: Span },
}

/// Every placeholder, escape and unclosed `${` of `text`, left to right.
pub fn pieces(text: &str) -> Vec<Piece> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        // Most of a long text (a file's `content`) has no `$` at all.
        match memchr::memchr(b'$', &b[i..]) {
            Some(n) => i += n,
            None => break,
        }
        match b.get(i + 1) {
            Some(b'{') => match text[i + 2..].find('}') {
                Some(close) => {
                    let content_span = Span::new(i + 2, i + 2 + close);
                    out.push(Piece::Placeholder {
                        span: Span::new(i, content_span.end + 1),
                        content: text[content_span.start..content_span.end].to_string(),
                        content_span,
                    });
                    i = content_span.end + 1;
                }
                None => {
                    out.push(Piece::Unclosed {
                        span: Span::new(i, i + 2),
                    });
                    i += 2;
                }
            },
            Some(b'$') => {
                // `$${…}` is the literal `${…}`; `$$` a literal `$`.
                let end = if b.get(i + 2) == Some(&b'{') {
                    text[i + 3..].find('}').map_or(i + 2, |c| i + 3 + c + 1)
                } else {
                    i + 2
                };
                out.push(Piece::Escape {
                    span: Span::new(i, end),
                });
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

/// Why score-go's validation rejects a placeholder's content (SCORE.md §4 step 6), if it does:
/// it must be at least two `.`-separated parts of letters, digits, `_` and `-`, starting
/// with `metadata` or `resources`.
pub fn problem(content: &str) -> Option<Problem> {
    // Checked for every placeholder of every Score file: no list of parts is built.
    let part_ok = |p: &str| {
        !p.is_empty()
            && p.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
    };
    let well_formed = content.contains('.') && content.split('.').all(part_ok);
    if !well_formed {
        return Some(Problem::Malformed);
    }
    match content.split('.').next() {
        Some("metadata" | "resources") => None,
        _ => Some(Problem::UnknownRoot),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not two or more parts of `[a-zA-Z0-9_-]`.
    Malformed,
    /// The first part is neither `metadata` nor `resources`.
    UnknownRoot,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_like_score_go() {
        let text = "a ${resources.db.host} $$ $${keep} $HOME ${unclosed ü";
        let p = pieces(text);
        assert_eq!(p.len(), 4);
        match &p[0] {
            Piece::Placeholder { span, content, .. } => {
                assert_eq!(content, "resources.db.host");
                assert_eq!(&text[span.start..span.end], "${resources.db.host}");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(p[1], Piece::Escape { span } if &text[span.start..span.end] == "$$"));
        assert!(
            matches!(p[2], Piece::Escape { span } if &text[span.start..span.end] == "$${keep}")
        );
        assert!(matches!(p[3], Piece::Unclosed { span } if &text[span.start..span.end] == "${"));
    }

    #[test]
    fn validates_like_score_go() {
        assert_eq!(problem("resources.db.host"), None);
        assert_eq!(problem("metadata.name"), None);
        assert_eq!(problem("resources.db"), None);
        assert_eq!(problem("resources"), Some(Problem::Malformed));
        assert_eq!(problem("a b.c"), Some(Problem::Malformed));
        assert_eq!(problem("x.y\\.z"), Some(Problem::Malformed));
        assert_eq!(problem(""), Some(Problem::Malformed));
        assert_eq!(problem("workflow.X"), Some(Problem::UnknownRoot));
        assert_eq!(problem("cheese.x.y"), Some(Problem::UnknownRoot));
    }
}
