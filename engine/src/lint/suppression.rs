//! Inline suppressions: `# innominatus: ignore[INN201, unknown-step]` at the end of the line
//! or alone on the line above, `# innominatus: ignore-file[...]` anywhere. A suppression that
//! suppresses nothing is itself reported, with a fix that removes it.

use crate::catalog::syntax::unused_suppression;
use crate::catalog::{self as rules, Rule};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::syntax::Comment;
use crate::text::{LineIndex, Span};
use std::sync::Arc;

/// One code listed in a suppression comment.
struct Listed {
    /// As written (a code or a name).
    text: String,
    span: Span,
    rule: Option<&'static Rule>,
    used: bool,
}

struct Suppression {
    /// The line it covers (`None` for the whole file).
    line: Option<usize>,
    comment: Span,
    /// The whole directive `innominatus: ignore[...]` within the comment.
    directive: Span,
    listed: Vec<Listed>,
}

/// Looks a rule up by code or name among every rule of the registry (the caller's).
pub type FindRule<'a> = &'a dyn Fn(&str) -> Option<&'static Rule>;

fn parse(
    text: &str,
    lines: &LineIndex,
    comments: &[Comment],
    find: FindRule<'_>,
) -> Vec<Suppression> {
    let mut out = Vec::new();
    for c in comments {
        let body = &text[c.span.start..c.span.end];
        let Some(pos) = body.find("innominatus:") else {
            continue;
        };
        let after = &body[pos + "innominatus:".len()..];
        let trimmed = after.trim_start();
        let (file_wide, rest) = if let Some(r) = trimmed.strip_prefix("ignore-file[") {
            (true, r)
        } else if let Some(r) = trimmed.strip_prefix("ignore[") {
            (false, r)
        } else {
            continue;
        };
        let Some(close) = rest.find(']') else {
            continue;
        };
        let list_start = c.span.start
            + pos
            + "innominatus:".len()
            + (after.len() - trimmed.len())
            + (trimmed.len() - rest.len());
        let mut listed = Vec::new();
        let mut offset = list_start;
        for part in rest[..close].split(',') {
            let lead = part.len() - part.trim_start().len();
            let name = part.trim();
            if !name.is_empty() {
                let start = offset + lead;
                listed.push(Listed {
                    text: name.to_string(),
                    span: Span::new(start, start + name.len()),
                    rule: find(name),
                    used: false,
                });
            }
            offset += part.len() + 1;
        }
        let line = lines.line_of(c.span.start);
        let covered = if file_wide {
            None
        } else if c.own_line {
            Some(line + 1)
        } else {
            Some(line)
        };
        out.push(Suppression {
            line: covered,
            comment: c.span,
            directive: Span::new(c.span.start + pos, list_start + close + 1),
            listed,
        });
    }
    out
}

pub fn apply(
    file: &Arc<str>,
    text: &str,
    comments: &[Comment],
    diagnostics: Vec<Diagnostic>,
    enabled: &dyn Fn(&Rule) -> bool,
    find: FindRule<'_>,
) -> Vec<Diagnostic> {
    // Most files carry no directive: skip indexing their lines at all.
    if !comments
        .iter()
        .any(|c| text[c.span.start..c.span.end].contains("innominatus:"))
    {
        return diagnostics;
    }
    let lines = LineIndex::new(text);
    let mut sups = parse(text, &lines, comments, find);
    if sups.is_empty() {
        return diagnostics;
    }
    let mut kept = Vec::with_capacity(diagnostics.len());
    'diag: for d in diagnostics {
        let line = lines.line_of(d.span.start);
        for s in sups.iter_mut().filter(|s| s.line.is_none_or(|l| l == line)) {
            if let Some(l) = s
                .listed
                .iter_mut()
                .find(|l| l.rule.is_some_and(|r| r.code == d.code))
            {
                l.used = true;
                continue 'diag;
            }
        }
        kept.push(d);
    }
    if enabled(&rules::UNUSED_SUPPRESSION) {
        for s in &sups {
            let unused: Vec<&Listed> = s.listed.iter().filter(|l| !l.used).collect();
            for l in &unused {
                // A rule switched off by configuration cannot fire; its suppression is not stale.
                if l.rule.is_some_and(|r| !enabled(r)) {
                    continue;
                }
                let message = match l.rule {
                    None => unused_suppression::not_a_rule(&l.text),
                    Some(r) => unused_suppression::unused(r.code, r.name),
                };
                let removal = if unused.len() == s.listed.len() {
                    whole_comment(text, s)
                } else {
                    list_item(text, l.span)
                };
                kept.push(
                    Diagnostic::new(&rules::UNUSED_SUPPRESSION, file, l.span, message)
                        .with_help(unused_suppression::HELP)
                        .with_fix(Fix {
                            applicability: Applicability::Safe,
                            suggestion: false,
                            message: unused_suppression::FIX.into(),
                            edits: vec![Edit {
                                file: file.clone(),
                                span: removal,
                                replacement: String::new(),
                            }],
                        }),
                );
            }
        }
    }
    kept
}

/// The span that removes a whole suppression comment (with the blank before it, or its whole
/// line when it stands alone).
fn whole_comment(text: &str, s: &Suppression) -> Span {
    let bytes = text.as_bytes();
    let mut start = s.comment.start;
    while start > 0 && matches!(bytes[start - 1], b' ' | b'\t') {
        start -= 1;
    }
    let directive_is_all = text[s.comment.start + 1..s.directive.start]
        .trim()
        .is_empty()
        && text[s.directive.end..s.comment.end].trim().is_empty();
    if !directive_is_all {
        return s.directive;
    }
    let own_line = start == 0 || bytes[start - 1] == b'\n';
    let mut end = s.comment.end;
    if own_line {
        if bytes.get(end) == Some(&b'\r') {
            end += 1;
        }
        if bytes.get(end) == Some(&b'\n') {
            end += 1;
        }
    }
    Span::new(start, end)
}

/// The span that removes one code from a list: the code and the comma next to it.
fn list_item(text: &str, item: Span) -> Span {
    let bytes = text.as_bytes();
    let mut end = item.end;
    while end < bytes.len() && bytes[end] == b' ' {
        end += 1;
    }
    if bytes.get(end) == Some(&b',') {
        end += 1;
        while end < bytes.len() && bytes[end] == b' ' {
            end += 1;
        }
        return Span::new(item.start, end);
    }
    let mut start = item.start;
    while start > 0 && bytes[start - 1] == b' ' {
        start -= 1;
    }
    if start > 0 && bytes[start - 1] == b',' {
        start -= 1;
    }
    Span::new(start, item.end)
}
