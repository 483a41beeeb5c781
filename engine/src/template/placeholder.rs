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

/// A [`Piece`] as byte ranges only, its content read in place: the lint rules scan every
/// expanded string of a spec, and copying each placeholder's content was most of that.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PieceAt {
    /// `${content}`: `span` covers it all, `content_span` the text between the braces.
    Placeholder { span: Span, content_span: Span },
    /// `$$` or `$${…}`: a literal `$` (and the text after it).
    Escape { span: Span },
    /// `${` with no `}` after it: not a placeholder, passed through as written.
    Unclosed { span: Span },
}

/// Every placeholder, escape and unclosed `${` of `text`, left to right.
pub fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    scan(text, |piece| {
        out.push(match piece {
            PieceAt::Placeholder { span, content_span } => Piece::Placeholder {
                span,
                content: text[content_span.start..content_span.end].to_string(),
                content_span,
            },
            PieceAt::Escape { span } => Piece::Escape { span },
            PieceAt::Unclosed { span } => Piece::Unclosed { span },
        })
    });
    out
}

/// Calls `each` with every placeholder, escape and unclosed `${` of `text`, left to right.
pub fn scan(text: &str, mut each: impl FnMut(PieceAt)) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Most of a long text (a file's `content`) has no `$` at all.
        match memchr::memchr(b'$', &b[i..]) {
            Some(n) => i += n,
            None => break,
        }
        match b.get(i + 1) {
            // `}` is one byte: a byte search finds it where `str::find` would, faster.
            Some(b'{') => match memchr::memchr(b'}', &b[i + 2..]) {
                Some(close) => {
                    let content_span = Span::new(i + 2, i + 2 + close);
                    each(PieceAt::Placeholder {
                        span: Span::new(i, content_span.end + 1),
                        content_span,
                    });
                    i = content_span.end + 1;
                }
                None => {
                    each(PieceAt::Unclosed {
                        span: Span::new(i, i + 2),
                    });
                    i += 2;
                }
            },
            Some(b'$') => {
                // `$${…}` is the literal `${…}`; `$$` a literal `$`.
                let end = if b.get(i + 2) == Some(&b'{') {
                    memchr::memchr(b'}', &b[i + 3..]).map_or(i + 2, |c| i + 3 + c + 1)
                } else {
                    i + 2
                };
                each(PieceAt::Escape {
                    span: Span::new(i, end),
                });
                i = end;
            }
            _ => i += 1,
        }
    }
}

/// Why score-go's validation rejects a placeholder's content (SCORE.md §4 step 6), if it does:
/// it must be at least two `.`-separated parts of letters, digits, `_` and `-`, starting
/// with `metadata` or `resources`.
pub fn problem(content: &str) -> Option<Problem> {
    // Checked for every placeholder of every Score file: one pass over the bytes, each
    // looked up in a table, no list of parts (splitting and searching for `.` twice cost
    // more than the rest of a check).
    let mut part_len = 0;
    let mut first_part_end = None;
    for (i, &c) in content.as_bytes().iter().enumerate() {
        if c == b'.' {
            if part_len == 0 {
                return Some(Problem::Malformed);
            }
            first_part_end.get_or_insert(i);
            part_len = 0;
        } else if PART_BYTE[usize::from(c)] {
            part_len += 1;
        } else {
            return Some(Problem::Malformed);
        }
    }
    let Some(first_part_end) = first_part_end.filter(|_| part_len > 0) else {
        return Some(Problem::Malformed);
    };
    match &content[..first_part_end] {
        "metadata" | "resources" => None,
        _ => Some(Problem::UnknownRoot),
    }
}

/// The bytes a part of a placeholder may hold: ASCII letters, digits, `_` and `-`.
static PART_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
        b += 1;
    }
    table
};

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
        assert_eq!(problem("resources.db."), Some(Problem::Malformed));
        assert_eq!(problem(".resources.db"), Some(Problem::Malformed));
        assert_eq!(problem("resources..db"), Some(Problem::Malformed));
        assert_eq!(problem("resources.dé"), Some(Problem::Malformed));
        assert_eq!(problem("metadata.a-b_C9.x"), None);
    }
}
