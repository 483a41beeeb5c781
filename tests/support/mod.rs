//! Shared helpers of the integration tests: locating the binary, the corpus and the
//! expectation files, and comparing text with an optional bless mode.

#![allow(dead_code)]

pub mod dap;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root: the manifest of the `innominatus` package is at the root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/corpus` beside the repository, or `INNOMINATUS_CORPUS`, when it is there.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("INNOMINATUS_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => repo_root().parent()?.join("shared").join("corpus"),
    };
    dir.is_dir().then_some(dir)
}

/// The corpus, or `None` after printing the one line that says why the calling test does
/// nothing: a fresh clone has no `../shared` beside it. With `INNOMINATUS_REQUIRE_CORPUS`
/// set (`.ci/run` sets it) a missing corpus fails the test instead.
pub fn corpus_or_skip() -> Option<PathBuf> {
    let found = corpus_dir();
    if found.is_none() {
        let why = "the real-world corpus is not at ../shared/corpus beside the repository (or INNOMINATUS_CORPUS)";
        if std::env::var_os("INNOMINATUS_REQUIRE_CORPUS").is_some() {
            panic!("{why}");
        }
        println!("skipped: {why}; this test runs on real files (README, \"Run every test\", says where the corpus comes from)");
    }
    found
}

pub fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_innominatus"))
}

pub fn run(dir: &Path, args: &[&str]) -> Output {
    binary()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        // Tests run in the source tree and the shared corpus: no result cache there
        // (tests/cache_parallel.rs turns it on where it tests it).
        .env("INNOMINATUS_NO_CACHE", "1")
        .args(args)
        .output()
        .expect("the innominatus binary runs")
}

/// Compares `actual` with the file at `path`; with `UPDATE_EXPECT=1` rewrites the file.
/// Returns a description of the difference, if any.
pub fn compare(path: &Path, actual: &str) -> Option<String> {
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(path, actual).unwrap();
        return None;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected == actual {
        return None;
    }
    let mut diff = format!(
        "{} differs (run with UPDATE_EXPECT=1 to accept):\n",
        path.display()
    );
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    for i in 0..e.len().max(a.len()) {
        match (e.get(i), a.get(i)) {
            (Some(x), Some(y)) if x == y => {}
            (x, y) => {
                diff.push_str(&format!(
                    "  line {}:\n    expected: {}\n    actual:   {}\n",
                    i + 1,
                    x.unwrap_or(&"<none>"),
                    y.unwrap_or(&"<none>")
                ));
            }
        }
    }
    Some(diff)
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            yaml_files(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            out.push(path);
        }
    }
}

/// Every YAML file of the corpus, the golden cases and the examples that is UTF-8 text, in a
/// stable order: (its path for messages, its text).
pub fn real_yaml_texts() -> Vec<(String, String)> {
    let root = repo_root();
    let mut files = Vec::new();
    // Without the corpus, the repository's own files still make a real test set.
    let corpus = corpus_or_skip();
    for dir in corpus
        .into_iter()
        .chain([root.join("tests/cases"), root.join("examples")])
    {
        yaml_files(&dir, &mut files);
    }
    let texts: Vec<(String, String)> = files
        .iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(path).ok()?;
            Some((path.display().to_string(), text))
        })
        .collect();
    assert!(texts.len() > 100, "only {} files found", texts.len());
    texts
}

/// Calls `f` with `text` changed at one line at a time (of its first `lines` lines): the line
/// indented one more or one less, cut in half, doubled, or removed — and with a name for the
/// change (`line 3 variant 1`).
pub fn for_each_line_edit(text: &str, lines: usize, mut f: impl FnMut(&str, &str)) {
    let all: Vec<&str> = text.split_inclusive('\n').collect();
    for (i, line) in all.iter().enumerate().take(lines) {
        let body = line.trim_end_matches('\n');
        let cut = body
            .char_indices()
            .nth(body.chars().count() / 2)
            .map_or(0, |(b, _)| b);
        let variants = [
            format!(" {line}"),
            line.strip_prefix(' ').unwrap_or(line).to_string(),
            format!("{}\n", &body[..cut]),
            format!("{line}{line}"),
            String::new(),
        ];
        for (v, variant) in variants.iter().enumerate() {
            let mut edited = String::with_capacity(text.len() + variant.len());
            for (j, l) in all.iter().enumerate() {
                edited.push_str(if i == j { variant } else { l });
            }
            f(&edited, &format!("line {} variant {v}", i + 1));
        }
    }
}

/// `../shared` beside the repository (or `INNOMINATUS_SHARED`), if it is there.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("INNOMINATUS_SHARED") {
        Some(d) => PathBuf::from(d),
        None => repo_root().parent()?.join("shared"),
    };
    dir.is_dir().then_some(dir)
}

/// The built platform oracle, or `None` after printing the one line that says why a test
/// skips; with `INNOMINATUS_REQUIRE_ORACLE` set (CI), a missing oracle fails instead.
pub fn oracle_or_skip() -> Option<PathBuf> {
    match oracle_dir() {
        Ok(dir) => Some(dir),
        Err(why) if std::env::var_os("INNOMINATUS_REQUIRE_ORACLE").is_some() => {
            panic!("the platform oracle is required here: {why}")
        }
        Err(why) => {
            println!("skipped: the platform oracle is not available: {why}");
            None
        }
    }
}

/// The folder of the built platform oracle (`tests/oracle/build.sh`): `target/oracle`, built
/// on first use when Go and `../shared/oracle` are there. `Err` says why it cannot be had, for
/// the one line a skipped test prints.
pub fn oracle_dir() -> Result<PathBuf, String> {
    use std::sync::OnceLock;
    static BUILT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let out = std::env::var_os("INNOMINATUS_ORACLE_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| repo_root().join("target").join("oracle"));
            let shared = shared_dir().ok_or(
                "../shared (the platform oracle) is not beside the repository; set INNOMINATUS_SHARED to use one elsewhere",
            )?;
            if !shared.join("oracle/build.sh").is_file() {
                return Err(format!("{} has no oracle/build.sh", shared.display()));
            }
            let driver = repo_root().join("tests/oracle/resolve/main.go");
            let fresh = |bin: &Path| {
                let built = std::fs::metadata(bin).and_then(|m| m.modified());
                let source = std::fs::metadata(&driver).and_then(|m| m.modified());
                matches!((built, source), (Ok(b), Ok(s)) if b >= s)
            };
            if fresh(&out.join("resolve")) && out.join("fidelity").is_file() {
                return Ok(out);
            }
            let go = Command::new("go").arg("version").output();
            if !go.is_ok_and(|o| o.status.success()) {
                return Err("Go is not installed (apt-get install golang-go golang-gopkg-yaml.v3-dev golang-github-masterminds-semver-dev golang-github-sirupsen-logrus-dev)".to_string());
            }
            let build = Command::new("bash")
                .arg(repo_root().join("tests/oracle/build.sh"))
                .arg(&out)
                .env("INNOMINATUS_SHARED", &shared)
                .output()
                .map_err(|e| format!("cannot run tests/oracle/build.sh: {e}"))?;
            if !build.status.success() {
                return Err(format!(
                    "tests/oracle/build.sh failed: {}",
                    String::from_utf8_lossy(&build.stderr)
                ));
            }
            Ok(out)
        })
        .clone()
}

/// An empty folder of its own under the system's temporary folder, named by the calling test
/// file's `prefix`, the test's `tag` and this process (so parallel test binaries never meet).
pub fn scratch_dir(prefix: &str, tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("inn-{prefix}-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Copies the folder `from` (every file, recursively) to `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A workspace folder and its YAML files (path relative to the folder, bytes).
pub type FolderFiles = (PathBuf, Vec<(String, Vec<u8>)>);

/// The repository's real workspaces: the examples and every golden case folder, in a stable
/// order. The corpus is left out: its files are unrelated to each other.
pub fn real_workspaces() -> Vec<FolderFiles> {
    let root = repo_root();
    let mut folders = vec![root.join("examples")];
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root.join("tests/cases"))
        .expect("tests/cases is there")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    folders.extend(cases);
    folders
        .into_iter()
        .map(|dir| {
            let mut paths = Vec::new();
            yaml_files(&dir, &mut paths);
            let files = paths
                .iter()
                .filter_map(|p| {
                    let rel = p
                        .strip_prefix(&dir)
                        .ok()?
                        .to_string_lossy()
                        .replace('\\', "/");
                    Some((rel, std::fs::read(p).ok()?))
                })
                .collect();
            (dir, files)
        })
        .collect()
}
