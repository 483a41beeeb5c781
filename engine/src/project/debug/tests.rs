use super::*;
use crate::project::dry_run::{Request, Subject};
use crate::workspace::Workspace;
use std::path::PathBuf;

/// A platform workflow with a variable, a `setVariables` step, a condition on it, and a
/// dependency chain.
const WORKFLOW: &str = "apiVersion: workflow.dev/v1
kind: Workflow
metadata:
  name: release
spec:
  variables:
    channel: stable
  steps:
    - name: build
      type: policy
      setVariables:
        artifact: app-${workflow.channel}
      config:
        script: echo {{ .parameters.channel }}

    - name: publish
      type: policy
      dependsOn: [build]
      if: ${workflow.channel} == stable
      config:
        script: echo {{ .parameters.artifact }} {{ .parameters.missing }}
    - name: notify
      type: policy
      dependsOn: [publish]
      config:
        script: echo done
";

fn session() -> Session {
    let subject = Subject::parse("/repo/workflows/release.yaml", WORKFLOW.as_bytes()).unwrap();
    let ws = Workspace::new(Vec::new(), None, Box::new(|_: &str| false));
    Session::start(subject, ws, Request::new(PathBuf::from("/repo"))).unwrap()
}

fn step_name(s: &Session) -> String {
    let k = s.current().expect("stopped");
    s.frames(k)[0].name.clone()
}

fn line_of(needle: &str) -> usize {
    WORKFLOW.lines().position(|l| l.contains(needle)).unwrap()
}

#[test]
fn lines_map_to_the_step_that_holds_them() {
    let mut s = session();
    let lines = [
        line_of("- name: publish"),
        line_of("if: ${workflow.channel}"),
        // The blank line after build's script: outside every step.
        line_of("- name: publish") - 1,
        line_of("metadata:"),
    ];
    let placed = s.set_line_breakpoints(
        "/repo/workflows/release.yaml",
        lines
            .iter()
            .map(|&line| LineBreakpoint {
                line,
                condition: None,
            })
            .collect(),
    );
    let Placement::Step(publish) = &placed[0] else {
        panic!("{placed:?}")
    };
    assert_eq!(placed[1], Placement::Step(*publish));
    assert!(&WORKFLOW[publish.start..publish.end].starts_with("name: publish"));
    assert!(WORKFLOW[publish.start..publish.end].ends_with("{{ .parameters.missing }}"));
    for p in &placed[2..] {
        let Placement::Unverified(why) = p else {
            panic!("{p:?}")
        };
        assert!(why.contains("outside every step"), "{why}");
    }
    let other = s.set_line_breakpoints(
        "/elsewhere.yaml",
        vec![LineBreakpoint {
            line: 0,
            condition: None,
        }],
    );
    assert!(
        matches!(&other[0], Placement::Unverified(why) if why.contains("not part of this debug session"))
    );
    assert!(matches!(
        s.begin(false),
        Event::Stopped(StopReason::Breakpoint, _)
    ));
    assert_eq!(step_name(&s), "step publish");
}

#[test]
fn each_stop_shows_what_the_run_had_left_behind() {
    let mut s = session();
    assert!(matches!(
        s.begin(true),
        Event::Stopped(StopReason::Entry, _)
    ));
    let scopes = |s: &Session| {
        let k = s.current().unwrap();
        s.scopes(k)
            .into_iter()
            .map(|(kind, v)| (kind.label(), v))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let at_build = scopes(&s);
    assert_eq!(at_build["Variables"]["channel"], "stable");
    assert!(at_build["Variables"].get("artifact").is_none());
    assert_eq!(at_build["Current step"]["config.script"], "echo stable");
    s.next_step();
    let at_publish = scopes(&s);
    assert_eq!(at_publish["Variables"]["artifact"], "app-stable");
    assert_eq!(
        at_publish["Outputs so far"]["build"]["artifact"],
        "app-stable"
    );
    assert_eq!(
        at_publish["Current step"]["noValue"],
        serde_json::json!([".parameters.missing"])
    );
    let why = at_publish["Current step"]["why"].as_str().unwrap();
    assert!(why.contains("after build") && why.contains("if:"), "{why}");
    assert_eq!(
        s.next_step(),
        Event::Stopped(StopReason::Step, "before step 'notify' (succeeded)".into())
    );
    assert_eq!(s.next_step(), Event::Ended);
    assert!(s.is_ended() && s.current().is_none());
}

#[test]
fn what_ifs_replay_the_run_and_stay_at_the_step() {
    let mut s = session();
    s.begin(true);
    s.next_step();
    // A variable `setVariables` made cannot be set: what it is made from can.
    let err = s
        .set_variable(ScopeKind::Variables, &["artifact".into()], "x")
        .unwrap_err();
    assert!(err.contains("step 'build'"), "{err}");
    s.set_variable(ScopeKind::Variables, &["channel".into()], "beta")
        .unwrap();
    assert_eq!(step_name(&s), "step publish");
    let k = s.current().unwrap();
    let step = &s.scopes(k)[0].1;
    assert_eq!(step["status"], "skipped", "{step}");
    assert_eq!(
        step["why"],
        "if condition is false: ${workflow.channel} == stable"
    );
    // Conditions read the fates decided before this step: notify's is not yet.
    assert_eq!(
        s.evaluate("build.success", None),
        Ok(Evaluation::Value("true".into()))
    );
    assert_eq!(
        s.evaluate("notify.success", None),
        Err("step 'notify' not found in context".into())
    );
    assert_eq!(
        s.evaluate("fail build boom", None),
        Ok(Evaluation::Changed("step 'build' now fails".into()))
    );
    let build = s.report().runs[0].clone();
    let crate::project::dry_run::Outcome::Simulated(_, sim) = &build.outcome else {
        panic!()
    };
    assert_eq!(sim.steps[0].reason.as_deref(), Some("boom"));
    assert_eq!(
        s.evaluate("{{ .parameters.channel }}", None),
        Ok(Evaluation::Value("beta".into()))
    );
    assert!(s.evaluate("skip nothing", None).is_err());
    assert!(s.evaluate("  ", None).is_err());
}

#[test]
fn step_out_and_frames() {
    let mut s = session();
    s.begin(true);
    let k = s.current().unwrap();
    let frames = s.frames(k);
    assert_eq!(frames.len(), 3);
    assert_eq!(frames[2].name, "workflow release");
    let whole = frames[2].span.unwrap();
    assert!(WORKFLOW[whole.start..whole.end].starts_with("name: build"));
    assert!(WORKFLOW[whole.start..whole.end].ends_with("echo done"));
    // One step per group here: stepping out is the next step.
    s.step_out();
    assert_eq!(step_name(&s), "step publish");
    let k = s.current().unwrap();
    assert_eq!(s.frame_start(k, 2), 0);
    assert_eq!(s.frame_start(k, 0), k);
}
