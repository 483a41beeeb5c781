//! The report as one self-contained HTML page (`--format html`): per run, a timeline with a
//! lane per plan group and a bar per step on a shared time axis (fate by colour, critical path
//! outlined, retries as segments), a legend, and a details panel per step (why it runs or not,
//! effects, the rendered script, outputs, notes). No network: the stylesheet and the small
//! script that opens a panel when its bar is clicked are inlined (`html/page.css`,
//! `html/page.js`). DOM hooks for tests: each bar is `a.step[data-step][data-fate]`, each panel
//! `details.step-details[data-step][data-fate]`, each run `section.run[data-status]`.

use super::report::{Outcome, Report, Run};
use crate::plan::policy::{format_duration, STEP_TIMEOUT_SECS};
use crate::plan::{Fate, Simulation, StepOutcome, StepSpec, WorkflowSpec};
use std::fmt::Write as _;

const STYLE: &str = include_str!("html/page.css");
const SCRIPT: &str = include_str!("html/page.js");

/// Text for HTML element content and quoted attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// How a fate is named on the page (the legend, the panels' titles).
fn fate_label(fate: Fate) -> &'static str {
    match fate {
        Fate::Succeeded => "ran, succeeded",
        Fate::Failed => "failed",
        Fate::Skipped => "skipped",
        Fate::NotRun => "not run",
        Fate::TimedOut => "timed out",
        Fate::RolledBack => "ran, rolled back",
    }
}

fn title(report: &Report) -> String {
    if let Some((file, app)) = &report.score {
        return format!("Dry run of Score spec {file} (application {app})");
    }
    match report.runs.first().map(|r| (&r.outcome, &r.file)) {
        Some((Outcome::Simulated(wf, _) | Outcome::Unplannable(wf, _), file)) => format!(
            "Dry run of workflow {} ({file})",
            wf.name.as_deref().unwrap_or("(unnamed)")
        ),
        Some((Outcome::Unresolved(_), file)) => format!("Dry run of {file}"),
        None => "Dry run".to_string(),
    }
}

pub(super) fn html(report: &Report) -> String {
    let title = title(report);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n",
        esc(&title),
        esc(&title)
    );
    let status = report.status();
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} engine · nothing is executed · result \
         <span class=\"badge {status}\" id=\"result\">{status}</span></p>",
        report.engine.name()
    );
    legend(&mut out);
    out.push_str("</header>\n<main>\n");
    for (n, run) in report.runs.iter().enumerate() {
        run_html(&mut out, n, run);
    }
    for w in &report.warnings {
        let _ = writeln!(out, "<p class=\"warning\">warning: {}</p>", esc(w));
    }
    let _ = write!(
        out,
        "</main>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n"
    );
    out
}

fn legend(out: &mut String) {
    out.push_str("<ul class=\"legend\" aria-label=\"legend\">\n");
    for fate in Fate::ALL {
        let _ = writeln!(
            out,
            "<li><span class=\"step swatch fate-{}\"></span>{}</li>",
            fate.name(),
            fate_label(fate)
        );
    }
    out.push_str(
        "<li><span class=\"step swatch fate-succeeded critical\"></span>on the critical path</li>\n\
         <li><span class=\"step swatch fate-succeeded attempts-many\" style=\"--attempt: 33.33%\">\
         </span>retried (one segment per attempt)</li>\n</ul>\n",
    );
}

fn run_html(out: &mut String, n: usize, run: &Run) {
    let _ = writeln!(
        out,
        "<section class=\"run\" id=\"run-{n}\" data-status=\"{}\">",
        run.status()
    );
    let heading = match (&run.resource, &run.outcome) {
        (Some(r), _) => format!("resource {} ({})", r.name, r.resource_type),
        (None, Outcome::Simulated(wf, _) | Outcome::Unplannable(wf, _)) => {
            format!("workflow {}", wf.name.as_deref().unwrap_or("(unnamed)"))
        }
        (None, Outcome::Unresolved(_)) => run.file.clone(),
    };
    let _ = writeln!(
        out,
        "<h2>{} <span class=\"badge {}\">{}</span></h2>",
        esc(&heading),
        run.status(),
        run.status()
    );
    let mut meta = vec![
        format!("file {}", run.file),
        format!("{} engine", run.engine.name()),
    ];
    if let Some(r) = &run.resource {
        if let (Some(p), Some(w)) = (&r.provider, &r.workflow) {
            meta.push(format!("provider {p}, workflow {w}"));
        }
    }
    if let Some(gp) = &run.golden_path {
        meta.push(format!("golden path {gp}"));
    }
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", esc(&meta.join(" · ")));
    for note in &run.notes {
        let _ = writeln!(out, "<p class=\"meta\">note: {}</p>", esc(note));
    }
    match &run.outcome {
        Outcome::Simulated(wf, sim) => simulation_html(out, n, wf, sim),
        Outcome::Unplannable(_, e) => {
            let _ = writeln!(
                out,
                "<p class=\"problem\">cannot plan: {}</p>",
                esc(&e.to_string())
            );
        }
        Outcome::Unresolved(e) => {
            let _ = writeln!(out, "<p class=\"problem\">cannot run: {}</p>", esc(e));
        }
    }
    out.push_str("</section>\n");
}

/// When a step starts and ends on the page's axis; a step that never starts sits at its
/// recorded start (0 when the timeline left none), one that never finishes runs to the timeout.
fn extent(s: &StepOutcome) -> (u64, u64) {
    let start = if s.start == u64::MAX { 0 } else { s.start };
    match s.duration {
        _ if s.attempts == 0 => (start, start),
        Some(d) => (start, start + d),
        None => (start, start + STEP_TIMEOUT_SECS),
    }
}

fn percent(part: u64, whole: u64) -> String {
    format!("{:.3}%", part as f64 * 100.0 / whole as f64)
}

fn simulation_html(out: &mut String, n: usize, wf: &WorkflowSpec, sim: &Simulation) {
    let end = sim
        .steps
        .iter()
        .map(|s| extent(s).1)
        .max()
        .unwrap_or(0)
        .max(1);
    out.push_str(
        "<div class=\"timeline\">\n<div class=\"axis\"><span></span><div class=\"ticks\">",
    );
    for quarter in 0..=4u64 {
        let at = end * quarter / 4;
        let _ = write!(
            out,
            "<span class=\"tick\" style=\"left: {}\">{}</span>",
            percent(at, end),
            format_duration(at)
        );
    }
    out.push_str("</div></div>\n");
    for (g, group) in sim.plan.groups.iter().enumerate() {
        let _ = writeln!(
            out,
            "<div class=\"lane\" data-group=\"{}\"><div class=\"lane-label\"><strong>group {}</strong>{}</div>\
             <div class=\"track\">",
            g + 1,
            g + 1,
            esc(&group.label)
        );
        for (i, s) in sim.steps.iter().enumerate().filter(|(_, s)| s.group == g) {
            bar(out, n, i, s, end);
        }
        out.push_str("</div></div>\n");
    }
    out.push_str("</div>\n");
    let duration = sim
        .duration
        .map_or_else(|| "never finishes".to_string(), format_duration);
    let _ = write!(out, "<p class=\"meta\">estimated duration: {duration}");
    if !sim.critical_path.is_empty() {
        let _ = write!(
            out,
            " · critical path: {}",
            esc(&sim.critical_path.join(" → "))
        );
    }
    out.push_str("</p>\n");
    if let Some(e) = &sim.error {
        let _ = writeln!(out, "<p class=\"problem\">result: failed: {}</p>", esc(e));
    }
    for w in &sim.warnings {
        let _ = writeln!(out, "<p class=\"warning\">warning: {}</p>", esc(w));
    }
    out.push_str("<div class=\"details\">\n");
    for (i, s) in sim.steps.iter().enumerate() {
        details(out, n, i, s, wf.steps.get(s.index));
    }
    out.push_str("</div>\n");
}

fn bar(out: &mut String, run: usize, i: usize, s: &StepOutcome, end: u64) {
    let (start, finish) = extent(s);
    let mut classes = vec!["step".to_string(), format!("fate-{}", s.status.name())];
    let mut style = format!("left: {}", percent(start, end));
    if finish == start {
        classes.push("zero".into());
        // A marker's name is written beside it: on its left in the right half, so it stays
        // inside the timeline.
        if start * 2 > end {
            classes.push("label-left".into());
        }
    } else {
        let _ = write!(style, "; width: {}", percent(finish - start, end));
    }
    if s.duration.is_none() && s.attempts > 0 {
        classes.push("never".into());
    }
    if s.critical {
        classes.push("critical".into());
    }
    if s.attempts > 1 {
        classes.push("attempts-many".into());
        let _ = write!(style, "; --attempt: {:.3}%", 100.0 / f64::from(s.attempts));
    }
    let attempts = if s.attempts > 1 {
        format!("<span class=\"attempts\">×{}</span>", s.attempts)
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "<div class=\"row\"><a class=\"{}\" href=\"#r{run}s{i}\" style=\"{style}\" data-step=\"{}\" \
         data-fate=\"{}\" data-attempts=\"{}\" title=\"{}\"><span class=\"name\">{}</span>{attempts}</a></div>",
        classes.join(" "),
        esc(&s.name),
        s.status.name(),
        s.attempts,
        esc(&format!("{} [{}]: {}", s.name, s.step_type, fate_label(s.status))),
        esc(&s.name)
    );
}

/// Why the step runs when nothing stopped it: its conditions and what it waits for.
fn why_it_runs(spec: Option<&StepSpec>) -> String {
    let Some(spec) = spec else {
        return "it is in the plan".into();
    };
    let mut why = Vec::new();
    if !spec.depends_on.is_empty() {
        why.push(format!("after {}", spec.depends_on.join(", ")));
    }
    if let Some(w) = &spec.when {
        why.push(format!("when: {w}"));
    }
    if let Some(c) = &spec.condition_if {
        why.push(format!("if: {c}"));
    }
    if let Some(c) = &spec.condition_unless {
        why.push(format!("unless: {c}"));
    }
    if why.is_empty() {
        "unconditional, in its group's order".into()
    } else {
        why.join("; ")
    }
}

fn details(out: &mut String, run: usize, i: usize, s: &StepOutcome, spec: Option<&StepSpec>) {
    let (start, finish) = extent(s);
    let span = match (s.attempts, s.duration) {
        (0, _) => "never starts".to_string(),
        (_, Some(_)) => format!("{} → {}", format_duration(start), format_duration(finish)),
        (_, None) => format!("{} → never", format_duration(start)),
    };
    let _ = writeln!(
        out,
        "<details class=\"step-details\" id=\"r{run}s{i}\" data-step=\"{}\" data-fate=\"{}\">\
         <summary><strong>{}</strong> <code>{}</code> — {}{}, {span}</summary><dl>",
        esc(&s.name),
        s.status.name(),
        esc(&s.name),
        esc(&s.step_type),
        fate_label(s.status),
        if s.critical { ", critical path" } else { "" },
    );
    let mut row = |term: &str, value: String| {
        let _ = writeln!(out, "<dt>{term}</dt><dd>{value}</dd>");
    };
    match &s.reason {
        Some(reason) => row("because", esc(reason)),
        None => row("runs", esc(&why_it_runs(spec))),
    }
    if s.attempts > 1 {
        row("attempts", s.attempts.to_string());
    }
    for e in &s.effects {
        row("would", esc(e));
    }
    if let Some((field, r)) = &s.rendered {
        let mut about = Vec::new();
        if !r.unresolved.is_empty() {
            about.push(format!("unresolved: {}", r.unresolved.join(", ")));
        }
        if !r.complete {
            about.push("partly rendered".into());
        }
        if let Some(e) = &r.error {
            about.push(e.clone());
        }
        let about = if about.is_empty() {
            String::new()
        } else {
            format!("<p class=\"problem\">{}</p>", esc(&about.join("; ")))
        };
        row(
            &format!("rendered {}", esc(field)),
            format!("{about}<pre>{}</pre>", esc(&r.text)),
        );
    }
    for (k, v) in &s.outputs {
        row(
            "output",
            format!("<code>{}</code> = <code>{}</code>", esc(k), esc(v)),
        );
    }
    for note in &s.notes {
        row("note", esc(note));
    }
    out.push_str("</dl></details>\n");
}
