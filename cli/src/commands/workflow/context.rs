//! Reading the files a dry run needs: one YAML file, positions for messages, and the parts
//! of the repository around a file the engine asks for (golden paths, providers) as a
//! workspace.

use crate::walk;
use innominatus_engine::source::SourceFile;
use innominatus_engine::text::{ColumnUnit, LineIndex, Span};
use std::path::Path;
use std::sync::Arc;

/// The bytes of `path` (named as the user gave it).
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    walk::read(path).map_err(|e| format!("error: {e}"))
}

/// Reads and parses `path` (named as the user gave it).
pub fn read(path: &Path) -> Result<SourceFile, String> {
    let bytes = read_bytes(path)?;
    Ok(SourceFile::parse(
        Arc::from(path.display().to_string().as_str()),
        &bytes,
    ))
}

/// `file:line:col` of a byte offset (1-based, columns in characters).
pub fn position(src: &SourceFile, span: Span) -> String {
    let text = src.text.as_deref().unwrap_or("");
    let at = LineIndex::new(text).position(text, span.start, ColumnUnit::Char);
    format!("{}:{}:{}", src.file, at.line + 1, at.col + 1)
}

/// The 1-based line of a byte offset.
pub fn line(src: &SourceFile, span: Span) -> usize {
    let text = src.text.as_deref().unwrap_or("");
    LineIndex::new(text).line_of(span.start) + 1
}

/// The first syntax error of a file, as `file:line:col: message`.
pub fn syntax_error(src: &SourceFile) -> Option<String> {
    src.diagnostics
        .iter()
        .find(|d| d.severity == innominatus_engine::diagnostic::Severity::Error)
        .map(|d| format!("{}: {}", position(src, d.span), d.message))
}

// The workspaces a dry run reads are read the same way by `innominatus dap`.
pub use innominatus_fs::repository::{
    empty_workspace, golden_paths_workspace, repository_workspace,
};
