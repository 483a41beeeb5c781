//! What a command found, with the texts needed to turn byte ranges into lines and columns.

use innominatus_engine::diagnostic::{Diagnostic, Severity};
use innominatus_engine::text::{ColumnUnit, LineIndex, Span};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

pub struct FileText {
    pub text: String,
    /// Built when a position in this file is first asked for: most checked files have no
    /// finding, and indexing every line of every file would be wasted work.
    lines: OnceLock<LineIndex>,
}

impl FileText {
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }
}

#[derive(Default)]
pub struct Report {
    texts: HashMap<Arc<str>, FileText>,
    /// Files in the order they were checked (for the summary and SARIF artifacts).
    pub files: Vec<Arc<str>>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A 1-based line and column (columns in Unicode scalar values).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

#[derive(Default, Clone, Copy)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub hints: usize,
}

impl Report {
    /// Registers a checked file and its content.
    pub fn add_file(&mut self, file: Arc<str>, bytes: Vec<u8>) {
        // Valid UTF-8 (nearly always) becomes the text without a copy.
        let text = String::from_utf8(bytes).unwrap_or_else(|e| display_text(e.as_bytes()));
        self.add_text(file.clone(), text);
        self.files.push(file);
    }

    /// Registers a file that was read but is not reported on (another shard's): findings
    /// of reported files may still point into it.
    pub fn add_unreported_file(&mut self, file: Arc<str>, bytes: Vec<u8>) {
        let text = String::from_utf8(bytes).unwrap_or_else(|e| display_text(e.as_bytes()));
        self.add_text(file, text);
    }

    /// Replaces the text of a checked file (after fixes were written).
    pub fn add_file_text(&mut self, file: Arc<str>, text: String) {
        self.add_text(file, text);
    }

    /// Registers a text that diagnostics may point into without counting it as a checked
    /// file (the configuration file).
    pub fn add_text(&mut self, file: Arc<str>, text: String) {
        self.texts.insert(
            file,
            FileText {
                text,
                lines: OnceLock::new(),
            },
        );
    }

    pub fn text(&self, file: &str) -> Option<&FileText> {
        self.texts.get(file)
    }

    /// Sorts by file, then position, as the output contract promises.
    pub fn finish(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            (a.file.as_ref(), a.span.start, a.span.end, a.code).cmp(&(
                b.file.as_ref(),
                b.span.start,
                b.span.end,
                b.code,
            ))
        });
    }

    pub fn position(&self, file: &str, offset: usize) -> Position {
        match self.texts.get(file) {
            Some(ft) => {
                let lc = ft.lines().position(&ft.text, offset, ColumnUnit::Char);
                Position {
                    line: lc.line + 1,
                    column: lc.col + 1,
                }
            }
            None => Position { line: 1, column: 1 },
        }
    }

    pub fn range(&self, file: &str, span: Span) -> (Position, Position) {
        (
            self.position(file, span.start),
            self.position(file, span.end),
        )
    }

    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for d in &self.diagnostics {
            match d.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Info => c.infos += 1,
                Severity::Hint => c.hints += 1,
            }
        }
        c
    }
}

/// The text to show for a file: every byte that is not part of valid UTF-8 becomes `?`, one
/// byte for one byte, so that byte offsets found in the original stay exact.
pub fn display_text(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for _ in chunk.invalid() {
            out.push('?');
        }
    }
    out
}
