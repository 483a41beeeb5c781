//! "Ignore this finding here": the edit that adds `# innominatus: ignore[CODE]` for the line
//! where a finding starts (the comment syntax `lint::suppression` reads). One edit for every
//! surface that offers it (the editors' quick fix today).

use crate::diagnostic::{Diagnostic, Edit};
use crate::source::SourceFile;
use crate::text::{LineIndex, Span};

/// Whether a finding can be suppressed: internal failures cannot, nor can a stale
/// suppression (remove it instead).
pub fn can_suppress(d: &Diagnostic) -> bool {
    !(d.code.starts_with("INN9") || d.name == "unused-suppression")
}

/// The edit that suppresses `d` on its first line of `source` (whose text is `text`, with
/// line index `lines`): the code is added to a suppression already on that line, else a
/// comment is added at the end of the line, else (the line already ends in another comment)
/// a suppression goes alone on the line above, indented like the line.
pub fn ignore_edit(
    source: &SourceFile,
    text: &str,
    lines: &LineIndex,
    d: &Diagnostic,
) -> Option<Edit> {
    if !can_suppress(d) {
        return None;
    }
    let line = lines.line_of(d.span.start.min(text.len()));
    let line_span = lines.line_span(text, line);
    let comment = source
        .parsed
        .comments
        .iter()
        .find(|c| c.span.start >= line_span.start && c.span.start <= line_span.end);
    let (at, replacement) = match comment {
        Some(c) => {
            let body = text.get(c.span.start..c.span.end)?;
            let existing = body
                .find("innominatus: ignore[")
                .and_then(|p| body[p..].find(']').map(|close| c.span.start + p + close));
            match existing {
                Some(close) => (Span::at(close), format!(", {}", d.code)),
                None => {
                    let indent: String = text[line_span.start..line_span.end]
                        .chars()
                        .take_while(|ch| *ch == ' ')
                        .collect();
                    (
                        Span::at(line_span.start),
                        format!("{indent}# innominatus: ignore[{}]\n", d.code),
                    )
                }
            }
        }
        None => (
            Span::at(line_span.end),
            format!("  # innominatus: ignore[{}]", d.code),
        ),
    };
    Some(Edit {
        file: d.file.clone(),
        span: at,
        replacement,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::selector::{Scope, Selection};
    use crate::workspace::Workspace;
    use std::sync::Arc;

    /// The text after suppressing the first finding of `code`, and the findings left.
    fn suppress(text: &str, code: &str) -> (String, Vec<&'static str>) {
        let check = |t: &str| {
            let ws = Workspace::new(
                vec![SourceFile::parse(Arc::from("w.yaml"), t.as_bytes())],
                None,
                Box::new(|_: &str| false),
            );
            crate::project::fixes::check_text(&ws, 0, t, &Selection::new(Scope::Lint))
        };
        let source = SourceFile::parse(Arc::from("w.yaml"), text.as_bytes());
        let d = check(text)
            .into_iter()
            .find(|d| d.code == code)
            .expect("a finding");
        let edit = ignore_edit(&source, text, &LineIndex::new(text), &d).expect("an edit");
        let mut out = text.to_string();
        out.replace_range(edit.span.start..edit.span.end, &edit.replacement);
        let left = check(&out).iter().map(|d| d.code).collect();
        (out, left)
    }

    const WORKFLOW: &str = "kind: Workflow\nsteps:\n  - name: a\n    type: policy\n    dependsOn: [b]\n    config: {script: echo}\n";

    #[test]
    fn a_comment_goes_at_the_end_of_the_line_and_silences_the_finding() {
        let (text, left) = suppress(WORKFLOW, "INN201");
        assert!(
            text.contains("    dependsOn: [b]  # innominatus: ignore[INN201]\n"),
            "{text}"
        );
        assert!(
            !left.contains(&"INN201") && !left.contains(&"INN012"),
            "{left:?}"
        );
    }

    #[test]
    fn an_existing_suppression_is_extended_and_another_comment_kept() {
        let with = WORKFLOW.replace(
            "dependsOn: [b]",
            "dependsOn: [b]  # innominatus: ignore[INN506]",
        );
        let (text, _) = suppress(&with, "INN201");
        assert!(
            text.contains("# innominatus: ignore[INN506, INN201]"),
            "{text}"
        );
        let other = WORKFLOW.replace("dependsOn: [b]", "dependsOn: [b]  # waits for b");
        let (text, left) = suppress(&other, "INN201");
        assert!(
            text.contains("    # innominatus: ignore[INN201]\n    dependsOn: [b]  # waits for b\n"),
            "{text}"
        );
        assert!(!left.contains(&"INN201"), "{left:?}");
    }
}
