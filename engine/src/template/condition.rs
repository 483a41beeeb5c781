//! Step condition expressions (`if`, `unless`) as the documented engine evaluates them
//! (FORMATS.md §4.4, `conditions.go:evaluateCondition`), after substituting `${…}`/`$VAR`:
//!
//! 1. the first of `==`, `!=`, `<=`, `>=`, `<`, `>` found anywhere splits the text once;
//!    both sides are trimmed and stripped of quotes, compared as numbers when both parse,
//!    else as strings;
//! 2. else a `contains`/`startsWith`/`endsWith`/`matches` anywhere in the text;
//! 3. else `true`/`false` (any case);
//! 4. else, with a `.`: `<step>.<status>`;
//! 5. else, without whitespace: a variable name, true unless undefined, `""`, `false` or `0`;
//! 6. else an error, which skips the step.

use crate::text::Span;

pub const OPERATORS: &[&str] = &["==", "!=", "<=", ">=", "<", ">"];
pub const KEYWORDS: &[&str] = &["contains", "startsWith", "endsWith", "matches"];
/// Statuses `<step>.<status>` accepts.
pub const STATUSES: &[&str] = &["success", "succeeded", "failed", "failure", "skipped"];

/// One side of a comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operand {
    /// The side as written, trimmed.
    pub span: Span,
    /// Trimmed and stripped of quotes, as compared.
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Form {
    Comparison {
        op: &'static str,
        op_span: Span,
        left: Operand,
        right: Operand,
    },
    Keyword(&'static str),
    Literal(bool),
    StepStatus {
        step: String,
        step_span: Span,
        status: String,
        status_span: Span,
    },
    Variable(String),
    /// Neither form applies: evaluation fails and the step is skipped.
    Unevaluable,
}

fn operand(text: &str, start: usize, end: usize) -> Operand {
    let raw = &text[start..end];
    let lead = raw.len() - raw.trim_start().len();
    let trimmed = raw.trim();
    Operand {
        span: Span::new(start + lead, start + lead + trimmed.len()),
        value: trimmed.trim_matches(['"', '\'']).to_string(),
    }
}

/// How the engine reads `text` (before substitution).
pub fn form(text: &str) -> Form {
    for op in OPERATORS {
        if let Some(i) = text.find(op) {
            return Form::Comparison {
                op,
                op_span: Span::new(i, i + op.len()),
                left: operand(text, 0, i),
                right: operand(text, i + op.len(), text.len()),
            };
        }
    }
    for k in KEYWORDS {
        if text.contains(k) {
            return Form::Keyword(k);
        }
    }
    let t = text.trim();
    if t.eq_ignore_ascii_case("true") {
        return Form::Literal(true);
    }
    if t.eq_ignore_ascii_case("false") {
        return Form::Literal(false);
    }
    if let Some((step, status)) = t.split_once('.') {
        let lead = text.len() - text.trim_start().len();
        let step_span = Span::new(lead, lead + step.len());
        return Form::StepStatus {
            step: step.to_string(),
            step_span,
            status: status.to_string(),
            status_span: Span::new(step_span.end + 1, lead + t.len()),
        };
    }
    if !t.is_empty() && !t.contains(char::is_whitespace) {
        return Form::Variable(t.to_string());
    }
    Form::Unevaluable
}

/// The result of comparing two constant sides the way the engine does.
pub fn compare(op: &str, left: &str, right: &str) -> bool {
    use std::cmp::Ordering;
    let ord = match (left.parse::<f64>(), right.parse::<f64>()) {
        (Ok(a), Ok(b)) => a.partial_cmp(&b).unwrap_or(Ordering::Equal),
        _ => left.cmp(right),
    };
    match op {
        "==" => ord == Ordering::Equal,
        "!=" => ord != Ordering::Equal,
        "<=" => ord != Ordering::Greater,
        ">=" => ord != Ordering::Less,
        "<" => ord == Ordering::Less,
        _ => ord == Ordering::Greater,
    }
}

/// `&&`, `||` and `!` are not operators of this language.
pub fn logical_operator(text: &str) -> Option<(Span, &'static str)> {
    for op in ["&&", "||"] {
        if let Some(i) = text.find(op) {
            return Some((Span::new(i, i + 2), op));
        }
    }
    for word in [" and ", " or ", " AND ", " OR "] {
        if let Some(i) = text.find(word) {
            let w = word.trim();
            return Some((
                Span::new(i + 1, i + 1 + w.len()),
                if w.eq_ignore_ascii_case("and") {
                    "and"
                } else {
                    "or"
                },
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_follow_the_engine_order() {
        match form("${workflow.env} == 'prod'") {
            Form::Comparison {
                op, left, right, ..
            } => {
                assert_eq!(op, "==");
                assert_eq!(left.value, "${workflow.env}");
                assert_eq!(right.value, "prod");
                assert_eq!(right.span, Span::new(19, 25));
            }
            other => panic!("{other:?}"),
        }
        // `<=` is checked before `<`, `==` before everything.
        assert!(matches!(form("a <= b"), Form::Comparison { op: "<=", .. }));
        assert!(matches!(form("x contains y"), Form::Keyword("contains")));
        assert_eq!(form(" TRUE "), Form::Literal(true));
        assert!(
            matches!(form("build.success"), Form::StepStatus { ref step, ref status, .. } if step == "build" && status == "success")
        );
        assert_eq!(form("enabled"), Form::Variable("enabled".into()));
        assert_eq!(form("build succeeded"), Form::Unevaluable);
    }

    #[test]
    fn comparisons_are_numeric_or_textual() {
        assert!(compare("!=", "resources.s3-bucket", "null"));
        assert!(compare("<", "9", "10"));
        assert!(!compare("<", "b9", "b10"));
        assert!(compare("==", "1.0", "1"));
    }
}
