use super::*;
use crate::source::SourceFile;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

fn spec(steps: &str) -> WorkflowSpec {
    let yaml = format!(
        "apiVersion: innominatus.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: t\nsteps:\n{steps}"
    );
    let src = SourceFile::parse(Arc::from("providers/p/workflows/t.yaml"), yaml.as_bytes());
    WorkflowSpec::from_document(&src.parsed.documents[0], src.kinds[0]).expect("a workflow")
}

fn names(wf: &WorkflowSpec, order: &[usize]) -> Vec<String> {
    order.iter().map(|&i| wf.steps[i].name.clone()).collect()
}

fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn fates(sim: &Simulation) -> Vec<(String, &'static str)> {
    sim.steps
        .iter()
        .map(|s| (s.name.clone(), s.status.name()))
        .collect()
}

const SCRIPT: &str = "    type: policy\n    config:\n      script: echo hi\n";

#[test]
fn depends_on_orders_steps_stably() {
    let wf = spec(&format!(
        "  - name: c\n    dependsOn: [b]\n{SCRIPT}  - name: a\n{SCRIPT}  - name: b\n    dependsOn: [a]\n{SCRIPT}  - name: d\n{SCRIPT}"
    ));
    let p = plan(&wf, Engine::Documented).unwrap();
    assert_eq!(names(&wf, &p.order), ["a", "b", "c", "d"]);
    assert_eq!(p.groups.len(), 4);
    let live = plan(&wf, Engine::Live).unwrap();
    assert_eq!(names(&wf, &live.order), ["c", "a", "b", "d"]);
    assert!(live
        .warnings
        .iter()
        .any(|w| w.contains("dependsOn ignored")));
}

#[test]
fn parallel_groups_run_after_ungrouped_steps() {
    let wf = spec(&format!(
        "  - name: g2\n    parallelGroup: 2\n{SCRIPT}  - name: g1a\n    parallelGroup: 1\n{SCRIPT}  - name: x\n{SCRIPT}  - name: g1b\n    parallelGroup: 1\n{SCRIPT}  - name: p1\n    parallel: true\n{SCRIPT}  - name: p2\n    parallel: true\n{SCRIPT}"
    ));
    let p = plan(&wf, Engine::Documented).unwrap();
    let groups: Vec<(String, Vec<String>)> = p
        .groups
        .iter()
        .map(|g| (g.label.clone(), names(&wf, &g.steps)))
        .collect();
    assert_eq!(
        groups,
        [
            ("sequential".to_string(), vec!["x".to_string()]),
            ("parallel".into(), vec!["p1".into(), "p2".into()]),
            ("parallelGroup 1".into(), vec!["g1a".into(), "g1b".into()]),
            ("parallelGroup 2".into(), vec!["g2".into()]),
        ]
    );
}

#[test]
fn cycles_are_refused_with_their_path() {
    let wf = spec(&format!(
        "  - name: a\n    dependsOn: [c]\n{SCRIPT}  - name: b\n    dependsOn: [a]\n{SCRIPT}  - name: c\n    dependsOn: [b]\n{SCRIPT}"
    ));
    let e = plan(&wf, Engine::Documented).unwrap_err();
    assert_eq!(
        e,
        PlanError::Cycle(vec!["a".into(), "c".into(), "b".into(), "a".into()])
    );
    assert!(e.to_string().contains("a → c → b → a"));
    // The live engine never looks at dependsOn.
    assert!(plan(&wf, Engine::Live).is_ok());
}

#[test]
fn a_failure_stops_dependants_in_documented_mode() {
    let wf = spec(&format!(
        "  - name: a\n{SCRIPT}  - name: b\n    dependsOn: [a]\n{SCRIPT}  - name: c\n{SCRIPT}  - name: cleanup\n    when: on_failure\n{SCRIPT}  - name: report\n    when: always\n    dependsOn: [a]\n{SCRIPT}"
    ));
    let scenario = Scenario {
        fail: BTreeMap::from([("a".to_string(), String::new())]),
        ..Scenario::default()
    };
    let sim = simulate(&wf, Engine::Documented, &BTreeMap::new(), &scenario).unwrap();
    assert_eq!(sim.status, Fate::Failed);
    assert_eq!(
        fates(&sim),
        [
            ("a".to_string(), "failed"),
            ("b".into(), "not_run"),
            ("c".into(), "not_run"),
            ("cleanup".into(), "succeeded"),
            ("report".into(), "succeeded"),
        ]
    );
    assert_eq!(
        sim.steps[1].reason.as_deref(),
        Some("not reached: the workflow failed at step 'a'")
    );
    // The documented retry policy: a step that keeps failing is started four times.
    assert_eq!(sim.steps[0].attempts, policy::MAX_ATTEMPTS);
}

#[test]
fn the_first_failure_stops_everything_in_live_mode() {
    let wf = spec(&format!(
        "  - name: a\n{SCRIPT}  - name: b\n{SCRIPT}  - name: cleanup\n    when: on_failure\n{SCRIPT}"
    ));
    let scenario = Scenario {
        fail: BTreeMap::from([("a".to_string(), "exit status 1".to_string())]),
        ..Scenario::default()
    };
    let sim = simulate(&wf, Engine::Live, &BTreeMap::new(), &scenario).unwrap();
    assert_eq!(
        fates(&sim),
        [
            ("a".to_string(), "failed"),
            ("b".into(), "not_run"),
            ("cleanup".into(), "not_run"),
        ]
    );
    assert_eq!(
        sim.error.as_deref(),
        Some("workflow failed at step 'a': exit status 1")
    );
    assert_eq!(sim.steps[1].attempts, 0);
}

#[test]
fn conditions_skip_with_a_reason() {
    let wf = spec(&format!(
        "  - name: prod-only\n    if: ${{workflow.env}} == 'prod'\n{SCRIPT}  - name: not-dev\n    unless: ${{workflow.env}} == dev\n{SCRIPT}  - name: manual\n    when: manual\n{SCRIPT}  - name: after-ok\n    if: prod-only.skipped\n{SCRIPT}  - name: after-fail\n    when: on_failure\n{SCRIPT}"
    ));
    let sim = simulate(
        &wf,
        Engine::Documented,
        &params(&[("env", "dev")]),
        &Scenario::default(),
    )
    .unwrap();
    assert_eq!(
        fates(&sim),
        [
            ("prod-only".to_string(), "skipped"),
            ("not-dev".into(), "skipped"),
            ("manual".into(), "skipped"),
            ("after-ok".into(), "succeeded"),
            ("after-fail".into(), "skipped"),
        ]
    );
    assert_eq!(
        sim.steps[0].reason.as_deref(),
        Some("if condition is false: ${workflow.env} == 'prod'")
    );
    assert_eq!(
        sim.steps[2].reason.as_deref(),
        Some("when=manual requires manual approval")
    );
    assert_eq!(sim.status, Fate::Succeeded);
    // The live engine ignores every condition.
    let live = simulate(
        &wf,
        Engine::Live,
        &params(&[("env", "dev")]),
        &Scenario::default(),
    )
    .unwrap();
    assert!(live.steps.iter().all(|s| s.status == Fate::Succeeded));
}

#[test]
fn outputs_flow_into_later_conditions() {
    let wf = spec(&format!(
        "  - name: probe\n    setVariables:\n      tier: gold\n{SCRIPT}  - name: gold\n    if: ${{probe.region}} == eu\n{SCRIPT}  - name: tiered\n    if: tier == gold\n{SCRIPT}"
    ));
    let scenario = Scenario {
        outputs: BTreeMap::from([("probe".to_string(), params(&[("region", "eu")]))]),
        ..Scenario::default()
    };
    let sim = simulate(&wf, Engine::Documented, &BTreeMap::new(), &scenario).unwrap();
    assert_eq!(
        sim.steps[0].outputs,
        params(&[("region", "eu"), ("tier", "gold")])
    );
    assert_eq!(sim.steps[1].status, Fate::Succeeded);
    // `tier == gold` compares the text "tier" (no substitution of bare names in comparisons).
    assert_eq!(sim.steps[2].status, Fate::Skipped);
    assert_eq!(sim.variables.get("tier").map(String::as_str), Some("gold"));
}

#[test]
fn templates_render_with_unresolved_references_marked() {
    let wf = spec(
        "  - name: apply\n    type: kubernetes\n    config:\n      manifest: \"name: {{ .parameters.app_name }}-{{ .parameters.missing }}{{ if .parameters.flag }} on{{ else }} off{{ end }}\"\n  - name: bad\n    type: policy\n    config:\n      script: \"echo {{ now }}\"\n",
    );
    let sim = simulate(
        &wf,
        Engine::Live,
        &params(&[("app_name", "shop")]),
        &Scenario::default(),
    )
    .unwrap();
    let (field, r) = sim.steps[0].rendered.clone().unwrap();
    assert_eq!(field, "config.manifest");
    assert_eq!(r.text, "name: shop-<no value> off");
    assert_eq!(r.unresolved, [".parameters.missing"]);
    assert!(r.complete);
    assert_eq!(
        sim.steps[0].effects,
        ["kubectl apply -f - (the rendered manifest on stdin)"]
    );
    assert_eq!(sim.steps[1].status, Fate::Failed);
    assert!(sim.steps[1]
        .reason
        .as_deref()
        .unwrap()
        .contains("function \"now\" not defined"));
}

#[test]
fn trim_markers_and_variables_render_like_go() {
    let r = render(
        "script",
        "x {{- .parameters.a -}} y {{ $v := .parameters.b }}[{{ $v }}]{{ range .parameters.none }}r{{ end }}{{ if eq .parameters.a \"1\" }} one{{ end }}",
        &params(&[("a", "1"), ("b", "2")]),
    );
    assert_eq!(r.text, "x1y [2] one");
    assert!(r.complete);
    let r = render(
        "script",
        "{{ printf \"%s\" .parameters.a }}",
        &BTreeMap::new(),
    );
    assert_eq!(r.text, "{{ printf \"%s\" .parameters.a }}");
    assert!(!r.complete);
}

#[test]
fn unknown_types_and_missing_config_fail_like_the_executor() {
    let wf = spec(
        "  - name: tf\n    type: terraform\n    workingDir: ./tf\n    variables:\n      size: small\n  - name: pr\n    type: git-pr\n",
    );
    let documented = simulate(
        &wf,
        Engine::Documented,
        &BTreeMap::new(),
        &Scenario::default(),
    )
    .unwrap();
    assert_eq!(
        documented.steps[1].reason.as_deref(),
        Some("unsupported step type: git-pr")
    );
    // A configuration error is not retried.
    assert_eq!(documented.steps[1].attempts, 1);
    assert_eq!(documented.steps[0].status, Fate::Succeeded);
    assert!(documented.steps[0].effects.contains(
        &"terraform apply -auto-approve -var size=small (in workspaces/<app>/terraform)"
            .to_string()
    ));
}

#[test]
fn undefined_workflow_variables_fail_before_any_step() {
    let wf = spec("  - name: a\n    type: kubernetes\n    namespace: ${workflow.ns}\n    config:\n      operation: create-namespace\n");
    let sim = simulate(&wf, Engine::Live, &BTreeMap::new(), &Scenario::default()).unwrap();
    assert_eq!(sim.status, Fate::Failed);
    assert_eq!(sim.steps[0].status, Fate::NotRun);
    assert!(sim
        .error
        .unwrap()
        .contains("undefined variable: ${workflow.ns}"));
}

/// Random DAG workflows: step `si` may depend only on steps `sj` with `j < i`; the list is
/// in that order or reversed (dependencies listed after their dependants), with random
/// `parallel` flags and `parallelGroup`s.
fn dag() -> impl Strategy<Value = WorkflowSpec> {
    (1usize..12).prop_flat_map(|n| {
        (
            proptest::collection::vec(
                proptest::collection::vec(any::<prop::sample::Index>(), 0..3),
                n,
            ),
            proptest::collection::vec(0i64..4, n),
            proptest::collection::vec(any::<bool>(), n),
            any::<bool>(),
        )
            .prop_map(move |(deps, groups, parallel, reverse)| {
                let mut steps: Vec<StepSpec> = (0..n)
                    .map(|i| {
                        let mut s = StepSpec::new(&format!("s{i}"), "validation");
                        s.parallel_group = (groups[i] > 0).then_some(groups[i]);
                        s.parallel = parallel[i];
                        if i > 0 {
                            for d in &deps[i] {
                                s.depends_on.push(format!("s{}", d.index(i)));
                            }
                        }
                        s
                    })
                    .collect();
                if reverse {
                    steps.reverse(); // dependencies now come later in the list
                }
                WorkflowSpec {
                    steps,
                    ..WorkflowSpec::default()
                }
            })
    })
}

proptest! {
    #[test]
    fn plans_respect_dependencies_and_hold_every_step_once(wf in dag()) {
        let p = plan(&wf, Engine::Documented).unwrap();
        let mut seen = p.order.clone();
        seen.sort_unstable();
        prop_assert_eq!(seen, (0..wf.steps.len()).collect::<Vec<_>>());
        let flat: Vec<usize> = p.groups.iter().flat_map(|g| g.steps.clone()).collect();
        prop_assert_eq!(&flat, &p.order);
        let position = |name: &str| p.order.iter().position(|&i| wf.steps[i].name == name).unwrap();
        let never = |i: usize| p.group_of(i).is_some_and(|g| p.groups[g].never_runs);
        let mut siblings_depend = false;
        for (i, s) in wf.steps.iter().enumerate() {
            let at = p.order.iter().position(|&x| x == i).unwrap();
            for d in &s.depends_on {
                let dep = wf.steps.iter().position(|x| &x.name == d).unwrap();
                if never(dep) || never(i) {
                    continue; // a step that never runs orders nothing
                }
                prop_assert!(position(d) < at, "{} starts before its dependency {}", s.name, d);
                siblings_depend |= p.group_of(i) == p.group_of(dep);
            }
        }
        let sim = simulate(&wf, Engine::Documented, &BTreeMap::new(), &Scenario::default()).unwrap();
        prop_assert_eq!(sim.steps.len(), wf.steps.len());
        for o in &sim.steps {
            if never(o.index) {
                prop_assert_eq!(o.status, Fate::NotRun);
            }
        }
        // Every step runs unless a group number is past the count or a sibling is awaited.
        if !p.groups.iter().any(|g| g.never_runs) && !siblings_depend {
            prop_assert!(sim.steps.iter().all(|s| s.status == Fate::Succeeded));
        }
    }
}

#[test]
fn a_failure_inside_a_group_lets_its_siblings_finish_and_blocks_dependants() {
    let wf = spec(&format!(
        "  - name: a\n    parallelGroup: 1\n{SCRIPT}  - name: b\n    parallelGroup: 1\n{SCRIPT}  - name: c\n    dependsOn: [b]\n    parallelGroup: 2\n{SCRIPT}"
    ));
    let scenario = Scenario {
        fail: BTreeMap::from([("a".to_string(), "boom".to_string())]),
        ..Scenario::default()
    };
    let sim = simulate(&wf, Engine::Documented, &BTreeMap::new(), &scenario).unwrap();
    assert_eq!(
        fates(&sim),
        [
            ("a".to_string(), "failed"),
            ("b".into(), "succeeded"),
            ("c".into(), "not_run"),
        ]
    );
    assert_eq!(sim.error.as_deref(), Some("step 'a' failed: boom"));
}

#[test]
fn retries_follow_the_documented_policy() {
    let wf = spec(&format!(
        "  - name: flaky\n{SCRIPT}  - name: hopeless\n{SCRIPT}  - name: after\n{SCRIPT}"
    ));
    let scenario = Scenario {
        attempts: BTreeMap::from([("flaky".to_string(), 3), ("hopeless".to_string(), 9)]),
        ..Scenario::default()
    };
    let sim = simulate(&wf, Engine::Documented, &BTreeMap::new(), &scenario).unwrap();
    assert_eq!(sim.steps[0].status, Fate::Succeeded);
    assert_eq!(sim.steps[0].attempts, 3);
    // three one-minute attempts and pauses of 1 s and 4 s
    assert_eq!(sim.steps[0].duration, Some(3 * 60 + 1 + 4));
    assert!(sim.steps[0].notes[0].contains("retried 2 times (pauses 1s, 4s)"));
    assert_eq!(sim.steps[1].status, Fate::Failed);
    assert_eq!(sim.steps[1].attempts, policy::MAX_ATTEMPTS);
    assert!(sim.steps[1]
        .reason
        .as_deref()
        .unwrap()
        .contains("retry limit"));
    assert_eq!(sim.steps[2].status, Fate::NotRun);
    // The live engine does not retry: the first failed attempt fails the workflow.
    let live = simulate(&wf, Engine::Live, &BTreeMap::new(), &scenario).unwrap();
    assert_eq!(live.steps[0].status, Fate::Failed);
    assert_eq!(live.steps[0].attempts, 1);
    assert_eq!(live.steps[1].status, Fate::NotRun);
}

#[test]
fn timeouts_stop_the_documented_engine_and_hang_the_live_one() {
    let wf = spec(&format!("  - name: slow\n{SCRIPT}  - name: next\n{SCRIPT}"));
    let scenario = Scenario {
        timeout: ["slow".to_string()].into(),
        ..Scenario::default()
    };
    let sim = simulate(&wf, Engine::Documented, &BTreeMap::new(), &scenario).unwrap();
    assert_eq!(
        fates(&sim),
        [
            ("slow".to_string(), "timed_out"),
            ("next".into(), "not_run")
        ]
    );
    assert_eq!(sim.steps[0].attempts, 1);
    assert_eq!(sim.duration, Some(policy::STEP_TIMEOUT_SECS));
    let live = simulate(&wf, Engine::Live, &BTreeMap::new(), &scenario).unwrap();
    assert_eq!(live.steps[0].status, Fate::TimedOut);
    assert_eq!(live.duration, None);
    assert!(live.error.unwrap().contains("never finishes"));
}

#[test]
fn rollback_steps_undo_what_they_name() {
    let wf = spec(&format!(
        "  - name: create\n{SCRIPT}  - name: configure\n    dependsOn: [create]\n{SCRIPT}  - name: drop\n    when: on_failure\n    dependsOn: [create, configure]\n{SCRIPT}  - name: notify\n    when: on_success\n{SCRIPT}"
    ));
    let ok = simulate(
        &wf,
        Engine::Documented,
        &BTreeMap::new(),
        &Scenario::default(),
    )
    .unwrap();
    assert_eq!(
        fates(&ok),
        [
            ("create".to_string(), "succeeded"),
            ("configure".into(), "succeeded"),
            ("drop".into(), "skipped"),
            ("notify".into(), "succeeded"),
        ]
    );
    let scenario = Scenario {
        fail: BTreeMap::from([("configure".to_string(), String::new())]),
        ..Scenario::default()
    };
    let sim = simulate(&wf, Engine::Documented, &BTreeMap::new(), &scenario).unwrap();
    assert_eq!(
        fates(&sim),
        [
            ("create".to_string(), "rolled_back"),
            ("configure".into(), "failed"),
            ("drop".into(), "succeeded"),
            ("notify".into(), "not_run"),
        ]
    );
    assert_eq!(
        sim.steps[0].reason.as_deref(),
        Some("rolled back by step 'drop'")
    );
    assert_eq!(sim.status, Fate::Failed);
    // The live engine has no rollback: the first failure ends the run.
    let live = simulate(&wf, Engine::Live, &BTreeMap::new(), &scenario).unwrap();
    assert_eq!(live.steps[0].status, Fate::Succeeded);
    assert_eq!(live.steps[2].status, Fate::NotRun);
}

#[test]
fn the_legacy_runner_ignores_templates_and_its_unknown_types() {
    let wf = spec(
        "  - name: k\n    type: kubernetes\n    config:\n      manifest: \"x: {{ .parameters.a }}\"\n  - name: p\n    type: policy\n    config:\n      script: \"echo {{ .parameters.a }}\"\n  - name: v\n    type: validation\n",
    );
    let sim = simulate(
        &wf,
        Engine::Legacy,
        &params(&[("a", "1"), ("app_name", "shop")]),
        &Scenario::default(),
    )
    .unwrap();
    assert!(sim.steps[0].effects[1].contains("fixed nginx:1.25 Deployment"));
    let (_, r) = sim.steps[1].rendered.clone().unwrap();
    assert_eq!(r.text, "echo {{ .parameters.a }}");
    assert_eq!(
        sim.error.as_deref(),
        Some("workflow failed at step 'v': unsupported step type: validation")
    );
}

#[test]
fn the_timeline_runs_groups_in_turn_and_finds_the_critical_path() {
    let wf = spec(
        "  - name: tf\n    type: terraform\n    workingDir: ./tf\n  - name: fast\n    parallelGroup: 1\n    type: validation\n  - name: slow\n    parallelGroup: 1\n    type: kubernetes\n    config:\n      operation: create-namespace\n",
    );
    let mut scenario = Scenario::default();
    scenario.durations.insert("fast".into(), 10);
    let sim = simulate(&wf, Engine::Documented, &BTreeMap::new(), &scenario).unwrap();
    assert_eq!(sim.steps[0].start, 0);
    assert_eq!(sim.steps[1].start, 300);
    assert_eq!(sim.steps[2].start, 300);
    assert_eq!(sim.duration, Some(300 + 180));
    assert_eq!(sim.critical_path, ["tf", "slow"]);
    let live = simulate(&wf, Engine::Live, &BTreeMap::new(), &scenario).unwrap();
    assert_eq!(live.duration, Some(300 + 10 + 180));
}

/// Answers from a list, recording which steps it was asked about.
struct Scripted(Vec<Directive>, Vec<String>);

impl Stepper for Scripted {
    fn before_step(&mut self, pause: &Pause<'_>) -> Directive {
        self.1.push(pause.step.name.clone());
        if self.0.is_empty() {
            Directive::Continue
        } else {
            self.0.remove(0)
        }
    }
}

#[test]
fn stepping_lets_the_user_skip_fail_and_quit() {
    let wf = spec(&format!(
        "  - name: a\n{SCRIPT}  - name: b\n{SCRIPT}  - name: c\n{SCRIPT}  - name: d\n{SCRIPT}"
    ));
    let mut s = Scripted(
        vec![Directive::Skip, Directive::Continue, Directive::Quit],
        Vec::new(),
    );
    let sim = simulate_stepping(
        &wf,
        Engine::Documented,
        &BTreeMap::new(),
        &Scenario::default(),
        Some(&mut s),
    )
    .unwrap();
    assert_eq!(
        fates(&sim),
        [
            ("a".to_string(), "skipped"),
            ("b".into(), "succeeded"),
            ("c".into(), "not_run"),
            ("d".into(), "not_run"),
        ]
    );
    assert_eq!(s.1, ["a", "b", "c"]);
    assert_eq!(sim.status, Fate::Failed);
    let mut s = Scripted(vec![Directive::Fail], Vec::new());
    let live = simulate_stepping(
        &wf,
        Engine::Live,
        &BTreeMap::new(),
        &Scenario::default(),
        Some(&mut s),
    )
    .unwrap();
    assert_eq!(live.steps[0].status, Fate::Failed);
    assert_eq!(live.steps[1].status, Fate::NotRun);
}

#[test]
fn test_cases_compare_expectations_with_the_simulation() {
    let text = "workflow: w.yaml\ncases:\n  - name: one\n    scenario:\n      fail: [b]\n    expect:\n      status: failed\n      steps:\n        a: succeeded\n        b: {status: failed, attempts: 1}\n      rendered:\n        a: [\"echo hi\"]\n";
    let src = SourceFile::parse(Arc::from("w.test.yaml"), text.as_bytes());
    assert_eq!(src.kinds[0], crate::kind::DocumentKind::WorkflowTest);
    let tf = read_test_file(&src.parsed.documents[0]).unwrap();
    assert_eq!(tf.workflow, "w.yaml");
    let case = &tf.cases[0];
    let wf = spec(&format!("  - name: a\n{SCRIPT}  - name: b\n{SCRIPT}"));
    let result = simulate(&wf, case.engine, &case.params, &case.scenario);
    let m = check_case(case, &result);
    // Only the attempts are wrong: the documented engine retries b four times.
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].what, "steps.b.attempts");
    assert_eq!((m[0].expected.as_str(), m[0].got.as_str()), ("1", "4"));
    assert_eq!(&text[m[0].span.start..m[0].span.end], "1");
}

#[test]
fn scenario_files_read_every_key_and_point_at_mistakes() {
    let text = "fail: {a: boom}\ntimeout: [b]\nattempts: {c: 2}\noutputs: {d: {k: 1}}\ndurations: {e: 1m30s}\n";
    let src = SourceFile::parse(Arc::from("s.yaml"), text.as_bytes());
    let doc = &src.parsed.documents[0];
    let sc = read_scenario(doc, doc.root.unwrap()).unwrap();
    assert_eq!(sc.fail["a"], "boom");
    assert!(sc.timeout.contains("b"));
    assert_eq!(sc.attempts["c"], 2);
    assert_eq!(sc.outputs["d"]["k"], "1");
    assert_eq!(sc.durations["e"], 90);
    let bad = "attempts: {c: zero}\n";
    let src = SourceFile::parse(Arc::from("s.yaml"), bad.as_bytes());
    let doc = &src.parsed.documents[0];
    let e = read_scenario(doc, doc.root.unwrap()).unwrap_err();
    assert_eq!(&bad[e.span.start..e.span.end], "zero");
}

/// Random step graphs that may have cycles: each step depends on random steps.
fn any_graph() -> impl Strategy<Value = WorkflowSpec> {
    (1usize..9).prop_flat_map(|n| {
        proptest::collection::vec(proptest::collection::vec(0..n, 0..3), n).prop_map(move |deps| {
            let steps = (0..n)
                .map(|i| {
                    let mut s = StepSpec::new(&format!("s{i}"), "validation");
                    s.depends_on = deps[i].iter().map(|d| format!("s{d}")).collect();
                    s
                })
                .collect();
            WorkflowSpec {
                steps,
                ..WorkflowSpec::default()
            }
        })
    })
}

/// A DAG with rollback steps: every third step is `when: on_failure` and a random step fails.
fn dag_with_rollbacks() -> impl Strategy<Value = (WorkflowSpec, usize)> {
    dag()
        .prop_flat_map(|wf| {
            let n = wf.steps.len();
            (Just(wf), 0..n)
        })
        .prop_map(|(mut wf, failing)| {
            for (i, s) in wf.steps.iter_mut().enumerate() {
                if i % 3 == 2 {
                    s.when = Some("on_failure".into());
                }
            }
            (wf, failing)
        })
}

proptest! {
    #[test]
    fn a_reported_cycle_is_a_real_cycle(wf in any_graph()) {
        match plan(&wf, Engine::Documented) {
            Ok(p) => {
                let mut seen = p.order.clone();
                seen.sort_unstable();
                prop_assert_eq!(seen, (0..wf.steps.len()).collect::<Vec<_>>());
            }
            Err(PlanError::Cycle(path)) => {
                prop_assert!(path.len() >= 2);
                prop_assert_eq!(path.first(), path.last());
                // every consecutive pair is a real dependsOn edge: a depends on b
                for pair in path.windows(2) {
                    let a = wf.steps.iter().find(|s| s.name == pair[0]).unwrap();
                    prop_assert!(a.depends_on.contains(&pair[1]), "{} does not depend on {}", pair[0], pair[1]);
                }
            }
        }
    }

    #[test]
    fn failures_and_rollbacks_keep_every_step_once_and_in_order((wf, failing) in dag_with_rollbacks()) {
        let scenario = Scenario {
            fail: BTreeMap::from([(wf.steps[failing].name.clone(), String::new())]),
            ..Scenario::default()
        };
        let sim = simulate(&wf, Engine::Documented, &BTreeMap::new(), &scenario).unwrap();
        let mut names: Vec<&str> = sim.steps.iter().map(|s| s.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        prop_assert_eq!(names.len(), wf.steps.len());
        let at = |n: &str| sim.steps.iter().position(|s| s.name == n).unwrap();
        // The chosen step may never start (a rollback step, or behind one), and a step
        // whose dependency was skipped fails too: the run stops at the first failure.
        let Some(failed_at) = sim.steps.iter().position(|s| s.status.is_failure()) else {
            prop_assert_eq!(sim.status, Fate::Succeeded);
            return Ok(());
        };
        prop_assert_eq!(sim.status, Fate::Failed);
        for s in &sim.steps {
            let spec = wf.steps.iter().find(|x| x.name == s.name).unwrap();
            // a step that ran never ran before a dependency
            if s.attempts > 0 {
                for d in &spec.depends_on {
                    prop_assert!(at(d) < at(&s.name));
                }
            }
            // rolled back only by a rollback step that ran after it and names it
            if s.status == Fate::RolledBack {
                let by = s.reason.as_deref().unwrap().trim_start_matches("rolled back by step '").trim_end_matches('\'');
                let rb = wf.steps.iter().find(|x| x.name == by).unwrap();
                prop_assert!(rb.depends_on.contains(&s.name));
                prop_assert!(at(by) > at(&s.name));
            }
            // a step that is neither a rollback step nor in the failing step's group
            // never starts after the failure
            let same_group = s.group == sim.steps[failed_at].group;
            if at(&s.name) > failed_at && spec.when.is_none() && !same_group {
                prop_assert_eq!(s.attempts, 0);
            }
        }
    }
}

#[test]
fn an_unplannable_workflow_only_meets_invalid_expectations() {
    let text = "workflow: w.yaml\ncases:\n  - name: cycle\n    expect:\n      status: invalid\n      error: a → b → a\n  - name: hoped\n    expect:\n      steps: {a: succeeded}\n";
    let src = SourceFile::parse(Arc::from("w.test.yaml"), text.as_bytes());
    let tf = read_test_file(&src.parsed.documents[0]).unwrap();
    let wf = spec(&format!(
        "  - name: a\n    dependsOn: [b]\n{SCRIPT}  - name: b\n    dependsOn: [a]\n{SCRIPT}"
    ));
    let result = simulate(
        &wf,
        Engine::Documented,
        &BTreeMap::new(),
        &Scenario::default(),
    );
    assert!(check_case(&tf.cases[0], &result).is_empty());
    let m = check_case(&tf.cases[1], &result);
    assert_eq!(m.len(), 1);
    assert!(m[0].got.contains("dependsOn cycle"), "{m:?}");
}

proptest! {
    /// Damaged test files (a slice cut out anywhere) are read or refused, never a panic, and
    /// a refusal points inside the text.
    #[test]
    fn damaged_test_files_never_panic(cut in 0usize..400, len in 0usize..40) {
        let text = include_str!("../../../examples/workflows/deploy-app.test.yaml");
        let floor = |mut i: usize| {
            i = i.min(text.len());
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = floor(cut);
        let end = floor(start + len);
        let damaged = format!("{}{}", &text[..start], &text[end..]);
        let src = SourceFile::parse(Arc::from("d.test.yaml"), damaged.as_bytes());
        if let Some(doc) = src.parsed.documents.first() {
            if let Err(e) = read_test_file(doc) {
                prop_assert!(e.span.end <= damaged.len());
            }
        }
    }
}

/// Random workflows whose `dependsOn` may point anywhere: backwards, forwards, at the step
/// itself (cycles) or at a name that is not a step.
fn any_dependencies() -> impl Strategy<Value = WorkflowSpec> {
    (1usize..10).prop_flat_map(|n| {
        proptest::collection::vec(proptest::collection::vec(0..n + 1, 0..3), n).prop_map(
            move |deps| {
                let steps = deps
                    .iter()
                    .enumerate()
                    .map(|(i, ds)| {
                        let mut s = StepSpec::new(&format!("s{i}"), "validation");
                        // `n` stands for a step that does not exist.
                        s.depends_on = ds.iter().map(|&d| format!("s{d}")).collect();
                        s
                    })
                    .collect();
                WorkflowSpec {
                    steps,
                    ..WorkflowSpec::default()
                }
            },
        )
    })
}

/// Whether the dependencies of `wf` form a cycle (naive: DFS from every step).
fn has_cycle(wf: &WorkflowSpec) -> bool {
    let deps = |i: usize| -> Vec<usize> {
        wf.steps[i]
            .depends_on
            .iter()
            .filter_map(|d| wf.steps.iter().position(|s| &s.name == d))
            .collect()
    };
    (0..wf.steps.len()).any(|start| {
        let mut stack = deps(start);
        let mut seen = vec![false; wf.steps.len()];
        while let Some(x) = stack.pop() {
            if x == start {
                return true;
            }
            if !std::mem::replace(&mut seen[x], true) {
                stack.extend(deps(x));
            }
        }
        false
    })
}

proptest! {
    #[test]
    fn a_refused_plan_names_a_real_cycle_and_no_cycle_is_missed(wf in any_dependencies()) {
        match plan(&wf, Engine::Documented) {
            Ok(p) => {
                prop_assert!(!has_cycle(&wf));
                let mut seen = p.order.clone();
                seen.sort_unstable();
                prop_assert_eq!(seen, (0..wf.steps.len()).collect::<Vec<_>>());
            }
            Err(PlanError::Cycle(path)) => {
                prop_assert!(has_cycle(&wf));
                // Closed, and every step along it depends on the next one.
                prop_assert!(path.len() >= 2);
                prop_assert_eq!(path.first(), path.last());
                for w in path.windows(2) {
                    let step = wf.steps.iter().find(|s| s.name == w[0]).unwrap();
                    prop_assert!(step.depends_on.contains(&w[1]), "{} does not depend on {}", w[0], w[1]);
                }
            }
        }
        // The live engine ignores dependsOn: every step once, in list order.
        let live = plan(&wf, Engine::Live).unwrap();
        prop_assert_eq!(live.order, (0..wf.steps.len()).collect::<Vec<_>>());
    }
}

#[test]
fn every_step_type_a_runner_lists_has_simulated_effects() {
    use crate::platform::step_types::{EXECUTOR_TYPES, LEGACY_TYPES};
    for (engine, types) in [
        (Engine::Live, EXECUTOR_TYPES),
        (Engine::Legacy, LEGACY_TYPES),
    ] {
        for t in types {
            let wf = spec(&format!(
                "  - name: s\n    type: {t}\n    config:\n      script: echo\n      manifest: 'kind: Namespace'\n"
            ));
            let sim = simulate(&wf, engine, &BTreeMap::new(), &Scenario::default()).unwrap();
            let reason = sim.steps[0].reason.clone().unwrap_or_default();
            assert!(
                !reason.contains("unsupported step type"),
                "{engine:?} lists `{t}` but simulates no effect for it: {reason}"
            );
        }
        // And a type it does not list is refused as the runner refuses it.
        let wf = spec("  - name: s\n    type: git-pr\n");
        let sim = simulate(&wf, engine, &BTreeMap::new(), &Scenario::default()).unwrap();
        assert_eq!(
            sim.steps[0].reason.as_deref(),
            Some("unsupported step type: git-pr")
        );
    }
}

#[test]
fn a_group_number_past_the_count_never_runs_on_the_documented_engine() {
    // Groups 1 and 3, no 2: the platform's loop runs groups 1..=2, so group 3 never starts
    // (what INN304 reports); the dry run must say the same.
    let wf = spec(&format!(
        "  - name: a\n    parallelGroup: 1\n{SCRIPT}  - name: c\n    parallelGroup: 3\n{SCRIPT}"
    ));
    let sim = simulate(
        &wf,
        Engine::Documented,
        &BTreeMap::new(),
        &Scenario::default(),
    )
    .unwrap();
    assert_eq!(
        fates(&sim),
        [("a".into(), "succeeded"), ("c".into(), "not_run")]
    );
    let last = sim.plan.groups.last().unwrap();
    assert!(last.never_runs, "{last:?}");
    assert!(sim.steps[1]
        .reason
        .as_deref()
        .unwrap()
        .contains("never runs"));
    assert!(sim.warnings.iter().any(|w| w.contains("group 3 never run")));
}

#[test]
fn a_sibling_dependency_fails_on_the_documented_engine_without_splitting_the_group() {
    let wf = spec(&format!(
        "  - name: a\n    parallelGroup: 1\n{SCRIPT}  - name: b\n    parallelGroup: 1\n    dependsOn: [a]\n{SCRIPT}"
    ));
    let sim = simulate(
        &wf,
        Engine::Documented,
        &BTreeMap::new(),
        &Scenario::default(),
    )
    .unwrap();
    assert_eq!(sim.plan.groups.len(), 1, "{:?}", sim.plan.groups);
    assert_eq!(
        fates(&sim),
        [("a".into(), "succeeded"), ("b".into(), "failed")]
    );
    assert_eq!(
        sim.steps[1].reason.as_deref(),
        Some("dependency a not found for step b")
    );
}

#[test]
fn the_dormant_engine_keeps_list_order_and_checks_dependencies_only_with_groups() {
    let steps =
        format!("  - name: deploy\n    dependsOn: [build]\n{SCRIPT}  - name: build\n{SCRIPT}");
    // No parallel flag: plain list order, dependsOn ignored.
    let sim = simulate(
        &spec(&steps),
        Engine::Dormant,
        &BTreeMap::new(),
        &Scenario::default(),
    )
    .unwrap();
    assert_eq!(
        fates(&sim),
        [
            ("deploy".into(), "succeeded"),
            ("build".into(), "succeeded")
        ]
    );
    // With one, the dependency listed later fails the step and stops the workflow.
    let grouped = format!("{steps}  - name: report\n    parallel: true\n{SCRIPT}");
    let sim = simulate(
        &spec(&grouped),
        Engine::Dormant,
        &BTreeMap::new(),
        &Scenario::default(),
    )
    .unwrap();
    assert_eq!(
        fates(&sim),
        [
            ("deploy".into(), "failed"),
            ("build".into(), "not_run"),
            ("report".into(), "not_run")
        ]
    );
    assert_eq!(
        sim.error.as_deref(),
        Some("step group 1 failed: dependency build not found for step deploy")
    );
}

#[test]
fn the_dormant_engine_checks_every_reference_of_a_grouped_step_strictly() {
    let wf = spec(
        "  - name: a\n    type: policy\n    parallel: true\n    config:\n      script: echo $HOME\n",
    );
    let sim = simulate(&wf, Engine::Dormant, &BTreeMap::new(), &Scenario::default()).unwrap();
    assert_eq!(
        sim.steps[0].reason.as_deref(),
        Some("step validation failed: step 'a' validation failed: undefined variable: $HOME")
    );
    assert!(sim.steps[0].notes.iter().any(|n| n.contains("environment")));
    // The legacy runner takes a type the executor registry lacks.
    let wf = spec("  - name: a\n    type: teleport\n    parallel: true\n");
    let sim = simulate(&wf, Engine::Dormant, &BTreeMap::new(), &Scenario::default()).unwrap();
    assert_eq!(
        sim.error.as_deref(),
        Some("step group 1 failed: unsupported step type: teleport")
    );
    assert!(sim.steps[0]
        .notes
        .iter()
        .any(|n| n.contains("legacy runner")));
}

#[test]
fn with_no_group_to_run_every_step_runs_together() {
    // Every step past the count: the platform builds no group and runs them all as one.
    let wf = spec(&format!(
        "  - name: a\n    parallelGroup: 3\n{SCRIPT}  - name: b\n    parallelGroup: 4\n{SCRIPT}"
    ));
    for engine in [Engine::Documented, Engine::Dormant] {
        let sim = simulate(&wf, engine, &BTreeMap::new(), &Scenario::default()).unwrap();
        assert_eq!(
            sim.plan.groups.len(),
            1,
            "{engine:?}: {:?}",
            sim.plan.groups
        );
        assert_eq!(
            fates(&sim),
            [("a".into(), "succeeded"), ("b".into(), "succeeded")],
            "{engine:?}"
        );
    }
}
