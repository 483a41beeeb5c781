//! Reading the files a dry run needs: one YAML file, positions for messages, and the
//! repository around a file (golden paths, providers) as a workspace.

use crate::walk::{self, Excludes};
use innominatus_engine::source::SourceFile;
use innominatus_engine::text::{ColumnUnit, LineIndex, Span};
use innominatus_engine::workspace::Workspace;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Reads and parses `path` (named as the user gave it).
pub fn read(path: &Path) -> Result<SourceFile, String> {
    let display = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| format!("error: cannot read {display}: {e}"))?;
    Ok(SourceFile::parse(Arc::from(display.as_str()), &bytes))
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

/// The repository a file belongs to (`project::root::repository_of`, the definition every
/// command shares): the working directory when the file lies inside it, else the nearest
/// marked folder above it. Relative to the working directory when below it, so that files
/// are named as the user names them.
pub fn repository_root(file: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let root = innominatus_engine::project::root::repository_of(dir, &cwd, &|p| p.exists());
    match root.strip_prefix(&cwd) {
        Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rel) => rel.to_path_buf(),
        Err(_) => root,
    }
}

/// Every YAML file below `root`, parsed and indexed.
pub fn workspace(root: &Path) -> Workspace {
    let files = walk::collect(&[root.to_path_buf()], None, &Excludes::new(&[], None))
        .into_iter()
        .filter_map(|i| {
            let bytes = i.bytes.ok()?;
            Some(SourceFile::parse(Arc::from(i.display.as_str()), &bytes))
        })
        .collect();
    Workspace::new(files, None, Box::new(|p: &str| Path::new(p).exists()))
}
