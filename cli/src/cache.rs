//! The on-disk result cache of `validate` and `lint` (`.innominatus_cache/` at the workspace
//! root, as ruff keeps `.ruff_cache/`).
//!
//! What a file's findings depend on: its own bytes and name, the bytes and names of every
//! other file of the run (references across files, the automatic dialect), the
//! configuration, the command's options, the working directory (paths are relative to it),
//! the tool itself, and whether the files that rules asked about exist. A run is keyed by a
//! hash of all of these except the last, which is recorded with the results and checked
//! again before they are used. An unchanged tree is answered from the cache without parsing;
//! any change to any file, to the configuration or to the tool is a miss. That is coarser
//! than per-file entries, and correct: per-file entries would need a key over exactly the
//! workspace facts each rule reads, which the rules do not declare.
//!
//! Nothing read from the repository may make a failing check pass, and the cache folder lives
//! in the repository (where it can be committed, or planted by a branch). So every record is
//! authenticated: a keyed SipHash-2-4 (128 bits) over the record, with a secret that lives in
//! the user's own cache folder (`$XDG_CACHE_HOME/innominatus/cache-key`, else
//! `~/.cache/innominatus/cache-key`, mode 0600), never in the repository. A record that fails
//! the check — edited, copied from another machine or user, committed — is ignored with a
//! warning and rewritten; without a usable secret there is no cache at all.

use innominatus_engine::diagnostic::{Applicability, Diagnostic, Edit, Fix, Related, Severity};
use innominatus_engine::rules;
use innominatus_engine::text::Span;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub const DIR_NAME: &str = ".innominatus_cache";
/// Runs kept per cache; older ones are removed when a new one is stored.
const KEEP_RUNS: usize = 16;

/// A 128-bit key built from two independently seeded SipHash states: stable for one build
/// of the tool (which is part of every key), and wide enough that collisions do not matter.
pub struct KeyBuilder {
    a: std::collections::hash_map::DefaultHasher,
    b: std::collections::hash_map::DefaultHasher,
}

impl KeyBuilder {
    pub fn new() -> KeyBuilder {
        let mut a = std::collections::hash_map::DefaultHasher::new();
        let mut b = std::collections::hash_map::DefaultHasher::new();
        0xA5u8.hash(&mut a);
        0x5Au8.hash(&mut b);
        let mut key = KeyBuilder { a, b };
        key.add_tool();
        key
    }

    /// Adds a labelled value; labels keep `("ab", "c")` and `("a", "bc")` apart.
    pub fn add(&mut self, label: &str, value: &[u8]) {
        for h in [&mut self.a, &mut self.b] {
            label.hash(h);
            value.hash(h);
        }
    }

    /// The tool's version, and the identity of this very binary (size and modification
    /// time), so that a rebuilt development binary never reads results of an older one.
    fn add_tool(&mut self) {
        self.add("version", env!("CARGO_PKG_VERSION").as_bytes());
        let exe = std::env::current_exe()
            .and_then(std::fs::metadata)
            .map(|m| {
                let modified = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                format!("{}:{modified}", m.len())
            })
            .unwrap_or_default();
        self.add("exe", exe.as_bytes());
    }

    pub fn finish(&self) -> String {
        format!("{:016x}{:016x}", self.a.finish(), self.b.finish())
    }
}

/// A 128-bit digest of one file's bytes, for the run's key (two independently seeded
/// SipHash states, as [`KeyBuilder`]): taken while the file is read, so that a run need not
/// keep every file's bytes to build its key.
pub fn digest(bytes: &[u8]) -> [u8; 16] {
    let mut a = std::collections::hash_map::DefaultHasher::new();
    let mut b = std::collections::hash_map::DefaultHasher::new();
    0xC3u8.hash(&mut a);
    0x3Cu8.hash(&mut b);
    bytes.hash(&mut a);
    bytes.hash(&mut b);
    let mut out = [0; 16];
    out[..8].copy_from_slice(&a.finish().to_le_bytes());
    out[8..].copy_from_slice(&b.finish().to_le_bytes());
    out
}

/// The answers of the caller's `exists` function during a run, recorded for the cache.
#[derive(Default, Clone)]
pub struct ExistsLog(Arc<Mutex<BTreeMap<String, bool>>>);

impl ExistsLog {
    /// Asks the file system and records the answer.
    pub fn exists(&self, path: &str) -> bool {
        let answer = Path::new(path).exists();
        if let Ok(mut log) = self.0.lock() {
            log.insert(path.to_string(), answer);
        }
        answer
    }

    fn entries(&self) -> Vec<(String, bool)> {
        self.0
            .lock()
            .map(|log| log.iter().map(|(k, v)| (k.clone(), *v)).collect())
            .unwrap_or_default()
    }
}

/// The findings of one run, file by file in the order the files were checked.
pub struct Stored {
    pub files: Vec<Vec<Diagnostic>>,
}

pub struct Cache {
    dir: PathBuf,
    secret: [u8; 32],
}

/// The first line of every record: a format tag and the record's authentication code.
const RECORD_TAG: &str = "innominatus-cache-1";

/// The per-user secret that authenticates records: read from, or created in, the user's
/// cache folder. `None` when there is no such folder, it cannot be written, or the key file
/// is not a private file of this user (someone else could then forge records).
fn secret(root: &Path) -> Option<[u8; 32]> {
    use std::io::{Read, Write};
    use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    let dir = base.join("innominatus");
    let file = dir.join("cache-key");
    // A key inside the checked tree would be the repository's, not the user's.
    if let (Ok(key_dir), Ok(root)) = (dir.canonicalize(), root.canonicalize()) {
        if key_dir.starts_with(root) {
            return None;
        }
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&dir)
        .ok()?;
    let created = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW)
        .open(&file);
    if let Ok(mut f) = created {
        let mut key = [0u8; 32];
        std::fs::File::open("/dev/urandom")
            .and_then(|mut r| r.read_exact(&mut key))
            .ok()?;
        f.write_all(&key).and_then(|()| f.sync_all()).ok()?;
        return Some(key);
    }
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(&file)
        .ok()?;
    let meta = f.metadata().ok()?;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    if !meta.is_file() || meta.uid() != me || meta.permissions().mode() & 0o077 != 0 {
        return None;
    }
    let mut key = [0u8; 32];
    f.read_exact(&mut key).ok()?;
    Some(key)
}

/// The authentication code of a record stored under `key` with content `body`.
fn mac(secret: &[u8; 32], key: &str, body: &[u8]) -> String {
    use std::hash::Hasher;
    let mut k0 = [0u8; 16];
    k0.copy_from_slice(&secret[..16]);
    let mut h = siphasher::sip128::SipHasher24::new_with_key(&k0);
    // The second half of the secret, the record's name and its body: a record cannot be
    // moved to another key's file.
    h.write(&secret[16..]);
    h.write(key.as_bytes());
    h.write(&[0]);
    h.write(body);
    use siphasher::sip128::Hasher128;
    format!("{:032x}", h.finish128().as_u128())
}

/// Compares two codes in time independent of where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

impl Cache {
    /// The cache of the workspace at `root` (nothing is created until a run is stored):
    /// `INNOMINATUS_CACHE_DIR` if set, else `root/.innominatus_cache`. `None` when
    /// `INNOMINATUS_NO_CACHE` is set (to anything but `0` or `false`), as for `--no-cache`.
    pub fn for_workspace(root: &Path) -> Option<Cache> {
        let off = std::env::var("INNOMINATUS_NO_CACHE")
            .is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"));
        if off {
            return None;
        }
        let dir = std::env::var_os("INNOMINATUS_CACHE_DIR")
            .filter(|d| !d.is_empty())
            .map_or_else(|| root.join(DIR_NAME), PathBuf::from);
        let secret = secret(root)?;
        Some(Cache { dir, secret })
    }

    /// Where the cache lives, and how many runs it holds for this version (for `doctor`).
    pub fn describe(&self) -> (PathBuf, usize) {
        let stored = std::fs::read_dir(self.runs()).map_or(0, |d| {
            d.filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                .count()
        });
        (self.dir.clone(), stored)
    }

    fn runs(&self) -> PathBuf {
        self.dir
            .join(concat!("v", env!("CARGO_PKG_VERSION")))
            .join("runs")
    }

    /// Whether a run is stored under `key` (it may still turn out unusable: see
    /// [`Cache::load`]).
    pub fn holds(&self, key: &str) -> bool {
        self.runs().join(format!("{key}.json")).is_file()
    }

    /// The stored findings for `key`, if there are any and every file the rules asked
    /// about still exists (or still does not).
    pub fn load(&self, key: &str, warn: &mut dyn std::io::Write) -> Option<Stored> {
        let path = self.runs().join(format!("{key}.json"));
        let text = innominatus_fs::walk::read(&path).ok()?;
        let newline = text.iter().position(|&b| b == b'\n')?;
        let (head, body) = (&text[..newline], &text[newline + 1..]);
        let authentic = std::str::from_utf8(head)
            .ok()
            .and_then(|h| h.strip_prefix(RECORD_TAG))
            .and_then(|h| h.strip_prefix(' '))
            .is_some_and(|code| same(code, &mac(&self.secret, key, body)));
        if !authentic {
            let _ = writeln!(
                warn,
                "warning: ignoring the cached result {}: it was not written by innominatus for this user on this machine (edited, copied, or committed to the repository?); it is recomputed and rewritten",
                path.display()
            );
            return None;
        }
        let value: Value = serde_json::from_slice(body).ok()?;
        for entry in value.get("exists")?.as_array()? {
            let path = entry.get(0)?.as_str()?;
            let existed = entry.get(1)?.as_bool()?;
            if Path::new(path).exists() != existed {
                return None;
            }
        }
        let files = value
            .get("files")?
            .as_array()?
            .iter()
            .map(|f| f.as_array()?.iter().map(diagnostic_from).collect())
            .collect::<Option<Vec<Vec<Diagnostic>>>>()?;
        Some(Stored { files })
    }

    /// Stores a run's findings. Failing to write (a read-only tree) only costs speed.
    pub fn store(&self, key: &str, files: &[Vec<Diagnostic>], exists: &ExistsLog) {
        let runs = self.runs();
        if self.prepare_dir().is_err() || std::fs::create_dir_all(&runs).is_err() {
            return;
        }
        let Ok(body) = record_body(files, exists) else {
            return;
        };
        let mut bytes = format!("{RECORD_TAG} {}\n", mac(&self.secret, key, &body)).into_bytes();
        bytes.extend_from_slice(&body);
        if write_atomically(&runs.join(format!("{key}.json")), &bytes).is_ok() {
            prune(&runs);
        }
    }

    /// Creates the cache folder with the markers that keep it out of backups
    /// (`CACHEDIR.TAG`) and out of git (a `.gitignore` that ignores everything).
    fn prepare_dir(&self) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let tag = self.dir.join("CACHEDIR.TAG");
        if !tag.exists() {
            write_atomically(
                &tag,
                b"Signature: 8a477f597d28d172789f06886806bc55\n\
                  # This file is a cache directory tag created by innominatus.\n\
                  # For information about cache directory tags see https://bford.info/cachedir/\n",
            )?;
        }
        let ignore = self.dir.join(".gitignore");
        if !ignore.exists() {
            write_atomically(&ignore, b"# Automatically created by innominatus.\n*\n")?;
        }
        Ok(())
    }
}

/// Writes through an exclusively created temporary file and a rename (`innominatus-fs`), so a
/// reader never sees half a file and nothing planted in the folder is followed.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    innominatus_fs::write::write_cache_file(path, bytes).map_err(|e| match e {
        innominatus_fs::write::WriteError::Io(e) => e,
        other => std::io::Error::other(other.to_string()),
    })
}

/// Keeps the newest runs only.
fn prune(runs: &Path) {
    let Ok(entries) = std::fs::read_dir(runs) else {
        return;
    };
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    if files.len() <= KEEP_RUNS {
        return;
    }
    files.sort();
    for (_, path) in &files[..files.len() - KEEP_RUNS] {
        let _ = std::fs::remove_file(path);
    }
}

fn span_to(span: Span) -> Value {
    json!([span.start, span.end])
}

fn span_from(v: &Value) -> Option<Span> {
    Some(Span::new(
        usize::try_from(v.get(0)?.as_u64()?).ok()?,
        usize::try_from(v.get(1)?.as_u64()?).ok()?,
    ))
}

/// `{"exists": [[path, existed], …], "files": [[diagnostic, …], …]}`, written one finding
/// at a time: a JSON tree of every finding of a large run at once would double its memory.
fn record_body(files: &[Vec<Diagnostic>], exists: &ExistsLog) -> serde_json::Result<Vec<u8>> {
    let mut body = Vec::new();
    let entries: Vec<Value> = exists
        .entries()
        .into_iter()
        .map(|(p, e)| json!([p, e]))
        .collect();
    body.extend_from_slice(b"{\"exists\":");
    serde_json::to_writer(&mut body, &entries)?;
    body.extend_from_slice(b",\"files\":[");
    for (i, file) in files.iter().enumerate() {
        body.extend_from_slice(if i == 0 { b"[" } else { b",[" });
        for (j, d) in file.iter().enumerate() {
            if j > 0 {
                body.push(b',');
            }
            serde_json::to_writer(&mut body, &diagnostic_to(d))?;
        }
        body.push(b']');
    }
    body.extend_from_slice(b"]}");
    Ok(body)
}

fn diagnostic_to(d: &Diagnostic) -> Value {
    json!({
        "file": d.file.as_ref(),
        "span": span_to(d.span),
        "severity": d.severity.as_str(),
        "code": d.code,
        "message": d.message,
        "help": d.help,
        "related": d.related.iter().map(|r| json!({
            "file": r.file.as_ref(), "span": span_to(r.span), "message": r.message,
        })).collect::<Vec<_>>(),
        "fix": d.fix.as_ref().map(|f| json!({
            "unsafe": f.applicability == Applicability::Unsafe,
            "suggestion": f.suggestion,
            "message": f.message,
            "edits": f.edits.iter().map(|e| json!({
                "file": e.file.as_ref(), "span": span_to(e.span), "replacement": e.replacement,
            })).collect::<Vec<_>>(),
        })),
    })
}

/// A stored diagnostic; `None` (a cache miss) when anything is off, for example a rule that
/// no longer exists.
fn diagnostic_from(v: &Value) -> Option<Diagnostic> {
    let rule = rules::find(v.get("code")?.as_str()?)?;
    let text = |key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
    let mut d = Diagnostic::new(
        rule,
        &Arc::from(v.get("file")?.as_str()?),
        span_from(v.get("span")?)?,
        text("message")?,
    );
    d.severity = Severity::parse(v.get("severity")?.as_str()?)?;
    d.help = text("help");
    for r in v.get("related")?.as_array()? {
        d.related.push(Related {
            file: Arc::from(r.get("file")?.as_str()?),
            span: span_from(r.get("span")?)?,
            message: r.get("message")?.as_str()?.to_string(),
        });
    }
    if let Some(f) = v.get("fix").filter(|f| !f.is_null()) {
        let mut edits = Vec::new();
        for e in f.get("edits")?.as_array()? {
            edits.push(Edit {
                file: Arc::from(e.get("file")?.as_str()?),
                span: span_from(e.get("span")?)?,
                replacement: e.get("replacement")?.as_str()?.to_string(),
            });
        }
        d.fix = Some(Box::new(Fix {
            applicability: if f.get("unsafe")?.as_bool()? {
                Applicability::Unsafe
            } else {
                Applicability::Safe
            },
            // An entry written before the field existed is a miss, not a fix that lost it.
            suggestion: f.get("suggestion")?.as_bool()?,
            message: f.get("message")?.as_str()?.to_string(),
            edits,
        }));
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_round_trip_through_json() {
        let file: Arc<str> = Arc::from("apps/web/score.yaml");
        let mut d = Diagnostic::new(
            rules::find("INN101").expect("unknown-key is registered"),
            &file,
            Span::new(10, 19),
            "unknown key `dependson`".into(),
        )
        .with_help("did you mean `dependsOn`?")
        .with_related(&file, Span::new(2, 4), "first defined here")
        .with_fix(Fix {
            applicability: Applicability::Unsafe,
            suggestion: true,
            message: "rename".into(),
            edits: vec![Edit {
                file: file.clone(),
                span: Span::new(10, 19),
                replacement: "dependsOn".into(),
            }],
        });
        d.severity = Severity::Hint;
        let back = diagnostic_from(&diagnostic_to(&d)).expect("reads back");
        assert_eq!(back, d);
    }

    #[test]
    fn keys_change_with_every_input() {
        let key = |parts: &[(&str, &[u8])]| {
            let mut k = KeyBuilder::new();
            for (label, value) in parts {
                k.add(label, value);
            }
            k.finish()
        };
        let base = key(&[("file", b"a.yaml"), ("bytes", b"x: 1")]);
        assert_eq!(base, key(&[("file", b"a.yaml"), ("bytes", b"x: 1")]));
        assert_ne!(base, key(&[("file", b"a.yaml"), ("bytes", b"x: 2")]));
        assert_ne!(base, key(&[("file", b"b.yaml"), ("bytes", b"x: 1")]));
        assert_ne!(base, key(&[("file", b"a.yamlx"), ("bytes", b": 1")]));
        assert_eq!(base.len(), 32);
    }
}
