//! The report as text: a timeline per run, group by group, with each step's fate, effects,
//! rendered template, outputs and notes, then the duration and result.

use super::report::{Outcome, Report, Run};
use crate::plan::policy::format_duration;
use crate::plan::{Engine, Fate, StepOutcome};
use std::collections::BTreeMap;
use std::fmt::Write as _;

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
        Engine::Dormant => {
            "dormant engine (the platform's executeResolvedWorkflow, not called today)"
        }
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

pub(super) fn text(report: &Report) -> String {
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
