//! innominatus execution-context references (FORMATS.md §2.2): `${workflow.NAME}`,
//! `${resources.RES.ATTR}`, `${STEP.KEY}`, `${NAME}` and `$NAME`.
//!
//! The platform substitutes them only inside step conditions, but it collects them from most
//! step fields before every run and fails the run when a `${workflow.X}` names no workflow
//! variable. [`references`] finds them exactly as that pre-flight check does (regex
//! `\$\{[^}]+\}|\$[A-Za-z_][A-Za-z0-9_]*`).

use crate::text::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// `${…}` or `$NAME` in the decoded text, `$` included.
    pub span: Span,
    /// Whether written with braces.
    pub braced: bool,
    /// The text inside the braces, or the name after `$`.
    pub content: String,
}

impl Reference {
    /// The `workflow.` variable this reference names (`${workflow.K}` → `K`).
    pub fn workflow_variable(&self) -> Option<&str> {
        if !self.braced {
            return None;
        }
        self.content.strip_prefix("workflow.")
    }

    /// Whether the pre-flight check looks at it: its text contains `workflow.`.
    pub fn is_checked_before_run(&self) -> bool {
        self.braced && self.content.contains("workflow.")
    }

    /// The first dotted part (`metadata` in `${metadata.name}`), when there is a dot.
    pub fn root(&self) -> Option<&str> {
        self.content.split_once('.').map(|(root, _)| root)
    }

    /// The written text, as it appears in the decoded string.
    pub fn text(&self) -> String {
        if self.braced {
            format!("${{{}}}", self.content)
        } else {
            format!("${}", self.content)
        }
    }
}

/// Every reference in `text`, left to right, as the pre-flight regex finds them.
pub fn references(text: &str) -> Vec<Reference> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'$' {
            i += 1;
            continue;
        }
        if b.get(i + 1) == Some(&b'{') {
            if let Some(close) = text[i + 2..].find('}') {
                if close > 0 {
                    out.push(Reference {
                        span: Span::new(i, i + 2 + close + 1),
                        braced: true,
                        content: text[i + 2..i + 2 + close].to_string(),
                    });
                    i += 2 + close + 1;
                    continue;
                }
            }
        }
        let start = i + 1;
        let mut j = start;
        while j < b.len() && (b[j] == b'_' || b[j].is_ascii_alphanumeric()) {
            if j == start && b[j].is_ascii_digit() {
                break;
            }
            j += 1;
        }
        if j > start {
            out.push(Reference {
                span: Span::new(i, j),
                braced: false,
                content: text[start..j].to_string(),
            });
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_references_like_the_preflight_regex() {
        let refs =
            references("a ${workflow.APP} $HOME ${x:-{{ .y }}} $1 $ ${} $workflow.K ü${b.c}");
        let texts: Vec<String> = refs.iter().map(Reference::text).collect();
        assert_eq!(
            texts,
            [
                "${workflow.APP}",
                "$HOME",
                "${x:-{{ .y }",
                "$workflow",
                "${b.c}"
            ]
        );
        assert_eq!(refs[0].workflow_variable(), Some("APP"));
        assert!(refs[0].is_checked_before_run());
        assert!(!refs[3].is_checked_before_run());
        let last = refs.last().unwrap();
        assert_eq!(
            &"a ${workflow.APP} $HOME ${x:-{{ .y }}} $1 $ ${} $workflow.K ü${b.c}"
                [last.span.start..last.span.end],
            "${b.c}"
        );
        assert_eq!(last.root(), Some("b"));
    }
}
