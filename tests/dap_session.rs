//! `innominatus dap` driven over stdio like an editor drives it, on the bundled examples:
//! breakpoints verified with the step's range and hit, stepping in the dry run's order on
//! every engine, the Variables view equal to the JSON dry run, the stack pointing at the
//! step. What-ifs are in `dap_what_if.rs`, hostile input in `dap_robustness.rs`.

mod support;

use serde_json::{json, Value};
use support::dap::{DapClient, Landing};
use support::repo_root;

fn example(path: &str) -> String {
    repo_root()
        .join("examples")
        .join(path)
        .display()
        .to_string()
}

/// `workflow test FILE --dry-run --format json` with `extra` flags, from the repository.
fn cli_json(file: &str, extra: &[&str]) -> Value {
    let mut args = vec!["workflow", "test", file, "--dry-run", "--format", "json"];
    args.extend_from_slice(extra);
    let out = support::run(&repo_root(), &args);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?}: not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The 1-based line of the first line of `file` holding `needle`.
fn line_of(file: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(file).unwrap();
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not in {file}"))
        + 1
}

fn started(config: Value) -> DapClient {
    let mut c = DapClient::start(&repo_root());
    c.launch(config);
    c
}

#[test]
fn a_breakpoint_inside_a_step_is_verified_with_its_range_and_hit() {
    let file = example("workflows/deploy-app.yaml");
    let mut c = started(json!({"workflow": file, "goldenPath": "deploy-app"}));
    let scale = line_of(&file, "- name: scale");
    // A line deep inside the step's script, and the file's header.
    let inside = line_of(&file, "kubectl -n \"$ns\" scale");
    assert!(inside > scale + 2);
    // The step's first line and the first line of the step after it (a block scalar's
    // range ends on the next step's line: the breakpoint belongs to the next step).
    let next = line_of(&file, "- name: disruption-budget");
    let body = c.ok(
        "setBreakpoints",
        json!({"source": {"path": file}, "breakpoints": [{"line": inside}, {"line": 2}, {"line": scale}, {"line": next}]}),
    );
    let bps = body["breakpoints"].as_array().unwrap();
    assert_eq!(bps[0]["verified"], true, "{body}");
    assert_eq!(
        bps[0]["line"], scale,
        "verified on the step's first line: {body}"
    );
    assert!(
        bps[0]["endLine"].as_u64().unwrap() as usize > inside,
        "{body}"
    );
    assert_eq!(bps[1]["verified"], false, "{body}");
    let why = bps[1]["message"].as_str().unwrap();
    assert!(
        why.contains("line 2") && why.contains("outside every step"),
        "{why}"
    );

    c.ok("configurationDone", json!({}));
    let Landing::Stopped(stop) = c.landing() else {
        panic!("the breakpoint is not hit")
    };
    assert_eq!(stop["reason"], "breakpoint", "{stop}");
    let frames = c.frames();
    let names: Vec<&str> = frames.iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 3, "step, group, workflow: {names:?}");
    assert_eq!(names[0], "step scale");
    assert_eq!(names[2], "workflow deploy-app");
    assert_eq!(frames[0]["line"], scale);
    assert_eq!(frames[0]["source"]["path"], file.as_str());
    // The group and workflow frames enclose the step.
    for f in &frames[1..] {
        assert!(f["line"].as_u64().unwrap() as usize <= scale, "{f}");
        assert!(
            f["endLine"].as_u64() >= frames[0]["endLine"].as_u64(),
            "{f}"
        );
    }
    let Landing::Stopped(stop) = c.step("continue") else {
        panic!("the second breakpoint is not hit")
    };
    assert_eq!(stop["reason"], "breakpoint", "{stop}");
    assert_eq!(c.current_step(), "disruption-budget");
    // Continue runs to the end: the breakpoints hold nothing else.
    let Landing::Ended { exit_code, .. } = c.step("continue") else {
        panic!("a third stop")
    };
    assert_eq!(exit_code, 0);
    assert_eq!(
        c.close(),
        Some(0),
        "the adapter exits when its input closes"
    );
}

/// The steps the session stops at, from entry to the end, moving with `next`.
fn stepping_order(config: Value) -> (Vec<String>, String) {
    let mut config = config;
    config["stopOnEntry"] = json!(true);
    let mut c = started(config);
    c.ok("configurationDone", json!({}));
    let mut order = Vec::new();
    let mut landing = c.landing();
    loop {
        match landing {
            Landing::Stopped(stop) => {
                let expected = if order.is_empty() { "entry" } else { "step" };
                assert_eq!(stop["reason"], expected, "{stop}");
                order.push(c.current_step());
                landing = c.step("next");
            }
            Landing::Ended { output, .. } => return (order, output),
        }
    }
}

#[test]
fn stepping_follows_the_dry_run_order_on_every_engine() {
    let subjects: [(&str, &[&str]); 5] = [
        (
            "workflows/deploy-app.yaml",
            &["--golden-path", "deploy-app"],
        ),
        (
            "workflows/ephemeral-env.yaml",
            &["--param", "source_branch=main", "--param", "seed_data=true"],
        ),
        (
            "providers/storage-team/workflows/provision-s3-bucket.yaml",
            &[],
        ),
        ("apps/orders-api/score.yaml", &[]),
        ("apps/invoice-worker/score.yaml", &[]),
    ];
    let mut checked = 0;
    for (path, flags) in subjects {
        let file = example(path);
        for engine in ["documented", "live", "legacy", "dormant"] {
            let mut extra = flags.to_vec();
            extra.extend_from_slice(&["--engine", engine]);
            let report = cli_json(&file, &extra);
            let expected: Vec<String> = report["steps"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["name"].as_str().unwrap().to_string())
                .collect();
            let mut config = json!({"workflow": file, "engine": engine});
            let mut params = serde_json::Map::new();
            for pair in flags.chunks(2) {
                match pair {
                    ["--golden-path", gp] => config["goldenPath"] = json!(gp),
                    ["--param", kv] => {
                        let (k, v) = kv.split_once('=').unwrap();
                        params.insert(k.into(), json!(v));
                    }
                    _ => unreachable!(),
                }
            }
            config["params"] = Value::Object(params);
            let (order, _) = stepping_order(config);
            assert_eq!(order, expected, "{path} on the {engine} engine");
            checked += expected.len();
        }
    }
    assert!(checked > 60, "only {checked} stops compared");
}

/// Every stop's Current step, Parameters and Outputs so far against the JSON dry run of
/// the same launch (`runs` of a Score spec, else the one run).
fn variables_match(file: &str, flags: &[&str], config: Value) -> usize {
    let report = cli_json(file, flags);
    let runs: Vec<Value> = match report["runs"].as_array() {
        Some(runs) => runs.clone(),
        None => vec![report.clone()],
    };
    let mut config = config;
    config["workflow"] = json!(file);
    config["stopOnEntry"] = json!(true);
    let mut c = started(config);
    c.ok("configurationDone", json!({}));
    let mut stops = runs.iter().flat_map(|run| {
        let steps = run["steps"].as_array().cloned().unwrap_or_default();
        (0..steps.len()).map(move |n| (run.clone(), n))
    });
    let mut landing = c.landing();
    let mut seen = 0;
    let mut saw_script = false;
    while let Landing::Stopped(_) = landing {
        let (run, n) = stops.next().expect("more stops than steps");
        let expected = &run["steps"][n];
        let step = c.scope("Current step");
        for (field, value) in expected.as_object().unwrap() {
            assert_eq!(
                &step[field], value,
                "{file}: field {field} of step {}",
                expected["name"]
            );
        }
        // The rendered script on its own, as the dry run renders it.
        if let Some(text) = expected["rendered"]["text"].as_str() {
            let which = expected["rendered"]["field"].as_str().unwrap();
            assert_eq!(step[which], text);
            saw_script = true;
        }
        assert!(
            step["why"].as_str().is_some_and(|w| !w.is_empty()),
            "{step}"
        );
        assert_eq!(c.scope("Parameters"), run["parameters"], "{file}");
        // The documented engine publishes the outputs of every step that succeeded
        // (rolled back later or not) to the steps after it.
        let earlier = &run["steps"].as_array().unwrap()[..n];
        let published: serde_json::Map<String, Value> = earlier
            .iter()
            .filter(|s| s["status"] == "succeeded" || s["status"] == "rolled_back")
            .map(|s| {
                (
                    s["name"].as_str().unwrap().to_string(),
                    s["outputs"].clone(),
                )
            })
            .collect();
        if run["engine"] == "documented" {
            assert_eq!(
                c.scope("Outputs so far"),
                Value::Object(published),
                "{file}"
            );
        }
        seen += 1;
        landing = c.step("next");
    }
    assert!(stops.next().is_none(), "{file}: fewer stops than steps");
    assert!(saw_script, "{file}: no rendered script seen");
    seen
}

#[test]
fn the_variables_view_equals_the_json_dry_run() {
    let deploy = example("workflows/deploy-app.yaml");
    let n = variables_match(
        &deploy,
        &["--golden-path", "deploy-app", "--fail", "smoke-test"],
        json!({"goldenPath": "deploy-app", "scenario": {"fail": ["smoke-test"]}}),
    );
    assert!(n >= 6);
    let s3 = example("providers/storage-team/workflows/provision-s3-bucket.yaml");
    variables_match(&s3, &[], json!({}));
    let score = example("apps/invoice-worker/score.yaml");
    variables_match(&score, &[], json!({}));
    // What a step sees: deploy-app sets no variables, so every stop sees the run's
    // parameters with the workflow's own variables over them.
    let report = cli_json(&deploy, &["--golden-path", "deploy-app"]);
    let mut c =
        started(json!({"workflow": deploy, "goldenPath": "deploy-app", "stopOnEntry": true}));
    c.ok("configurationDone", json!({}));
    let mut landing = c.landing();
    while let Landing::Stopped(_) = landing {
        assert_eq!(c.scope("Variables"), report["variables"]);
        landing = c.step("next");
    }
}

#[test]
fn a_skipped_step_shows_why_and_exception_breakpoints_stop_on_fates() {
    // seed_data is false by default: the documented engine skips seed-databases.
    let file = example("workflows/ephemeral-env.yaml");
    let mut c = started(json!({
        "workflow": file,
        "params": {"source_branch": "main"},
        "scenario": {"fail": {"copy-pull-secret": "secrets \"registry-pull\" not found"}},
    }));
    let filters = c.ok(
        "setExceptionBreakpoints",
        json!({"filters": ["fail", "skip"]}),
    );
    assert_eq!(filters["breakpoints"][0]["verified"], true, "{filters}");
    c.ok("configurationDone", json!({}));
    let Landing::Stopped(stop) = c.landing() else {
        panic!("no stop on the failing step")
    };
    assert_eq!(stop["reason"], "exception");
    assert_eq!(c.current_step(), "copy-pull-secret");
    let step = c.scope("Current step");
    assert_eq!(step["status"], "failed");
    assert!(
        step["reason"].as_str().unwrap().contains("registry-pull"),
        "{step}"
    );
    c.ok("setExceptionBreakpoints", json!({"filters": ["skip"]}));
    let mut landing = c.step("continue");
    let mut skipped = Vec::new();
    while let Landing::Stopped(_) = &landing {
        let step = c.scope("Current step");
        assert_eq!(step["status"], "skipped", "{step}");
        assert_eq!(step["why"], step["reason"]);
        skipped.push(c.current_step());
        landing = c.step("continue");
    }
    let report = cli_json(
        &file,
        &[
            "--param",
            "source_branch=main",
            "--fail",
            "copy-pull-secret=x",
        ],
    );
    let expected: Vec<&str> = report["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["status"] == "skipped")
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(skipped, expected);
}

#[test]
fn function_and_conditional_breakpoints() {
    let file = example("workflows/deploy-app.yaml");
    let scale = line_of(&file, "- name: scale");
    for (replicas, stops_at_scale) in [("2", false), ("3", true)] {
        let mut c = started(json!({
            "workflow": file, "goldenPath": "deploy-app", "params": {"replicas": replicas},
        }));
        let body = c.ok(
            "setBreakpoints",
            json!({"source": {"path": file}, "breakpoints": [{"line": scale + 1, "condition": "${workflow.replicas} == 3"}]}),
        );
        assert_eq!(body["breakpoints"][0]["verified"], true);
        let body = c.ok(
            "setFunctionBreakpoints",
            json!({"breakpoints": [{"name": "smoke-test"}, {"name": "no-such-step"}]}),
        );
        assert_eq!(body["breakpoints"][0]["verified"], true);
        assert_eq!(body["breakpoints"][1]["verified"], false);
        c.ok("configurationDone", json!({}));
        let mut stops = Vec::new();
        let mut landing = c.landing();
        while let Landing::Stopped(stop) = landing {
            stops.push((
                stop["reason"].as_str().unwrap().to_string(),
                c.current_step(),
            ));
            landing = c.step("continue");
        }
        let mut expected = Vec::new();
        if stops_at_scale {
            expected.push(("breakpoint".to_string(), "scale".to_string()));
        }
        expected.push(("function breakpoint".into(), "smoke-test".into()));
        assert_eq!(stops, expected, "replicas={replicas}");
    }
}

#[test]
fn step_out_leaves_the_group_and_restart_frame_goes_back() {
    let file = example("workflows/deploy-app.yaml");
    let report = cli_json(&file, &["--golden-path", "deploy-app"]);
    let groups: Vec<Value> = report["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["group"].clone())
        .collect();
    let mut c = started(json!({"workflow": file, "goldenPath": "deploy-app", "stopOnEntry": true}));
    c.ok("configurationDone", json!({}));
    c.landing();
    // stepOut from the first step lands on the first step of the next group.
    let Landing::Stopped(_) = c.step("stepOut") else {
        panic!("ended")
    };
    let here = c.current_step();
    let at = report["steps"]
        .as_array()
        .unwrap()
        .iter()
        .position(|s| s["name"] == here.as_str())
        .unwrap();
    assert_ne!(groups[at], groups[0]);
    assert_eq!(groups[at - 1], groups[0], "no group jumped over");
    c.step("next");
    c.step("next");
    let deeper = c.current_step();
    assert_ne!(deeper, here);
    // Restarting the workflow frame (id 3) goes back to the first step.
    c.ok("restartFrame", json!({"frameId": 3}));
    let Landing::Stopped(_) = c.landing() else {
        panic!("ended")
    };
    assert_eq!(
        c.current_step(),
        report["steps"][0]["name"].as_str().unwrap()
    );
    // `restart` runs the launch again and stops on entry.
    c.ok("restart", json!({}));
    let Landing::Stopped(stop) = c.landing() else {
        panic!("ended")
    };
    assert_eq!(stop["reason"], "entry");
    c.ok("terminate", json!({}));
    let Landing::Ended { .. } = c.landing() else {
        panic!("terminate does not end the run")
    };
}

#[test]
fn the_output_is_the_text_timeline_of_the_dry_run() {
    let file = example("apps/orders-api/score.yaml");
    let out = support::run(
        &repo_root(),
        &[
            "workflow",
            "test",
            &file,
            "--dry-run",
            "--format",
            "text",
            "--engine",
            "live",
        ],
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut c = started(json!({"workflow": file, "engine": "live"}));
    c.ok("configurationDone", json!({}));
    let Landing::Ended { output, exit_code } = c.landing() else {
        panic!("no breakpoint was set, yet it stopped")
    };
    assert_eq!(output, text);
    assert_eq!(exit_code, i64::from(out.status.code() != Some(0)));

    // "Run Without Debugging": the same timeline, breakpoints or not.
    let mut c =
        started(json!({"workflow": file, "engine": "live", "noDebug": true, "stopOnEntry": true}));
    c.ok(
        "setExceptionBreakpoints",
        json!({"filters": ["fail", "skip"]}),
    );
    c.ok("configurationDone", json!({}));
    let Landing::Ended { output, .. } = c.landing() else {
        panic!("noDebug stopped")
    };
    assert_eq!(output, text);
}

#[test]
fn a_score_spec_stops_in_the_provider_workflow_of_its_resource() {
    let score = example("apps/orders-api/score.yaml");
    let provider = example("providers/database-team/workflows/provision-postgres.yaml");
    let text = std::fs::read_to_string(&provider).unwrap();
    // The second step of the provider workflow's `steps`.
    let steps_at = text.lines().position(|l| l == "steps:").unwrap();
    let second = text
        .lines()
        .enumerate()
        .skip(steps_at)
        .filter(|(_, l)| l.starts_with("  - name:"))
        .nth(1)
        .unwrap();
    let name = second.1.trim_start_matches("  - name:").trim().to_string();
    let mut c = started(json!({"workflow": score}));
    let body = c.ok(
        "setBreakpoints",
        json!({"source": {"path": provider}, "breakpoints": [{"line": second.0 + 2}]}),
    );
    assert_eq!(body["breakpoints"][0]["verified"], true, "{body}");
    assert_eq!(body["breakpoints"][0]["line"], second.0 + 1, "{body}");
    c.ok("configurationDone", json!({}));
    let Landing::Stopped(stop) = c.landing() else {
        panic!("the breakpoint in the provider workflow is not hit")
    };
    assert_eq!(stop["reason"], "breakpoint");
    let frames = c.frames();
    assert_eq!(frames[0]["name"], format!("step {name}"));
    assert_eq!(frames[0]["source"]["path"], provider.as_str());
    assert!(
        frames[2]["name"].as_str().unwrap().starts_with("resource "),
        "{frames:?}"
    );
    let sources = c.ok("loadedSources", json!({}));
    assert!(sources["sources"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["path"] == provider.as_str()));
    let content = c.ok("source", json!({"source": {"path": provider}}));
    assert_eq!(content["content"], text.as_str());
}

#[test]
fn restart_reads_the_files_again_and_pause_reports_the_stop() {
    let scratch = support::scratch_dir("dap", "restart");
    support::copy_tree(&repo_root().join("examples"), &scratch);
    let file = scratch
        .join("workflows/deploy-app.yaml")
        .display()
        .to_string();
    let mut c = DapClient::start(&scratch);
    c.launch(json!({"workflow": file, "goldenPath": "deploy-app", "stopOnEntry": true}));
    let body = c.ok(
        "setFunctionBreakpoints",
        json!({"breakpoints": [{"name": "scale"}]}),
    );
    assert_eq!(body["breakpoints"][0]["verified"], true);
    c.ok("configurationDone", json!({}));
    c.landing();
    let Landing::Stopped(stop) = c.step("pause") else {
        panic!("ended")
    };
    assert_eq!(stop["reason"], "pause");
    assert_eq!(c.current_step(), "preflight");
    let Landing::Stopped(_) = c.step("continue") else {
        panic!("the function breakpoint is not hit")
    };
    let before = c.scope("Current step")["config.script"].clone();
    assert!(
        before.as_str().unwrap().contains("--replicas=\"2\""),
        "{before}"
    );
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("--replicas=", "--replicas-now=")).unwrap();
    c.ok("restart", json!({}));
    let Landing::Stopped(stop) = c.landing() else {
        panic!("ended")
    };
    assert_eq!(stop["reason"], "entry");
    let Landing::Stopped(stop) = c.step("continue") else {
        panic!("the breakpoint does not survive the restart")
    };
    assert_eq!(stop["reason"], "function breakpoint");
    let after = c.scope("Current step")["config.script"].clone();
    assert!(
        after.as_str().unwrap().contains("--replicas-now=\"2\""),
        "{after}"
    );
    drop(c);
    let _ = std::fs::remove_dir_all(&scratch);
}
