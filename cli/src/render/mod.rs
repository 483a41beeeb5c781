//! Renderers: the same report as rich text, one-liners, JSON, SARIF or GitHub annotations,
//! or the count of each rule's findings (`--statistics`). A run is written part by part
//! ([`Renderer::part`]: the findings of some files, in the output's order) so that a run
//! need not hold every finding until the end; the summaries come last ([`Renderer::end`]).

mod concise;
mod github;
mod json;
mod sarif;
mod text;

use crate::args::OutputFormat;
use crate::report::{Counts, Report};
use innominatus_engine::diagnostic::{Diagnostic, Severity};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::io::{self, Write};
use std::sync::Arc;

/// What a run prints.
#[derive(Clone, Copy)]
pub enum Output {
    Format(OutputFormat, bool),
    /// `--statistics`: the number of findings of each rule.
    Statistics,
    /// Nothing (`--diff`: the diff was the output).
    Nothing,
}

/// Renders one whole report.
pub fn render(
    report: &Report,
    format: OutputFormat,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut renderer = Renderer::begin(Output::Format(format, color), report.files.clone(), out);
    renderer.part(report)?;
    renderer.end().map(|_| ())
}

/// A run's output, written as the findings come.
pub struct Renderer<'o> {
    output: Output,
    out: &'o mut dyn Write,
    /// The run's files, in the order they were given (SARIF's artifacts, the summaries).
    files: Vec<Arc<str>>,
    /// The same, for the text format: it shows snippets of the run's files only. Made when
    /// a first finding is shown: a run without findings needs no set of its names.
    run_files: std::cell::OnceCell<HashSet<Arc<str>>>,
    counts: Counts,
    /// `--statistics`: per rule code, its findings, name and whether one had a fix.
    statistics: BTreeMap<&'static str, (usize, &'static str, bool)>,
    /// JSON and SARIF: the findings written so far, and the indentation of each.
    items: usize,
    indent: String,
}

impl<'o> Renderer<'o> {
    pub fn begin(output: Output, files: Vec<Arc<str>>, out: &'o mut dyn Write) -> Renderer<'o> {
        Renderer {
            output,
            out,
            files,
            run_files: std::cell::OnceCell::new(),
            counts: Counts::default(),
            statistics: BTreeMap::new(),
            items: 0,
            indent: String::new(),
        }
    }

    /// Writes the findings of `part` (sorted, every finding after those of earlier parts)
    /// with the texts they point into.
    pub fn part(&mut self, part: &Report) -> io::Result<()> {
        for d in &part.diagnostics {
            self.count(d);
        }
        let format = match self.output {
            Output::Format(format, color) => (format, color),
            Output::Statistics | Output::Nothing => return Ok(()),
        };
        match format {
            (OutputFormat::Text, _) if part.diagnostics.is_empty() => Ok(()),
            (OutputFormat::Text, color) => {
                let files = &self.files;
                let run_files = self
                    .run_files
                    .get_or_init(|| files.iter().cloned().collect());
                text::render(part, run_files, color, self.out)
            }
            (OutputFormat::Concise, _) => concise::render(part, self.out),
            (OutputFormat::Github, _) => github::render(part, self.out),
            (OutputFormat::Json, _) => {
                let items = part.diagnostics.iter().map(|d| json::item(part, d));
                self.items(items.collect())
            }
            (OutputFormat::Sarif, _) => {
                let items = part.diagnostics.iter().map(|d| sarif::item(part, d));
                self.items(items.collect())
            }
        }
    }

    fn count(&mut self, d: &Diagnostic) {
        let c = &mut self.counts;
        match d.severity {
            Severity::Error => c.errors += 1,
            Severity::Warning => c.warnings += 1,
            Severity::Info => c.infos += 1,
            Severity::Hint => c.hints += 1,
        }
        if matches!(self.output, Output::Statistics) {
            let e = self.statistics.entry(d.code).or_insert((0, d.name, false));
            e.0 += 1;
            e.2 |= d.fix.is_some();
        }
    }

    /// The document of the JSON or SARIF output around its findings.
    fn document(&self, items: Vec<Value>) -> Value {
        match self.output {
            Output::Format(OutputFormat::Sarif, _) => sarif::document(items, &self.files),
            _ => json::document(items, self.files.len(), self.counts),
        }
    }

    /// Writes JSON or SARIF findings exactly as the whole document, pretty-printed, would
    /// hold them: the document's text up to its list of findings before the first, each
    /// finding indented to its place, `,` between them; [`Renderer::end`] writes the rest.
    fn items(&mut self, items: Vec<Value>) -> io::Result<()> {
        for item in items {
            if self.items == 0 {
                let (head, indent, _) = self.split_document()?;
                self.out.write_all(head.as_bytes())?;
                self.indent = indent;
            } else {
                self.out.write_all(b",\n")?;
            }
            let text = serde_json::to_string_pretty(&item)?;
            // A JSON string holds no raw line break: every line is the item's own.
            for (n, line) in text.split('\n').enumerate() {
                if n > 0 {
                    self.out.write_all(b"\n")?;
                }
                self.out.write_all(self.indent.as_bytes())?;
                self.out.write_all(line.as_bytes())?;
            }
            self.items += 1;
        }
        Ok(())
    }

    /// The pretty-printed document with one placeholder finding: the text before it, its
    /// indentation, and the text after it.
    fn split_document(&self) -> io::Result<(String, String, String)> {
        const PLACEHOLDER: &str = "\u{1}findings\u{1}";
        let whole = serde_json::to_string_pretty(&self.document(vec![Value::from(PLACEHOLDER)]))?;
        let quoted = serde_json::to_string(PLACEHOLDER)?;
        let at = whole
            .find(&quoted)
            .expect("the placeholder is in the document");
        let line_start = whole[..at].rfind('\n').map_or(0, |i| i + 1);
        Ok((
            whole[..line_start].to_string(),
            whole[line_start..at].to_string(),
            whole[at + quoted.len()..].to_string(),
        ))
    }

    /// Writes what comes after the findings (summaries, the end of a document) and gives the
    /// counts of the findings written.
    pub fn end(self) -> io::Result<Counts> {
        match self.output {
            Output::Nothing => {}
            Output::Statistics => {
                let mut rows: Vec<_> = self.statistics.iter().collect();
                rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
                for (code, (n, name, fixable)) in rows {
                    writeln!(
                        self.out,
                        "{n:>5}  {code}  {name}{}",
                        if *fixable { "  [fixable]" } else { "" }
                    )?;
                }
            }
            Output::Format(OutputFormat::Text, _) => {
                text::summary(self.counts, self.files.len(), self.out)?
            }
            Output::Format(OutputFormat::Json | OutputFormat::Sarif, _) => {
                if self.items == 0 {
                    let empty = self.document(Vec::new());
                    serde_json::to_writer_pretty(&mut *self.out, &empty)?;
                } else {
                    let (_, _, tail) = self.split_document()?;
                    self.out.write_all(tail.as_bytes())?;
                }
                writeln!(self.out)?;
            }
            Output::Format(OutputFormat::Concise | OutputFormat::Github, _) => {}
        }
        Ok(self.counts)
    }
}

/// "1 error", "3 warnings"
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use innominatus_engine::catalog::{INTERNAL_ERROR, UNREADABLE_FILE};
    use innominatus_engine::text::Span;

    /// A report of `n` findings over three files, with the files' texts.
    fn report(n: usize) -> Report {
        let files: Vec<Arc<str>> = ["a.yaml", "b.yaml", "c.yaml"].map(Arc::from).to_vec();
        let mut report = Report::default();
        for f in &files {
            report.add_file(f.clone());
            report.add_text(f.clone(), "kind: x\nname: \"é\"\n".to_string());
        }
        for i in 0..n {
            let rule = if i % 2 == 0 {
                &UNREADABLE_FILE
            } else {
                &INTERNAL_ERROR
            };
            let message = format!("finding {i}\nwith \"quotes\"");
            let file = &files[i * files.len() / n.max(1)];
            report
                .diagnostics
                .push(Diagnostic::new(rule, file, Span::new(i % 9, 12), message));
        }
        report
    }

    /// The output of `report` written in parts of `per_part` findings.
    fn in_parts(report: &Report, format: OutputFormat, per_part: usize) -> String {
        let mut out = Vec::new();
        let output = Output::Format(format, false);
        let mut renderer = Renderer::begin(output, report.files.clone(), &mut out);
        for chunk in report.diagnostics.chunks(per_part.max(1)) {
            let mut part = Report::default();
            for f in &report.files {
                let text = report.text(f).expect("registered").text.clone();
                part.add_text(f.clone(), text);
            }
            part.diagnostics = chunk.to_vec();
            renderer.part(&part).expect("written");
        }
        renderer.end().expect("written");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn json_and_sarif_written_in_parts_equal_the_whole_document() {
        for n in [0, 1, 2, 7] {
            let report = report(n);
            let c = report
                .diagnostics
                .iter()
                .fold(Counts::default(), |mut c, d| {
                    match d.severity {
                        Severity::Error => c.errors += 1,
                        Severity::Warning => c.warnings += 1,
                        Severity::Info => c.infos += 1,
                        Severity::Hint => c.hints += 1,
                    }
                    c
                });
            let whole = |format| match format {
                OutputFormat::Json => json::document(
                    report
                        .diagnostics
                        .iter()
                        .map(|d| json::item(&report, d))
                        .collect(),
                    report.files.len(),
                    c,
                ),
                _ => sarif::document(
                    report
                        .diagnostics
                        .iter()
                        .map(|d| sarif::item(&report, d))
                        .collect(),
                    &report.files,
                ),
            };
            for format in [OutputFormat::Json, OutputFormat::Sarif] {
                let expected = serde_json::to_string_pretty(&whole(format)).expect("JSON") + "\n";
                for per_part in [1, 3, 100] {
                    assert_eq!(
                        in_parts(&report, format, per_part),
                        expected,
                        "{n} findings"
                    );
                }
            }
        }
    }

    #[test]
    fn text_written_in_parts_equals_the_whole_report_with_one_summary() {
        let report = report(5);
        let whole = in_parts(&report, OutputFormat::Text, 100);
        assert_eq!(in_parts(&report, OutputFormat::Text, 2), whole);
        assert_eq!(whole.matches("Found ").count(), 1, "{whole}");
        assert!(whole.ends_with("in 3 files checked.\n"), "{whole}");
    }
}
