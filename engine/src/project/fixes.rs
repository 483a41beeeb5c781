//! Applying fixes the way `lint --fix` and the editors' "fix all" do: apply, check the file
//! again against the rest of the workspace, repeat until nothing changes, so that a second
//! run changes nothing (fixes are idempotent) and a fix that uncovers another is followed
//! through. Only the bytes of each fix change (`lint::fix`).

use super::selector::Selection;
use crate::diagnostic::Diagnostic;
use crate::lint::fix;
use crate::rules::lint_source;
use crate::source::SourceFile;
use crate::text::Span;
use crate::workspace::Workspace;

/// Rounds of fix-and-check before giving up on reaching a fixed point: fixes never undo
/// each other, so real files settle in one or two.
const MAX_ROUNDS: usize = 10;

/// The outcome of fixing one file.
pub struct Fixed {
    /// The text with every applicable fix applied.
    pub text: String,
    /// The findings of that text.
    pub remaining: Vec<Diagnostic>,
    /// How many fixes were applied in all.
    pub applied: usize,
}

/// Fixes file `index` of `ws`, starting from `text` (its current text, which may be newer
/// than the workspace's) and its findings `first`, with the rule selection in force.
/// `unsafe_fixes` adds the fixes marked unsafe.
pub fn fix_until_stable(
    ws: &Workspace,
    index: usize,
    text: &str,
    first: &[Diagnostic],
    selection: &Selection,
    unsafe_fixes: bool,
) -> Fixed {
    let file = ws.path(index).clone();
    let mut current = text.to_string();
    let mut diags = first.to_vec();
    let mut applied_total = 0;
    for _ in 0..MAX_ROUNDS {
        let (next, applied) = fix::apply(&current, &file, &diags, unsafe_fixes);
        if applied == 0 || next == current {
            break;
        }
        applied_total += applied;
        current = next;
        diags = check_text(ws, index, &current, selection);
    }
    Fixed {
        text: current,
        remaining: diags,
        applied: applied_total,
    }
}

/// The findings of `text` as file `index` of `ws` (the other files as they are), with the
/// selection's rules and severities.
pub fn check_text(
    ws: &Workspace,
    index: usize,
    text: &str,
    selection: &Selection,
) -> Vec<Diagnostic> {
    let source = SourceFile::parse(ws.path(index).clone(), text.as_bytes());
    let fresh = ws.with_file(index, &source);
    let mut diags = lint_source(&fresh, index, &source, &|r| selection.enabled(r));
    selection.settle(&mut diags);
    diags
}

/// The part of `old` that differs from `new`, and what replaces it: the common prefix and
/// suffix cut off on character boundaries, so an editor's edit leaves the rest of the buffer
/// (and its cursor, marks and undo history) alone.
pub fn changed_region<'n>(old: &str, new: &'n str) -> (Span, &'n str) {
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    (
        Span::new(prefix, old.len() - suffix),
        &new[prefix..new.len() - suffix],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::selector::Scope;
    use std::sync::Arc;

    #[test]
    fn the_changed_region_is_minimal_and_exact() {
        let old = "a: 1\ndependson: [x]\nb: ü\n";
        let new = "a: 1\ndependsOn: [x]\nb: ü\n";
        let (span, rep) = changed_region(old, new);
        assert_eq!(span, Span::new(12, 13));
        assert_eq!(rep, "O");
        let mut rebuilt = old.to_string();
        rebuilt.replace_range(span.start..span.end, rep);
        assert_eq!(rebuilt, new);
        let (span, rep) = changed_region("aü", "aö");
        assert_eq!((span, rep), (Span::new(1, 3), "ö"));
    }

    #[test]
    fn fixes_repeat_until_nothing_changes_and_only_touch_what_they_fix() {
        let text = "kind: Workflow\nsteps:\n  - name: build  # innominatus: ignore[INN201, INN301]\n    type: policy\n    config: {script: echo}\n  - name: test\n    type: policy\n    dependsOn: [buidl]\n    config: {script: echo}\n";
        let ws = Workspace::new(
            vec![SourceFile::parse(
                Arc::from("workflows/ci.yaml"),
                text.as_bytes(),
            )],
            None,
            Box::new(|_: &str| false),
        );
        let selection = Selection::new(Scope::Lint);
        let first = check_text(&ws, 0, text, &selection);
        // Safe fixes only: the unused suppressions go, the unknown dependency stays.
        let safe = fix_until_stable(&ws, 0, text, &first, &selection, false);
        assert_eq!(
            safe.text,
            text.replace("  # innominatus: ignore[INN201, INN301]", "")
        );
        assert!(safe.remaining.iter().any(|d| d.code == "INN201"));
        // Unsafe fixes too: the dependency is renamed; a second run changes nothing.
        let all = fix_until_stable(&ws, 0, text, &first, &selection, true);
        assert!(all.text.contains("dependsOn: [build]"), "{}", all.text);
        let again = fix_until_stable(&ws, 0, &all.text, &all.remaining, &selection, true);
        assert_eq!(again.applied, 0);
        assert_eq!(again.text, all.text);
    }
}
