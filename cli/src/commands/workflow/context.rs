//! Reading the files a dry run needs: one YAML file, positions for messages, and the parts
//! of the repository around a file the engine asks for (golden paths, providers) as a
//! workspace.

use crate::walk::{self, Excludes};
use innominatus_engine::project::dry_run::{golden_paths_file, Reads, Subject};
use innominatus_engine::source::SourceFile;
use innominatus_engine::text::{ColumnUnit, LineIndex, Span};
use innominatus_engine::workspace::Workspace;
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

/// A workspace of no files.
pub fn empty_workspace() -> Workspace {
    Workspace::new(Vec::new(), None, Box::new(|_: &str| false))
}

/// The golden paths file of `repository` alone (an empty workspace when it cannot be read).
pub fn golden_paths_workspace(repository: &Path) -> Workspace {
    let file = golden_paths_file(repository);
    let files: Vec<SourceFile> = walk::read(&file)
        .ok()
        .map(|b| SourceFile::parse(Arc::from(file.display().to_string().as_str()), &b))
        .into_iter()
        .collect();
    Workspace::new(files, None, Box::new(|_: &str| false))
}

/// What the dry run of `subject` reads of `repository` (`reads`), with the subject's own
/// text in place of its copy on disk (standard input wins over the file).
pub fn repository_workspace(subject: &Subject, reads: Reads, repository: &Path) -> Workspace {
    match reads {
        Reads::Nothing => empty_workspace(),
        Reads::GoldenPaths => golden_paths_workspace(repository),
        Reads::Repository => {
            let mut ws = workspace(repository);
            let src = subject.source().clone();
            match ws.file_index(&src.file) {
                Some(fi) => ws.replace_file(fi, src),
                None => {
                    let mut files = std::mem::take(&mut ws.files);
                    files.push(src);
                    ws = Workspace::new(files, None, Box::new(|p: &str| Path::new(p).exists()));
                }
            }
            ws
        }
    }
}
