//! What a stopped session shows: the scopes of a stop as structured values (objects
//! expand), the current step's fields named and valued exactly as in the JSON dry run.

use super::replay::Stop;
use crate::plan::{Fate, StepOutcome, StepSpec};
use crate::project::dry_run::Run;
use serde_json::{json, Map, Value};

/// The scopes of a stop, in the order a debugger lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    Parameters,
    Variables,
    Outputs,
    Step,
}

impl ScopeKind {
    pub const ALL: [ScopeKind; 4] = [
        ScopeKind::Step,
        ScopeKind::Parameters,
        ScopeKind::Variables,
        ScopeKind::Outputs,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ScopeKind::Parameters => "Parameters",
            ScopeKind::Variables => "Variables",
            ScopeKind::Outputs => "Outputs so far",
            ScopeKind::Step => "Current step",
        }
    }
}

/// The value of scope `kind` at `stop` of `run`; `step_json` is the step's object in the
/// JSON dry run.
pub fn scope(
    kind: ScopeKind,
    stop: &Stop,
    run: &Run,
    step: &StepSpec,
    outcome: &StepOutcome,
    step_json: &Value,
) -> Value {
    match kind {
        ScopeKind::Parameters => json!(run.parameters),
        ScopeKind::Variables => json!(stop.before.variables),
        ScopeKind::Outputs => json!(stop.before.step_outputs),
        ScopeKind::Step => current_step(step, outcome, step_json),
    }
}

/// The step's JSON fields, then what a person debugging it reads first: the rendered
/// script or manifest on its own, the references that printed `<no value>`, and why the
/// step runs or does not.
fn current_step(step: &StepSpec, outcome: &StepOutcome, step_json: &Value) -> Value {
    let mut map: Map<String, Value> = step_json.as_object().cloned().unwrap_or_default();
    if let Some((field, rendered)) = &outcome.rendered {
        map.insert(field.clone(), json!(rendered.text));
        map.insert("noValue".into(), json!(rendered.unresolved));
    }
    map.insert("why".into(), json!(why(step, outcome)));
    Value::Object(map)
}

/// Why the step runs, or why it does not.
pub fn why(step: &StepSpec, outcome: &StepOutcome) -> String {
    if outcome.attempts == 0 || matches!(outcome.status, Fate::Skipped | Fate::NotRun) {
        return outcome
            .reason
            .clone()
            .unwrap_or_else(|| format!("it is {}", outcome.status.name().replace('_', " ")));
    }
    let mut because = Vec::new();
    if !step.depends_on.is_empty() {
        because.push(format!("it runs after {}", step.depends_on.join(", ")));
    }
    if let Some(w) = &step.when {
        because.push(format!("when: {w} holds"));
    }
    if let Some(c) = &step.condition_if {
        because.push(format!("if: {c} is true"));
    }
    if let Some(c) = &step.condition_unless {
        because.push(format!("unless: {c} is false"));
    }
    if because.is_empty() {
        because.push("no dependency or condition holds it back".into());
    }
    format!("runs: {}", because.join("; "))
}
