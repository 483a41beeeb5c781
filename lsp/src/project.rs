//! Reading the workspace folder from disk: the same files `innominatus lint` would check
//! from the folder (YAML, `.gitignore` honoured, `exclude` globs applied), plus the
//! configured provider paths, with the CLI's own walker.

use crate::index::{file_name, Held};
use innominatus_engine::project::config::Config;
use innominatus_engine::source::SourceFile;
use innominatus_fs::walk;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use tower_lsp_server::ls_types::Uri;
use tracing::warn;

/// Every YAML file below `root` and the provider paths, parsed. Unreadable files are
/// skipped with a log line (they have no text to show a diagnostic in).
pub fn read_folder(root: &Path, config: &Config) -> Vec<(Uri, SourceFile, Held)> {
    let excludes = walk::Excludes::new(&config.exclude, config.folder.as_deref());
    let mut dirs: Vec<PathBuf> = vec![root.to_path_buf()];
    dirs.extend(config.provider_paths.iter().cloned());
    let mut out = Vec::new();
    for input in walk::collect(&dirs, None, &excludes) {
        let path = Path::new(&input.display);
        let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let Some(uri) = Uri::from_file_path(&path) else {
            continue;
        };
        let bytes = match input.bytes {
            Ok(b) => b,
            Err(why) => {
                warn!("{why}");
                continue;
            }
        };
        let file = file_name(&uri, Some(root));
        match catch_unwind(AssertUnwindSafe(|| SourceFile::parse(file.clone(), &bytes))) {
            Ok(src) => out.push((uri, src, Held::Disk)),
            Err(_) => warn!("parsing {file} failed inside innominatus; skipped"),
        }
    }
    out
}

/// Every YAML file below `dir` (`.gitignore` honoured, nothing excluded: what `workflow test
/// --dry-run` reads of a repository), parsed and named as the index names files (relative to
/// `root` when inside it). Unreadable files are skipped.
pub fn read_repository(dir: &Path, root: Option<&Path>) -> Vec<(Uri, SourceFile)> {
    let mut out = Vec::new();
    for input in walk::collect(&[dir.to_path_buf()], None, &walk::Excludes::new(&[], None)) {
        let path = Path::new(&input.display);
        let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let (Some(uri), Ok(bytes)) = (Uri::from_file_path(&path), input.bytes) else {
            continue;
        };
        let file = file_name(&uri, root);
        if let Ok(src) = catch_unwind(AssertUnwindSafe(|| SourceFile::parse(file, &bytes))) {
            out.push((uri, src));
        }
    }
    out
}
