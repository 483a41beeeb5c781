//! Applying fixes: non-overlapping edits, applied from the end so offsets stay valid. Only
//! the bytes inside an edit change; everything else the user wrote is kept as is.

use crate::diagnostic::{Applicability, Diagnostic, Edit};

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
