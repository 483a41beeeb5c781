//! `validate`/`lint --shard K/N` through the real binary: the JSON and SARIF outputs of shards
//! 1..N, merged, are the unsharded run's (findings byte for byte after sorting, summary
//! counts, exit status), every file is reported by exactly one shard, and a file's shard
//! depends on its path below the repository root only — not on where the repository is, the
//! working directory, or which other files the walk meets first.

mod support;

use support::copy_tree;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn scratch(tag: &str) -> PathBuf {
    support::scratch_dir("shard", tag)
}

/// The parsed output (JSON or SARIF) and exit status of a command run in `dir`, without the
/// result cache.
fn check(dir: &Path, args: &[&str]) -> (Value, i32) {
    let out = support::run(dir, args);
    let code = out.status.code().expect("the binary exits with a status");
    let value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?} in {}: the output is not JSON ({e}); stderr: {}",
            dir.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (value, code)
}

/// The findings of a JSON (`diagnostics`) or SARIF (`results`) output, each as its compact
/// JSON text, sorted: the form in which shards must merge into the whole byte for byte.
fn findings(format: &str, output: &Value) -> Vec<String> {
    let list = match format {
        "json" => &output["diagnostics"],
        _ => &output["runs"][0]["results"],
    };
    let mut items: Vec<String> = list
        .as_array()
        .expect("a list of findings")
        .iter()
        .map(|v| serde_json::to_string(v).unwrap())
        .collect();
    items.sort();
    items
}

/// The files a SARIF output says were checked (its artifacts).
fn artifacts(sarif: &Value) -> Vec<String> {
    sarif["runs"][0]["artifacts"]
        .as_array()
        .expect("SARIF artifacts")
        .iter()
        .map(|a| a["location"]["uri"].as_str().unwrap().to_string())
        .collect()
}

/// The JSON summary's counts: files, errors, warnings, infos, hints.
fn summary(json: &Value) -> [u64; 5] {
    ["files", "errors", "warnings", "infos", "hints"].map(|k| {
        json["summary"][k]
            .as_u64()
            .unwrap_or_else(|| panic!("summary.{k}"))
    })
}

/// The findings listed a different number of times in the two lists, for a failure message.
fn difference(merged: &[String], whole: &[String]) -> String {
    let mut counts: BTreeMap<&String, (usize, usize)> = BTreeMap::new();
    for m in merged {
        counts.entry(m).or_default().0 += 1;
    }
    for w in whole {
        counts.entry(w).or_default().1 += 1;
    }
    let differing: Vec<String> = counts
        .into_iter()
        .filter(|(_, (m, w))| m != w)
        .take(3)
        .map(|(item, (m, w))| format!("{m} times in the shards, {w} unsharded: {item}"))
        .collect();
    format!(
        "{} merged vs {} unsharded; {differing:#?}",
        merged.len(),
        whole.len()
    )
}

/// Runs `command PATH` in `dir` unsharded and as shards 1..=n for every n up to `max_n`, in
/// JSON and in SARIF, and checks that the shards merge into the unsharded run. Returns the
/// files each shard reported on (SARIF artifacts), by n.
fn assert_shards_merge(
    dir: &Path,
    command: &str,
    path: &str,
    max_n: u32,
) -> BTreeMap<u32, Vec<Vec<String>>> {
    let mut files_by_n = BTreeMap::new();
    for format in ["json", "sarif"] {
        let (whole, whole_code) = check(dir, &[command, "--format", format, path]);
        let whole_findings = findings(format, &whole);
        for n in 1..=max_n {
            let mut merged = Vec::new();
            let mut codes = Vec::new();
            let mut counts = [0u64; 5];
            let mut shard_files = Vec::new();
            for k in 1..=n {
                let shard = format!("{k}/{n}");
                let (part, code) =
                    check(dir, &[command, "--format", format, "--shard", &shard, path]);
                merged.extend(findings(format, &part));
                codes.push(code);
                if format == "json" {
                    for (total, count) in counts.iter_mut().zip(summary(&part)) {
                        *total += count;
                    }
                } else {
                    shard_files.push(artifacts(&part));
                }
            }
            merged.sort();
            let what = format!(
                "{command} --format {format} {path} in {}, {n} shards",
                dir.display()
            );
            assert!(
                merged == whole_findings,
                "{what}: the shards' findings differ from the unsharded run's: {}",
                difference(&merged, &whole_findings)
            );
            // Trouble (2) outranks findings (1), which outrank a clean run (0): the matrix
            // fails as the single run would.
            assert_eq!(
                codes.iter().max().copied(),
                Some(whole_code),
                "{what}: exit statuses {codes:?}"
            );
            if format == "json" {
                assert_eq!(counts, summary(&whole), "{what}: summaries");
            } else {
                let mut all: Vec<String> = shard_files.concat();
                let listed = all.len();
                all.sort();
                all.dedup();
                assert_eq!(all.len(), listed, "{what}: a file is in two shards");
                let mut expected = artifacts(&whole);
                expected.sort();
                assert_eq!(all, expected, "{what}: the shards' files");
                files_by_n.insert(n, shard_files);
            }
        }
    }
    files_by_n
}

#[test]
fn shards_of_the_examples_merge_into_the_whole_run() {
    let examples = support::repo_root().join("examples");
    for command in ["validate", "lint"] {
        assert_shards_merge(&examples, command, ".", 4);
    }
    // The same with findings in several files, cross-file ones among them (a Score spec
    // whose provider is in another file, a workflow a provider names).
    let dir = scratch("broken");
    copy_tree(&examples, &dir.join("platform"));
    copy_tree(
        &support::repo_root().join("tests/fixtures/broken-workspace"),
        &dir.join("broken"),
    );
    for command in ["validate", "lint"] {
        assert_shards_merge(&dir, command, ".", 4);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn shards_of_the_corpus_merge_into_the_whole_run() {
    let Some(corpus) = support::corpus_or_skip() else {
        return;
    };
    assert_shards_merge(&corpus, "lint", ".", 4);
}

/// `../shared/tools/gen_corpus.py`, or `None` after the one line that says why the calling
/// test does nothing.
fn generator_or_skip() -> Option<PathBuf> {
    let found = support::shared_dir()
        .map(|d| d.join("tools/gen_corpus.py"))
        .filter(|p| p.is_file());
    if found.is_none() {
        let why =
            "../shared/tools/gen_corpus.py is not beside the repository (or INNOMINATUS_SHARED)";
        if std::env::var_os("INNOMINATUS_REQUIRE_CORPUS").is_some() {
            panic!("{why}");
        }
        println!("skipped: {why}; this test shards a generated 2,000-file tree");
    }
    found
}

fn generate(generator: &Path, out: &Path, args: &[&str]) {
    let status = std::process::Command::new("python3")
        .arg(generator)
        .args(args)
        .arg("--out")
        .arg(out)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("python3 runs gen_corpus.py");
    assert!(status.success(), "gen_corpus.py {args:?}");
}

/// A platform repository of about 2,000 files: the examples at the top (providers the
/// generated Score specs' resources resolve to, golden paths), four folders of 495 generated
/// Score specs and workflows (a fifth of them with faults), and 20 files over the
/// configuration's `max-file-size`, which are not read (INN901).
fn generated_tree(generator: &Path, at: &Path) {
    copy_tree(&support::repo_root().join("examples"), at);
    for seed in 1..=4 {
        let seed = seed.to_string();
        generate(
            generator,
            &at.join(format!("gen-{seed}")),
            &[
                "--count",
                "495",
                "--size",
                "60",
                "--size-jitter",
                "30",
                "--kind",
                "mixed",
                "--faults",
                "20",
                "--seed",
                &seed,
            ],
        );
    }
    generate(
        generator,
        &at.join("large"),
        &[
            "--count", "20", "--size", "400", "--kind", "mixed", "--seed", "9", "--prefix", "big-",
        ],
    );
    std::fs::write(at.join(".innominatus.toml"), "max-file-size = 10000\n").unwrap();
}

/// A file's path below the tree, from the path a run reports (`a.yaml` or `./a.yaml` for
/// `lint .`, `tree/a.yaml` for `lint tree`).
fn below<'a>(reported: &'a str, prefix: &str) -> &'a str {
    let reported = reported.strip_prefix("./").unwrap_or(reported);
    reported
        .strip_prefix(prefix)
        .unwrap_or_else(|| panic!("{reported} is not below {prefix}"))
}

#[test]
fn shards_of_a_generated_tree_merge_and_stay_put() {
    let Some(generator) = generator_or_skip() else {
        return;
    };
    let dir = scratch("generated");
    let tree = dir.join("tree");
    generated_tree(&generator, &tree);
    let files_by_n = assert_shards_merge(&tree, "lint", ".", 4);
    let files: usize = files_by_n[&1][0].len();
    assert!(files > 2000, "the tree has {files} files");
    for (n, shards) in &files_by_n {
        for (k, shard) in shards.iter().enumerate() {
            assert!(
                !shard.is_empty(),
                "shard {}/{n} of {files} files is empty",
                k + 1
            );
        }
    }

    // The same repository checked out elsewhere, with files the walk meets before the
    // others, and checked from the folder above: each file keeps its shard, which a slice
    // by walk position, by absolute path or by the path as the command line names it would
    // not.
    let elsewhere = scratch("generated-elsewhere");
    let moved = elsewhere.join("checkout");
    generated_tree(&generator, &moved);
    generate(
        &generator,
        &moved.join("0-first"),
        // Not a multiple of the shard count: a slice by walk position would shift.
        &["--count", "41", "--kind", "mixed", "--seed", "77"],
    );
    let mut shard_of: BTreeMap<String, u32> = BTreeMap::new();
    for k in 1..=4u32 {
        let shard = format!("{k}/4");
        let (sarif, _) = check(
            &elsewhere,
            &["lint", "--format", "sarif", "--shard", &shard, "checkout"],
        );
        for file in artifacts(&sarif) {
            shard_of.insert(below(&file, "checkout/").to_string(), k);
        }
    }
    let mut moved_files = 0;
    for (k, shard) in files_by_n[&4].iter().enumerate() {
        for file in shard {
            let key = below(file, "");
            assert_eq!(
                shard_of.get(key),
                Some(&(k as u32 + 1)),
                "{key} changed shard when the repository moved and gained files"
            );
            moved_files += 1;
        }
    }
    assert_eq!(moved_files + 41, shard_of.len());
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&elsewhere);
}

/// The configuration's own problems belong to no file: shard 1 reports them, so the merge
/// holds them once, and every shard fails (none of them checked anything).
#[test]
fn configuration_problems_are_reported_by_the_first_shard_only() {
    let dir = scratch("config");
    copy_tree(&support::repo_root().join("examples"), &dir);
    std::fs::write(dir.join(".innominatus.toml"), "max-file-sise = 10\n").unwrap();
    let (whole, code) = check(&dir, &["lint", "--format", "json", "."]);
    assert_eq!(code, 2);
    let whole = findings("json", &whole);
    assert!(whole.len() == 1 && whole[0].contains("INN020"), "{whole:?}");
    assert_shards_merge(&dir, "lint", ".", 3);
    for k in 1..=3 {
        let out = support::run(
            &dir,
            &[
                "lint",
                "--format",
                "json",
                "--shard",
                &format!("{k}/3"),
                ".",
            ],
        );
        assert_eq!(out.status.code(), Some(2), "shard {k}/3");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            stderr.contains("shard 1/3 reports them"),
            k != 1,
            "shard {k}/3: {stderr}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs with the result cache on, as a user whose cache folder is `user`.
fn check_cached(dir: &Path, user: &Path, args: &[&str]) -> String {
    let out = support::binary()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", user)
        .env_remove("INNOMINATUS_NO_CACHE")
        .env_remove("INNOMINATUS_CACHE_DIR")
        .args(args)
        .output()
        .expect("the innominatus binary runs");
    String::from_utf8(out.stdout).unwrap()
}

/// A shard's cached findings never answer another shard or the whole run, and each run is
/// answered from its own entry the second time.
#[test]
fn the_result_cache_keeps_shards_apart() {
    let dir = scratch("cache");
    copy_tree(
        &support::repo_root().join("examples"),
        &dir.join("platform"),
    );
    copy_tree(
        &support::repo_root().join("tests/fixtures/broken-workspace"),
        &dir.join("broken"),
    );
    let user = scratch("cache-user");
    let runs: Vec<Vec<&str>> = vec![
        vec!["lint", "--format", "json", "."],
        vec!["lint", "--format", "json", "--shard", "1/2", "."],
        vec!["lint", "--format", "json", "--shard", "2/2", "."],
        vec!["lint", "--format", "json", "--shard", "1/3", "."],
    ];
    let expected: Vec<String> = runs
        .iter()
        .map(|args| {
            let mut no_cache = args.clone();
            no_cache.insert(1, "--no-cache");
            check_cached(&dir, &user, &no_cache)
        })
        .collect();
    assert!(expected.windows(2).all(|w| w[0] != w[1]), "the runs differ");
    for round in ["cold", "warm"] {
        for (args, expected) in runs.iter().zip(&expected) {
            assert_eq!(
                &check_cached(&dir, &user, args),
                expected,
                "{round} cache: {args:?}"
            );
        }
    }
    let stored = std::fs::read_dir(
        dir.join(".innominatus_cache")
            .join(format!("v{}", env!("CARGO_PKG_VERSION")))
            .join("runs"),
    )
    .unwrap()
    .count();
    assert_eq!(stored, runs.len(), "one cache entry per run");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&user);
}

#[test]
fn impossible_shards_are_usage_errors() {
    let examples = support::repo_root().join("examples");
    for (args, says) in [
        (vec!["lint", "--shard", "0/2", "."], "between 1 and 2"),
        (vec!["validate", "--shard", "3/2", "."], "between 1 and 2"),
        (vec!["lint", "--shard", "2", "."], "expected K/N"),
        (vec!["lint", "--shard", "1/0", "."], "at least 1"),
        (
            vec!["lint", "--shard", "1/2", "--fix", "."],
            "cannot be used with",
        ),
    ] {
        let out = support::run(&examples, &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

/// The diff of a `lint --diff` run cut into its files' sections, sorted.
fn diff_sections(diff: &str) -> Vec<String> {
    let mut sections: Vec<String> = Vec::new();
    for line in diff.split_inclusive('\n') {
        match sections.last_mut() {
            Some(section) if !line.starts_with("--- a/") => section.push_str(line),
            _ => sections.push(line.to_string()),
        }
    }
    sections.sort();
    sections
}

/// `--diff` writes nothing and fixes each file against the unfixed workspace, so it works
/// with `--shard`: the shards' diffs together are the unsharded diff, file by file.
/// (`--fix` is refused: see `impossible_shards_are_usage_errors`.)
#[test]
fn diffs_of_shards_merge_into_the_whole_diff() {
    let dir = scratch("diff");
    copy_tree(
        &support::repo_root().join("examples"),
        &dir.join("platform"),
    );
    copy_tree(
        &support::repo_root().join("tests/fixtures/broken-workspace"),
        &dir.join("broken"),
    );
    let args = ["lint", "--diff", "--unsafe-fixes", "."];
    let whole = support::run(&dir, &args);
    let whole_diff = diff_sections(&String::from_utf8(whole.stdout).unwrap());
    assert!(whole_diff.len() > 1, "{whole_diff:?}");
    for n in 1..=3 {
        let mut merged = Vec::new();
        let mut codes = Vec::new();
        for k in 1..=n {
            let shard = format!("{k}/{n}");
            let out = support::run(&dir, &[&args[..3], &["--shard", &shard, "."]].concat());
            merged.extend(diff_sections(&String::from_utf8(out.stdout).unwrap()));
            codes.push(out.status.code().unwrap());
        }
        merged.sort();
        assert_eq!(merged, whole_diff, "{n} shards");
        assert_eq!(
            codes.iter().max().copied(),
            whole.status.code(),
            "{n} shards: {codes:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
