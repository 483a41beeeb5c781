//! Turns the YAML parser's complaint into a message a person understands: what is wrong at
//! that position and what was expected there.

use super::builder::{OpenCollection, ParseFailure};
use crate::catalog as rules;
use crate::catalog::syntax::undefined_alias;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::limits::excerpt;
use crate::text::{ColumnUnit, LineIndex, Span};
use std::sync::Arc;

/// What the diagnostic will say: message, help, and an optional related place.
struct Explanation {
    span: Span,
    message: String,
    help: Option<String>,
    related: Option<(Span, String)>,
    /// The correction a "did you mean" in the help names: what to put where.
    fix: Option<(Span, &'static str)>,
}

pub fn diagnose(file: &Arc<str>, text: &str, f: &ParseFailure) -> Diagnostic {
    let lines = LineIndex::new(text);
    let offset = f.offset.min(text.len());
    if f.message.contains("unknown anchor") {
        return undefined_alias(file, text, offset);
    }
    let e = explain(text, &lines, offset, f);
    let mut d = Diagnostic::new(&rules::SYNTAX_ERROR, file, e.span, e.message);
    if let Some(h) = e.help {
        d = d.with_help(h);
    }
    if let Some((s, m)) = e.related {
        d = d.with_related(file, s, m);
    }
    if let Some((span, insert)) = e.fix {
        d = d.with_fix(Fix::suggestion(
            Applicability::Unsafe,
            format!("insert `{insert}`"),
            file,
            span,
            insert.to_string(),
        ));
    }
    d
}

/// An alias inside the collection its anchor marks (`anchor`: the span of `&name`): the anchor's node is not complete
/// there, so for the decoder it is not defined yet (Go's yaml.v3 refuses the file: the
/// value would contain itself).
pub fn self_alias(
    file: &Arc<str>,
    text: &str,
    lines: &super::LazyLines<'_>,
    alias: Span,
    anchored: Span,
) -> Diagnostic {
    let name = excerpt(text[alias.start..alias.end].trim_start_matches('*'));
    let line = lines.get().line_of(anchored.start) + 1;
    let (message, help) = undefined_alias::inside_its_anchor(&name, line);
    Diagnostic::new(&rules::UNDEFINED_ALIAS, file, alias, message)
        .with_help(help)
        .with_related(file, anchored, undefined_alias::ANCHOR)
}

fn undefined_alias(file: &Arc<str>, text: &str, offset: usize) -> Diagnostic {
    let name = excerpt(
        text[offset..]
            .trim_start_matches('*')
            .split(|c: char| c.is_whitespace() || ",[]{}".contains(c))
            .next()
            .unwrap_or(""),
    );
    let (message, help) = undefined_alias::undefined(&name);
    Diagnostic::new(
        &rules::UNDEFINED_ALIAS,
        file,
        token_span(text, offset),
        message,
    )
    .with_help(help)
}

fn explain(text: &str, lines: &LineIndex, offset: usize, f: &ParseFailure) -> Explanation {
    let raw = f.message.as_str();
    let at = |message: String, help: Option<&str>| Explanation {
        span: token_span(text, offset),
        message,
        help: help.map(str::to_string),
        related: None,
        fix: None,
    };
    let innermost_flow = f.open.iter().rev().find(|c| c.flow).copied();

    if raw.contains("quoted scalar")
        && (raw.contains("end of stream")
            || raw.contains("indentation")
            || raw.contains("document indicator"))
    {
        let q = text[offset..]
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')
            .unwrap_or('"');
        let kind = if q == '"' {
            "double-quoted"
        } else {
            "single-quoted"
        };
        return at(
            format!("unclosed {kind} string: no closing `{q}` was found"),
            Some(&format!(
                "add the closing `{q}` at the end of the value; a string that really spans lines must indent its continuation lines"
            )),
        );
    }
    if let (Some(open), true) = (innermost_flow, is_flow_complaint(raw)) {
        let (opener, closer, what) = if open.mapping {
            ('{', '}', "mapping")
        } else {
            ('[', ']', "list")
        };
        let line = lines.position(text, open.start, ColumnUnit::Char).line + 1;
        return Explanation {
            related: Some((Span::new(open.start, open.start + 1), format!("`{opener}` opened here"))),
            ..at(
                format!("unclosed `{opener}` opened on line {line}: expected `,` or `{closer}` before this point"),
                Some(&format!("close the {what} with `{closer}`")),
            )
        };
    }
    if raw.contains("expect ':'") || raw.contains("expected ':'") {
        if let Some(e) = missing_colon(text, lines, offset) {
            return e;
        }
        return at(
            "expected `:` after this key".into(),
            Some("write a mapping entry as `key: value`"),
        );
    }
    if raw.contains("did not find expected key")
        || raw.contains("invalid indentation")
        || raw.contains("did not find expected '-'")
    {
        return bad_indentation(text, lines, offset, f);
    }
    if raw.contains("mapping values are not allowed") {
        if let Some(e) = over_indented(text, lines, offset, f) {
            return e;
        }
        return at(
            "unexpected `:` — a colon followed by a space starts a mapping, which is not allowed inside this value".into(),
            Some("quote the value if the colon is part of it (`key: \"a: b\"`), or put the nested mapping on its own indented line"),
        );
    }
    if raw.contains("block sequence entries are not allowed") {
        return at(
            "a list item `-` cannot start here: it must begin its own line at the list's indentation".into(),
            Some("move the `- ` to a new line, indented under its key"),
        );
    }
    if raw.contains("did not find expected node content") {
        return at(
            "expected a value here (a scalar, `[`, `{`, or a nested block)".into(),
            None,
        );
    }
    if raw.contains("trailing content after double-quoted")
        || raw.contains("did not find expected comment or line break")
    {
        return at(
            "unexpected text after the end of the value; expected a line break or a comment".into(),
            Some("quote the whole value, or start a comment with ` #`"),
        );
    }
    if raw.contains("tab") {
        return at(
            "tab character where YAML allows only spaces".into(),
            Some("replace the tab with spaces"),
        );
    }
    if raw.contains("unexpected character") && text[offset..].starts_with(['@', '`']) {
        return at(
            format!(
                "a plain value cannot start with `{}`; it is reserved in YAML",
                &text[offset..offset + 1]
            ),
            Some("quote the value"),
        );
    }
    at(format!("invalid YAML: {}", excerpt(&tidy(raw))), None)
}

/// A line above the error that has no `:` although its siblings are `key: value` entries:
/// the parser only notices on the next line.
fn missing_colon(text: &str, lines: &LineIndex, offset: usize) -> Option<Explanation> {
    let error_line = lines.line_of(offset);
    for line in (error_line.saturating_sub(3)..=error_line).rev() {
        let span = lines.line_span(text, line);
        let content = &text[span.start..span.end];
        let trimmed = content.trim_start();
        let body = trimmed.strip_prefix("- ").unwrap_or(trimmed);
        let lacks_colon = !body.is_empty()
            && !body.starts_with('#')
            && !body.contains(": ")
            && !body.trim_end().ends_with(':')
            && !body.starts_with(['"', '\'', '[', '{', '|', '>']);
        if lacks_colon && line != error_line {
            let start = span.start + (content.len() - body.len());
            let written = body.trim_end();
            let shown = excerpt(written);
            // The colon goes right after the key, which is all the fix inserts.
            let (help, colon) = match written.split_once(' ') {
                Some((key, rest)) => (
                    format!("did you mean `{}: {}`?", excerpt(key), excerpt(rest.trim())),
                    start + key.len(),
                ),
                None => (format!("did you mean `{shown}:`?"), start + written.len()),
            };
            return Some(Explanation {
                span: Span::new(start, start + written.len()),
                message: format!("missing `:` — expected `key: value`, found `{shown}`"),
                help: Some(help),
                related: None,
                fix: Some((Span::at(colon), ":")),
            });
        }
    }
    None
}

/// A line indented deeper than the `key: value` above it: YAML reads it as a continuation
/// of that value and then trips over its colon.
fn over_indented(
    text: &str,
    lines: &LineIndex,
    offset: usize,
    f: &ParseFailure,
) -> Option<Explanation> {
    let line = lines.line_of(offset);
    let span = lines.line_span(text, line);
    let content = &text[span.start..span.end];
    let indent = content.len() - content.trim_start_matches(' ').len();
    let (prev_indent, prev_text) = previous_content_line(text, lines, line)?;
    let prev_body = prev_text.trim_start().trim_start_matches("- ");
    let has_value = prev_body
        .split_once(": ")
        .is_some_and(|(_, v)| !v.trim().is_empty() && !v.trim().starts_with(['|', '>', '#']));
    if indent <= prev_indent || !has_value {
        return None;
    }
    let start = span.start + indent;
    let expected = expected_columns(text, lines, line, &f.open);
    Some(Explanation {
        span: Span::new(start, content_end(span.start, content, start)),
        message: format!(
            "unexpected indentation: this line starts at column {}, deeper than `{}` above it, which already has a value{}",
            indent + 1,
            excerpt(prev_body.trim()),
            columns_hint(&expected)
        ),
        help: Some("indent the line like its siblings; YAML nesting is decided by indentation".into()),
        related: None,
        fix: None,
    })
}

fn bad_indentation(text: &str, lines: &LineIndex, offset: usize, f: &ParseFailure) -> Explanation {
    let line = lines.line_of(offset);
    let span = lines.line_span(text, line);
    let content = &text[span.start..span.end];
    let indent = content.len() - content.trim_start_matches(' ').len();
    let start = span.start + indent;
    let expected = expected_columns(text, lines, line, &f.open);
    Explanation {
        span: Span::new(start, content_end(span.start, content, start)),
        message: format!(
            "unexpected indentation: this line starts at column {}, which matches no enclosing block{}",
            indent + 1,
            columns_hint(&expected)
        ),
        help: Some("indent the line like its siblings; YAML nesting is decided by indentation".into()),
        related: None,
        fix: None,
    }
}

/// Where the content of a line ends (before trailing blanks), never before `start`. The
/// indentation counted above is spaces only: a tab after them belongs to the span, so its
/// length cannot be taken from a fully trimmed line (that cut the line's last character).
fn content_end(line_start: usize, content: &str, start: usize) -> usize {
    (line_start + content.trim_end().len()).max(start)
}

fn columns_hint(columns: &[usize]) -> String {
    if columns.is_empty() {
        String::new()
    } else {
        format!(
            " (the enclosing blocks start at column {})",
            join_or(columns)
        )
    }
}

fn is_flow_complaint(raw: &str) -> bool {
    raw.contains("flow")
        || raw.contains("illegal placement of ':'")
        || raw.contains("end of stream")
        || raw.contains("unexpected eof")
        || raw.contains("did not find expected key")
        || raw.contains("simple key expected")
}

/// Columns (1-based) at which a line could legally start: the open block collections and
/// the nearest content line above.
fn expected_columns(
    text: &str,
    lines: &LineIndex,
    line: usize,
    open: &[OpenCollection],
) -> Vec<usize> {
    let mut cols: Vec<usize> = open
        .iter()
        .filter(|c| !c.flow)
        .map(|c| lines.position(text, c.start, ColumnUnit::Char).col + 1)
        .collect();
    if let Some((indent, prev)) = previous_content_line(text, lines, line) {
        let dash = usize::from(prev.trim_start().starts_with("- ")) * 2;
        cols.push(indent + dash + 1);
    }
    cols.sort_unstable();
    cols.dedup();
    cols
}

/// Indentation and text of the nearest non-blank, non-comment line above `line`.
fn previous_content_line<'t>(
    text: &'t str,
    lines: &LineIndex,
    line: usize,
) -> Option<(usize, &'t str)> {
    (0..line).rev().find_map(|l| {
        let span = lines.line_span(text, l);
        let content = &text[span.start..span.end];
        let trimmed = content.trim_start_matches(' ');
        if trimmed.trim().is_empty() || trimmed.starts_with('#') {
            None
        } else {
            Some((content.len() - trimmed.len(), content))
        }
    })
}

fn join_or(cols: &[usize]) -> String {
    match cols {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!(
            "{} or {last}",
            rest.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The character at `offset` (or an empty span at the end of the text).
fn token_span(text: &str, offset: usize) -> Span {
    match text[offset..].chars().next() {
        Some('\n') | Some('\r') | None => Span::at(offset),
        Some(c) => Span::new(offset, offset + c.len_utf8()),
    }
}

/// The parser's own text without its "while parsing ..." preamble.
fn tidy(raw: &str) -> String {
    let core = raw.rsplit(", ").next().unwrap_or(raw);
    core.replace("did not find expected", "expected")
}
