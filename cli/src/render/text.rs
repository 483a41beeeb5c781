use super::plural;
use crate::report::{Counts, Report};
use codespan_reporting::diagnostic::{Diagnostic as Rich, Label, Severity as RichSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{
    self,
    termcolor::{Ansi, NoColor},
};
use innominatus_engine::diagnostic::{Applicability, Severity};
use innominatus_engine::text::Span;
use std::collections::{HashMap, HashSet};
use std::io::{self, Write};
use std::sync::Arc;

/// Lines longer than this (in bytes) are not shown under a finding: a minified file or a
/// 10 MB line would flood the terminal. The finding names the line and column instead.
const MAX_SHOWN_LINE: usize = 400;

/// Where `span` starts (1-based line and column) when a line it touches is too long to show.
fn unshowable(text: &str, span: std::ops::Range<usize>) -> Option<(usize, usize)> {
    let start = span.start.min(text.len());
    let end = span.end.clamp(start, text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let too_long = text[line_start..line_end]
        .split('\n')
        .any(|line| line.len() > MAX_SHOWN_LINE);
    too_long.then(|| {
        let line = text[..start].matches('\n').count() + 1;
        let column = text[line_start..start].chars().count() + 1;
        (line, column)
    })
}

/// Source snippets with underlines and labels (rustc/ruff style) for the findings of
/// `report` (a part of the run); snippets are shown of the run's files only (`run_files`).
pub fn render(
    report: &Report,
    run_files: &HashSet<Arc<str>>,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut files = SimpleFiles::new();
    let mut ids = HashMap::new();
    // Only files a finding points into are shown; copying every checked file would cost
    // as much as reading them again.
    let shown: HashSet<&Arc<str>> = report
        .diagnostics
        .iter()
        .flat_map(|d| std::iter::once(&d.file).chain(d.related.iter().map(|r| &r.file)))
        .collect();
    for f in shown.into_iter().filter(|f| run_files.contains(*f)) {
        if let Some(t) = report.text(f) {
            ids.insert(f.clone(), files.add(f.to_string(), t.text.clone()));
        }
    }
    let config = term::Config::default();
    for d in &report.diagnostics {
        let severity = match d.severity {
            Severity::Error => RichSeverity::Error,
            Severity::Warning => RichSeverity::Warning,
            Severity::Info => RichSeverity::Note,
            Severity::Hint => RichSeverity::Help,
        };
        let mut rich = Rich::new(severity)
            .with_code(format!("{} {}", d.code, d.name))
            .with_message(&d.message);
        let mut notes = Vec::new();
        // Spans are the file's; the report may hold only the lines findings touch.
        let range = |file: &str, span: Span| match report.text(file) {
            Some(t) => t.range(span),
            None => span.start..span.end,
        };
        let hidden = |file: &str, span: Span| {
            report
                .text(file)
                .and_then(|t| unshowable(&t.text, t.range(span)))
        };
        match ids.get(&d.file) {
            Some(&id) => match hidden(&d.file, d.span) {
                None => rich = rich.with_label(Label::primary(id, range(&d.file, d.span))),
                Some((line, column)) => notes.push(format!(
                    "at {}:{line}:{column} (the line is too long to show)",
                    d.file
                )),
            },
            None => notes.push(format!("in {}", d.file)),
        }
        for r in &d.related {
            match ids.get(&r.file) {
                Some(&id) if hidden(&r.file, r.span).is_none() => {
                    rich = rich.with_label(
                        Label::secondary(id, range(&r.file, r.span)).with_message(&r.message),
                    )
                }
                _ => notes.push(format!("{}: {}", r.file, r.message)),
            }
        }
        if let Some(h) = &d.help {
            notes.push(format!("help: {h}"));
        }
        if let Some(f) = &d.fix {
            // Where to apply it: `validate` has no `--fix`, and an unsafe fix needs asking.
            let how = match f.applicability {
                Applicability::Safe => "`innominatus lint --fix`",
                Applicability::Unsafe => "unsafe: `innominatus lint --fix --unsafe-fixes`",
            };
            notes.push(format!("fix available ({how}): {}", f.message));
        }
        notes.push(format!("see `innominatus explain {}`", d.code));
        rich = rich.with_notes(notes);
        let result = if color {
            term::emit_to_write_style(&mut Ansi::new(&mut *out), &config, &files, &rich)
        } else {
            term::emit_to_write_style(&mut NoColor::new(&mut *out), &config, &files, &rich)
        };
        result.map_err(|e| match e {
            codespan_reporting::files::Error::Io(io) => io,
            other => io::Error::other(other.to_string()),
        })?;
    }
    Ok(())
}

/// The line after every finding: what was found in how many files.
pub fn summary(c: Counts, files: usize, out: &mut dyn Write) -> io::Result<()> {
    let files = plural(files, "file");
    if c.errors + c.warnings + c.infos + c.hints == 0 {
        writeln!(out, "All checks passed ({files} checked).")
    } else {
        let mut parts = vec![plural(c.errors, "error"), plural(c.warnings, "warning")];
        if c.infos > 0 {
            parts.push(plural(c.infos, "info"));
        }
        if c.hints > 0 {
            parts.push(plural(c.hints, "hint"));
        }
        writeln!(out, "Found {} in {files} checked.", parts.join(", "))
    }
}
