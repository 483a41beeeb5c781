//! Which files a command looks at: named files as given, directories walked honouring
//! `.gitignore` and the config's `exclude`, `-` for standard input.

use ignore::WalkBuilder;
use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    let found = find_all(paths, stdin_name, excludes, &|| ());
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

/// A file found by [`find`], read when its reader asks (as often as it asks): a command
/// that streams files through its checks holds the bytes of a few files at a time, never
/// of all of them. Standard input, which can be read only once, is read when found.
pub struct Pending {
    /// The name to report; a run shares this one allocation wherever it names the file.
    pub display: Arc<str>,
    origin: Origin,
}

/// Where a [`Pending`] file's bytes come from. A run over a large tree holds one of these
/// per file until it ends, so the path is not kept beside the name when the name spells it.
enum Origin {
    /// Read when found (standard input, a walk error).
    Ready(Result<Vec<u8>, String>),
    /// The file at the path its name spells, after a leading `./` when `dotted`.
    Named { dotted: bool },
    /// A path its name does not spell (not UTF-8: the name shows it lossily).
    File(PathBuf),
}

impl Pending {
    fn new(found: Found) -> Pending {
        match found {
            Found::Ready(input) => Pending {
                display: Arc::from(input.display),
                origin: Origin::Ready(input.bytes),
            },
            Found::File(path) => {
                let display = display(&path);
                let spelled = path.to_str().and_then(|p| match p.strip_prefix("./") {
                    Some(rest) if rest == display => Some(true),
                    None if p == display => Some(false),
                    _ => None,
                });
                Pending {
                    display: Arc::from(display),
                    origin: match spelled {
                        Some(dotted) => Origin::Named { dotted },
                        None => Origin::File(path),
                    },
                }
            }
        }
    }

    /// The file's bytes (at most `limit`), or why they cannot be read.
    pub fn read(&self, limit: u64) -> Result<Vec<u8>, String> {
        match &self.origin {
            Origin::Ready(bytes) => bytes.clone(),
            Origin::Named { .. } | Origin::File(_) => {
                let path = self.path().expect("a file has a path");
                read_limited(&path, limit)
            }
        }
    }

    /// The file's path, unless it is standard input.
    pub fn path(&self) -> Option<Cow<'_, Path>> {
        match &self.origin {
            Origin::Ready(_) => None,
            Origin::Named { dotted: false } => Some(Cow::Borrowed(Path::new(&*self.display))),
            Origin::Named { dotted: true } => Some(Cow::Owned(Path::new(".").join(&*self.display))),
            Origin::File(path) => Some(Cow::Borrowed(path)),
        }
    }

    /// About how many bytes reading the file will give, without reading it: the size the
    /// file system reports (0 when it cannot say), or the length of bytes already read.
    pub fn size_hint(&self) -> u64 {
        match (&self.origin, self.path()) {
            (Origin::Ready(bytes), _) => bytes.as_ref().map_or(0, |b| b.len() as u64),
            (_, Some(path)) => std::fs::metadata(path).map_or(0, |m| m.len()),
            (_, None) => 0,
        }
    }
}

/// The inputs for `paths` as [`collect`] finds them, in the same order, without reading
/// them (but standard input).
pub fn find(paths: &[PathBuf], stdin_name: Option<&str>, excludes: &Excludes) -> Vec<Pending> {
    find_giving_way(paths, stdin_name, excludes, &|| ())
}

/// [`find`], calling `give_way` after each entry of a folder: a walk that runs beside work
/// someone waits for (the language server's indexing beside the check of an open document)
/// can pause there.
pub fn find_giving_way(
    paths: &[PathBuf],
    stdin_name: Option<&str>,
    excludes: &Excludes,
    give_way: &dyn Fn(),
) -> Vec<Pending> {
    find_all(paths, stdin_name, excludes, give_way)
        .into_iter()
        .map(Pending::new)
        .collect()
}

fn find_all(
    paths: &[PathBuf],
    stdin_name: Option<&str>,
    excludes: &Excludes,
    give_way: &dyn Fn(),
) -> Vec<Found> {
    let defaults = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &defaults[..]
    } else {
        paths
    };
    let mut found = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let bytes = read_stdin(DEFAULT_MAX_FILE_SIZE);
            found.push(Found::Ready(Input {
                display: stdin_name.unwrap_or("-").to_string(),
                bytes,
            }));
        } else if path.is_dir() {
            walk_dir(path, excludes, &mut found, give_way);
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
    found
}

/// Reads the files of a batch (see [`collect_with`]).
pub type ReadAll<'a> = dyn Fn(Vec<PathBuf>) -> Vec<Result<Vec<u8>, String>> + 'a;

/// The largest file read unless the configuration says otherwise (`max-file-size`): far
/// above any real platform file, far below what would exhaust memory.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// A file's bytes, or why they could not be read, within [`DEFAULT_MAX_FILE_SIZE`].
pub fn read(path: &Path) -> Result<Vec<u8>, String> {
    read_limited(path, DEFAULT_MAX_FILE_SIZE)
}

/// A file's bytes, or why they could not be read: only regular files (a FIFO would block
/// forever, `/dev/zero` never ends), and at most `limit` bytes (a file that grows while it is
/// read is cut off and refused, not read until memory runs out).
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: opening a FIFO must not wait for a writer (it has no effect on regular
    // files); the type is checked on the open file, so a swap after a check cannot fool it.
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_CLOEXEC)
        .open(path)
        .map_err(|e| describe_io(path, &e))?;
    let meta = file.metadata().map_err(|e| describe_io(path, &e))?;
    if !meta.is_file() {
        return Err(format!(
            "{} is not a regular file (a folder, FIFO, socket or device); it is not read",
            path.display()
        ));
    }
    if meta.len() > limit {
        return Err(too_large(path, meta.len(), limit));
    }
    let bytes = read_to_end_sized(file, meta.len(), limit).map_err(|e| describe_io(path, &e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(path, bytes.len() as u64, limit));
    }
    Ok(bytes)
}

/// Reads `file` to its end, or to one byte past `limit`. `size` is the file's length when it
/// was opened. A small file's first read asks for one byte more, and a regular file that
/// answers with exactly `size` bytes is at its end, so the read of nothing that would only
/// confirm it (a system call per file) is skipped. A file that changed size is read on to
/// its end.
fn read_to_end_sized(mut file: std::fs::File, size: u64, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = if size < ONE_READ_UP_TO {
        // Zeroed rather than uninitialised, so no unsafe code: cheap at this size.
        let mut bytes = vec![0; size as usize + 1];
        let first = loop {
            match file.read(&mut bytes) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                other => break other?,
            }
        };
        bytes.truncate(first);
        if first as u64 == size {
            return Ok(bytes);
        }
        bytes
    } else {
        Vec::with_capacity(size.min(limit) as usize)
    };
    let read = bytes.len() as u64;
    file.take((limit + 1).saturating_sub(read))
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Files smaller than this are read with one system call into a zeroed buffer; zeroing a
/// larger one costs more than the call it saves (100 files of 5,000 lines spent 1% of
/// `validate` in it).
const ONE_READ_UP_TO: u64 = 64 * 1024;

/// Standard input, at most `limit` bytes.
pub fn read_stdin(limit: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "standard input is larger than the {} limit for one file; raise `max-file-size` in .innominatus.toml if it is really one YAML file",
            human_size(limit)
        ));
    }
    Ok(bytes)
}

fn too_large(path: &Path, size: u64, limit: u64) -> String {
    format!(
        "{} is {}, over the {} limit for one file; it is not read (raise `max-file-size` in .innominatus.toml if it is really one YAML file)",
        path.display(),
        human_size(size),
        human_size(limit)
    )
}

/// A size as people write it: `64 MiB`, `1.5 GiB`, `300 B`.
fn human_size(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size {
            let whole = bytes / size;
            let tenths = (bytes % size) * 10 / size;
            return if tenths == 0 {
                format!("{whole} {unit}")
            } else {
                format!("{whole}.{tenths} {unit}")
            };
        }
    }
    format!("{bytes} B")
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

/// Whether a walk of `tree` (canonical) would yield `path` (absolute): a YAML file below it,
/// in no hidden folder and not hidden itself (the walker skips those, the cache folder among
/// them), and not excluded. `.gitignore` is not consulted: a change to an ignored file only
/// costs a needless re-run in `--watch`.
pub fn walks_to(tree: &Path, path: &Path, excludes: &Excludes) -> bool {
    let Ok(below) = path.strip_prefix(tree) else {
        return false;
    };
    is_yaml(path)
        && !below
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        && !excludes.matches(path)
}

/// Does once what the first walk of a run would do first: find the user's global git
/// excludes file, which builds the pattern that reads git's configuration. Started on a
/// thread of its own while a command reads its arguments, it is then off the walk every
/// worker waits for.
pub fn prepare() {
    let _ = ignore::gitignore::gitconfig_excludes_path();
}

fn walk_dir(dir: &Path, excludes: &Excludes, found: &mut Vec<Found>, give_way: &dyn Fn()) {
    let mut builder = WalkBuilder::new(dir);
    // The walk sorts a folder's entries, which share their folder's spelling and differ in
    // a name without `/`: their bytes compare like their components. Comparing them as
    // paths, component by component, was most of the serial walk every worker waits for
    // (and `sort_by_file_name` cuts the name out of the path at each comparison).
    builder
        .require_git(false)
        .sort_by_file_path(|a, b| a.as_os_str().cmp(b.as_os_str()));
    for entry in builder.build() {
        give_way();
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
    // What `path.display()` prints (invalid UTF-8 replaced alike), without the formatting
    // machinery: made once per file found, on the thread every worker waits for.
    // Valid UTF-8 (nearly every name) is checked at full speed; only other names take the
    // character-by-character replacement.
    let s = match path.to_str() {
        Some(s) => Cow::Borrowed(s),
        None => path.to_string_lossy(),
    };
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

fn describe_io(path: &Path, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => format!("no such file or directory: {}", path.display()),
        std::io::ErrorKind::PermissionDenied => format!("permission denied: {}", path.display()),
        _ => format!("cannot read {}: {e}", path.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endless_and_special_files_are_refused_without_hanging() {
        let zero = read_limited(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(zero.contains("not a regular file"), "{zero}");
        let dir = std::env::temp_dir().join(format!("inn-walk-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("pipe.yaml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let err = read_limited(&fifo, 1024).unwrap_err();
            assert!(err.contains("not a regular file"), "{err}");
        }
        let big = dir.join("big.yaml");
        std::fs::write(&big, vec![b'a'; 3000]).unwrap();
        let err = read_limited(&big, 2048).unwrap_err();
        assert!(err.contains("2.9 KiB, over the 2 KiB limit"), "{err}");
        assert_eq!(read_limited(&big, 3000).unwrap().len(), 3000);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_walk_lists_files_in_the_order_of_their_whole_paths() {
        let dir = std::env::temp_dir().join(format!("inn-walk-order-{}", std::process::id()));
        let names = [
            "a/z.yaml",
            "a-b.yaml",
            "a.yaml",
            "a/b/c.yaml",
            "a0/x.yaml",
            "B.yaml",
            "b/a.yml",
            "b.yaml",
            "é/a.yaml",
            "a/b.yaml",
            "a/b-c/d.yaml",
        ];
        for name in names {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "a: 1\n").unwrap();
        }
        let found: Vec<PathBuf> = find(std::slice::from_ref(&dir), None, &Excludes::new(&[], None))
            .iter()
            .map(|p| p.path().unwrap().into_owned())
            .collect();
        let mut sorted = found.clone();
        sorted.sort();
        assert_eq!(found.len(), names.len());
        assert_eq!(found, sorted);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_whose_size_changed_since_it_was_opened_is_read_to_its_end() {
        let dir = std::env::temp_dir().join(format!("inn-walk-sized-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("grown.yaml");
        let text: Vec<u8> = (0..5000u32).map(|i| b'a' + (i % 26) as u8).collect();
        std::fs::write(&path, &text).unwrap();
        let open = || std::fs::File::open(&path).unwrap();
        // The size seen at open: exact, smaller (the file grew), larger (it shrank), none.
        for size in [5000, 3, 4999, 7000, 0] {
            assert_eq!(
                read_to_end_sized(open(), size, 10_000).unwrap(),
                text,
                "size {size}"
            );
        }
        // Grown past the limit: one byte more than the limit is read, for the caller to refuse.
        assert_eq!(read_to_end_sized(open(), 10, 4000).unwrap().len(), 4001);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_watch_follows_the_walkers_rule_for_changed_paths() {
        let tree = Path::new("/repo");
        let none = Excludes::new(&[], None);
        assert!(walks_to(
            tree,
            Path::new("/repo/apps/web/score.yaml"),
            &none
        ));
        // The result cache, editors' hidden files, other files and other trees are not ours.
        assert!(!walks_to(
            tree,
            Path::new("/repo/.innominatus_cache/entry.yaml"),
            &none
        ));
        assert!(!walks_to(tree, Path::new("/repo/apps/.score.yaml"), &none));
        assert!(!walks_to(
            tree,
            Path::new("/repo/apps/web/score.yaml.swp~"),
            &none
        ));
        assert!(!walks_to(tree, Path::new("/elsewhere/score.yaml"), &none));
        let vendor = Excludes::new(&["vendor".to_string()], Some(tree));
        assert!(!walks_to(tree, Path::new("/repo/vendor/x.yaml"), &vendor));
    }

    #[test]
    fn a_found_file_is_read_through_the_name_it_is_reported_by() {
        // Tests run in the crate's folder: `./Cargo.toml` is reported as `Cargo.toml`
        // and read at the path as given.
        let dotted = Pending::new(Found::File(PathBuf::from("./Cargo.toml")));
        assert_eq!(&*dotted.display, "Cargo.toml");
        assert_eq!(dotted.path().as_deref(), Some(Path::new("./Cargo.toml")));
        let plain = Pending::new(Found::File(PathBuf::from("src/walk.rs")));
        assert_eq!(&*plain.display, "src/walk.rs");
        assert_eq!(plain.path().as_deref(), Some(Path::new("src/walk.rs")));
        let bytes = std::fs::read("Cargo.toml").unwrap();
        assert_eq!(dotted.read(DEFAULT_MAX_FILE_SIZE), Ok(bytes.clone()));
        assert_eq!(dotted.size_hint(), bytes.len() as u64);
        // A name that is not UTF-8 is reported lossily and still read at its real path.
        use std::os::unix::ffi::OsStrExt;
        let dir = std::env::temp_dir().join(format!("inn-walk-name-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let odd = dir.join(std::ffi::OsStr::from_bytes(b"caf\xe9.yaml"));
        std::fs::write(&odd, "a: 1\n").unwrap();
        let lossy = Pending::new(Found::File(odd.clone()));
        assert!(
            lossy.display.ends_with("caf\u{fffd}.yaml"),
            "{}",
            lossy.display
        );
        assert_eq!(lossy.path().as_deref(), Some(odd.as_path()));
        assert_eq!(lossy.read(DEFAULT_MAX_FILE_SIZE), Ok(b"a: 1\n".to_vec()));
        std::fs::remove_dir_all(&dir).unwrap();
        // Standard input has no path: its bytes were read when it was found.
        let stdin = Pending::new(Found::Ready(Input {
            display: "-".to_string(),
            bytes: Ok(b"x".to_vec()),
        }));
        assert!(stdin.path().is_none());
        assert_eq!(stdin.read(1), Ok(b"x".to_vec()));
    }
}
