//! Reading the workspace folder from disk: the same files `innominatus lint` would check
//! from the folder (YAML, `.gitignore` honoured, `exclude` globs applied), plus the
//! configured provider paths, with the CLI's own walker.

use crate::index::{file_name, Entry, Held};
use innominatus_engine::project::config::Config;
use innominatus_engine::source::SourceFile;
use innominatus_fs::walk;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use tower_lsp_server::ls_types::Uri;
use tracing::warn;

/// Every YAML file below `root` and the provider paths, indexed, in the walk's order: each
/// file is read, parsed, indexed and dropped when the iterator reaches it, so indexing the
/// folder never holds more than one file's text and tree, nor its entries twice. `open`
/// gives an open document's entry in its file's place (the editor's text wins).
/// Unreadable files are skipped with a log line (they have no text to show a diagnostic in).
/// `give_way` is called between two entries of the walk (see `crate::urgent`).
pub fn index_folder<'a>(
    root: &'a Path,
    config: &Config,
    mut open: impl FnMut(&Uri) -> Option<Option<Entry>> + 'a,
    give_way: &dyn Fn(),
) -> impl Iterator<Item = Entry> + 'a {
    let excludes = walk::Excludes::new(&config.exclude, config.folder.as_deref());
    let mut dirs: Vec<PathBuf> = vec![root.to_path_buf()];
    dirs.extend(config.provider_paths.iter().cloned());
    walk::find_giving_way(&dirs, None, &excludes, give_way)
        .into_iter()
        .filter_map(move |pending| {
            let path = Path::new(&*pending.display);
            let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
            let uri = Uri::from_file_path(&path)?;
            if let Some(entry) = open(&uri) {
                return entry;
            }
            let bytes = match pending.read(walk::DEFAULT_MAX_FILE_SIZE) {
                Ok(b) => b,
                Err(why) => {
                    warn!("{why}");
                    return None;
                }
            };
            let file = file_name(&uri, Some(root));
            let indexed = catch_unwind(AssertUnwindSafe(|| {
                Entry::of(uri, SourceFile::parse(file.clone(), &bytes), Held::Disk)
            }));
            match indexed {
                Ok(entry) => Some(entry),
                Err(_) => {
                    warn!("parsing {file} failed inside innominatus; skipped");
                    None
                }
            }
        })
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
