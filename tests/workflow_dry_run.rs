//! `innominatus workflow test`: the real binary as a test runner over the example workspace
//! and scratch test files, and with `--dry-run` on the example workflows and Score specs in
//! every engine, with every flag, parameter and scenario file, every format, `--step` fed
//! through standard input, cycle refusal, and proof that nothing is executed.

mod support;

use serde_json::Value;
use std::path::PathBuf;

const POSTGRES: &str = "examples/providers/database-team/workflows/provision-postgres.yaml";

const PARAMS: &[&str] = &[
    "--param",
    "app_name=shop",
    "--param",
    "resource_name=db",
    "--param",
    "namespace=shop-default",
    "--param",
    "database_name=orders",
    "--param",
    "version=16",
    "--param",
    "instances=2",
    "--param",
    "storage_size=20Gi",
];

fn dry_run(file: &str, extra: &[&str]) -> (Value, i32) {
    let mut args = vec!["workflow", "test", file, "--dry-run", "--format", "json"];
    args.extend_from_slice(extra);
    let out = support::run(&support::repo_root(), &args);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {stdout}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (json, out.status.code().unwrap())
}

fn fates(v: &Value) -> Vec<(String, String)> {
    v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                s["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn step<'v>(v: &'v Value, name: &str) -> &'v Value {
    v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no step {name}"))
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn postgres_succeeds_in_both_engines_with_every_parameter() {
    for engine in ["documented", "live"] {
        let mut extra = vec!["--engine", engine];
        extra.extend_from_slice(PARAMS);
        let (v, code) = dry_run(POSTGRES, &extra);
        assert_eq!(code, 0, "{engine}: {v:#}");
        assert_eq!(v["status"], "succeeded");
        assert_eq!(v["engine"], engine);
        assert_eq!(
            fates(&v),
            pairs(&[
                ("validate-request", "succeeded"),
                ("ensure-namespace", "succeeded"),
                ("create-cluster", "succeeded"),
                ("restrict-network", "succeeded"),
                ("wait-for-ready", "succeeded"),
                ("label-app-secret", "succeeded"),
            ])
        );
        for s in v["steps"].as_array().unwrap() {
            assert_eq!(s["attempts"], 1);
            assert!(s["reason"].is_null());
            assert_eq!(s["rendered"]["unresolved"], serde_json::json!([]), "{s:#}");
            assert!(!s["effects"].as_array().unwrap().is_empty());
        }
        let cluster = step(&v, "create-cluster");
        assert_eq!(
            cluster["effects"],
            serde_json::json!(["kubectl apply -f - (the rendered manifest on stdin)"])
        );
        let manifest = cluster["rendered"]["text"].as_str().unwrap();
        assert!(manifest.contains("name: shop-db\n"), "{manifest}");
        // A workflow variable fills `.parameters` too.
        assert!(manifest.contains("imageName: ghcr.io/cloudnative-pg/postgresql:16"));
        assert!(step(&v, "validate-request")["effects"][1]
            .as_str()
            .unwrap()
            .starts_with("/bin/bash"));
    }
}

#[test]
fn a_failure_stops_dependants_or_everything_depending_on_the_engine() {
    let mut extra = vec!["--fail", "create-cluster=kubectl: connection refused"];
    extra.extend_from_slice(PARAMS);
    let (documented, code) = dry_run(POSTGRES, &extra);
    assert_eq!(code, 1);
    assert_eq!(documented["status"], "failed");
    assert_eq!(
        fates(&documented),
        pairs(&[
            ("validate-request", "succeeded"),
            ("ensure-namespace", "succeeded"),
            ("create-cluster", "failed"),
            ("restrict-network", "not_run"),
            ("wait-for-ready", "not_run"),
            ("label-app-secret", "not_run"),
        ])
    );
    assert_eq!(
        step(&documented, "restrict-network")["reason"],
        "not reached: the workflow failed at step 'create-cluster'"
    );
    // The documented retry policy starts a failing step four times.
    assert_eq!(step(&documented, "create-cluster")["attempts"], 4);
    assert_eq!(
        step(&documented, "create-cluster")["reason"],
        "kubectl: connection refused"
    );

    extra.extend_from_slice(&["--engine", "live"]);
    let (live, code) = dry_run(POSTGRES, &extra);
    assert_eq!(code, 1);
    assert_eq!(
        live["error"],
        "workflow failed at step 'create-cluster': kubectl: connection refused"
    );
    let groups: Vec<u64> = live["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["group"].as_u64().unwrap())
        .collect();
    assert_eq!(groups, [0, 1, 2, 3, 4, 5]);
    assert_eq!(step(&live, "wait-for-ready")["status"], "not_run");
    assert_eq!(step(&live, "wait-for-ready")["attempts"], 0);
    assert!(step(&live, "ensure-namespace")["notes"][0]
        .as_str()
        .unwrap()
        .contains("dependsOn"));
}

#[test]
fn missing_parameters_render_as_no_value() {
    let (v, code) = dry_run(POSTGRES, &["--param", "app_name=shop"]);
    assert_eq!(code, 0);
    let ns = step(&v, "ensure-namespace");
    assert_eq!(
        ns["rendered"]["unresolved"],
        serde_json::json!([".parameters.namespace"])
    );
    assert!(ns["rendered"]["text"]
        .as_str()
        .unwrap()
        .contains("ns=\"<no value>\""));
}

/// A scratch directory for one test, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("innominatus-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn cycles_are_refused_and_bad_flags_are_trouble() {
    let scratch = Scratch::new("dry-run-cycle");
    let file = scratch.0.join("cycle.yaml");
    std::fs::write(
        &file,
        "apiVersion: innominatus.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: c\nsteps:\n  - name: a\n    type: validation\n    dependsOn: [b]\n  - name: b\n    type: validation\n    dependsOn: [a]\n",
    )
    .unwrap();
    let (v, code) = dry_run(file.to_str().unwrap(), &[]);
    assert_eq!(code, 1);
    assert_eq!(v["status"], "invalid");
    assert_eq!(v["cycle"], serde_json::json!(["a", "b", "a"]));
    let out = support::run(
        &support::repo_root(),
        &[
            "workflow",
            "test",
            POSTGRES,
            "--dry-run",
            "--param",
            "novalue",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_dry_run_leaves_no_trace() {
    let scratch = Scratch::new("dry-run-trace");
    let marker = scratch.0.join("touched");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let file = scratch.0.join("side-effects.yaml");
    std::fs::write(
        &file,
        format!(
            "apiVersion: innominatus.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: trace\nsteps:\n  - name: touch\n    type: policy\n    config:\n      script: |\n        touch {}\n        exec 3<>/dev/tcp/127.0.0.1/{port}\n        echo hello >&3\n        mkdir -p {}/made-by-{{{{ .parameters.who }}}}\n",
            marker.display(),
            scratch.0.display(),
        ),
    )
    .unwrap();
    for engine in ["documented", "live", "legacy"] {
        let (v, code) = dry_run(
            file.to_str().unwrap(),
            &["--engine", engine, "--param", "who=me"],
        );
        assert_eq!(code, 0, "{v:#}");
        let s = step(&v, "touch");
        assert_eq!(s["status"], "succeeded");
        let script = s["rendered"]["text"].as_str().unwrap();
        assert!(script.contains("touch "), "{script}");
        // the legacy runner does not render templates
        let rendered = if engine == "legacy" {
            "made-by-{{ .parameters.who }}"
        } else {
            "made-by-me"
        };
        assert!(script.contains(rendered), "{script}");
    }
    // the test runner and step-through do not execute anything either
    let tests = scratch.0.join("side-effects.test.yaml");
    std::fs::write(
        &tests,
        "workflow: side-effects.yaml\ncases:\n  - name: renders\n    params: {who: me}\n    expect:\n      status: succeeded\n",
    )
    .unwrap();
    let out = support::run(&scratch.0, &["workflow", "test"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    std::fs::remove_file(&tests).unwrap();
    assert!(!marker.exists(), "the script was executed");
    assert!(
        !scratch.0.join("made-by-me").exists(),
        "the script was executed"
    );
    let entries: Vec<_> = std::fs::read_dir(&scratch.0).unwrap().collect();
    assert_eq!(entries.len(), 1, "only the workflow file is there");
    match listener.accept() {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        other => panic!("something connected to the socket: {other:?}"),
    }
}

const DEPLOY_APP: &str = "examples/workflows/deploy-app.yaml";

fn text_of(out: &std::process::Output) -> (String, String, i32) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap(),
    )
}

#[test]
fn the_runner_passes_the_example_workspace_tests() {
    let out = support::run(&support::repo_root(), &["workflow", "test", "examples/"]);
    let (stdout, stderr, code) = text_of(&out);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let path = support::repo_root().join("tests/snapshots/workflow-test.examples.txt");
    if let Some(diff) = support::compare(&path, &stdout) {
        panic!("{diff}");
    }
}

#[test]
fn the_runner_shows_expected_and_got_at_the_expectation() {
    let scratch = Scratch::new("runner-fail");
    std::fs::write(
        scratch.0.join("wf.yaml"),
        "apiVersion: innominatus.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: wf\nsteps:\n  - name: a\n    type: policy\n    config:\n      script: echo {{ .parameters.who }}\n  - name: b\n    type: validation\n    dependsOn: [a]\n",
    )
    .unwrap();
    std::fs::write(
        scratch.0.join("wf.test.yaml"),
        "workflow: wf.yaml\nparams:\n  who: me\ncases:\n  - name: right\n    expect:\n      status: succeeded\n      rendered:\n        a: [echo me]\n  - name: wrong\n    scenario:\n      fail: [a]\n    expect:\n      status: succeeded\n      steps:\n        b: skipped\n  - name: misspelt\n    scenario:\n      fail: [c]\n    expect:\n      status: succeeded\n  - name: order\n    expect:\n      order: [b, a]\n",
    )
    .unwrap();
    let out = support::run(&scratch.0, &["workflow", "test"]);
    let (stdout, _, code) = text_of(&out);
    assert_eq!(code, 1, "{stdout}");
    let expected = "PASS right (wf.test.yaml:5)
FAIL wrong (wf.test.yaml:10)
    wf.test.yaml:14:15: status
      - expected: succeeded
      + got:      failed
    wf.test.yaml:16:12: steps.b.status
      - expected: skipped
      + got:      not_run (not reached: the workflow failed at step 'a')
FAIL misspelt (wf.test.yaml:17)
    wf.test.yaml:17:11: scenario
      - expected: a step named \"c\"
      + got:      no such step in the workflow
FAIL order (wf.test.yaml:22)
    wf.test.yaml:24:14: order
      --- expected
      +++ got
      + a
        b
      - a

FAILED: 1 passed, 3 failed (1 test file)
";
    assert_eq!(stdout, expected);
}

#[test]
fn the_runner_refuses_what_it_cannot_run() {
    let scratch = Scratch::new("runner-trouble");
    // nothing to run
    let (_, stderr, code) = text_of(&support::run(&scratch.0, &["workflow", "test"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no workflow tests (*.test.yaml) found"),
        "{stderr}"
    );
    // a test file whose workflow is missing, and one that is not YAML
    std::fs::write(
        scratch.0.join("a.test.yaml"),
        "workflow: gone.yaml\ncases:\n  - name: x\n    expect: {}\n",
    )
    .unwrap();
    std::fs::write(scratch.0.join("b.test.yaml"), "workflow: [\n").unwrap();
    let (stdout, _, code) = text_of(&support::run(&scratch.0, &["workflow", "test", "."]));
    assert_eq!(code, 2, "{stdout}");
    assert!(
        stdout.contains("ERROR a.test.yaml: no such file or directory: gone.yaml"),
        "{stdout}"
    );
    assert!(
        stdout.contains("ERROR b.test.yaml:2:1: expected a value"),
        "{stdout}"
    );
    assert!(stdout.contains("2 file(s) could not be run"), "{stdout}");
    // scenario flags belong to --dry-run
    let (_, stderr, code) = text_of(&support::run(
        &support::repo_root(),
        &["workflow", "test", "examples/", "--fail", "x"],
    ));
    assert_eq!(code, 2);
    assert!(stderr.contains("need --dry-run"), "{stderr}");
    let out = support::run(
        &support::repo_root(),
        &["workflow", "test", "examples/", "--engine", "live"],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn test_files_are_a_document_kind_checked_by_their_schema() {
    let scratch = Scratch::new("test-schema");
    let file = scratch.0.join("x.test.yaml");
    std::fs::write(
        &file,
        "workflow: wf.yaml\ncases:\n  - name: x\n    expect:\n      steps:\n        a: finished\n",
    )
    .unwrap();
    let (stdout, _, code) = text_of(&support::run(
        &scratch.0,
        &["validate", "x.test.yaml", "--format", "concise"],
    ));
    assert_eq!(code, 1);
    assert!(
        stdout.starts_with("x.test.yaml:6:12: error[INN104 invalid-value]"),
        "{stdout}"
    );
}

#[test]
fn golden_path_defaults_fill_missing_parameters() {
    let (v, code) = dry_run(DEPLOY_APP, &[]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["goldenPath"], "deploy-app");
    assert_eq!(v["parameters"]["environment"], "development");
    assert_eq!(v["parameters"]["replicas"], "2");
    assert!(v["notes"].as_array().unwrap().iter().any(|n| n
        .as_str()
        .unwrap()
        .contains("required parameter 'requested_by'")));
    // given parameters win over the defaults
    let (v, _) = dry_run(DEPLOY_APP, &["--param", "replicas=5"]);
    assert_eq!(v["parameters"]["replicas"], "5");
    assert!(step(&v, "scale")["rendered"]["text"]
        .as_str()
        .unwrap()
        .contains("--replicas=\"5\""));
    // an unknown golden path is a usage error
    let out = support::run(
        &support::repo_root(),
        &[
            "workflow",
            "test",
            DEPLOY_APP,
            "--dry-run",
            "--golden-path",
            "nope",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn parameter_and_scenario_files_are_overridden_by_flags() {
    let scratch = Scratch::new("dry-run-files");
    let params = scratch.0.join("params.json");
    std::fs::write(
        &params,
        r#"{"app_name": "shop", "namespace": "shop-default", "version": 16}"#,
    )
    .unwrap();
    let scenario = scratch.0.join("scenario.yaml");
    std::fs::write(
        &scenario,
        "fail:\n  wait-for-ready: pods not ready\nattempts:\n  create-cluster: 2\ndurations:\n  create-cluster: 90s\noutputs:\n  validate-request: {checked: yes}\n",
    )
    .unwrap();
    let file_args = [
        "--params",
        params.to_str().unwrap(),
        "--scenario",
        scenario.to_str().unwrap(),
    ];
    let (v, code) = dry_run(POSTGRES, &file_args);
    assert_eq!(code, 1);
    assert_eq!(step(&v, "wait-for-ready")["reason"], "pods not ready");
    assert_eq!(step(&v, "create-cluster")["attempts"], 2);
    // two 90 s attempts and a 1 s pause
    assert_eq!(step(&v, "create-cluster")["duration"], 181);
    assert_eq!(step(&v, "validate-request")["outputs"]["checked"], "yes");
    assert_eq!(v["parameters"]["version"], "16");
    let mut more = file_args.to_vec();
    more.extend_from_slice(&[
        "--param",
        "app_name=other",
        "--fail",
        "wait-for-ready=still pending",
        "--attempts",
        "create-cluster=1",
        "--duration",
        "create-cluster=2m",
        "--output",
        "validate-request.checked=no",
    ]);
    let (v, _) = dry_run(POSTGRES, &more);
    assert_eq!(v["parameters"]["app_name"], "other");
    assert_eq!(step(&v, "wait-for-ready")["reason"], "still pending");
    assert_eq!(step(&v, "create-cluster")["attempts"], 1);
    assert_eq!(step(&v, "create-cluster")["duration"], 120);
    assert_eq!(step(&v, "validate-request")["outputs"]["checked"], "no");
    // a mistake in a scenario file is reported at its position
    std::fs::write(&scenario, "attempts:\n  create-cluster: many\n").unwrap();
    let out = support::run(
        &support::repo_root(),
        &[
            "workflow",
            "test",
            POSTGRES,
            "--dry-run",
            "--scenario",
            scenario.to_str().unwrap(),
        ],
    );
    let (_, stderr, code) = text_of(&out);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("scenario.yaml:2:19: attempts: expected a whole number from 1"),
        "{stderr}"
    );
}

#[test]
fn every_engine_and_the_timeline_in_json() {
    let mut extra = vec!["--engine", "legacy"];
    extra.extend_from_slice(PARAMS);
    let (v, code) = dry_run(POSTGRES, &extra);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["engine"], "legacy");
    let cluster = step(&v, "create-cluster");
    assert!(cluster["effects"][1]
        .as_str()
        .unwrap()
        .contains("fixed nginx:1.25"));
    let (v, _) = dry_run(POSTGRES, PARAMS);
    // the documented engine: each step after the previous one (no groups in this workflow)
    let mut at = 0;
    for s in v["steps"].as_array().unwrap() {
        assert_eq!(s["start"], at);
        at += s["duration"].as_u64().unwrap();
        assert_eq!(s["critical"], true);
    }
    assert_eq!(v["duration"], at);
    assert_eq!(v["criticalPath"].as_array().unwrap().len(), 6);
    let (v, code) = dry_run(
        POSTGRES,
        &["--timeout", "create-cluster", "--engine", "live"],
    );
    assert_eq!(code, 1);
    assert_eq!(step(&v, "create-cluster")["status"], "timed_out");
    assert!(v["duration"].is_null());
}

#[test]
fn mermaid_and_text_reports_can_be_written_to_a_file() {
    let scratch = Scratch::new("dry-run-output");
    let chart = scratch.0.join("plan.mmd");
    let out = support::run(
        &support::repo_root(),
        &[
            "workflow",
            "test",
            "examples/workflows/ephemeral-env.yaml",
            "--dry-run",
            "--param",
            "source_branch=main",
            "--fail",
            "copy-pull-secret",
            "--format",
            "mermaid",
            "--output",
            chart.to_str().unwrap(),
        ],
    );
    let (stdout, stderr, code) = text_of(&out);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    let chart_text = std::fs::read_to_string(&chart).unwrap();
    let path = support::repo_root().join("tests/snapshots/dry-run.ephemeral-env.mermaid.txt");
    if let Some(diff) = support::compare(&path, &chart_text) {
        panic!("{diff}");
    }
    let report = scratch.0.join("report.txt");
    let out = support::run(
        &support::repo_root(),
        &[
            "workflow",
            "test",
            "examples/workflows/ephemeral-env.yaml",
            "--dry-run",
            "--param",
            "source_branch=main",
            "--fail",
            "copy-pull-secret",
            "-o",
            report.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = std::fs::read_to_string(&report).unwrap();
    let path = support::repo_root().join("tests/snapshots/dry-run.ephemeral-env.text.txt");
    if let Some(diff) = support::compare(&path, &text) {
        panic!("{diff}");
    }
    // only the two reports are there: no temporary file is left behind
    let mut names: Vec<String> = std::fs::read_dir(&scratch.0)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["plan.mmd", "report.txt"]);
}

#[test]
fn a_score_spec_runs_each_resource_through_its_provider_workflow() {
    let (v, code) = dry_run("examples/apps/orders-api/score.yaml", &[]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["application"], "orders-api");
    let runs: Vec<(String, String, String)> = v["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["resource"]["name"].as_str().unwrap().to_string(),
                r["resource"]["provider"].as_str().unwrap().to_string(),
                r["resource"]["workflow"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        runs,
        [
            (
                "namespace".to_string(),
                "container-team".to_string(),
                "provision-namespace".to_string()
            ),
            (
                "db".into(),
                "database-team".into(),
                "provision-postgres".into()
            ),
            (
                "invoices".into(),
                "storage-team".into(),
                "provision-s3-bucket".into()
            ),
            (
                "api".into(),
                "container-team".into(),
                "provision-container".into()
            ),
        ]
    );
    // the engine's inputs: fixed ones and the resource's params
    let db = &v["runs"][1]["parameters"];
    assert_eq!(db["bucket_name"], "orders-api-db");
    assert_eq!(db["namespace"], "orders-api-default");
    assert_eq!(db["database_name"], "orders");
    assert!(v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["resource"].is_string()));
    // one resource only, and a name that is not there
    let (v, _) = dry_run(
        "examples/apps/orders-api/score.yaml",
        &["--resource", "db", "--fail", "create-cluster"],
    );
    assert_eq!(v["runs"].as_array().unwrap().len(), 1);
    assert_eq!(v["status"], "failed");
    let out = support::run(
        &support::repo_root(),
        &[
            "workflow",
            "test",
            "examples/apps/orders-api/score.yaml",
            "--dry-run",
            "--resource",
            "cache",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}

/// Runs the binary in the repository with `input` on its standard input.
fn run_with_input(args: &[&str], input: &[u8]) -> std::process::Output {
    use std::io::Write as _;
    use std::process::Stdio;
    let mut child = support::binary()
        .current_dir(support::repo_root())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn step_through_reads_commands_from_standard_input() {
    // preflight: inspect, then continue; wait-for-workload: skip
    let out = run_with_input(
        &[
            "workflow",
            "test",
            DEPLOY_APP,
            "--dry-run",
            "--step",
            "--format",
            "json",
            "--param",
            "requested_by=jdoe",
        ],
        b"inspect\ncontinue\nskip\n",
    );
    let (stdout, stderr, code) = text_of(&out);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("── step 1/6: preflight [policy] (sequential)"),
        "{stderr}"
    );
    assert!(stderr.contains("rendered config.script:"), "{stderr}");
    assert!(
        stderr.contains("variables in scope:\n  change_ticket=none"),
        "{stderr}"
    );
    assert!(
        stderr.contains("── step 2/6: wait-for-workload"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("step 3/6"),
        "no pause after the failure: {stderr}"
    );
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        fates(&v),
        pairs(&[
            ("preflight", "succeeded"),
            ("wait-for-workload", "skipped"),
            // the documented engine requires a dependency to have succeeded
            ("scale", "failed"),
            ("disruption-budget", "not_run"),
            ("smoke-test", "not_run"),
            ("record-deployment", "not_run"),
        ])
    );
    assert_eq!(
        step(&v, "wait-for-workload")["reason"],
        "skipped by the user (step-through)"
    );
    assert_eq!(
        step(&v, "scale")["reason"],
        "dependency wait-for-workload did not complete successfully (status: skipped) for step scale"
    );
    // an unknown answer asks again; `fail` fails the step
    let out = run_with_input(
        &[
            "workflow",
            "test",
            DEPLOY_APP,
            "--dry-run",
            "--step",
            "--engine",
            "live",
        ],
        b"bogus\nfail\n",
    );
    let (stdout, stderr, code) = text_of(&out);
    assert_eq!(code, 1);
    assert!(stderr.contains("unknown answer `bogus`"), "{stderr}");
    assert!(stdout.contains("result: failed: workflow failed at step 'preflight': failed by the user (step-through)"), "{stdout}");
    // quitting stops everything
    let out = run_with_input(
        &[
            "workflow",
            "test",
            DEPLOY_APP,
            "--dry-run",
            "--step",
            "--format",
            "json",
        ],
        b"c\nq\n",
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(step(&v, "wait-for-workload")["status"], "not_run");
    assert!(v["error"].as_str().unwrap().contains("stopped by the user"));
}

/// Every file of the platform's own repository (the corpus) in every engine: a JSON report
/// with a status and one entry per step, or a usage error for files with nothing to
/// simulate; never a crash.
#[test]
fn every_corpus_file_dry_runs_in_every_engine() {
    let Some(corpus) = support::corpus_or_skip() else {
        return;
    };
    let dir = corpus.join("innominatus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    let mut simulated = 0;
    for file in &files {
        for engine in ["documented", "live", "legacy"] {
            let out = support::run(
                &support::repo_root(),
                &[
                    "workflow",
                    "test",
                    file.to_str().unwrap(),
                    "--dry-run",
                    "--engine",
                    engine,
                    "--format",
                    "json",
                ],
            );
            let (stdout, stderr, code) = text_of(&out);
            match code {
                0 | 1 => {
                    let v: Value = serde_json::from_str(&stdout)
                        .unwrap_or_else(|e| panic!("{}: not JSON ({e})", file.display()));
                    assert!(
                        ["succeeded", "failed", "invalid"].contains(&v["status"].as_str().unwrap()),
                        "{}: {v:#}",
                        file.display()
                    );
                    assert_eq!(code == 0, v["status"] == "succeeded", "{}", file.display());
                    assert!(v["steps"].is_array());
                    simulated += 1;
                }
                2 => assert!(
                    stderr.starts_with("error: ")
                        && stderr.contains("no workflow and no Score spec"),
                    "{}: {stderr}",
                    file.display()
                ),
                other => panic!("{}: exit status {other}: {stderr}", file.display()),
            }
        }
    }
    assert!(simulated >= 3 * 50, "only {simulated} dry runs");
}

/// Unsaved text (what an editor sends) through standard input, simulated where the file
/// lives: the Score spec's changed resource still resolves through the repository's
/// providers, and the golden path's defaults still apply to a workflow.
#[test]
fn standard_input_is_simulated_at_the_stdin_filename() {
    let run_stdin = |name: &str, text: &str| {
        let out = run_with_input(
            &[
                "workflow",
                "test",
                "-",
                "--stdin-filename",
                name,
                "--dry-run",
                "--format",
                "json",
            ],
            text.as_bytes(),
        );
        let stdout = String::from_utf8(out.stdout).unwrap();
        let v: Value = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("{e}: {stdout}{}", String::from_utf8_lossy(&out.stderr)));
        (v, out.status.code().unwrap())
    };
    let spec = "examples/apps/orders-api/score.yaml";
    let text = std::fs::read_to_string(support::repo_root().join(spec)).unwrap();
    let edited = text.replace("  db:\n", "  orders-db:\n");
    assert_ne!(text, edited, "the example's resource `db` moved");
    let (v, code) = run_stdin(spec, &edited);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["file"], spec);
    let resources: Vec<&str> = v["runs"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["resource"]["name"].as_str())
        .collect();
    assert!(resources.contains(&"orders-db"), "{resources:?}");
    assert!(!resources.contains(&"db"), "{resources:?}");
    let db = v["runs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["resource"]["name"] == "orders-db")
        .unwrap();
    assert_eq!(db["resource"]["provider"], "database-team");
    assert_eq!(db["status"], "succeeded");

    let (v, _) = run_stdin(
        DEPLOY_APP,
        &std::fs::read_to_string(support::repo_root().join(DEPLOY_APP)).unwrap(),
    );
    assert_eq!(v["goldenPath"], "deploy-app", "{v}");

    // `-` without a name, or with --step (which reads standard input too): bad input.
    let out = support::run(
        &support::repo_root(),
        &["workflow", "test", "-", "--dry-run"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--stdin-filename"));
}

/// The `name="value"` attributes of every `<TAG …>` of `page` whose class list holds `class`.
fn tags_with_class(
    page: &str,
    tag: &str,
    class: &str,
) -> Vec<std::collections::BTreeMap<String, String>> {
    let opening = format!("<{tag} ");
    page.match_indices(&opening)
        .map(|(at, _)| &page[at + opening.len()..at + page[at..].find('>').unwrap()])
        .map(|inside| {
            let mut attributes = std::collections::BTreeMap::new();
            let mut rest = inside;
            while let Some(eq) = rest.find("=\"") {
                let name = rest[..eq].trim().to_string();
                let value_end = rest[eq + 2..].find('"').unwrap();
                attributes.insert(name, rest[eq + 2..eq + 2 + value_end].to_string());
                rest = &rest[eq + 2 + value_end + 1..];
            }
            attributes
        })
        .filter(|a| {
            a.get("class")
                .is_some_and(|c| c.split(' ').any(|c| c == class))
        })
        .collect()
}

#[test]
fn the_html_timeline_shows_every_step_with_its_fate_attempts_and_the_critical_path() {
    let workflow = "examples/workflows/ephemeral-env.yaml";
    // documented: a retried step, a skipped one; live: a failure and steps that never run
    for extra in [
        &["--attempts", "mark-namespace=2"][..],
        &["--engine", "live", "--fail", "apply-quota=boom"][..],
    ] {
        let (expected, code) = dry_run(workflow, extra);
        let mut args = vec![
            "workflow",
            "test",
            workflow,
            "--dry-run",
            "--format",
            "html",
        ];
        args.extend_from_slice(extra);
        let out = support::run(&support::repo_root(), &args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "html and json agree on the exit status"
        );
        let page = String::from_utf8(out.stdout).unwrap();
        assert!(page.starts_with("<!doctype html>") && page.trim_end().ends_with("</html>"));
        assert!(
            !page.contains("http://") && !page.contains("https://"),
            "no network"
        );
        let bars = tags_with_class(&page, "a", "step");
        let panels = tags_with_class(&page, "details", "step-details");
        let steps = expected["steps"].as_array().unwrap();
        assert_eq!(bars.len(), steps.len(), "one bar per step ({extra:?})");
        assert_eq!(panels.len(), steps.len(), "one details panel per step");
        for ((s, bar), panel) in steps.iter().zip(&bars).zip(&panels) {
            let (name, fate) = (s["name"].as_str().unwrap(), s["status"].as_str().unwrap());
            assert_eq!(bar["data-step"], name);
            assert_eq!(bar["data-fate"], fate, "{name} ({extra:?})");
            assert!(bar["class"].contains(&format!("fate-{fate}")));
            assert_eq!(bar["data-attempts"], s["attempts"].to_string());
            assert_eq!(
                bar["class"].contains("attempts-many"),
                s["attempts"].as_u64().unwrap() > 1
            );
            assert_eq!(
                bar["class"].split(' ').any(|c| c == "critical"),
                s["critical"] == true,
                "{name} on the critical path"
            );
            // the bar links to its panel, which tells the same fate
            assert_eq!(bar["href"], format!("#{}", panel["id"]));
            assert_eq!(
                (panel["data-step"].as_str(), panel["data-fate"].as_str()),
                (name, fate)
            );
            if let Some(reason) = s["reason"].as_str() {
                let escaped = reason
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;");
                let escaped = escaped.replace('"', "&quot;").replace('\'', "&#39;");
                assert!(page.contains(&escaped), "the reason of {name}: {reason}");
            }
        }
        let legend = tags_with_class(&page, "span", "swatch");
        for fate in [
            "succeeded",
            "failed",
            "skipped",
            "not_run",
            "timed_out",
            "rolled_back",
        ] {
            assert!(
                legend
                    .iter()
                    .any(|s| s["class"].contains(&format!("fate-{fate}"))),
                "{fate} in the legend"
            );
        }
    }
}
