//! `validate` and `lint` on many threads and from the result cache print exactly what one
//! thread without a cache prints, and the cache notices every change that matters: a file's
//! bytes, the configuration, and files the rules only asked about.

mod support;

use support::copy_tree;

use std::path::{Path, PathBuf};

fn scratch(tag: &str) -> PathBuf {
    support::scratch_dir("cache", tag)
}

/// A workspace with clean and broken files: the example repository plus the broken fixture.
fn workspace(tag: &str) -> PathBuf {
    let dir = scratch(tag);
    copy_tree(
        &support::repo_root().join("examples"),
        &dir.join("platform"),
    );
    copy_tree(
        &support::repo_root().join("tests/fixtures/broken-workspace"),
        &dir.join("broken"),
    );
    dir
}

/// The user cache folder the tests give the tool (where it keeps its cache key): one per
/// test process, outside every workspace.
fn user_cache() -> PathBuf {
    std::env::temp_dir().join(format!("inn-cache-user-{}", std::process::id()))
}

/// stdout and exit status of a command run in `dir`, with the cache on unless `--no-cache`.
fn run(dir: &Path, args: &[&str]) -> (String, i32) {
    let (stdout, _, code) = run_as(dir, &user_cache(), args);
    (stdout, code)
}

/// stdout, stderr and exit status of a command run by a user whose cache folder (and so
/// cache key) is `user`.
fn run_as(dir: &Path, user: &Path, args: &[&str]) -> (String, String, i32) {
    let out = support::binary()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", user)
        .env_remove("INNOMINATUS_NO_CACHE")
        .env_remove("INNOMINATUS_CACHE_DIR")
        .args(args)
        .output()
        .expect("the innominatus binary runs");
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

/// A stored record rewritten with a new body and signed as the tool signs it, with the key
/// in `user`'s cache folder: what only that user can do.
fn resign(record: &Path, user: &Path, body: &str) {
    use siphasher::sip128::Hasher128;
    use std::hash::Hasher;
    let secret = std::fs::read(user.join("innominatus/cache-key")).unwrap();
    let key = record.file_stem().unwrap().to_str().unwrap();
    let mut k0 = [0u8; 16];
    k0.copy_from_slice(&secret[..16]);
    let mut h = siphasher::sip128::SipHasher24::new_with_key(&k0);
    h.write(&secret[16..]);
    h.write(key.as_bytes());
    h.write(&[0]);
    h.write(body.as_bytes());
    let code = format!("{:032x}", h.finish128().as_u128());
    std::fs::write(record, format!("innominatus-cache-2 {code}\n{body}")).unwrap();
}

/// A record's head line and JSON body.
fn record_parts(record: &Path) -> (String, String) {
    let text = std::fs::read_to_string(record).unwrap();
    let (head, body) = text.split_once('\n').unwrap();
    (head.to_string(), body.to_string())
}

fn stored_runs(dir: &Path) -> Vec<PathBuf> {
    let version = format!("v{}", env!("CARGO_PKG_VERSION"));
    let runs = dir.join(".innominatus_cache").join(version).join("runs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(runs)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn threads_do_not_change_the_output() {
    let Some(corpus) = support::corpus_or_skip() else {
        return;
    };
    for command in ["validate", "lint"] {
        let base = ["--isolated", "--no-cache", "--format", "json"];
        let one = run(
            &corpus,
            &[&[command][..], &base, &["--threads", "1", "."]].concat(),
        );
        let two = run(
            &corpus,
            &[&[command][..], &base, &["--threads", "2", "."]].concat(),
        );
        let many = run(
            &corpus,
            &[&[command][..], &base, &["--threads", "7", "."]].concat(),
        );
        assert!(one.0.len() > 10_000, "the corpus gives findings");
        assert_eq!(one, two, "{command}: 1 vs 2 threads");
        assert_eq!(one, many, "{command}: 1 vs 7 threads");
    }
}

#[test]
fn cached_runs_print_what_uncached_runs_print() {
    let dir = workspace("same");
    for format in ["json", "text", "sarif"] {
        for command in ["validate", "lint"] {
            let args = |extra: &[&'static str]| {
                let mut a = vec![command, "--isolated", "--format", format, "."];
                a.extend_from_slice(extra);
                a
            };
            let uncached = run(&dir, &args(&["--no-cache"]));
            assert_eq!(uncached.1, 1, "the broken fixture has errors");
            let cold = run(&dir, &args(&[]));
            let warm = run(&dir, &args(&[]));
            assert_eq!(cold, uncached, "{command} {format}: cold cache");
            assert_eq!(warm, uncached, "{command} {format}: warm cache");
        }
    }
    // `--no-cache` neither reads nor writes; the runs above stored one result per command.
    assert_eq!(stored_runs(&dir).len(), 2);
    let cache = dir.join(".innominatus_cache");
    assert!(std::fs::read_to_string(cache.join("CACHEDIR.TAG"))
        .unwrap()
        .starts_with("Signature: 8a477f597d28d172789f06886806bc55\n"));
    assert_eq!(
        std::fs::read_to_string(cache.join(".gitignore")).unwrap(),
        "# Automatically created by innominatus.\n*\n"
    );
    // doctor shows where the cache is and what it holds.
    let (doctor, _) = run(&dir, &["doctor", "--isolated", "--format", "json"]);
    let doctor: serde_json::Value = serde_json::from_str(&doctor).unwrap();
    assert_eq!(
        doctor["workspace"]["cache"],
        serde_json::json!({"path": ".innominatus_cache", "storedRuns": 2})
    );
    // The cache is not itself checked.
    let (listing, _) = run(
        &dir,
        &["validate", "--isolated", "--format", "concise", "."],
    );
    assert!(!listing.contains(".innominatus_cache"));
}

#[test]
fn a_warm_run_answers_from_the_cache() {
    let dir = workspace("warm");
    let args = ["lint", "--isolated", "--format", "concise", "."];
    let (first, _) = run(&dir, &args);
    let [stored] = &stored_runs(&dir)[..] else {
        panic!("one stored run expected");
    };
    // Proof that the stored result is what a warm run prints: alter it on disk, signed as
    // its owner would sign it.
    let (_, body) = record_parts(stored);
    let altered = body.replacen("unknown key", "UNKNOWN KEY (from the cache)", 1);
    assert_ne!(body, altered);
    resign(stored, &user_cache(), &altered);
    let (warm, _) = run(&dir, &args);
    assert!(warm.contains("UNKNOWN KEY (from the cache)"), "{warm}");
    assert_eq!(
        warm.replace("UNKNOWN KEY (from the cache)", "unknown key"),
        first
    );
    // A damaged entry is a miss, never a crash.
    std::fs::write(stored, "{ not json").unwrap();
    assert_eq!(run(&dir, &args), (first, 1));
}

/// Nothing read from the repository can make a failing check pass: a record whose findings
/// were emptied, or one written with another user's key (a cache committed to a branch), is
/// ignored with a warning, the check is made again and the record rewritten.
#[test]
fn a_forged_or_foreign_record_is_ignored_and_rewritten() {
    let dir = workspace("forged");
    let args = ["lint", "--isolated", "--format", "concise", "."];
    let (honest, code) = run(&dir, &args);
    assert_eq!(code, 1, "{honest}");
    let [stored] = &stored_runs(&dir)[..] else {
        panic!("one stored run expected");
    };
    // Every finding removed, the code left as it was.
    // A record is a line per file, `[index, [finding, …]]`, then a last line.
    let (head, body) = record_parts(stored);
    let lines: Vec<&str> = body.lines().collect();
    let (last, files) = lines.split_last().unwrap();
    let mut emptied = String::new();
    for line in files {
        let entry: serde_json::Value = serde_json::from_str(line).unwrap();
        emptied += &format!("{}\n", serde_json::json!([entry[0], []]));
    }
    emptied += &format!("{last}\n");
    assert_ne!(emptied, body, "the run has findings to remove");
    std::fs::write(stored, format!("{head}\n{emptied}")).unwrap();
    let (stdout, stderr, code) = run_as(&dir, &user_cache(), &args);
    assert_eq!((stdout.as_str(), code), (honest.as_str(), 1));
    assert!(
        stderr.contains("warning: ignoring the cached result"),
        "{stderr}"
    );
    assert_eq!(record_parts(stored).1, body, "the record was not rewritten");
    // Emptied and signed with a key that is not this user's: the same.
    let other = std::env::temp_dir().join(format!("inn-cache-other-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&other);
    run_as(
        &dir,
        &other,
        &["lint", "--isolated", "--format", "json", "."],
    );
    resign(stored, &other, &emptied);
    let (stdout, stderr, code) = run_as(&dir, &user_cache(), &args);
    assert_eq!((stdout.as_str(), code), (honest.as_str(), 1));
    assert!(
        stderr.contains("warning: ignoring the cached result"),
        "{stderr}"
    );
    // The key is the user's own, private file, never in the repository.
    use std::os::unix::fs::PermissionsExt;
    let key = user_cache().join("innominatus/cache-key");
    assert_eq!(std::fs::read(&key).unwrap().len(), 32);
    assert_eq!(
        std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
        0o600
    );
    std::fs::remove_dir_all(&other).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_changed_file_or_config_invalidates() {
    let dir = workspace("invalidate");
    let args = ["lint", "--format", "concise", "."];
    let fresh = |dir: &Path| run(dir, &["lint", "--no-cache", "--format", "concise", "."]);
    let (before, _) = run(&dir, &args);
    assert!(before.contains("INN101"), "{before}");

    // A file changes: one typo fixed.
    let score = dir.join("broken/apps/orders/score.yaml");
    let text = std::fs::read_to_string(&score).unwrap();
    std::fs::write(&score, text.replace("varaibles:", "variables:")).unwrap();
    let (after, _) = run(&dir, &args);
    assert_ne!(after, before);
    assert_eq!((after.clone(), 1), fresh(&dir));

    // A file elsewhere changes what this one is told (a provider's workflow list).
    let provider = dir.join("broken/providers/db-team/provider.yaml");
    let text = std::fs::read_to_string(&provider).unwrap();
    std::fs::write(
        &provider,
        text.replace("    - postgres\n", "    - postgresql\n"),
    )
    .unwrap();
    let (elsewhere, _) = run(&dir, &args);
    assert_ne!(elsewhere, after);
    assert_eq!((elsewhere.clone(), 1), fresh(&dir));

    // The configuration changes.
    std::fs::write(
        dir.join(".innominatus.toml"),
        "[lint]\nignore = [\"INN101\"]\n",
    )
    .unwrap();
    let (configured, _) = run(&dir, &args);
    assert!(!configured.contains("INN101"), "{configured}");
    assert_eq!((configured.clone(), 1), fresh(&dir));
    std::fs::write(
        dir.join(".innominatus.toml"),
        "[lint]\nignore = [\"INN102\"]\n",
    )
    .unwrap();
    let (reconfigured, _) = run(&dir, &args);
    assert!(reconfigured.contains("INN101"), "{reconfigured}");
    assert_eq!((reconfigured, 1), fresh(&dir));

    // Command options are part of the key: --select narrows, the cache does not leak.
    let (selected, _) = run(
        &dir,
        &["lint", "--select", "INN101", "--format", "concise", "."],
    );
    assert!(
        selected
            .lines()
            .all(|l| l.contains("INN101") || !l.contains("[INN")),
        "{selected}"
    );
}

#[test]
fn a_file_that_appears_outside_the_checked_set_invalidates() {
    // The provider names a workflow file that the walk never reads (.gitignore): only the
    // existence check of the rule sees it.
    let dir = scratch("exists");
    std::fs::create_dir_all(dir.join("providers/db/workflows")).unwrap();
    std::fs::write(
        dir.join("providers/db/provider.yaml"),
        "apiVersion: v1\nkind: Provider\nmetadata:\n  name: db\n  version: 1.0.0\ncompatibility:\n  minCoreVersion: 0.1.0\ncapabilities:\n  resourceTypes: [postgres]\nworkflows:\n  - name: make-db\n    file: ./workflows/make-db.yaml\n    category: provisioner\n    operation: create\n",
    )
    .unwrap();
    std::fs::write(dir.join(".gitignore"), "make-db.yaml\n").unwrap();
    let args = ["lint", "--isolated", "--format", "concise", "."];
    let (missing, code) = run(&dir, &args);
    assert_eq!(code, 1, "{missing}");
    assert!(missing.contains("make-db.yaml"), "{missing}");
    std::fs::write(
        dir.join("providers/db/workflows/make-db.yaml"),
        "steps: []\n",
    )
    .unwrap();
    let (present, _) = run(&dir, &args);
    assert_ne!(present, missing);
    let (uncached, _) = run(
        &dir,
        &[
            "lint",
            "--isolated",
            "--no-cache",
            "--format",
            "concise",
            ".",
        ],
    );
    assert_eq!(present, uncached);
}

#[test]
fn single_files_use_their_context_in_the_key() {
    // pre-commit names files one by one; the rest of the tree is context.
    let dir = workspace("single");
    let file = "broken/apps/orders/score.yaml";
    let args = ["lint", "--isolated", "--format", "concise", file];
    let (before, _) = run(&dir, &args);
    // The context is the file's repository (`broken/`, which has a goldenpaths.yaml), not
    // the whole working directory: its provider claims `postgres`, the example's is not seen.
    assert!(!before.contains("claimed by 2 providers"), "{before}");
    assert!(!before.contains("INN208"), "{before}");
    // Two context files (not checked) change: the provider's workflow is repaired so the
    // loader no longer skips the provider (with none loaded the platform checks no resource
    // type), and the provider stops claiming the type.
    let workflow = dir.join("broken/providers/db-team/workflows/provision-postgres.yaml");
    let text = std::fs::read_to_string(&workflow).unwrap();
    let repaired = text.replace("    timeout: 30s\n", "").replace(
        "    config:\n      manifest:",
        "    config:\n      operation: apply\n      manifest:",
    );
    assert_ne!(repaired, text);
    std::fs::write(&workflow, repaired).unwrap();
    let provider = dir.join("broken/providers/db-team/provider.yaml");
    let text = std::fs::read_to_string(&provider).unwrap();
    std::fs::write(&provider, text.replace("    - postgres\n", "    - mysql\n")).unwrap();
    let (after, _) = run(&dir, &args);
    let (uncached, _) = run(
        &dir,
        &[
            "lint",
            "--isolated",
            "--no-cache",
            "--format",
            "concise",
            file,
        ],
    );
    assert_eq!(after, uncached);
    // The cached run saw the change in a context file.
    assert!(after.contains("INN208"), "{after}");
}

#[test]
fn environment_moves_or_disables_the_cache() {
    let dir = workspace("env");
    let elsewhere = scratch("env-cache-dir");
    let args = ["validate", "--isolated", "--format", "concise", "."];
    let with_env = |key: &str, value: &Path| {
        let out = support::binary()
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .env_remove("INNOMINATUS_NO_CACHE")
            .env(key, value)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let (plain, _) = run(
        &dir,
        &[
            "validate",
            "--isolated",
            "--no-cache",
            "--format",
            "concise",
            ".",
        ],
    );
    assert_eq!(with_env("INNOMINATUS_CACHE_DIR", &elsewhere), plain);
    assert!(elsewhere.join("CACHEDIR.TAG").is_file());
    assert!(!dir.join(".innominatus_cache").exists());
    assert_eq!(with_env("INNOMINATUS_NO_CACHE", Path::new("1")), plain);
    assert!(!dir.join(".innominatus_cache").exists());
}
