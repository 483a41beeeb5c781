//! The report as a Mermaid gantt chart: a section per plan group (per resource for a Score
//! spec), a task per step at its simulated start and end.

use super::report::{Outcome, Report};
use crate::plan::policy::STEP_TIMEOUT_SECS;
use crate::plan::Fate;
use std::fmt::Write as _;

/// Mermaid forbids `:` and `;` in task names and `#` starts an entity.
fn mermaid_name(name: &str) -> String {
    name.chars()
        .map(|c| if matches!(c, ':' | ';' | '#') { '_' } else { c })
        .collect()
}

pub(super) fn mermaid(report: &Report) -> String {
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
