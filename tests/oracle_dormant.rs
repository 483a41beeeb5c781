//! The `dormant` and `live` dry runs against the platform's own control flow: `fidelity sim`
//! runs `executeResolvedWorkflow` (and `ExecuteWorkflowWithName`) with every side effect
//! stubbed; our engine must give every step the same status, run the groups in the same
//! order and fail with the same error text. Over the examples, the test cases, the corpus
//! and `tests/fixtures/dormant` (workflows written to reach the dormant path's corners:
//! parallel runs, group numbers with gaps, siblings depending on each other, a dependency
//! on a later step, strict `$VARS`, unknown step types, template errors).
//!
//! Skipped, with one line, when Go or `../shared` is missing; `.ci/run` sets
//! `INNOMINATUS_REQUIRE_ORACLE=1` so that CI fails instead.

mod support;

use innominatus_engine::kind::DocumentKind;
use innominatus_engine::plan::{simulate, Engine, Fate, Scenario, Simulation, WorkflowSpec};
use innominatus_engine::source::SourceFile;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One engine's run, reduced to what both sides can say: each step's status, the groups in
/// the order they start (names), the workflow's error.
#[derive(Debug, PartialEq)]
struct Run {
    statuses: Vec<(String, String)>,
    groups: Vec<Vec<String>>,
    error: Option<String>,
}

/// How many times the platform is asked in all before a differing error text counts. A
/// small Go map is walked from a random starting entry, so one reference among eight is named
/// first one time in eight: 100 asks miss it about once in a million runs.
const MAP_ORDER_RETRIES: usize = 100;

fn oracle_run(v: &Value) -> Run {
    Run {
        statuses: v["steps"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| {
                let name = s["name"].as_str().unwrap_or_default().to_string();
                (name, s["status"].as_str().unwrap_or_default().to_string())
            })
            .collect(),
        groups: v["groups"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|g| {
                g.as_array()
                    .into_iter()
                    .flatten()
                    .map(|n| n.as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .collect(),
        error: v["error"].as_str().map(str::to_string),
    }
}

fn our_run(wf: &WorkflowSpec, sim: &Simulation) -> Run {
    let mut statuses: Vec<(String, String)> = wf
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let fate = sim.steps.iter().find(|o| o.index == i).map(|o| o.status);
            let word = match fate {
                Some(Fate::Succeeded) => "succeeded",
                Some(Fate::Failed) => "failed",
                Some(Fate::Skipped) => "skipped",
                Some(Fate::NotRun) | None => "not_run",
                Some(other) => other.name(),
            };
            (s.name.clone(), word.to_string())
        })
        .collect();
    statuses.truncate(wf.steps.len());
    Run {
        statuses,
        groups: sim
            .plan
            .groups
            .iter()
            .filter(|g| !g.never_runs)
            .map(|g| g.steps.iter().map(|&i| wf.steps[i].name.clone()).collect())
            .collect(),
        error: sim.error.clone(),
    }
}

/// Whether two steps of `wf` have the same name and type.
fn has_twins(wf: &WorkflowSpec) -> bool {
    let mut seen = std::collections::BTreeSet::new();
    !wf.steps
        .iter()
        .all(|s| seen.insert((s.name.as_str(), s.step_type.as_str())))
}

/// The workflow of a file's first document, when it is one (the platform reads no other).
fn workflow_of(path: &str, text: &str) -> Option<WorkflowSpec> {
    let src = SourceFile::parse(Arc::from(path), text.as_bytes());
    let kind = *src.kinds.first()?;
    if !matches!(
        kind,
        DocumentKind::ProviderWorkflow
            | DocumentKind::GoldenPathWorkflow
            | DocumentKind::PlatformWorkflow
    ) {
        return None;
    }
    WorkflowSpec::from_document(src.parsed.documents.first()?, kind)
}

fn fixture_files() -> Vec<(String, String)> {
    let dir = support::repo_root().join("tests/fixtures/dormant");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p.display().to_string(), text)
        })
        .collect()
}

fn oracle_sim(oracle: &Path, path: &str) -> Value {
    // A clean environment: a plain `$NAME` the harness's own environment happened to define
    // would pass the strict check there, and a dry run cannot know the server's environment.
    let out = std::process::Command::new(oracle.join("fidelity"))
        .arg("sim")
        .arg(path)
        .env_clear()
        .env("STRICT_VALIDATION", "true")
        .output()
        .expect("fidelity runs");
    assert!(
        out.status.success(),
        "fidelity sim {path}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// What the comparisons found, over every file of a test.
#[derive(Default)]
struct Tally {
    compared: BTreeMap<&'static str, usize>,
    grouped_runs: usize,
    failing_runs: usize,
    map_order: usize,
    undecodable: usize,
    differences: Vec<String>,
}

impl Tally {
    /// Compares the `dormant` and `live` dry runs of the workflow file `path` with the
    /// platform's.
    fn compare(&mut self, oracle: &Path, path: &str, wf: &WorkflowSpec) {
        let answer = oracle_sim(oracle, path);
        if answer.get("loadError").is_some() {
            // The platform cannot decode it as a workflow: nothing to simulate there
            // (`validate` reports it; the differential check of verdicts covers it).
            self.undecodable += 1;
            return;
        }
        for engine in [Engine::Dormant, Engine::Live] {
            let theirs = oracle_run(&answer[engine.name()]);
            let sim = simulate(wf, engine, &BTreeMap::new(), &Scenario::default())
                .unwrap_or_else(|e| panic!("{path}: no {} plan: {e}", engine.name()));
            let mut ours = our_run(wf, &sim);
            let mut theirs = theirs;
            if has_twins(wf) {
                // The harness finds a step's place by name and type, so twins (two steps
                // with both equal) share their statuses out in list order: compare which
                // statuses occur, not where.
                ours.statuses.sort();
                theirs.statuses.sort();
            }
            *self.compared.entry(engine.name()).or_default() += 1;
            if engine == Engine::Dormant {
                self.failing_runs += usize::from(theirs.error.is_some());
                let sequential = answer["dormant"]["notes"].as_array().is_some_and(|n| {
                    n.iter().any(|n| {
                        n.as_str()
                            .is_some_and(|n| n.contains("executeStepsSequentially"))
                    })
                });
                self.grouped_runs += usize::from(!sequential);
            }
            // Go walks maps in random order, so where a step holds several failing
            // references the platform names any one of them: ask it again before calling
            // a different name a difference.
            let agrees = ours == theirs
                || (1..MAP_ORDER_RETRIES).any(|_| {
                    let mut again = oracle_run(&oracle_sim(oracle, path)[engine.name()]);
                    if has_twins(wf) {
                        again.statuses.sort();
                    }
                    again == ours
                });
            if agrees && ours != theirs {
                self.map_order += 1;
            }
            if !agrees {
                self.differences.push(format!(
                    "{path} ({}):\n  platform: {theirs:?}\n  ours:     {ours:?}",
                    engine.name()
                ));
            }
        }
    }

    fn report(&self, what: &str) {
        println!(
            "{what}: compared {:?} workflow runs ({} dormant runs with groups, {} dormant runs \
             failing, {} equal only in another of Go's map orders); {} files the platform \
             cannot decode as a workflow",
            self.compared, self.grouped_runs, self.failing_runs, self.map_order, self.undecodable
        );
        assert!(
            self.differences.is_empty(),
            "{} runs differ from the platform:\n{}",
            self.differences.len(),
            self.differences.join("\n")
        );
    }
}

#[test]
fn dormant_and_live_dry_runs_match_the_platform_s_own_control_flow() {
    let Some(oracle) = support::oracle_or_skip() else {
        return;
    };
    let fixtures = fixture_files();
    let mut files = support::real_yaml_texts();
    files.extend(fixtures.iter().cloned());
    let mut tally = Tally::default();
    for (path, text) in &files {
        if let Some(wf) = workflow_of(path, text) {
            tally.compare(&oracle, path, &wf);
        }
    }
    tally.report("examples, cases, corpus and fixtures");
    // The fixtures exist to reach the grouped path and its failures; make sure they do.
    assert!(
        tally.grouped_runs >= fixtures.len() / 2,
        "{} grouped runs",
        tally.grouped_runs
    );
    assert!(
        tally.failing_runs >= 5,
        "{} failing runs",
        tally.failing_runs
    );
}

/// `text` with `line` inserted after its first step's `- name:` line, indented as that
/// step's keys are; `None` when the file has no such line.
fn with_first_step_key(text: &str, line: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len() + line.len() + 16);
    let mut done = false;
    for l in text.split_inclusive('\n') {
        out.push_str(l);
        if done {
            continue;
        }
        let trimmed = l.trim_start();
        if let Some(rest) = trimmed.strip_prefix("- name:") {
            if rest.trim().is_empty() {
                return None;
            }
            let indent = l.len() - trimmed.len() + 2;
            if !l.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&format!("{}{line}\n", " ".repeat(indent)));
            done = true;
        }
    }
    done.then_some(out)
}

/// Real workflows pushed onto the grouped path: the first step made `parallel: true` (every
/// real `dependsOn`, condition and `$VAR` is then checked as the platform checks it), or put
/// alone in `parallelGroup: 2` (a group that never runs).
#[test]
fn real_workflows_on_the_grouped_path_match_the_platform() {
    let Some(oracle) = support::oracle_or_skip() else {
        return;
    };
    let dir = support::scratch_dir("oracle-dormant", "variants");
    let mut tally = Tally::default();
    let mut n = 0;
    for (path, text) in support::real_yaml_texts() {
        if workflow_of(&path, &text).is_none() {
            continue;
        }
        for (edit, line) in [("parallel", "parallel: true"), ("gap", "parallelGroup: 2")] {
            let Some(variant) = with_first_step_key(&text, line) else {
                continue;
            };
            let Some(wf) = workflow_of(&path, &variant) else {
                continue;
            };
            // Only a variant where the edit landed on the first step says anything.
            let landed = wf.steps.first().is_some_and(|s| match edit {
                "parallel" => s.parallel,
                _ => s.parallel_group == Some(2),
            });
            if !landed {
                continue;
            }
            n += 1;
            let file = dir.join(format!("{n}-{edit}.yaml"));
            std::fs::write(&file, &variant).unwrap();
            tally.compare(&oracle, &file.display().to_string(), &wf);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    tally.report("variants");
    assert!(
        tally.grouped_runs >= 50,
        "{} grouped runs",
        tally.grouped_runs
    );
}
