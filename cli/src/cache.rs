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
use innominatus_fs::write::CacheFile;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::io::{BufRead, Seek, Write};
use std::os::unix::fs::OpenOptionsExt;
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

pub struct Cache {
    dir: PathBuf,
    secret: [u8; 32],
}

/// The first line of every record: a format tag and the record's authentication code (32
/// hexadecimal digits), so always `HEAD_LEN` bytes with its newline. Then one line per file
/// of the run, in the order the run wrote them: `[index, [finding, …]]`; then the last line,
/// `{"exists": [[path, existed], …], "files": count}`. A record is written and read one line
/// at a time: a run never holds every finding of a large tree at once.
const RECORD_TAG: &str = "innominatus-cache-2";
const HEAD_LEN: usize = RECORD_TAG.len() + 1 + 32 + 1;

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

/// The authentication code of a record stored under `key`, over its body (everything after
/// the head line) fed in pieces as it is written or read.
struct Mac(siphasher::sip128::SipHasher24);

impl Mac {
    fn new(secret: &[u8; 32], key: &str) -> Mac {
        let mut k0 = [0u8; 16];
        k0.copy_from_slice(&secret[..16]);
        let mut h = siphasher::sip128::SipHasher24::new_with_key(&k0);
        // The second half of the secret and the record's name before its body: a record
        // cannot be moved to another key's file.
        h.write(&secret[16..]);
        h.write(key.as_bytes());
        h.write(&[0]);
        Mac(h)
    }

    fn feed(&mut self, body: &[u8]) {
        self.0.write(body);
    }

    fn code(&self) -> String {
        use siphasher::sip128::Hasher128;
        format!("{:032x}", self.0.finish128().as_u128())
    }
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

    /// The run stored under `key`, to be read file by file, when it is authentic (written
    /// with this user's secret), holds `files` files, and every file the rules asked about
    /// still exists (or still does not). The record is read through once to check all that
    /// before any of it is used; a record that is not authentic is reported on `warn`.
    pub fn open(&self, key: &str, files: usize, warn: &mut dyn Write) -> Option<StoredRun> {
        if !self.folders_are_real() {
            return None;
        }
        let path = self.runs().join(format!("{key}.json"));
        let file = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&path)
            .ok()?;
        let mut reader = std::io::BufReader::new(file);
        let mut head = Vec::new();
        reader.read_until(b'\n', &mut head).ok()?;
        let claimed = std::str::from_utf8(&head)
            .ok()
            .and_then(|h| h.strip_prefix(RECORD_TAG))
            .and_then(|h| h.strip_prefix(' '))
            .and_then(|h| h.strip_suffix('\n'))
            .map(str::to_string);
        let mut mac = Mac::new(&self.secret, key);
        let (mut line, mut last, mut lines) = (Vec::new(), Vec::new(), 0usize);
        loop {
            line.clear();
            if reader.read_until(b'\n', &mut line).ok()? == 0 {
                break;
            }
            mac.feed(&line);
            lines += 1;
            std::mem::swap(&mut line, &mut last);
        }
        let code = mac.code();
        if !claimed.is_some_and(|claimed| same(&claimed, &code)) {
            let _ = writeln!(
                warn,
                "warning: ignoring the cached result {}: it was not written by innominatus for this user on this machine (edited, copied, or committed to the repository?); it is recomputed and rewritten",
                path.display()
            );
            return None;
        }
        let tail: Value = serde_json::from_slice(&last).ok()?;
        let stored = usize::try_from(tail.get("files")?.as_u64()?).ok()?;
        if stored != files || lines != files + 1 {
            return None;
        }
        for entry in tail.get("exists")?.as_array()? {
            let path = entry.get(0)?.as_str()?;
            let existed = entry.get(1)?.as_bool()?;
            if Path::new(path).exists() != existed {
                return None;
            }
        }
        reader
            .seek(std::io::SeekFrom::Start(head.len() as u64))
            .ok()?;
        Some(StoredRun {
            reader,
            mac: Mac::new(&self.secret, key),
            code,
            line: Vec::new(),
        })
    }

    /// A record for the run of `key`, written as the run goes (see [`RecordWriter`]).
    /// `None` when the cache folder cannot be written (that only costs speed).
    pub fn writer(&self, key: &str) -> Option<RecordWriter> {
        let runs = self.runs();
        if !self.folders_are_real()
            || self.prepare_dir().is_err()
            || std::fs::create_dir_all(&runs).is_err()
        {
            return None;
        }
        let file = CacheFile::create(&runs.join(format!("{key}.json"))).ok()?;
        let mut out = std::io::BufWriter::new(file);
        // The head's place: its code is known once the body is written.
        out.write_all(&[b' '; HEAD_LEN]).ok()?;
        Some(RecordWriter {
            out,
            mac: Mac::new(&self.secret, key),
            files: 0,
            line: Vec::new(),
            failed: false,
            runs,
        })
    }

    /// Whether the cache's folders, where they exist, are folders and not symlinks: the
    /// cache folder lives in the repository, where a link may have been planted to make the
    /// tool write or delete elsewhere.
    fn folders_are_real(&self) -> bool {
        let version = self.runs();
        let chain = [
            self.dir.clone(),
            version.parent().map(Path::to_path_buf).unwrap_or_default(),
            version,
        ];
        chain.iter().all(|d| match std::fs::symlink_metadata(d) {
            Ok(meta) => meta.is_dir(),
            Err(_) => true,
        })
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

/// A stored run being read, one file's findings at a time, in the order they were written.
pub struct StoredRun {
    reader: std::io::BufReader<std::fs::File>,
    /// The code of the body as read at [`Cache::open`], and the code of what is read now:
    /// [`StoredRun::finish`] compares them, so a record changed between the two readings is
    /// noticed.
    code: String,
    mac: Mac,
    line: Vec<u8>,
}

impl StoredRun {
    /// The findings of the next file, which the run that wrote the record numbered `index`.
    pub fn next(&mut self, index: usize) -> std::io::Result<Vec<Diagnostic>> {
        self.line.clear();
        self.reader.read_until(b'\n', &mut self.line)?;
        self.mac.feed(&self.line);
        let entry: Value = serde_json::from_slice(&self.line).map_err(|_| changed())?;
        let found = entry.get(0).and_then(Value::as_u64);
        let findings = entry.get(1).and_then(Value::as_array);
        match (found, findings) {
            (Some(found), Some(findings)) if found == index as u64 => findings
                .iter()
                .map(diagnostic_from)
                .collect::<Option<Vec<Diagnostic>>>()
                .ok_or_else(changed),
            _ => Err(changed()),
        }
    }

    /// Reads the rest of the record and checks it is still the record that was opened.
    pub fn finish(mut self) -> std::io::Result<()> {
        let mut rest = Vec::new();
        std::io::Read::read_to_end(&mut self.reader, &mut rest)?;
        self.mac.feed(&rest);
        if same(&self.mac.code(), &self.code) {
            Ok(())
        } else {
            Err(changed())
        }
    }
}

fn changed() -> std::io::Error {
    std::io::Error::other("the cached result changed while it was read; run again")
}

/// A run's record being written: each file's findings as the run writes them
/// ([`RecordWriter::file`]), then the files the rules asked about and the head
/// ([`RecordWriter::finish`]). Dropped unfinished (a run in trouble), nothing is stored.
pub struct RecordWriter {
    out: std::io::BufWriter<CacheFile>,
    mac: Mac,
    files: usize,
    line: Vec<u8>,
    failed: bool,
    runs: PathBuf,
}

impl RecordWriter {
    /// Appends the findings of the file the run numbers `index`.
    pub fn file(&mut self, index: usize, findings: &[Diagnostic]) {
        self.line.clear();
        self.line.push(b'[');
        self.line.extend_from_slice(index.to_string().as_bytes());
        self.line.extend_from_slice(b",[");
        for (j, d) in findings.iter().enumerate() {
            if j > 0 {
                self.line.push(b',');
            }
            self.failed |= serde_json::to_writer(&mut self.line, &diagnostic_to(d)).is_err();
        }
        self.line.extend_from_slice(b"]]\n");
        self.append();
        self.files += 1;
    }

    fn append(&mut self) {
        self.mac.feed(&self.line);
        self.failed |= self.out.write_all(&self.line).is_err();
    }

    /// Ends the record and puts it in place. Failing to write (a read-only tree) only costs
    /// speed.
    pub fn finish(mut self, exists: &ExistsLog) {
        let entries: Vec<Value> = exists
            .entries()
            .into_iter()
            .map(|(p, e)| json!([p, e]))
            .collect();
        self.line.clear();
        let tail = json!({"exists": entries, "files": self.files});
        self.failed |= serde_json::to_writer(&mut self.line, &tail).is_err();
        self.line.push(b'\n');
        self.append();
        if self.failed {
            return;
        }
        let head = format!("{RECORD_TAG} {}\n", self.mac.code());
        debug_assert_eq!(head.len(), HEAD_LEN);
        let Ok(file) = self.out.into_inner() else {
            return;
        };
        if file.write_all_at(head.as_bytes(), 0).is_ok() && file.commit().is_ok() {
            prune(&self.runs);
        }
    }
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

    fn scratch_cache(tag: &str) -> Cache {
        let dir = std::env::temp_dir().join(format!("inn-cache-unit-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Cache {
            dir: dir.join(DIR_NAME),
            secret: [7; 32],
        }
    }

    fn finding(file: &Arc<str>, at: usize) -> Diagnostic {
        Diagnostic::new(
            rules::find("INN101").expect("unknown-key is registered"),
            file,
            Span::new(at, at + 3),
            format!("unknown key at {at}"),
        )
    }

    #[test]
    fn a_record_is_read_back_file_by_file_and_checked_whole() {
        let cache = scratch_cache("round-trip");
        let file: Arc<str> = Arc::from("a.yaml");
        let mut record = cache.writer("k1").expect("a writable cache");
        record.file(3, &[finding(&file, 1), finding(&file, 9)]);
        record.file(0, &[]);
        record.finish(&ExistsLog::default());
        let mut sink = Vec::new();
        // The count of files is part of what is checked.
        assert!(cache.open("k1", 3, &mut sink).is_none());
        let mut run = cache.open("k1", 2, &mut sink).expect("the stored run");
        assert_eq!(
            run.next(3).unwrap(),
            vec![finding(&file, 1), finding(&file, 9)]
        );
        assert_eq!(run.next(0).unwrap(), vec![]);
        run.finish().expect("unchanged since it was opened");
        assert!(sink.is_empty());
        // Read in another order than written: an error, not another file's findings.
        let mut run = cache.open("k1", 2, &mut sink).unwrap();
        assert!(run.next(0).is_err());
        // Changed in place after it was checked: noticed when read.
        let mut run = cache.open("k1", 2, &mut sink).unwrap();
        let path = cache.runs().join("k1.json");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("at 9", "at 8")).unwrap();
        run.next(3).unwrap();
        run.next(0).unwrap();
        assert!(run.finish().is_err());
        // And not authentic any more at the next run.
        assert!(cache.open("k1", 2, &mut sink).is_none());
        assert!(String::from_utf8(sink)
            .unwrap()
            .contains("warning: ignoring the cached result"));
        std::fs::remove_dir_all(cache.dir.parent().unwrap()).unwrap();
    }

    #[test]
    fn a_cache_folder_planted_as_a_link_is_neither_written_nor_read() {
        let cache = scratch_cache("planted");
        let elsewhere = cache.dir.with_file_name("elsewhere");
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &cache.dir).unwrap();
        assert!(cache.writer("k1").is_none());
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
        assert!(cache.open("k1", 0, &mut Vec::new()).is_none());
        std::fs::remove_dir_all(cache.dir.parent().unwrap()).unwrap();
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
