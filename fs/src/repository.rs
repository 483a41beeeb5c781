//! The parts of a repository a dry run reads (the engine's `Subject::reads` says which),
//! read from disk as a workspace: shared by `workflow test --dry-run` and `innominatus dap`.

use crate::walk::{self, Excludes};
use innominatus_engine::project::dry_run::{golden_paths_file, Reads, Subject};
use innominatus_engine::source::SourceFile;
use innominatus_engine::workspace::Workspace;
use std::path::Path;
use std::sync::Arc;

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
/// text in place of its copy on disk (standard input or an editor's text wins over the
/// file).
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
                    let mut files = ws.files.take_all();
                    files.push(src);
                    ws = Workspace::new(files, None, Box::new(|p: &str| Path::new(p).exists()));
                }
            }
            ws
        }
    }
}
