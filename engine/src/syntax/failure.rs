//! Turns the YAML parser's complaint into a message a person understands: what is wrong at
//! that position and what was expected there.

use super::builder::{OpenCollection, ParseFailure};
use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::text::{ColumnUnit, LineIndex, Span};
use std::sync::Arc;

pub fn diagnose(file: &Arc<str>, text: &str, f: &ParseFailure) -> Diagnostic {
    let lines = LineIndex::new(text);
    let offset = f.offset.min(text.len());
    let raw = f.message.as_str();
    let span = token_span(text, offset);
    let innermost_flow = f.open.iter().rev().find(|c| c.flow).copied();
    let line_of = |o: usize| lines.position(text, o, ColumnUnit::Char).line + 1;
    let col_of = |o: usize| lines.position(text, o, ColumnUnit::Char).col;

    if raw.contains("unknown anchor") {
        let name = text[offset..]
            .trim_start_matches('*')
            .split(|c: char| c.is_whitespace() || ",[]{}".contains(c))
            .next()
            .unwrap_or("");
        return Diagnostic::new(
            &rules::UNDEFINED_ALIAS,
            file,
            token_span(text, offset),
            format!("alias `*{name}` refers to an anchor `&{name}` that is not defined earlier in this document"),
        )
        .with_help(format!("define `&{name}` on a value above this line, or correct the alias name"));
    }

    let (message, help, related): (String, Option<String>, Option<(Span, String)>) = if raw
        .contains("quoted scalar")
        && (raw.contains("end of stream")
            || raw.contains("indentation")
            || raw.contains("document indicator"))
    {
        let quote = text[offset..]
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'');
        let q = quote.unwrap_or('"');
        (
                format!("unclosed {} string: no closing `{q}` was found", if q == '"' { "double-quoted" } else { "single-quoted" }),
                Some(format!("add the closing `{q}` at the end of the value; a string that really spans lines must indent its continuation lines")),
                None,
            )
    } else if let (Some(open), true) = (innermost_flow, is_flow_complaint(raw)) {
        let (opener, closer) = if open.mapping { ('{', '}') } else { ('[', ']') };
        (
                format!("unclosed `{opener}` opened on line {}: expected `,` or `{closer}` before this point", line_of(open.start)),
                Some(format!("close the {} with `{closer}`", if open.mapping { "mapping" } else { "list" })),
                Some((Span::new(open.start, open.start + 1), format!("`{opener}` opened here"))),
            )
    } else if raw.contains("did not find expected key")
        || raw.contains("invalid indentation")
        || raw.contains("did not find expected '-'")
    {
        let col = col_of(offset);
        let mut expected = expected_indents(text, &lines, &f.open);
        if let Some(prev) = previous_content_indent(text, &lines, offset) {
            if !expected.contains(&prev) {
                expected.push(prev);
                expected.sort_unstable();
            }
        }
        let what = if raw.contains("'-'") {
            "list item"
        } else {
            "key"
        };
        (
                format!(
                    "unexpected indentation: this line starts at column {}, which matches no enclosing block{}",
                    col + 1,
                    if expected.is_empty() { String::new() } else { format!(" (a {what} here must start at column {})", join_or(&expected)) }
                ),
                Some("indent the line like its siblings; YAML nesting is decided by indentation".into()),
                None,
            )
    } else if raw.contains("mapping values are not allowed") {
        (
                "unexpected `:` — a colon followed by a space starts a mapping, which is not allowed inside this value".into(),
                Some("quote the value if the colon is part of it (`key: \"a: b\"`), or put the nested mapping on its own indented line".into()),
                None,
            )
    } else if raw.contains("block sequence entries are not allowed") {
        (
                "a list item `-` cannot start here: it must begin its own line at the list's indentation".into(),
                Some("move the `- ` to a new line, indented under its key".into()),
                None,
            )
    } else if raw.contains("did not find expected node content") {
        (
            "expected a value here (a scalar, `[`, `{`, or a nested block)".into(),
            None,
            None,
        )
    } else if raw.contains("trailing content after double-quoted")
        || raw.contains("did not find expected comment or line break")
    {
        (
            "unexpected text after the end of the value; expected a line break or a comment".into(),
            Some("quote the whole value, or start a comment with ` #`".into()),
            None,
        )
    } else if raw.contains("tab") {
        (
            "tab character where YAML allows only spaces".into(),
            Some("replace the tab with spaces".into()),
            None,
        )
    } else if raw.contains("unexpected character") && text[offset..].starts_with(['@', '`']) {
        (
            format!(
                "a plain value cannot start with `{}`; it is reserved in YAML",
                &text[offset..offset + 1]
            ),
            Some("quote the value".into()),
            None,
        )
    } else {
        (format!("invalid YAML: {}", tidy(raw)), None, None)
    };
    let mut d = Diagnostic::new(&rules::SYNTAX_ERROR, file, span, message);
    if let Some(h) = help {
        d = d.with_help(h);
    }
    if let Some((s, m)) = related {
        d = d.with_related(file, s, m);
    }
    d
}

fn is_flow_complaint(raw: &str) -> bool {
    raw.contains("flow")
        || raw.contains("illegal placement of ':'")
        || raw.contains("end of stream")
        || raw.contains("unexpected eof")
        || raw.contains("did not find expected key")
        || raw.contains("simple key expected")
}

/// Columns (1-based) at which a line could legally start inside the open block collections.
fn expected_indents(text: &str, lines: &LineIndex, open: &[OpenCollection]) -> Vec<usize> {
    let mut cols: Vec<usize> = open
        .iter()
        .filter(|c| !c.flow)
        .map(|c| lines.position(text, c.start, ColumnUnit::Char).col + 1)
        .collect();
    cols.sort_unstable();
    cols.dedup();
    cols
}

/// Column (1-based) where the nearest non-blank, non-comment line above `offset` starts.
fn previous_content_indent(text: &str, lines: &LineIndex, offset: usize) -> Option<usize> {
    let line = lines.line_of(offset);
    (0..line).rev().find_map(|l| {
        let span = lines.line_span(text, l);
        let content = &text[span.start..span.end];
        let trimmed = content.trim_start_matches(' ');
        let trimmed = trimmed.strip_prefix("- ").unwrap_or(trimmed);
        if trimmed.trim().is_empty() || trimmed.starts_with('#') {
            None
        } else {
            Some(content.len() - trimmed.len() + 1)
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
