//! What-ifs in `innominatus dap`: a parameter, variable or output changed in the Variables
//! view, or `fail`/`skip`/`timeout STEP` typed in the debug console, change the rest of
//! the run exactly as the same scenario does in `workflow test --dry-run` (compared with a
//! real run of the command: the timeline text, byte for byte).

mod support;

use serde_json::{json, Value};
use std::io::Write;
use std::process::Stdio;
use support::dap::{DapClient, Landing};
use support::repo_root;

fn example(path: &str) -> String {
    repo_root()
        .join("examples")
        .join(path)
        .display()
        .to_string()
}

/// `workflow test FILE --dry-run --format text` with `extra` flags: the timeline.
fn cli_text(file: &str, extra: &[&str]) -> String {
    let mut args = vec!["workflow", "test", file, "--dry-run", "--format", "text"];
    args.extend_from_slice(extra);
    let out = support::run(&repo_root(), &args);
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A session stopped on entry.
fn on_entry(config: Value) -> DapClient {
    let mut config = config;
    config["stopOnEntry"] = json!(true);
    let mut c = DapClient::start(&repo_root());
    c.launch(config);
    c.ok("configurationDone", json!({}));
    let Landing::Stopped(_) = c.landing() else {
        panic!("no stop on entry")
    };
    c
}

/// Continues to the end; the timeline printed.
fn finish(c: &mut DapClient) -> String {
    loop {
        if let Landing::Ended { output, .. } = c.step("continue") {
            return output;
        }
    }
}

/// Moves with `next` until stopped before `step`.
fn run_to(c: &mut DapClient, step: &str) {
    while c.current_step() != step {
        let Landing::Stopped(_) = c.step("next") else {
            panic!("the run ended before step {step}")
        };
    }
}

#[test]
fn setting_a_parameter_changes_the_run_like_param() {
    let file = example("workflows/deploy-app.yaml");
    let mut c = on_entry(json!({"workflow": file, "goldenPath": "deploy-app"}));
    let parameters = c.scope_reference("Parameters");
    let body = c.ok(
        "setVariable",
        json!({"variablesReference": parameters, "name": "replicas", "value": "5"}),
    );
    assert_eq!(body["value"], "5");
    // The stop shows the change at once.
    assert_eq!(c.scope("Parameters")["replicas"], "5");
    let output = finish(&mut c);
    let expected = cli_text(
        &file,
        &["--golden-path", "deploy-app", "--param", "replicas=5"],
    );
    assert_eq!(output, expected);
    assert_ne!(
        output,
        cli_text(&file, &["--golden-path", "deploy-app"]),
        "the parameter changes nothing visible"
    );
}

#[test]
fn setting_a_variable_decides_whether_a_later_step_runs() {
    // seed-databases runs only `if: ${workflow.seed_data} == true`.
    let file = example("workflows/ephemeral-env.yaml");
    let mut c = on_entry(json!({"workflow": file, "params": {"source_branch": "main"}}));
    run_to(&mut c, "copy-pull-secret");
    let variables = c.scope_reference("Variables");
    c.ok(
        "setVariable",
        json!({"variablesReference": variables, "name": "seed_data", "value": "true"}),
    );
    assert_eq!(
        c.current_step(),
        "copy-pull-secret",
        "the session stays where it was"
    );
    run_to(&mut c, "seed-databases");
    let step = c.scope("Current step");
    assert_eq!(step["status"], "succeeded", "{step}");
    assert!(step["why"].as_str().unwrap().contains("if:"), "{step}");
    let output = finish(&mut c);
    let expected = cli_text(
        &file,
        &["--param", "source_branch=main", "--param", "seed_data=true"],
    );
    assert_eq!(output, expected);
}

#[test]
fn a_workflow_variable_changed_in_the_session_is_the_file_changed() {
    let file = example("workflows/ephemeral-env.yaml");
    let mut c = on_entry(json!({"workflow": file, "params": {"source_branch": "main"}}));
    let variables = c.scope_reference("Variables");
    c.ok(
        "setVariable",
        json!({"variablesReference": variables, "name": "pull_secret_name", "value": "other-secret"}),
    );
    let output = finish(&mut c);
    // The same run on a copy of the examples with the variable edited in the file.
    let scratch = support::scratch_dir("dap", "variable");
    support::copy_tree(&repo_root().join("examples"), &scratch);
    let copy = scratch.join("workflows/ephemeral-env.yaml");
    let text = std::fs::read_to_string(&copy).unwrap();
    let edited = text.replace(
        "pull_secret_name: registry-pull",
        "pull_secret_name: other-secret",
    );
    assert_ne!(text, edited);
    std::fs::write(&copy, edited).unwrap();
    let copy = copy.display().to_string();
    let expected = cli_text(&copy, &["--param", "source_branch=main"]).replace(&copy, &file);
    assert_eq!(output, expected);
    assert!(output.contains("other-secret"));
    let _ = std::fs::remove_dir_all(&scratch);
}

#[test]
fn setting_an_output_is_the_scenario_output() {
    let file = example("workflows/deploy-app.yaml");
    let mut c = on_entry(json!({
        "workflow": file, "goldenPath": "deploy-app",
        "scenario": {"outputs": {"scale": {"ready": "yes"}}},
    }));
    run_to(&mut c, "scale");
    // Outputs are published when the step succeeds: change it from the next step on.
    let Landing::Stopped(_) = c.step("next") else {
        panic!("ended")
    };
    let outputs = c.scope("Outputs so far");
    assert_eq!(outputs["scale"]["ready"], "yes", "{outputs}");
    let reference = c.scope_reference("Outputs so far");
    let body = c.ok("variables", json!({"variablesReference": reference}));
    let scale = body["variables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == "scale")
        .unwrap()["variablesReference"]
        .clone();
    c.ok(
        "setVariable",
        json!({"variablesReference": scale, "name": "ready", "value": "no"}),
    );
    assert_eq!(c.scope("Outputs so far")["scale"]["ready"], "no");
    let output = finish(&mut c);
    let scratch = support::scratch_dir("dap", "outputs");
    let scenario = scratch.join("scenario.yaml");
    std::fs::write(&scenario, "outputs:\n  scale:\n    ready: \"no\"\n").unwrap();
    let expected = cli_text(
        &file,
        &[
            "--golden-path",
            "deploy-app",
            "--scenario",
            &scenario.display().to_string(),
        ],
    );
    assert_eq!(output, expected);

    // The same what-if before the step runs, on the output it will publish.
    let mut c = on_entry(json!({
        "workflow": file, "goldenPath": "deploy-app",
        "scenario": {"outputs": {"scale": {"ready": "yes"}}},
    }));
    run_to(&mut c, "scale");
    let step = c.scope_reference("Current step");
    let body = c.ok("variables", json!({"variablesReference": step}));
    let outputs = body["variables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == "outputs")
        .unwrap()["variablesReference"]
        .clone();
    c.ok(
        "setVariable",
        json!({"variablesReference": outputs, "name": "ready", "value": "no"}),
    );
    assert_eq!(c.scope("Current step")["outputs"]["ready"], "no");
    assert_eq!(finish(&mut c), expected);
    let _ = std::fs::remove_dir_all(&scratch);
}

#[test]
fn console_fail_and_timeout_are_the_scenario_flags() {
    let file = example("workflows/deploy-app.yaml");
    for (line, flags) in [
        ("fail scale", vec!["--fail", "scale"]),
        (
            "fail smoke-test curl exit status 22",
            vec!["--fail", "smoke-test=curl exit status 22"],
        ),
        (
            "timeout wait-for-workload",
            vec!["--timeout", "wait-for-workload"],
        ),
    ] {
        for engine in ["documented", "live"] {
            let mut c =
                on_entry(json!({"workflow": file, "goldenPath": "deploy-app", "engine": engine}));
            let body = c.ok("evaluate", json!({"expression": line, "context": "repl"}));
            assert!(body["result"].as_str().unwrap().contains("now"), "{body}");
            c.event("invalidated");
            let output = finish(&mut c);
            let mut extra = vec!["--golden-path", "deploy-app", "--engine", engine];
            extra.extend_from_slice(&flags);
            assert_eq!(output, cli_text(&file, &extra), "`{line}` on {engine}");
        }
    }
}

#[test]
fn console_skip_is_the_step_through_skip() {
    let file = example("workflows/deploy-app.yaml");
    let mut c = on_entry(json!({"workflow": file, "goldenPath": "deploy-app"}));
    c.ok(
        "evaluate",
        json!({"expression": "skip wait-for-workload", "context": "repl"}),
    );
    let output = finish(&mut c);
    // `--step`, answering continue, then skip, then nothing more (the rest runs).
    let mut child = support::binary()
        .current_dir(repo_root())
        .env("NO_COLOR", "1")
        .args([
            "workflow",
            "test",
            &file,
            "--dry-run",
            "--golden-path",
            "deploy-app",
            "--step",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"c\ns\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(output, String::from_utf8(out.stdout).unwrap());
    assert!(output.contains("skipped by the user"), "{output}");
}

#[test]
fn the_console_reads_conditions_templates_and_names_in_scope() {
    let file = example("workflows/deploy-app.yaml");
    let mut c = on_entry(
        json!({"workflow": file, "goldenPath": "deploy-app", "params": {"replicas": "3"}}),
    );
    let cases = [
        ("{{ .parameters.replicas }} replicas", "3 replicas"),
        ("{{ .parameters.missing }}", "<no value>"),
        ("replicas", "3"),
        (".parameters.replicas", "3"),
        ("${workflow.replicas} == 3", "true"),
        ("${workflow.environment} == production", "false"),
    ];
    for (expression, expected) in cases {
        let body = c.ok(
            "evaluate",
            json!({"expression": expression, "context": "hover"}),
        );
        assert_eq!(body["result"], expected, "{expression}");
    }
    let bad = c.request("evaluate", json!({"expression": "fail no-such-step"}));
    assert_eq!(bad["success"], false);
    assert!(
        bad["message"].as_str().unwrap().contains("no-such-step"),
        "{bad}"
    );
}
