//! The dry-run report as text (a timeline), JSON (documented in the README) and a Mermaid
//! gantt chart. One report holds one run, or one run per resource of a Score spec.

use innominatus_engine::plan::policy::{format_duration, STEP_TIMEOUT_SECS};
use innominatus_engine::plan::{Engine, Fate, PlanError, Simulation, StepOutcome, WorkflowSpec};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The Score resource a run provisions.
pub struct ResourceInfo {
    pub name: String,
    pub resource_type: String,
    pub provider: Option<String>,
    pub workflow: Option<String>,
}

pub enum Outcome {
    Simulated(WorkflowSpec, Simulation),
    /// The plan was refused (a `dependsOn` cycle).
    Unplannable(WorkflowSpec, PlanError),
    /// A Score resource that resolves to no workflow, with the engine's error.
    Unresolved(String),
}

/// One simulated workflow.
pub struct Run {
    /// The workflow file.
    pub file: String,
    /// The engine that runs it (a Score spec's embedded workflows always run on the legacy
    /// runner).
    pub engine: Engine,
    pub resource: Option<ResourceInfo>,
    pub golden_path: Option<String>,
    /// The parameters the run started with (after defaults).
    pub parameters: BTreeMap<String, String>,
    /// Remarks about the inputs (defaults applied, required parameters missing).
    pub notes: Vec<String>,
    pub outcome: Outcome,
}

impl Run {
    pub fn status(&self) -> &'static str {
        match &self.outcome {
            Outcome::Simulated(_, sim) => sim.status.name(),
            _ => "invalid",
        }
    }
}

/// Everything one invocation reports.
pub struct Report {
    pub engine: Engine,
    /// The Score spec, when the runs come from one.
    pub score: Option<(String, String)>,
    pub runs: Vec<Run>,
    /// Remarks about the whole invocation (a Score spec's scenario naming unknown steps).
    pub warnings: Vec<String>,
}

impl Report {
    pub fn status(&self) -> &'static str {
        let statuses: Vec<&str> = self.runs.iter().map(Run::status).collect();
        if statuses.contains(&"invalid") {
            "invalid"
        } else if statuses.contains(&"failed") {
            "failed"
        } else {
            "succeeded"
        }
    }
}

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

pub fn to_json(report: &Report) -> Value {
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

fn mark(f: Fate) -> &'static str {
    match f {
        Fate::Succeeded => "ok     ",
        Fate::Failed => "FAILED ",
        Fate::Skipped => "skipped",
        Fate::NotRun => "not run",
        Fate::TimedOut => "TIMEOUT",
        Fate::RolledBack => "undone ",
    }
}

fn engine_label(engine: Engine) -> &'static str {
    match engine {
        Engine::Documented => {
            "documented semantics (what the docs promise, not what the server does)"
        }
        Engine::Live => "live engine (what the server does today)",
        Engine::Legacy => "legacy runner (Score-embedded workflows and retries)",
    }
}

fn span_text(s: &StepOutcome) -> String {
    if s.attempts == 0 {
        return String::new();
    }
    match s.duration {
        Some(d) => format!(
            "  [{} → {}]",
            format_duration(s.start),
            format_duration(s.start + d)
        ),
        None => format!("  [{} → never]", format_duration(s.start)),
    }
}

pub fn text(report: &Report) -> String {
    let mut out = String::new();
    if let Some((file, app)) = &report.score {
        let _ = writeln!(
            out,
            "dry run of Score spec {file} (application {app}): {} resource(s), {}; nothing is executed",
            report.runs.len(),
            engine_label(report.engine)
        );
    }
    for (n, run) in report.runs.iter().enumerate() {
        if report.score.is_some() || n > 0 {
            out.push('\n');
        }
        run_text(&mut out, run, report.score.is_some());
    }
    if report.score.is_some() {
        let counts = report.runs.iter().fold(BTreeMap::new(), |mut m, r| {
            *m.entry(r.status()).or_insert(0) += 1;
            m
        });
        let parts: Vec<String> = counts.iter().map(|(k, v)| format!("{v} {k}")).collect();
        for w in &report.warnings {
            let _ = writeln!(out, "\nwarning: {w}");
        }
        let _ = writeln!(out, "\nresult: {} ({})", report.status(), parts.join(", "));
    }
    out
}

fn run_text(out: &mut String, run: &Run, in_score: bool) {
    let engine = run.engine;
    if let Some(r) = &run.resource {
        let _ = write!(out, "resource {} ({})", r.name, r.resource_type);
        match (&r.provider, &r.workflow) {
            (Some(p), Some(w)) => {
                let _ = writeln!(out, " → provider {p}, workflow {w} ({})", run.file);
            }
            _ => out.push('\n'),
        }
    }
    let wf = match &run.outcome {
        Outcome::Simulated(wf, _) | Outcome::Unplannable(wf, _) => wf,
        Outcome::Unresolved(e) => {
            let _ = writeln!(out, "  cannot run: {e}");
            return;
        }
    };
    if in_score && run.resource.is_none() {
        let _ = writeln!(
            out,
            "embedded workflow {} ({})",
            wf.name.as_deref().unwrap_or("(unnamed)"),
            engine_label(engine)
        );
    }
    if !in_score {
        let _ = writeln!(
            out,
            "dry run of workflow {} ({}), {}; nothing is executed",
            wf.name.as_deref().unwrap_or("(unnamed)"),
            run.file,
            engine_label(engine)
        );
    }
    if let Some(gp) = &run.golden_path {
        let _ = writeln!(out, "golden path {gp}");
    }
    for n in &run.notes {
        let _ = writeln!(out, "note: {n}");
    }
    let sim = match &run.outcome {
        Outcome::Simulated(_, sim) => sim,
        Outcome::Unplannable(_, e) => {
            let _ = writeln!(out, "{}: cannot plan: {e}", run.file);
            return;
        }
        Outcome::Unresolved(_) => return,
    };
    let mut group = usize::MAX;
    for s in &sim.steps {
        if s.group != group {
            group = s.group;
            let g = &sim.plan.groups[group];
            let _ = writeln!(out, "\ngroup {} ({})", group + 1, g.label);
        }
        let attempts = if s.attempts > 1 {
            format!(" ({} attempts)", s.attempts)
        } else {
            String::new()
        };
        let critical = if s.critical { " *" } else { "" };
        let _ = writeln!(
            out,
            "  {} {} [{}]{attempts}{}{critical}",
            mark(s.status),
            s.name,
            s.step_type,
            span_text(s)
        );
        if let Some(reason) = &s.reason {
            let _ = writeln!(out, "      because: {reason}");
        }
        for e in &s.effects {
            let _ = writeln!(out, "      would: {e}");
        }
        if let Some((field, r)) = &s.rendered {
            let mut about = Vec::new();
            if !r.unresolved.is_empty() {
                about.push(format!("unresolved: {}", r.unresolved.join(", ")));
            }
            if !r.complete {
                about.push("partly rendered".into());
            }
            let about = if about.is_empty() {
                String::new()
            } else {
                format!(" ({})", about.join("; "))
            };
            let _ = writeln!(out, "      rendered {field}{about}:");
            for line in r.text.lines() {
                let _ = writeln!(out, "        | {line}");
            }
        }
        for (k, v) in &s.outputs {
            let _ = writeln!(out, "      output: {k} = {v}");
        }
        for n in &s.notes {
            let _ = writeln!(out, "      note: {n}");
        }
    }
    if !sim.warnings.is_empty() {
        let _ = writeln!(out, "\nwarnings:");
        for w in &sim.warnings {
            let _ = writeln!(out, "  - {w}");
        }
    }
    let duration = sim
        .duration
        .map_or_else(|| "never finishes".to_string(), format_duration);
    let path = if sim.critical_path.is_empty() {
        String::new()
    } else {
        format!("; critical path (*): {}", sim.critical_path.join(" → "))
    };
    let _ = writeln!(out, "\nestimated duration: {duration}{path}");
    match &sim.error {
        Some(e) => {
            let _ = writeln!(out, "result: failed: {e}");
        }
        None => {
            let _ = writeln!(out, "result: {}", sim.status.name());
        }
    }
}

/// Mermaid forbids `:` and `;` in task names and `#` starts an entity.
fn mermaid_name(name: &str) -> String {
    name.chars()
        .map(|c| if matches!(c, ':' | ';' | '#') { '_' } else { c })
        .collect()
}

pub fn mermaid(report: &Report) -> String {
    let mut out = String::from("gantt\n");
    let title = match (&report.score, report.runs.first()) {
        (Some((file, _)), _) => file.clone(),
        (None, Some(run)) => match &run.outcome {
            Outcome::Simulated(wf, _) | Outcome::Unplannable(wf, _) => {
                wf.name.clone().unwrap_or_else(|| run.file.clone())
            }
            Outcome::Unresolved(_) => run.file.clone(),
        },
        _ => String::new(),
    };
    let _ = writeln!(
        out,
        "    title {} (dry run, {} engine)",
        mermaid_name(&title),
        report.engine.name()
    );
    out.push_str("    dateFormat X\n    axisFormat %H:%M:%S\n");
    for (ri, run) in report.runs.iter().enumerate() {
        let prefix = run
            .resource
            .as_ref()
            .map(|r| format!("{} ", mermaid_name(&r.name)))
            .unwrap_or_default();
        let Outcome::Simulated(_, sim) = &run.outcome else {
            let _ = writeln!(out, "    section {prefix}cannot run");
            continue;
        };
        let mut group = usize::MAX;
        for (si, s) in sim.steps.iter().enumerate() {
            if s.group != group {
                group = s.group;
                let _ = writeln!(
                    out,
                    "    section {prefix}{} {}",
                    group + 1,
                    mermaid_name(&sim.plan.groups[group].label)
                );
            }
            let start = if s.start == u64::MAX { 0 } else { s.start };
            let mut tags: Vec<&str> = Vec::new();
            let (end, suffix) = match (s.attempts, s.duration) {
                (0, _) => (start, format!(" ({})", s.status.name())),
                (_, Some(d)) => (start + d, String::new()),
                (_, None) => (start + STEP_TIMEOUT_SECS, " (never finishes)".to_string()),
            };
            match s.status {
                Fate::Succeeded | Fate::RolledBack => tags.push("done"),
                Fate::Failed | Fate::TimedOut => tags.push("crit"),
                Fate::Skipped | Fate::NotRun => tags.push("milestone"),
            }
            if s.critical && !tags.contains(&"crit") {
                tags.push("crit");
            }
            let status = match s.status {
                Fate::Failed | Fate::TimedOut | Fate::RolledBack => {
                    format!(" ({})", s.status.name())
                }
                _ => String::new(),
            };
            let suffix = if suffix.is_empty() { status } else { suffix };
            let _ = writeln!(
                out,
                "    {}{suffix} :{}, r{ri}s{si}, {start}, {end}",
                mermaid_name(&s.name),
                tags.join(", "),
            );
        }
    }
    out
}
