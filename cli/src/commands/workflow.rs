//! `innominatus workflow test FILE --dry-run`: simulates one workflow (DESIGN.md §6) and prints
//! the timeline as text or JSON. The engine describes side effects; nothing is executed.

use super::check::{EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE};
use crate::args::{DryRunFormat, EngineArg, WorkflowArgs, WorkflowCommand, WorkflowTestArgs};
use innominatus_engine::kind::DocumentKind;
use innominatus_engine::plan::{
    simulate, Engine, Fate, PlanError, Scenario, Simulation, StepOutcome, WorkflowSpec,
};
use innominatus_engine::source::SourceFile;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Arc;

pub fn run(args: &WorkflowArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<i32> {
    match &args.command {
        WorkflowCommand::Test(t) => test(t, out, err),
    }
}

fn split_pair<'a>(text: &'a str, flag: &str) -> Result<(&'a str, &'a str), String> {
    text.split_once('=')
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| format!("error: --{flag} expects KEY=VALUE, got `{text}`"))
}

fn scenario(args: &WorkflowTestArgs) -> Result<(BTreeMap<String, String>, Scenario), String> {
    let mut params = BTreeMap::new();
    for p in &args.params {
        let (k, v) = split_pair(p, "param")?;
        params.insert(k.to_string(), v.to_string());
    }
    let mut scenario = Scenario::default();
    for f in &args.fail {
        let (step, message) = f.split_once('=').unwrap_or((f.as_str(), ""));
        scenario.fail.insert(step.to_string(), message.to_string());
    }
    scenario.timeout.extend(args.timeout.iter().cloned());
    for o in &args.outputs {
        let (left, value) = split_pair(o, "output")?;
        let (step, key) = left
            .split_once('.')
            .filter(|(s, k)| !s.is_empty() && !k.is_empty())
            .ok_or_else(|| format!("error: --output expects STEP.KEY=VALUE, got `{o}`"))?;
        scenario
            .outputs
            .entry(step.to_string())
            .or_default()
            .insert(key.to_string(), value.to_string());
    }
    Ok((params, scenario))
}

fn test(args: &WorkflowTestArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<i32> {
    let (params, scenario) = match scenario(args) {
        Ok(x) => x,
        Err(message) => {
            writeln!(err, "{message}")?;
            return Ok(EXIT_TROUBLE);
        }
    };
    let display = args.file.display().to_string();
    let bytes = match std::fs::read(&args.file) {
        Ok(b) => b,
        Err(e) => {
            writeln!(err, "error: cannot read {display}: {e}")?;
            return Ok(EXIT_TROUBLE);
        }
    };
    let src = SourceFile::parse(Arc::from(display.as_str()), &bytes);
    let found = src
        .parsed
        .documents
        .iter()
        .zip(&src.kinds)
        .find_map(|(doc, kind)| WorkflowSpec::from_document(doc, *kind));
    let Some(wf) = found else {
        let hint = if src.kinds.contains(&DocumentKind::Score) {
            " (resolving a Score spec's resources to provider workflows is not supported yet)"
        } else {
            ""
        };
        writeln!(err, "error: {display} holds no workflow{hint}")?;
        return Ok(EXIT_TROUBLE);
    };
    let engine = match args.engine {
        EngineArg::Documented => Engine::Documented,
        EngineArg::Live => Engine::Live,
    };
    match simulate(&wf, engine, &params, &scenario) {
        Ok(sim) => {
            match args.format {
                DryRunFormat::Json => {
                    serde_json::to_writer_pretty(&mut *out, &to_json(&display, &wf, &sim))?;
                    writeln!(out)?;
                }
                DryRunFormat::Text => text(out, &display, &wf, &sim)?,
            }
            Ok(if sim.status == Fate::Succeeded {
                EXIT_CLEAN
            } else {
                EXIT_FINDINGS
            })
        }
        Err(e @ PlanError::Cycle(_)) => {
            match args.format {
                DryRunFormat::Json => {
                    let PlanError::Cycle(path) = &e;
                    let v = json!({
                        "file": display,
                        "workflow": wf.name,
                        "engine": engine.name(),
                        "status": "invalid",
                        "error": e.to_string(),
                        "cycle": path,
                        "steps": [],
                    });
                    serde_json::to_writer_pretty(&mut *out, &v)?;
                    writeln!(out)?;
                }
                DryRunFormat::Text => writeln!(out, "{display}: cannot plan: {e}")?,
            }
            Ok(EXIT_FINDINGS)
        }
    }
}

fn step_json(s: &StepOutcome) -> Value {
    json!({
        "name": s.name,
        "type": s.step_type,
        "status": s.status.name(),
        "attempts": s.attempts,
        "group": s.group,
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
    })
}

fn to_json(file: &str, wf: &WorkflowSpec, sim: &Simulation) -> Value {
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
    json!({
        "file": file,
        "workflow": wf.name,
        "engine": sim.plan.engine.name(),
        "dryRun": true,
        "status": sim.status.name(),
        "error": sim.error,
        "plan": { "groups": groups },
        "steps": sim.steps.iter().map(step_json).collect::<Vec<_>>(),
        "variables": sim.variables,
        "warnings": sim.warnings,
    })
}

fn mark(f: Fate) -> &'static str {
    match f {
        Fate::Succeeded => "ok     ",
        Fate::Failed => "FAILED ",
        Fate::Skipped => "skipped",
        Fate::NotRun => "not run",
        Fate::TimedOut => "TIMEOUT",
    }
}

fn text(
    out: &mut dyn Write,
    file: &str,
    wf: &WorkflowSpec,
    sim: &Simulation,
) -> std::io::Result<()> {
    let label = match sim.plan.engine {
        Engine::Documented => {
            "documented semantics (what the docs promise, not what the server does)"
        }
        Engine::Live => "live engine (what the server does today)",
    };
    writeln!(
        out,
        "dry run of workflow {} ({file}), {label}; nothing is executed",
        wf.name.as_deref().unwrap_or("(unnamed)")
    )?;
    let mut group = usize::MAX;
    for s in &sim.steps {
        if s.group != group {
            group = s.group;
            let g = &sim.plan.groups[group];
            writeln!(out, "\ngroup {} ({})", group + 1, g.label)?;
        }
        writeln!(out, "  {} {} [{}]", mark(s.status), s.name, s.step_type)?;
        if let Some(reason) = &s.reason {
            writeln!(out, "      because: {reason}")?;
        }
        for e in &s.effects {
            writeln!(out, "      would: {e}")?;
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
            writeln!(out, "      rendered {field}{about}:")?;
            for line in r.text.lines() {
                writeln!(out, "        | {line}")?;
            }
        }
        for (k, v) in &s.outputs {
            writeln!(out, "      output: {k} = {v}")?;
        }
        for n in &s.notes {
            writeln!(out, "      note: {n}")?;
        }
    }
    if !sim.warnings.is_empty() {
        writeln!(out, "\nwarnings:")?;
        for w in &sim.warnings {
            writeln!(out, "  - {w}")?;
        }
    }
    match &sim.error {
        Some(e) => writeln!(out, "\nresult: failed: {e}"),
        None => writeln!(out, "\nresult: {}", sim.status.name()),
    }
}
