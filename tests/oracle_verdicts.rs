//! `validate` against the platform's own loaders (the oracle's `fidelity check`, README in
//! `../shared/oracle`): on every file the platform reaches — the test cases, the probes under
//! `tests/oracle/probes` (yaml.v3 typing, documents after the first, keys, each provider-load
//! check), the examples and the real corpus — a file the platform rejects must get an error
//! from `validate`, and a file it accepts must get none, except for findings of ours the
//! platform has no equivalent for (listed below, each with why it is kept).

mod support;

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Errors `validate` reports on files the platform accepts, on purpose: the platform loads
/// the file, and the problem shows later (the deploy or the run fails), or in the Score
/// project's own tools. Only errors belong here: what the platform silently ignores or renders
/// surprisingly is a warning (the catalog's severities), which this comparison does not count.
const OURS_WITHOUT_PLATFORM_EQUIVALENT: &[(&str, &str)] = &[
    ("INN005", "a UTF-16 file: yaml.v3 decodes it, we do not read UTF-16 (positions would not map to the file's bytes)"),
    ("INN013", "nesting past 128 levels: our budget for bounded walks; yaml.v3 allows deeper documents"),
    ("INN101", "on a Score spec: the official Score schema refuses an unknown key (on platform documents, which the decoder reads and drops it from, it is a warning)"),
    ("INN103", "on a Score spec: the official Score schema refuses the type the platform's decode coerces"),
    ("INN104", "on a Score spec: the official Score schema's enums (on platform documents, fields the platform skips when it does not know the value are warnings)"),
    ("INN105", "on a Score spec: the official Score schema refuses the value (score-compose, score-k8s)"),
    ("INN106", "on a Score spec: the official Score schema's bounds (ports, name lengths)"),
    ("INN107", "on a Score spec: the official Score schema's oneOf/anyOf shapes"),
    ("INN109", "on a Score spec: the official Score schema's name patterns"),
    ("INN201", "a dependsOn naming no step: the dormant engine and the graph SDK fail at run time"),
    ("INN203", "a provider outside providers/<name>: loads, but the engine reads its workflows from there at deploy"),
    ("INN204", "an operation naming no workflow: the deploy of that resource type fails"),
    ("INN206", "an alias to no primary type: the deploy of that alias fails"),
    ("INN207", "a claimed type without capability: the deploy of that type fails"),
    ("INN208", "a resource type no loaded provider resolves: the deploy fails (the oracle resolves against the folder's providers, we against the loaded ones)"),
    ("INN209", "two providers claim a type: the deploy of that type fails"),
];

/// One file's verdict from the oracle.
struct Verdict {
    file: String,
    rejects: bool,
    /// Whether the platform reaches the file in this folder (an unreferenced workflow is only
    /// checked "as if" something named it).
    reached: bool,
    /// The provider manifest that loads this workflow file, when one does.
    loaded_by: Option<String>,
    reasons: Vec<String>,
}

fn oracle_verdicts(fidelity: &Path, root: &Path) -> Vec<Verdict> {
    let out = Command::new(fidelity)
        .arg("check")
        .arg(root)
        .output()
        .expect("fidelity runs");
    assert!(
        out.status.success(),
        "fidelity check {}: {}",
        root.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let records: Value = serde_json::from_slice(&out.stdout).expect("fidelity prints JSON");
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    records
        .as_array()
        .expect("a list of records")
        .iter()
        .filter(|r| r["verdict"] != "never-read")
        .map(|r| Verdict {
            file: text(&r["file"]),
            rejects: r["verdict"] == "rejects",
            reached: !text(&r["reached"]).starts_with("unreferenced"),
            loaded_by: text(&r["reached"])
                .strip_prefix("workflows[].file of ")
                .map(str::to_string),
            reasons: r["checks"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|c| c["ok"] == false && c["blocking"] == true)
                .flat_map(|c| c["errors"].as_array().cloned().unwrap_or_default())
                .map(|e| text(&e))
                .collect(),
        })
        .collect()
}

/// `validate`'s errors per file (relative to `root`): (code, message).
fn our_errors(root: &Path) -> BTreeMap<String, Vec<(String, String)>> {
    let out = support::run(root, &["validate", "--isolated", "--format", "json", "."]);
    let report: Value = serde_json::from_slice(&out.stdout).expect("validate prints JSON");
    let mut errors: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for d in report["diagnostics"].as_array().expect("diagnostics") {
        if d["severity"] == "error" {
            let file = d["file"]
                .as_str()
                .unwrap()
                .trim_start_matches("./")
                .to_string();
            let code = d["code"].as_str().unwrap().to_string();
            errors
                .entry(file)
                .or_default()
                .push((code, d["message"].as_str().unwrap().to_string()));
        }
    }
    errors
}

/// A provider skipped because one of its workflows fails the load-time validator: the
/// platform's reason is the workflow's, and `validate` reports it on that workflow's file.
fn rejected_for_its_workflows(v: &Verdict) -> bool {
    !v.reasons.is_empty()
        && v.reasons
            .iter()
            .all(|r| r.starts_with("provider workflow validation failed"))
}

/// `goldenpaths.yaml` refused by the start-up validator for a step of a golden path's
/// workflow: the platform names the golden path, `validate` the step in the workflow file.
fn refused_for_a_workflow_step(v: &Verdict) -> bool {
    v.file.ends_with("goldenpaths.yaml")
        && !v.reasons.is_empty()
        && v.reasons
            .iter()
            .all(|r| r.starts_with("Golden path '") && r.contains("', step "))
}

#[derive(Default)]
struct Tally {
    files: usize,
    both_reject: usize,
    both_accept: usize,
    kept: BTreeMap<&'static str, usize>,
    differences: Vec<String>,
}

fn compare(fidelity: &Path, root: &Path, label: &str, tally: &mut Tally) {
    let ours = our_errors(root);
    for v in oracle_verdicts(fidelity, root) {
        tally.files += 1;
        let errors = ours.get(&v.file).cloned().unwrap_or_default();
        if v.rejects {
            if !v.reached {
                continue;
            }
            // The platform names a provider skipped for its workflows, and a workflow file
            // the provider cannot load: an error on either side of that pair says it.
            let covered = !errors.is_empty()
                || (rejected_for_its_workflows(&v) && {
                    let dir = Path::new(&v.file).parent().unwrap_or(Path::new(""));
                    ours.keys().any(|f| Path::new(f).starts_with(dir))
                })
                || v.loaded_by.as_ref().is_some_and(|p| ours.contains_key(p))
                // goldenpaths.yaml refused for a step of one of its workflows: reported on
                // that workflow's file.
                || (refused_for_a_workflow_step(&v) && ours.keys().any(|f| *f != v.file));
            if covered {
                tally.both_reject += 1;
            } else {
                tally.differences.push(format!(
                    "{label}/{}: the platform rejects it ({}), validate reports no error",
                    v.file,
                    v.reasons.join(" | ")
                ));
            }
            continue;
        }
        let mut unexplained = Vec::new();
        for (code, message) in &errors {
            match OURS_WITHOUT_PLATFORM_EQUIVALENT
                .iter()
                .find(|(c, _)| c == code)
            {
                Some((c, _)) => *tally.kept.entry(c).or_default() += 1,
                None => unexplained.push(format!("{code} {message}")),
            }
        }
        if unexplained.is_empty() {
            tally.both_accept += 1;
        } else {
            tally.differences.push(format!(
                "{label}/{}: the platform accepts it, validate reports {}",
                v.file,
                unexplained.join(" | ")
            ));
        }
    }
}

fn folders(parent: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

#[test]
fn validate_agrees_with_the_platforms_loaders() {
    let Some(oracle) = support::oracle_or_skip() else {
        return;
    };
    let fidelity = oracle.join("fidelity");
    let repo = support::repo_root();
    let mut tally = Tally::default();
    for dir in folders(&repo.join("tests/oracle/probes")) {
        let label = format!("probes/{}", dir.file_name().unwrap().to_string_lossy());
        compare(&fidelity, &dir, &label, &mut tally);
    }
    for dir in folders(&repo.join("tests/cases")) {
        let label = format!("cases/{}", dir.file_name().unwrap().to_string_lossy());
        compare(&fidelity, &dir, &label, &mut tally);
    }
    compare(&fidelity, &repo.join("examples"), "examples", &mut tally);
    if let Some(corpus) = support::corpus_dir() {
        compare(&fidelity, &corpus.join("score"), "corpus/score", &mut tally);
        // The platform's own repository, rebuilt from the flattened names as tests/corpus.rs does.
        let rebuilt = support::scratch_dir("oracle-verdicts", "platform");
        let flat = corpus.join("innominatus");
        for entry in std::fs::read_dir(&flat).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name.ends_with(".yaml") {
                let target = rebuilt.join(name.replace("__", "/"));
                std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                std::fs::copy(flat.join(&name), target).unwrap();
            }
        }
        compare(&fidelity, &rebuilt, "corpus/innominatus", &mut tally);
        std::fs::remove_dir_all(&rebuilt).unwrap();
    } else {
        eprintln!("corpus skipped: ../shared/corpus is not beside the repository");
    }
    eprintln!(
        "{} files compared: {} rejected by both, {} accepted by both; errors of ours kept on accepted files: {:?}",
        tally.files, tally.both_reject, tally.both_accept, tally.kept
    );
    let kept: BTreeSet<&str> = tally.kept.keys().copied().collect();
    assert!(
        tally.differences.is_empty(),
        "{} difference(s) with the platform (kept codes seen: {kept:?}):\n{}",
        tally.differences.len(),
        tally.differences.join("\n")
    );
}

/// The list above holds errors only: a rule whose findings are warnings wherever it reports
/// (the platform ignores what it flags) has no business there.
#[test]
fn kept_codes_are_errors_somewhere() {
    use innominatus_engine::catalog::{Reader, Severity};
    for (code, why) in OURS_WITHOUT_PLATFORM_EQUIVALENT {
        let rule = innominatus_engine::rules::find(code).expect("a rule");
        let error_somewhere = [Reader::ScoreTooling, Reader::PlatformDecoder]
            .into_iter()
            .any(|reader| rule.severity_for(reader) == Severity::Error);
        assert!(error_somewhere, "{code} is never an error, yet kept: {why}");
    }
}
