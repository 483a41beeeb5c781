//! Reading the files of a git revision, for `impact --base REV`: `git ls-tree` lists the
//! blobs below the paths asked for and `git cat-file --batch` reads them in one process.
//! git runs directly with its arguments (never through a shell) and only reads.

use crate::walk::{is_yaml, Excludes};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

/// The files of one revision: the YAML files a walk of the same paths would read (path as the
/// walker displays it, bytes), and every path of the tree, for the workspace's "does this file
/// exist" questions.
pub struct RevisionFiles {
    pub files: Vec<(String, Vec<u8>)>,
    pub all_paths: BTreeSet<String>,
}

/// Whether `git` can be run at all.
pub fn available() -> bool {
    Command::new("git")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(dir)
        // Nothing in the repository's configuration may start a pager or ask for input.
        .env("GIT_PAGER", "cat")
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null());
    c
}

/// The commit `rev` names, checked: a mistyped revision is a usage error with git's words.
pub fn resolve(dir: &Path, rev: &str) -> Result<String, String> {
    let out = git(dir)
        .args(["rev-parse", "--verify", "--quiet", "--end-of-options"])
        .arg(format!("{rev}^{{commit}}"))
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`{rev}` is not a commit of the git repository at {}",
            dir.display()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The files of `commit` below `paths` (default `.`), relative to `dir` as the walker names
/// them: YAML files in no hidden folder and not excluded; symbolic links and submodules are
/// left out, as the walker leaves them out of the working tree. A wanted file larger than
/// `max_size` is refused, as the walker refuses it on disk.
pub fn read_revision(
    dir: &Path,
    commit: &str,
    paths: &[PathBuf],
    excludes: &Excludes,
    max_size: u64,
) -> Result<RevisionFiles, String> {
    let mut ls = git(dir);
    ls.args(["ls-tree", "-r", "-z", "-l", commit, "--"]);
    if paths.is_empty() {
        ls.arg(".");
    } else {
        ls.args(paths);
    }
    let out = ls.output().map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git ls-tree {commit} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let absolute_dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let mut wanted: Vec<(String, String)> = Vec::new();
    let mut all_paths = BTreeSet::new();
    for entry in out.stdout.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        // `<mode> <type> <object> <size, padded>\t<path>`
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let mut meta = meta.split_whitespace();
        let (Some(mode), Some(kind), Some(object), Some(size)) =
            (meta.next(), meta.next(), meta.next(), meta.next())
        else {
            continue;
        };
        if kind != "blob" || mode == "120000" {
            continue;
        }
        let path = path.strip_prefix("./").unwrap_or(path).to_string();
        all_paths.insert(path.clone());
        let on_disk = absolute_dir.join(&path);
        if is_yaml(Path::new(&path)) && !hidden(Path::new(&path)) && !excludes.matches(&on_disk) {
            if size.parse::<u64>().is_ok_and(|s| s > max_size) {
                return Err(format!(
                    "{path} is larger than max-file-size ({max_size} bytes) in {commit}"
                ));
            }
            wanted.push((path, object.to_string()));
        }
    }
    let objects: Vec<String> = wanted.iter().map(|(_, o)| o.clone()).collect();
    let contents = cat_blobs(dir, &objects)?;
    Ok(RevisionFiles {
        files: wanted.into_iter().map(|(p, _)| p).zip(contents).collect(),
        all_paths,
    })
}

/// A component starting with `.` (the walker skips hidden files and folders); `..` only
/// climbs out of the working directory.
fn hidden(path: &Path) -> bool {
    path.components().any(|c| match c {
        Component::Normal(name) => name.to_string_lossy().starts_with('.'),
        _ => false,
    })
}

/// The contents of `objects`, in order, through one `git cat-file --batch`.
fn cat_blobs(dir: &Path, objects: &[String]) -> Result<Vec<Vec<u8>>, String> {
    if objects.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = git(dir)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let mut stdin = child.stdin.take().expect("piped");
    let request: String = objects.iter().map(|o| format!("{o}\n")).collect();
    // Written on a thread of its own: git answers while it reads, and a full pipe each way
    // would leave both waiting.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut reader = BufReader::new(child.stdout.take().expect("piped"));
    let mut contents = Vec::with_capacity(objects.len());
    for object in objects {
        let mut header = String::new();
        reader
            .read_line(&mut header)
            .map_err(|e| format!("reading git cat-file: {e}"))?;
        // `<object> <type> <size>`, or `<object> missing`.
        let size = header
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse::<usize>().ok())
            .ok_or_else(|| format!("git cat-file cannot read object {object}"))?;
        let mut bytes = vec![0; size + 1]; // the contents and a newline
        reader
            .read_exact(&mut bytes)
            .map_err(|e| format!("reading git cat-file: {e}"))?;
        bytes.pop();
        contents.push(bytes);
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(contents)
}
