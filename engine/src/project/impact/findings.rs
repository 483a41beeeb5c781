//! The findings a change adds and removes. Findings are matched by rule code, file and
//! message — never by position — so an edit that only moves lines reports nothing, and a
//! finding that occurs twice before and three times after is one new finding.

use crate::catalog::Severity;
use crate::diagnostic::Diagnostic;
use crate::project::selector::Selection;
use crate::rules::lint_file;
use crate::text::{ColumnUnit, LineIndex};
use crate::workspace::{normalize, Workspace};
use std::collections::HashMap;

/// One finding as `impact` reports it (1-based line and column, in characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Every finding of every file of `ws` under `selection`, in file order.
pub fn lint_workspace(ws: &Workspace, selection: &Selection) -> Vec<Finding> {
    let enabled = |rule: &crate::catalog::Rule| selection.enabled(rule);
    let mut out = Vec::new();
    for (i, source) in ws.files.iter().enumerate() {
        let mut diagnostics = lint_file(ws, i, &enabled);
        selection.settle(&mut diagnostics);
        let text = source.text.as_deref().unwrap_or("");
        let index = LineIndex::new(text);
        out.extend(diagnostics.iter().map(|d| finding(d, text, &index)));
    }
    out
}

fn finding(d: &Diagnostic, text: &str, index: &LineIndex) -> Finding {
    let at = index.position(text, d.span.start, ColumnUnit::Char);
    Finding {
        code: d.code,
        name: d.name,
        severity: d.severity,
        file: normalize(&d.file),
        line: at.line + 1,
        column: at.col + 1,
        message: d.message.clone(),
    }
}

/// (new, gone): the head's findings without a counterpart in the base, and the base's
/// without one in the head. Each finding pairs with at most one of the other side.
pub fn difference(base: &[Finding], head: &[Finding]) -> (Vec<Finding>, Vec<Finding>) {
    (unmatched(head, base), unmatched(base, head))
}

/// The findings of `side` left over once each is paired with an equal one of `other`.
fn unmatched(side: &[Finding], other: &[Finding]) -> Vec<Finding> {
    let mut available: HashMap<(&str, &str, &str), usize> = HashMap::new();
    for f in other {
        *available.entry(key(f)).or_default() += 1;
    }
    side.iter()
        .filter(|f| match available.get_mut(&key(f)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .cloned()
        .collect()
}

fn key(f: &Finding) -> (&str, &str, &str) {
    (f.code, f.file.as_str(), f.message.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(code: &'static str, line: usize, message: &str) -> Finding {
        Finding {
            code,
            name: "",
            severity: Severity::Error,
            file: "a.yaml".to_string(),
            line,
            column: 1,
            message: message.to_string(),
        }
    }

    #[test]
    fn moved_findings_match_and_extra_copies_do_not() {
        let base = vec![
            f("INN201", 3, "x"),
            f("INN201", 9, "x"),
            f("INN300", 4, "gone"),
        ];
        let head = vec![
            f("INN201", 5, "x"),
            f("INN201", 11, "x"),
            f("INN201", 20, "x"),
            f("INN300", 4, "other text"),
        ];
        let (new, gone) = difference(&base, &head);
        assert_eq!(
            new,
            vec![f("INN201", 20, "x"), f("INN300", 4, "other text")]
        );
        assert_eq!(gone, vec![f("INN300", 4, "gone")]);
    }
}
