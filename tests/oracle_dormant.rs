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

fn oracle_or_skip() -> Option<PathBuf> {
    match support::oracle_dir() {
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

/// One engine's run, reduced to what both sides can say: each step's status, the groups in
/// the order they start (names), the workflow's error.
#[derive(Debug, PartialEq)]
struct Run {
    statuses: Vec<(String, String)>,
    groups: Vec<Vec<String>>,
    error: Option<String>,
}

/// How many times the platform is asked in all before a differing error text counts.
const MAP_ORDER_RETRIES: usize = 12;

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

#[test]
fn dormant_and_live_dry_runs_match_the_platform_s_own_control_flow() {
    let Some(oracle) = oracle_or_skip() else {
        return;
    };
    let fixtures = fixture_files();
    let mut files = support::real_yaml_texts();
    files.extend(fixtures.iter().cloned());
    let mut differences = Vec::new();
    let mut compared: BTreeMap<&str, usize> = BTreeMap::new();
    let mut failing_runs = 0;
    let mut grouped_runs = 0;
    let mut skipped_by_oracle = 0;
    let mut map_order = 0;
    for (path, text) in &files {
        let Some(wf) = workflow_of(path, text) else {
            continue;
        };
        let answer = oracle_sim(&oracle, path);
        if answer.get("loadError").is_some() {
            // The platform cannot decode it as a workflow: nothing to simulate there
            // (`validate` reports it; the differential check of verdicts covers it).
            skipped_by_oracle += 1;
            continue;
        }
        for engine in [Engine::Dormant, Engine::Live] {
            let theirs = oracle_run(&answer[engine.name()]);
            let sim = simulate(&wf, engine, &BTreeMap::new(), &Scenario::default())
                .unwrap_or_else(|e| panic!("{path}: no {} plan: {e}", engine.name()));
            let ours = our_run(&wf, &sim);
            *compared.entry(engine.name()).or_default() += 1;
            if engine == Engine::Dormant {
                failing_runs += usize::from(theirs.error.is_some());
                grouped_runs +=
                    usize::from(answer["dormant"]["notes"].as_array().is_none_or(|n| {
                        !n.iter().any(|n| {
                            n.as_str()
                                .is_some_and(|n| n.contains("executeStepsSequentially"))
                        })
                    }));
            }
            // Go walks maps in random order, so where a step holds several failing
            // references the platform names any one of them: ask it again before calling
            // a different name a difference.
            let agrees = ours == theirs
                || (1..MAP_ORDER_RETRIES)
                    .any(|_| oracle_run(&oracle_sim(&oracle, path)[engine.name()]) == ours);
            if agrees && ours != theirs {
                map_order += 1;
            }
            if !agrees {
                differences.push(format!(
                    "{path} ({}):\n  platform: {theirs:?}\n  ours:     {ours:?}",
                    engine.name()
                ));
            }
        }
    }
    println!(
        "compared {compared:?} workflow runs ({grouped_runs} dormant runs with groups, \
         {failing_runs} dormant runs failing, {map_order} equal only in another of Go's map \
         orders); {skipped_by_oracle} files the platform cannot decode as a workflow"
    );
    assert!(
        differences.is_empty(),
        "{} runs differ from the platform:\n{}",
        differences.len(),
        differences.join("\n")
    );
    // The fixtures exist to reach the grouped path and its failures; make sure they do.
    assert!(
        grouped_runs >= fixtures.len() / 2,
        "{grouped_runs} grouped runs"
    );
    assert!(failing_runs >= 5, "{failing_runs} failing runs");
}
