//! Every input that once made a fuzz target fail, run again through the same check:
//! `fuzz/regressions/<target>/<name>` holds the input exactly as libFuzzer saved it.
//!
//! The targets are read from the disk, not from a list here: every `fuzz_targets/*.rs` (each
//! one a `[[bin]]` of `Cargo.toml`) must have its check in [`CHECKS`] and a folder of
//! regression inputs holding at least one input, every folder must name a target, and the
//! run must execute at least one input. A new target therefore fails these tests until it has
//! both, and a renamed or emptied folder cannot make the run pass by running nothing.

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

fn pipeline_file(data: &[u8]) {
    if let Some((name, bytes)) = innominatus_fuzz::named(data) {
        innominatus_fuzz::pipeline(vec![(name.to_string(), bytes.to_vec())]);
    }
}

fn pipeline_workspace(data: &[u8]) {
    innominatus_fuzz::pipeline(innominatus_fuzz::split_files(data));
}

/// What a fuzz target runs on its input.
type Check = fn(&[u8]);

/// The check of each fuzz target: what `fuzz_targets/<name>.rs` runs.
const CHECKS: &[(&str, Check)] = &[
    ("syntax_tree", innominatus_fuzz::syntax_tree),
    ("syntax_fast_path", innominatus_fuzz::syntax_fast_path),
    ("schema_in_place", innominatus_fuzz::schema_in_place),
    ("pipeline_file", pipeline_file),
    ("pipeline_workspace", pipeline_workspace),
    ("template_condition", innominatus_fuzz::template_condition),
    ("fix", innominatus_fuzz::fix_file),
];

fn fuzz_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The names of the entries of `dir` that satisfy `keep` (sorted; none when `dir` is absent).
fn entries(dir: &Path, keep: impl Fn(&Path) -> bool) -> Vec<String> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = read
        .map(|e| e.expect("a readable folder entry").path())
        .filter(|p| keep(p))
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The targets whose sources are `fuzz_targets/<name>.rs`.
fn target_sources(fuzz: &Path) -> Vec<String> {
    entries(&fuzz.join("fuzz_targets"), |p| {
        p.is_file() && p.extension().is_some_and(|e| e == "rs")
    })
    .into_iter()
    .map(|n| n.trim_end_matches(".rs").to_string())
    .collect()
}

/// The `name` and `path` of every `[[bin]]` table of `Cargo.toml`.
fn manifest_bins(manifest: &str) -> Vec<(Option<String>, Option<String>)> {
    let mut bins = Vec::new();
    let mut in_bin = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('#') {
            continue;
        }
        if line.starts_with('[') {
            in_bin = line == "[[bin]]";
            if in_bin {
                bins.push((None, None));
            }
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let value = value.trim().trim_matches('"').to_string();
        if let (true, Some(bin)) = (in_bin, bins.last_mut()) {
            match key.trim() {
                "name" => bin.0 = Some(value),
                "path" => bin.1 = Some(value),
                _ => {}
            }
        }
    }
    bins
}

/// The input files of a regression folder: every file but hidden ones (`.gitkeep`).
fn inputs(folder: &Path) -> Vec<PathBuf> {
    entries(folder, |p| p.is_file())
        .into_iter()
        .filter(|n| !n.starts_with('.'))
        .map(|n| folder.join(n))
        .collect()
}

/// Everything wrong with the fuzz folder at `fuzz` whose targets have the checks `checked`.
fn layout_problems(fuzz: &Path, checked: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    let sources = target_sources(fuzz);
    if sources.is_empty() {
        problems.push("no fuzz target in fuzz_targets/".to_string());
    }
    let manifest = std::fs::read_to_string(fuzz.join("Cargo.toml")).unwrap_or_default();
    let mut bins = BTreeSet::new();
    for (name, path) in manifest_bins(&manifest) {
        let (Some(name), Some(path)) = (name, path) else {
            problems.push("a [[bin]] of Cargo.toml without a name or a path".to_string());
            continue;
        };
        if path != format!("fuzz_targets/{name}.rs") {
            problems.push(format!(
                "the [[bin]] `{name}` of Cargo.toml is built from `{path}`, not fuzz_targets/{name}.rs"
            ));
        }
        bins.insert(name);
    }
    for t in &sources {
        if !bins.contains(t) {
            problems.push(format!("fuzz_targets/{t}.rs is no [[bin]] of Cargo.toml"));
        }
    }
    for b in &bins {
        if !sources.contains(b) {
            problems.push(format!(
                "the [[bin]] `{b}` of Cargo.toml has no fuzz_targets/{b}.rs"
            ));
        }
    }
    let regressions = fuzz.join("regressions");
    for t in &sources {
        if !checked.contains(&t.as_str()) {
            problems.push(format!(
                "fuzz target `{t}` has no check in CHECKS of fuzz/tests/regressions.rs"
            ));
        }
        let folder = regressions.join(t);
        if !folder.is_dir() {
            problems.push(format!(
                "fuzz target `{t}` has no folder regressions/{t}/ (add at least one input that exercises it)"
            ));
        } else if inputs(&folder).is_empty() {
            problems.push(format!("regressions/{t}/ holds no input"));
        }
    }
    for c in checked {
        if !sources.iter().any(|t| t == c) {
            problems.push(format!(
                "CHECKS names `{c}`, which is no fuzz target (no fuzz_targets/{c}.rs)"
            ));
        }
    }
    for entry in entries(&regressions, |_| true) {
        if !regressions.join(&entry).is_dir() {
            problems.push(format!("regressions/{entry} is not a folder of inputs"));
        } else if !sources.contains(&entry) {
            problems.push(format!(
                "regressions/{entry}/ names no fuzz target (no fuzz_targets/{entry}.rs)"
            ));
        }
    }
    problems
}

#[test]
fn every_fuzz_target_has_a_check_and_regression_inputs() {
    let checked: Vec<&str> = CHECKS.iter().map(|(name, _)| *name).collect();
    let problems = layout_problems(&fuzz_dir(), &checked);
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn inputs_that_once_failed_pass() {
    let regressions = fuzz_dir().join("regressions");
    let mut ran = 0;
    let mut failed = Vec::new();
    for target in target_sources(&fuzz_dir()) {
        let Some((_, check)) = CHECKS.iter().find(|(name, _)| *name == target) else {
            continue; // reported by the test above
        };
        for path in inputs(&regressions.join(&target)) {
            let data = std::fs::read(&path).expect("a readable input");
            println!("{target}: {}", path.display());
            if catch_unwind(AssertUnwindSafe(|| check(&data))).is_err() {
                failed.push(format!("{target}: {}", path.display()));
            }
            ran += 1;
        }
    }
    println!("{ran} regression inputs");
    assert!(failed.is_empty(), "failing inputs:\n{}", failed.join("\n"));
    assert!(ran > 0, "no regression input ran");
}

/// A fuzz folder made on the spot: target sources, a manifest and regression folders.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!(
            "innominatus-fuzz-layout-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("fuzz_targets")).unwrap();
        std::fs::create_dir_all(dir.join("regressions")).unwrap();
        Scratch(dir)
    }

    fn file(&self, path: &str, text: &str) -> &Scratch {
        let path = self.0.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    fn folder(&self, path: &str) -> &Scratch {
        std::fs::create_dir_all(self.0.join(path)).unwrap();
        self
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const TWO_BINS: &str = "[package]\nname = \"x\"\n\n# name = \"not-a-bin\"\n[[bin]]\nname = \"a\"\npath = \"fuzz_targets/a.rs\"\ntest = false\n\n[[bin]]\nname = \"b\"\npath = \"fuzz_targets/b.rs\"\n";

#[test]
fn a_complete_layout_has_no_problem() {
    let s = Scratch::new("complete");
    s.file("Cargo.toml", TWO_BINS)
        .file("fuzz_targets/a.rs", "")
        .file("fuzz_targets/b.rs", "")
        .file("regressions/a/crash-1", "x")
        .file("regressions/b/slow-unit", "y");
    assert_eq!(layout_problems(&s.0, &["a", "b"]), [] as [&str; 0]);
}

#[test]
fn missing_folders_and_inputs_and_stray_folders_are_problems() {
    let s = Scratch::new("gaps");
    s.file("Cargo.toml", TWO_BINS)
        .file("fuzz_targets/a.rs", "")
        .file("fuzz_targets/b.rs", "")
        .file("regressions/b/.gitkeep", "")
        .file("regressions/old_target/input", "z")
        .file("regressions/README", "");
    assert_eq!(
        layout_problems(&s.0, &["a", "b"]),
        [
            "fuzz target `a` has no folder regressions/a/ (add at least one input that exercises it)",
            "regressions/b/ holds no input",
            "regressions/README is not a folder of inputs",
            "regressions/old_target/ names no fuzz target (no fuzz_targets/old_target.rs)",
        ]
    );
}

#[test]
fn targets_checks_and_the_manifest_must_agree() {
    let s = Scratch::new("disagree");
    s.file(
        "Cargo.toml",
        "[[bin]]\nname = \"a\"\npath = \"fuzz_targets/other.rs\"\n\n[[bin]]\nname = \"gone\"\npath = \"fuzz_targets/gone.rs\"\n",
    )
    .file("fuzz_targets/a.rs", "")
    .file("fuzz_targets/new.rs", "")
    .file("regressions/a/input", "x")
    .file("regressions/new/input", "y")
    .folder("regressions/gone");
    assert_eq!(
        layout_problems(&s.0, &["a", "stale"]),
        [
            "the [[bin]] `a` of Cargo.toml is built from `fuzz_targets/other.rs`, not fuzz_targets/a.rs",
            "fuzz_targets/new.rs is no [[bin]] of Cargo.toml",
            "the [[bin]] `gone` of Cargo.toml has no fuzz_targets/gone.rs",
            "fuzz target `new` has no check in CHECKS of fuzz/tests/regressions.rs",
            "CHECKS names `stale`, which is no fuzz target (no fuzz_targets/stale.rs)",
            "regressions/gone/ names no fuzz target (no fuzz_targets/gone.rs)",
        ]
    );
}

#[test]
fn a_folder_without_targets_is_a_problem() {
    let s = Scratch::new("empty");
    assert_eq!(
        layout_problems(&s.0, &[]),
        ["no fuzz target in fuzz_targets/"]
    );
}

fn yaml_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(p);
        }
    }
}

/// The fuzz checks on the seeds themselves: each golden case and the example repository as
/// a workspace (real paths, so cross-file rules and their fixes apply), and every file of
/// them through `--fix` under its real name.
#[test]
fn golden_cases_and_examples_pass_every_fuzz_check() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut roots: Vec<_> = std::fs::read_dir(repo.join("tests/cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    roots.sort();
    roots.push(repo.join("examples"));
    let mut fixed_files = 0;
    for root in &roots {
        let mut paths = Vec::new();
        yaml_files(root, &mut paths);
        paths.sort();
        let files: Vec<(String, Vec<u8>)> = paths
            .iter()
            .map(|p| {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                (rel, std::fs::read(p).unwrap())
            })
            .collect();
        for (name, bytes) in &files {
            fixed_files += usize::from(innominatus_fuzz::fix_named(name, bytes));
        }
        innominatus_fuzz::pipeline(files);
    }
    // The golden cases include fixable findings; the fix check must have exercised some.
    assert!(
        fixed_files >= 5,
        "only {fixed_files} files had fixes applied"
    );
}
