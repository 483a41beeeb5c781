//! Workflow test files (`*.test.yaml`, `schemas/workflow-test.schema.json`): reading the
//! cases, the scenario and parameter shapes they share with `--scenario` / `--params`, and
//! comparing a simulation with what a case expects.

use super::engine::Engine;
use super::outcome::{Fate, Simulation};
use super::planner::PlanError;
use super::policy::parse_duration;
use super::scenario::Scenario;
use crate::syntax::{Document, NodeId, NodeKind, ScalarValue};
use crate::text::Span;
use std::collections::BTreeMap;

/// A problem in a test, scenario or parameters file, at the text that causes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    pub message: String,
    pub span: Span,
}

fn bad(doc: &Document, id: NodeId, message: impl Into<String>) -> InputError {
    InputError {
        message: message.into(),
        span: doc.node(doc.resolve(id)).span,
    }
}

/// The text of a scalar (numbers and booleans as written; null as empty).
fn scalar_text(doc: &Document, id: NodeId) -> Option<String> {
    let s = doc.scalar(doc.resolve(id))?;
    Some(match s.value {
        ScalarValue::Null => String::new(),
        _ => s.text.as_str().to_owned(),
    })
}

fn entries(
    doc: &Document,
    id: NodeId,
    what: &str,
) -> Result<Vec<(String, NodeId, NodeId)>, InputError> {
    let id = doc.resolve(id);
    if !doc.is_mapping(id) {
        return Err(bad(doc, id, format!("{what} must be a mapping")));
    }
    Ok(doc
        .entries(id)
        .iter()
        .filter_map(|e| Some((doc.key_text(e.key)?.to_string(), e.key, e.value)))
        .collect())
}

fn string_list(doc: &Document, id: NodeId, what: &str) -> Result<Vec<String>, InputError> {
    let id = doc.resolve(id);
    match &doc.node(id).kind {
        NodeKind::Sequence(items) => items
            .iter()
            .map(|i| {
                scalar_text(doc, *i).ok_or_else(|| bad(doc, *i, format!("{what}: expected a name")))
            })
            .collect(),
        _ => Err(bad(doc, id, format!("{what} must be a list"))),
    }
}

/// A mapping of scalars (`params`, outputs, variables).
pub fn read_params(doc: &Document, id: NodeId) -> Result<BTreeMap<String, String>, InputError> {
    let mut out = BTreeMap::new();
    for (k, _, v) in entries(doc, id, "parameters")? {
        let text = scalar_text(doc, v).ok_or_else(|| {
            bad(
                doc,
                v,
                format!("parameter `{k}` must be a string, number or boolean"),
            )
        })?;
        out.insert(k, text);
    }
    Ok(out)
}

/// A scenario mapping (`fail`, `timeout`, `attempts`, `outputs`, `durations`).
pub fn read_scenario(doc: &Document, id: NodeId) -> Result<Scenario, InputError> {
    let mut sc = Scenario::default();
    for (key, key_node, v) in entries(doc, id, "a scenario")? {
        match key.as_str() {
            "fail" => {
                if doc.is_mapping(doc.resolve(v)) {
                    for (step, _, m) in entries(doc, v, "fail")? {
                        sc.fail.insert(step, scalar_text(doc, m).unwrap_or_default());
                    }
                } else {
                    for step in string_list(doc, v, "fail")? {
                        sc.fail.insert(step, String::new());
                    }
                }
            }
            "timeout" => sc.timeout.extend(string_list(doc, v, "timeout")?),
            "attempts" => {
                for (step, _, n) in entries(doc, v, "attempts")? {
                    let count = scalar_text(doc, n)
                        .and_then(|t| t.parse::<u32>().ok())
                        .filter(|c| *c >= 1)
                        .ok_or_else(|| bad(doc, n, "attempts: expected a whole number from 1"))?;
                    sc.attempts.insert(step, count);
                }
            }
            "outputs" => {
                for (step, _, m) in entries(doc, v, "outputs")? {
                    sc.outputs.insert(step, read_params(doc, m)?);
                }
            }
            "durations" => {
                for (step, _, d) in entries(doc, v, "durations")? {
                    let secs = scalar_text(doc, d)
                        .and_then(|t| parse_duration(&t))
                        .ok_or_else(|| bad(doc, d, "durations: expected seconds or text like 90s, 5m, 1h30m"))?;
                    sc.durations.insert(step, secs);
                }
            }
            other => {
                return Err(bad(
                    doc,
                    key_node,
                    format!("unknown scenario key `{other}` (expected fail, timeout, attempts, outputs or durations)"),
                ))
            }
        }
    }
    Ok(sc)
}

/// One expectation of a case, at the text that states it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expectation {
    pub span: Span,
    pub check: Check,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    Status(String),
    Error(String),
    Order(Vec<String>),
    StepStatus {
        step: String,
        status: Fate,
    },
    StepAttempts {
        step: String,
        attempts: u32,
    },
    StepReason {
        step: String,
        fragment: String,
    },
    Output {
        step: String,
        key: String,
        value: String,
    },
    Variable {
        key: String,
        value: String,
    },
    Rendered {
        step: String,
        fragment: String,
    },
    /// `rendered: {step: []}`: the step renders nothing (it never runs).
    NothingRendered {
        step: String,
    },
    Effect {
        step: String,
        fragment: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestCase {
    pub name: String,
    /// The case's `name` value (where a failure points when no expectation does).
    pub span: Span,
    pub engine: Engine,
    pub params: BTreeMap<String, String>,
    pub scenario: Scenario,
    pub expect: Vec<Expectation>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestFile {
    /// The workflow path as written (relative to the test file).
    pub workflow: String,
    pub golden_path: Option<String>,
    pub cases: Vec<TestCase>,
}

/// Reads a test document.
pub fn read_test_file(doc: &Document) -> Result<TestFile, InputError> {
    let root = doc.root.ok_or(InputError {
        message: "empty test file: expected `workflow` and `cases`".into(),
        span: doc.span,
    })?;
    let mut workflow = None;
    let mut golden_path = None;
    let mut engine = Engine::Documented;
    let mut params = BTreeMap::new();
    let mut cases_node = None;
    for (key, key_node, v) in entries(doc, root, "a test file")? {
        match key.as_str() {
            "workflow" => workflow = scalar_text(doc, v).filter(|w| !w.is_empty()),
            "goldenPath" => golden_path = scalar_text(doc, v),
            "engine" => engine = read_engine(doc, v)?,
            "params" => params = read_params(doc, v)?,
            "cases" => cases_node = Some(v),
            other => {
                return Err(bad(
                    doc,
                    key_node,
                    format!("unknown key `{other}` in a test file"),
                ))
            }
        }
    }
    let workflow = workflow.ok_or_else(|| {
        bad(
            doc,
            root,
            "a test file needs `workflow: <path of the workflow>`",
        )
    })?;
    let cases_node = cases_node.ok_or_else(|| bad(doc, root, "a test file needs `cases`"))?;
    let NodeKind::Sequence(items) = &doc.node(doc.resolve(cases_node)).kind else {
        return Err(bad(doc, cases_node, "`cases` must be a list"));
    };
    let cases = items
        .iter()
        .map(|&c| read_case(doc, c, engine, &params))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(TestFile {
        workflow,
        golden_path,
        cases,
    })
}

fn read_engine(doc: &Document, v: NodeId) -> Result<Engine, InputError> {
    scalar_text(doc, v)
        .and_then(|t| Engine::parse(&t))
        .ok_or_else(|| bad(doc, v, format!("engine: expected {}", Engine::expected())))
}

fn read_case(
    doc: &Document,
    id: NodeId,
    engine: Engine,
    shared: &BTreeMap<String, String>,
) -> Result<TestCase, InputError> {
    let mut case = TestCase {
        name: String::new(),
        span: doc.node(doc.resolve(id)).span,
        engine,
        params: shared.clone(),
        scenario: Scenario::default(),
        expect: Vec::new(),
    };
    let mut named = false;
    for (key, key_node, v) in entries(doc, id, "a case")? {
        match key.as_str() {
            "name" => {
                case.name = scalar_text(doc, v).unwrap_or_default();
                case.span = doc.node(doc.resolve(v)).span;
                named = true;
            }
            "description" => {}
            "engine" => case.engine = read_engine(doc, v)?,
            "params" => case.params.extend(read_params(doc, v)?),
            "scenario" => case.scenario = read_scenario(doc, v)?,
            "expect" => case.expect = read_expect(doc, v)?,
            other => {
                return Err(bad(
                    doc,
                    key_node,
                    format!("unknown key `{other}` in a case"),
                ))
            }
        }
    }
    if !named {
        return Err(bad(doc, id, "a case needs a `name`"));
    }
    Ok(case)
}

fn span_of(doc: &Document, id: NodeId) -> Span {
    doc.node(doc.resolve(id)).span
}

fn read_expect(doc: &Document, id: NodeId) -> Result<Vec<Expectation>, InputError> {
    let mut out = Vec::new();
    let mut push = |span: Span, check: Check| out.push(Expectation { span, check });
    for (key, key_node, v) in entries(doc, id, "expect")? {
        match key.as_str() {
            "status" => push(
                span_of(doc, v),
                Check::Status(scalar_text(doc, v).unwrap_or_default()),
            ),
            "error" => push(
                span_of(doc, v),
                Check::Error(scalar_text(doc, v).unwrap_or_default()),
            ),
            "order" => push(span_of(doc, v), Check::Order(string_list(doc, v, "order")?)),
            "steps" => {
                for (step, _, e) in entries(doc, v, "steps")? {
                    let fate = |n: NodeId| {
                        scalar_text(doc, n).and_then(|t| Fate::parse(&t)).ok_or_else(|| {
                            bad(doc, n, "expected succeeded, failed, skipped, not_run, timed_out or rolled_back")
                        })
                    };
                    if doc.is_mapping(doc.resolve(e)) {
                        for (k, kn, x) in entries(doc, e, "a step expectation")? {
                            let step = step.clone();
                            let check = match k.as_str() {
                                "status" => Check::StepStatus { step, status: fate(x)? },
                                "attempts" => Check::StepAttempts {
                                    step,
                                    attempts: scalar_text(doc, x)
                                        .and_then(|t| t.parse().ok())
                                        .ok_or_else(|| bad(doc, x, "attempts: expected a whole number"))?,
                                },
                                "reason" => Check::StepReason {
                                    step,
                                    fragment: scalar_text(doc, x).unwrap_or_default(),
                                },
                                other => {
                                    return Err(bad(doc, kn, format!("unknown key `{other}` (expected status, attempts or reason)")))
                                }
                            };
                            push(span_of(doc, x), check);
                        }
                    } else {
                        push(
                            span_of(doc, e),
                            Check::StepStatus {
                                step,
                                status: fate(e)?,
                            },
                        );
                    }
                }
            }
            "outputs" => {
                for (step, _, m) in entries(doc, v, "outputs")? {
                    for (k, _, x) in entries(doc, m, "outputs")? {
                        let value =
                            scalar_text(doc, x).ok_or_else(|| bad(doc, x, "expected a value"))?;
                        push(
                            span_of(doc, x),
                            Check::Output {
                                step: step.clone(),
                                key: k,
                                value,
                            },
                        );
                    }
                }
            }
            "variables" => {
                for (k, _, x) in entries(doc, v, "variables")? {
                    let value =
                        scalar_text(doc, x).ok_or_else(|| bad(doc, x, "expected a value"))?;
                    push(span_of(doc, x), Check::Variable { key: k, value });
                }
            }
            "rendered" | "effects" => {
                for (step, _, list) in entries(doc, v, &key)? {
                    let NodeKind::Sequence(items) = &doc.node(doc.resolve(list)).kind else {
                        return Err(bad(
                            doc,
                            list,
                            format!("{key}: expected a list of fragments"),
                        ));
                    };
                    if items.is_empty() && key == "rendered" {
                        push(
                            span_of(doc, list),
                            Check::NothingRendered { step: step.clone() },
                        );
                    }
                    for &f in items {
                        let fragment = scalar_text(doc, f)
                            .ok_or_else(|| bad(doc, f, "expected a text fragment"))?;
                        let step = step.clone();
                        push(
                            span_of(doc, f),
                            if key == "rendered" {
                                Check::Rendered { step, fragment }
                            } else {
                                Check::Effect { step, fragment }
                            },
                        );
                    }
                }
            }
            other => {
                return Err(bad(
                    doc,
                    key_node,
                    format!("unknown key `{other}` in expect"),
                ))
            }
        }
    }
    Ok(out)
}

/// An expectation that does not hold: what was expected and what the simulation gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    pub span: Span,
    pub what: String,
    pub expected: String,
    pub got: String,
}

/// Compares a case's expectations with the simulation (or the planning error).
pub fn check_case(case: &TestCase, result: &Result<Simulation, PlanError>) -> Vec<Mismatch> {
    let mut out = Vec::new();
    // A misspelt step in the scenario would otherwise make the case pass for nothing.
    if let Ok(sim) = result {
        for name in case.scenario.step_names() {
            if !sim.steps.iter().any(|s| s.name == name) {
                out.push(Mismatch {
                    span: case.span,
                    what: "scenario".into(),
                    expected: format!("a step named {name:?}"),
                    got: "no such step in the workflow".into(),
                });
            }
        }
    }
    for e in &case.expect {
        let mut miss = |what: String, expected: String, got: String| {
            out.push(Mismatch {
                span: e.span,
                what,
                expected,
                got,
            })
        };
        let sim = match result {
            Ok(sim) => sim,
            Err(err) => {
                match &e.check {
                    Check::Status(s) if s == "invalid" => {}
                    Check::Error(f) if err.to_string().contains(f.as_str()) => {}
                    _ => miss(
                        "workflow".into(),
                        "a plan".into(),
                        format!("no plan: {err}"),
                    ),
                }
                continue;
            }
        };
        let step = |name: &str| sim.steps.iter().find(|s| s.name == name);
        let no_step = || "no such step".to_string();
        match &e.check {
            Check::Status(s) => {
                if sim.status.name() != s {
                    miss("status".into(), s.clone(), sim.status.name().into());
                }
            }
            Check::Error(f) => {
                let got = sim.error.clone().unwrap_or_default();
                if !got.contains(f.as_str()) {
                    miss(
                        "error".into(),
                        format!("containing {f:?}"),
                        format!("{got:?}"),
                    );
                }
            }
            Check::Order(order) => {
                let got: Vec<String> = sim.steps.iter().map(|s| s.name.clone()).collect();
                if &got != order {
                    // One step a line, so that the runner can show a diff.
                    miss("order".into(), order.join("\n"), got.join("\n"));
                }
            }
            Check::StepStatus { step: n, status } => {
                let got = step(n).map_or_else(no_step, |s| s.status.name().to_string());
                if got != status.name() {
                    let why = step(n)
                        .and_then(|s| s.reason.clone())
                        .map(|r| format!(" ({r})"))
                        .unwrap_or_default();
                    miss(
                        format!("steps.{n}.status"),
                        status.name().into(),
                        format!("{got}{why}"),
                    );
                }
            }
            Check::StepAttempts { step: n, attempts } => {
                let got = step(n).map_or_else(no_step, |s| s.attempts.to_string());
                if got != attempts.to_string() {
                    miss(format!("steps.{n}.attempts"), attempts.to_string(), got);
                }
            }
            Check::StepReason { step: n, fragment } => {
                let got = step(n).map_or_else(no_step, |s| s.reason.clone().unwrap_or_default());
                if !got.contains(fragment.as_str()) {
                    miss(
                        format!("steps.{n}.reason"),
                        format!("containing {fragment:?}"),
                        format!("{got:?}"),
                    );
                }
            }
            Check::Output {
                step: n,
                key,
                value,
            } => {
                let got = step(n).and_then(|s| s.outputs.get(key).cloned());
                if got.as_deref() != Some(value.as_str()) {
                    miss(
                        format!("outputs.{n}.{key}"),
                        value.clone(),
                        got.unwrap_or_else(|| "(no such output)".into()),
                    );
                }
            }
            Check::Variable { key, value } => {
                let got = sim.variables.get(key).cloned();
                if got.as_deref() != Some(value.as_str()) {
                    miss(
                        format!("variables.{key}"),
                        value.clone(),
                        got.unwrap_or_else(|| "(not set)".into()),
                    );
                }
            }
            Check::Rendered { step: n, fragment } => {
                let got = step(n).and_then(|s| s.rendered.as_ref().map(|(_, r)| r.text.clone()));
                if !got
                    .as_deref()
                    .is_some_and(|t| t.contains(fragment.as_str()))
                {
                    miss(
                        format!("rendered.{n}"),
                        format!("containing {fragment:?}"),
                        got.unwrap_or_else(|| "(nothing rendered)".into()),
                    );
                }
            }
            Check::NothingRendered { step: n } => {
                if let Some((_, r)) = step(n).and_then(|s| s.rendered.as_ref()) {
                    miss(
                        format!("rendered.{n}"),
                        "nothing rendered".into(),
                        r.text.clone(),
                    );
                }
            }
            Check::Effect { step: n, fragment } => {
                let got = step(n).map(|s| s.effects.clone()).unwrap_or_default();
                if !got.iter().any(|x| x.contains(fragment.as_str())) {
                    miss(
                        format!("effects.{n}"),
                        format!("an effect containing {fragment:?}"),
                        if got.is_empty() {
                            "(no effects)".into()
                        } else {
                            got.join("\n")
                        },
                    );
                }
            }
        }
    }
    out
}
