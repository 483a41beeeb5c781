//! The report as JSON (the README's `--format json` table): one workflow gives one object, a
//! Score spec an object with every run and every step.

use super::report::{Outcome, Report, Run};
use crate::plan::{PlanError, Simulation, StepOutcome};
use serde_json::{json, Value};

fn step_json(s: &StepOutcome, sim: &Simulation) -> Value {
    json!({
        "name": s.name,
        "type": s.step_type,
        "status": s.status.name(),
        "attempts": s.attempts,
        "group": s.group,
        "groupLabel": sim.plan.groups.get(s.group).map(|g| g.label.clone()),
        "reason": s.reason,
        "effects": s.effects,
        "rendered": s.rendered.as_ref().map(|(field, r)| json!({
            "field": field,
            "text": r.text,
            "unresolved": r.unresolved,
            "complete": r.complete,
            "error": r.error,
        })),
        "outputs": s.outputs,
        "notes": s.notes,
        "start": (s.start != u64::MAX).then_some(s.start),
        "duration": s.duration,
        "critical": s.critical,
    })
}

fn run_json(run: &Run) -> Value {
    let mut v = json!({
        "file": run.file,
        "engine": run.engine.name(),
        "dryRun": true,
        "status": run.status(),
        "goldenPath": run.golden_path,
        "parameters": run.parameters,
        "notes": run.notes,
    });
    if let Some(r) = &run.resource {
        v["resource"] = json!({
            "name": r.name,
            "type": r.resource_type,
            "provider": r.provider,
            "workflow": r.workflow,
        });
    }
    match &run.outcome {
        Outcome::Simulated(wf, sim) => {
            let groups: Vec<Value> = sim
                .plan
                .groups
                .iter()
                .map(|g| {
                    json!({
                        "label": g.label,
                        "steps": g.steps.iter().map(|&i| wf.steps[i].name.clone()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            v["workflow"] = json!(wf.name);
            v["error"] = json!(sim.error);
            v["plan"] = json!({ "groups": groups });
            v["steps"] = Value::Array(sim.steps.iter().map(|s| step_json(s, sim)).collect());
            v["variables"] = json!(sim.variables);
            v["warnings"] = json!(sim.warnings);
            v["duration"] = json!(sim.duration);
            v["criticalPath"] = json!(sim.critical_path);
        }
        Outcome::Unplannable(wf, e) => {
            let PlanError::Cycle(path) = e;
            v["workflow"] = json!(wf.name);
            v["error"] = json!(e.to_string());
            v["cycle"] = json!(path);
            v["steps"] = json!([]);
        }
        Outcome::Unresolved(e) => {
            v["error"] = json!(e);
            v["steps"] = json!([]);
        }
    }
    v
}

pub(super) fn to_json(report: &Report) -> Value {
    match &report.score {
        None if report.runs.len() == 1 => run_json(&report.runs[0]),
        _ => {
            let runs: Vec<Value> = report.runs.iter().map(run_json).collect();
            let mut steps = Vec::new();
            for (run, v) in report.runs.iter().zip(&runs) {
                for s in v["steps"].as_array().into_iter().flatten() {
                    let mut s = s.clone();
                    if let Some(r) = &run.resource {
                        s["resource"] = json!(r.name);
                    }
                    steps.push(s);
                }
            }
            let (file, app) = report.score.clone().unwrap_or_default();
            json!({
                "file": file,
                "application": app,
                "engine": report.engine.name(),
                "dryRun": true,
                "status": report.status(),
                "runs": runs,
                "steps": steps,
                "warnings": report.warnings,
            })
        }
    }
}
