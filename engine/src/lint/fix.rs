//! Applying fixes: non-overlapping edits, applied from the end so offsets stay valid. Only
//! the bytes inside an edit change; everything else the user wrote is kept as is.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::text::Span;
use std::sync::Arc;

/// Names put in place of a scalar are written by the syntax layer, which knows what reads
/// back as the same string; the schema layer's fixes use it too.
pub use crate::syntax::{yaml_string, yaml_string_like};

/// The "did you mean" fix that puts `meant` in place of `written`, a part of a scalar's text
/// found at `span` of the file's `text` (through `ScalarMap`): only when the file holds
/// `written` there byte for byte (no escape, no folded line) and `meant` is a name that needs
/// no escaping in any scalar style, so the rest of the scalar keeps its meaning.
pub fn replace_within_scalar(
    file: &Arc<str>,
    text: &str,
    span: Span,
    written: &str,
    meant: &str,
    message: String,
) -> Option<Fix> {
    let verbatim = text.get(span.start..span.end) == Some(written);
    let plain_name = !meant.is_empty()
        && meant
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    (verbatim && plain_name).then(|| {
        Fix::suggestion(
            Applicability::Unsafe,
            message,
            file,
            span,
            meant.to_string(),
        )
    })
}

/// Applies every fix of `diagnostics` for `file` that is allowed (safe, or unsafe too when
/// `unsafe_fixes`). Edits that overlap an earlier-chosen edit are skipped (a later run picks
/// them up). Returns the new text and the number of fixes applied.
pub fn apply(
    text: &str,
    file: &str,
    diagnostics: &[Diagnostic],
    unsafe_fixes: bool,
) -> (String, usize) {
    let mut chosen: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for d in diagnostics {
        let Some(fix) = &d.fix else { continue };
        if fix.applicability == Applicability::Unsafe && !unsafe_fixes {
            continue;
        }
        if fix.edits.iter().any(|e| &*e.file != file) {
            continue;
        }
        let overlaps = fix.edits.iter().any(|e| {
            chosen.iter().any(|c| {
                e.span.start < c.span.end.max(c.span.start + 1)
                    && c.span.start < e.span.end.max(e.span.start + 1)
            })
        });
        let in_bounds = fix.edits.iter().all(|e| {
            e.span.start <= e.span.end
                && e.span.end <= text.len()
                && text.is_char_boundary(e.span.start)
                && text.is_char_boundary(e.span.end)
        });
        if overlaps || !in_bounds {
            continue;
        }
        chosen.extend(fix.edits.iter());
        applied += 1;
    }
    chosen.sort_by_key(|e| std::cmp::Reverse((e.span.start, e.span.end)));
    let mut out = text.to_string();
    for e in chosen {
        out.replace_range(e.span.start..e.span.end, &e.replacement);
    }
    (out, applied)
}

#[cfg(test)]
mod tests {
    use super::yaml_string;
    use crate::syntax::{self, ScalarValue};
    use std::sync::Arc;

    /// Each replacement, put in block and in flow context, parses back to the same string.
    #[test]
    fn replacement_names_read_back_as_the_same_string() {
        for name in [
            "create-database",
            "./workflows/x.yaml",
            "a: b",
            "create-u]ser",
            "x,y",
            "{x}",
            "- x",
            "#x",
            "a #b",
            "true",
            "1",
            "null",
            "~",
            "",
            " x",
            "x:",
            "'q'",
            "\"q\"",
            "tab\there",
            "line\nbreak",
            "ünïcode",
            "*ref",
            "&anchor",
            "!tag",
            "%x",
            "@x",
        ] {
            let written = yaml_string(name);
            for doc in [format!("k: {written}\n"), format!("k: [{written}]\n")] {
                let parsed = syntax::parse(&Arc::from("t.yaml"), &doc);
                assert!(!parsed.failed, "{doc:?} does not parse");
                let d = &parsed.documents[0];
                let mut v = d.get(d.root.unwrap(), "k").unwrap();
                if !d.items(v).is_empty() {
                    v = d.items(v)[0];
                }
                let s = d
                    .scalar(v)
                    .unwrap_or_else(|| panic!("{doc:?}: not a scalar"));
                assert_eq!(s.text, name, "{doc:?}");
                assert_eq!(s.value, ScalarValue::String, "{doc:?}");
            }
        }
    }
}
