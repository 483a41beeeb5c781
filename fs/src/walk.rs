//! Which files a command looks at: named files as given, directories walked honouring
//! `.gitignore` and the config's `exclude`, `-` for standard input.

use ignore::WalkBuilder;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A file to check: the name to report and its bytes, or why it could not be read.
pub struct Input {
    pub display: String,
    pub bytes: Result<Vec<u8>, String>,
}

pub fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// Collects the inputs for `paths` (default `.`), reading the files one after the other.
pub fn collect(paths: &[PathBuf], stdin_name: Option<&str>, excludes: &Excludes) -> Vec<Input> {
    collect_with(paths, stdin_name, excludes, &|files| {
        files.iter().map(|p| read(p)).collect()
    })
}

/// Like [`collect`], with the files' bytes read by `read_all` (given every path found, it
/// returns their contents in the same order): the command line reads on all its threads.
pub fn collect_with(
    paths: &[PathBuf],
    stdin_name: Option<&str>,
    excludes: &Excludes,
    read_all: &ReadAll<'_>,
) -> Vec<Input> {
    let defaults = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &defaults[..]
    } else {
        paths
    };
    let mut found = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let mut buf = Vec::new();
            let bytes = std::io::stdin()
                .read_to_end(&mut buf)
                .map(|_| buf)
                .map_err(|e| format!("cannot read standard input: {e}"));
            found.push(Found::Ready(Input {
                display: stdin_name.unwrap_or("-").to_string(),
                bytes,
            }));
        } else if path.is_dir() {
            walk_dir(path, excludes, &mut found);
        } else {
            found.push(Found::File(path.clone()));
        }
    }
    // `validate . apps/web/score.yaml` names a file twice; check it once. One path cannot
    // name a file twice, and resolving every path costs a system call per component.
    if paths.len() > 1 {
        let mut seen = std::collections::HashSet::new();
        found.retain(|f| match f {
            Found::Ready(_) => true,
            Found::File(path) => seen.insert(path.canonicalize().unwrap_or_else(|_| path.clone())),
        });
    }
    let files: Vec<PathBuf> = found
        .iter()
        .filter_map(|f| match f {
            Found::File(path) => Some(path.clone()),
            Found::Ready(_) => None,
        })
        .collect();
    let mut contents = read_all(files).into_iter();
    found
        .into_iter()
        .map(|f| match f {
            Found::Ready(input) => input,
            Found::File(path) => Input {
                display: display(&path),
                bytes: contents
                    .next()
                    .unwrap_or_else(|| Err(format!("cannot read {}", path.display()))),
            },
        })
        .collect()
}

/// Reads the files of a batch (see [`collect_with`]).
pub type ReadAll<'a> = dyn Fn(Vec<PathBuf>) -> Vec<Result<Vec<u8>, String>> + 'a;

/// A file's bytes, or why they could not be read.
pub fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| describe_io(path, &e))
}

/// What the walk found: an input already complete (standard input, a walk error) or a file
/// still to read.
enum Found {
    Ready(Input),
    File(PathBuf),
}

/// `exclude` globs of the configuration, matched against paths relative to the directory of
/// the configuration file; a glob without `/` also matches any single path component.
pub struct Excludes {
    set: globset::GlobSet,
    root: Option<PathBuf>,
}

impl Excludes {
    pub fn new(globs: &[String], root: Option<&Path>) -> Excludes {
        let mut builder = globset::GlobSetBuilder::new();
        for g in globs {
            if let Ok(glob) = globset::GlobBuilder::new(g).literal_separator(true).build() {
                builder.add(glob);
            }
        }
        Excludes {
            set: builder
                .build()
                .unwrap_or_else(|_| globset::GlobSet::empty()),
            root: root.and_then(|r| r.canonicalize().ok()),
        }
    }

    pub fn matches(&self, path: &Path) -> bool {
        if self.set.is_empty() {
            return false;
        }
        let abs = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let rel = match &self.root {
            Some(root) => abs.strip_prefix(root).unwrap_or(&abs).to_path_buf(),
            None => path.to_path_buf(),
        };
        self.set.is_match(&rel)
            || rel
                .components()
                .any(|c| self.set.is_match(Path::new(c.as_os_str())))
    }
}

fn walk_dir(dir: &Path, excludes: &Excludes, found: &mut Vec<Found>) {
    let mut builder = WalkBuilder::new(dir);
    builder
        .require_git(false)
        .sort_by_file_path(|a, b| a.cmp(b));
    for entry in builder.build() {
        match entry {
            Ok(e) if e.file_type().is_some_and(|t| t.is_file()) && is_yaml(e.path()) => {
                let path = e.path();
                if excludes.matches(path) {
                    continue;
                }
                found.push(Found::File(path.to_path_buf()));
            }
            Ok(_) => {}
            Err(err) => found.push(Found::Ready(Input {
                display: dir.display().to_string(),
                bytes: Err(format!("cannot walk the directory: {err}")),
            })),
        }
    }
}

/// The path as the user gave it, without a leading `./`.
fn display(path: &Path) -> String {
    let s = path.display().to_string();
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

fn describe_io(path: &Path, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => format!("no such file or directory: {}", path.display()),
        std::io::ErrorKind::PermissionDenied => format!("permission denied: {}", path.display()),
        _ => format!("cannot read {}: {e}", path.display()),
    }
}
