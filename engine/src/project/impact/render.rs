//! The impact report as text (terminals), JSON (tools) and Markdown (a pull-request
//! comment: one table per kind of node, then the findings).

use super::{Finding, Impact};
use crate::graph::impact::{Affected, Cause};
use crate::graph::{Highlight, HtmlOptions};
use serde_json::{json, Value};
use std::fmt::Write;

/// Kinds in the order the report lists them, with their heading.
const KINDS: &[(&str, &str)] = &[
    ("application", "Applications"),
    ("container", "Containers"),
    ("resource", "Score resources"),
    ("provider", "Providers"),
    ("workflow", "Workflows"),
    ("step", "Steps"),
    ("golden-path", "Golden paths"),
    ("environment", "Environments"),
    ("team", "Teams"),
];

/// A node's id without its kind: `orders-api/db`, `workflows/deploy-app.yaml/preflight`.
/// Unlike the label it tells apart two things of the same name.
fn name(id: &str) -> &str {
    id.split_once(':').map_or(id, |(_, rest)| rest)
}

/// Why a node is affected: what happened to a starting point, or the edges from one.
pub fn why(a: &Affected) -> String {
    match &a.cause {
        Cause::Resolution { before, after } => {
            format!("resolution changed: {before} before, {after} now")
        }
        Cause::Dependent => {
            let mut text = a.root.clone();
            let mut at = a.root.as_str();
            for hop in &a.path {
                if hop.from == at {
                    let _ = write!(text, " → {} → {}", hop.kind.as_str(), hop.to);
                    at = &hop.to;
                } else {
                    let _ = write!(text, " ← {} ← {}", hop.kind.as_str(), hop.from);
                    at = &hop.from;
                }
            }
            if a.before {
                text.push_str(" (before the change)");
            }
            if let Some((before, after)) = &a.resolution {
                let _ = write!(text, "; resolved to {before} before, {after} now");
            }
            text
        }
        Cause::Changed => "declared in a changed file".to_string(),
        Cause::Added => "added by this change".to_string(),
        Cause::Removed => "removed by this change (its place is the base's)".to_string(),
    }
}

fn summary(impact: &Impact) -> String {
    let count = |kind: &str| {
        impact
            .affected
            .iter()
            .filter(|a| a.kind.base() == kind)
            .count()
    };
    let mut text = format!(
        "{} changed file(s), {} affected node(s): {} application(s), {} golden path(s)",
        impact.changed.len(),
        impact.affected.len(),
        count("application"),
        count("golden-path"),
    );
    if impact.compared {
        let _ = write!(
            text,
            "; {} new finding(s), {} gone",
            impact.new_findings.len(),
            impact.gone_findings.len()
        );
    } else {
        text.push_str("; findings not compared (no base)");
    }
    text
}

pub fn to_text(impact: &Impact) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Changed files:");
    for c in &impact.changed {
        let _ = writeln!(out, "  {:<9} {}", c.status.as_str(), c.path);
    }
    if impact.changed.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for (kind, heading) in KINDS {
        let rows: Vec<&Affected> = impact
            .affected
            .iter()
            .filter(|a| a.kind.base() == *kind)
            .collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{heading} ({}):", rows.len());
        for a in rows {
            let _ = writeln!(out, "  {}  {}:{}", name(&a.id), a.file, a.line);
            let _ = writeln!(out, "    why: {}", why(a));
        }
    }
    if impact.compared {
        for (heading, list) in [
            ("New findings", &impact.new_findings),
            ("Gone findings", &impact.gone_findings),
        ] {
            let _ = writeln!(out, "\n{heading} ({}):", list.len());
            for f in list.iter() {
                let _ = writeln!(
                    out,
                    "  {}:{}:{}: {} {}[{}] {}",
                    f.file,
                    f.line,
                    f.column,
                    f.severity.as_str(),
                    f.code,
                    f.name,
                    f.message
                );
            }
        }
    }
    let _ = writeln!(out, "\n{}", summary(impact));
    out
}

/// A Markdown table cell: one line, pipes escaped.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

fn code(text: &str) -> String {
    // A backtick inside would end the code span; such names are rare enough to show plainly.
    if text.contains('`') {
        cell(text)
    } else {
        format!("`{}`", cell(text))
    }
}

pub fn to_markdown(impact: &Impact) -> String {
    let mut out = String::from("## Impact of this change\n\n");
    let _ = writeln!(out, "{}\n", summary(impact));
    out.push_str("### Changed files\n\n| Status | File |\n|---|---|\n");
    for c in &impact.changed {
        let _ = writeln!(out, "| {} | {} |", c.status.as_str(), code(&c.path));
    }
    for (kind, heading) in KINDS {
        let rows: Vec<&Affected> = impact
            .affected
            .iter()
            .filter(|a| a.kind.base() == *kind)
            .collect();
        if rows.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "\n### {heading} ({})\n\n| Kind | Name | File:line | Why (edge path) |\n|---|---|---|---|\n",
            rows.len()
        );
        for a in rows {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&a.kind.name()),
                code(name(&a.id)),
                code(&format!("{}:{}", a.file, a.line)),
                cell(&why(a))
            );
        }
    }
    if impact.compared {
        for (heading, list) in [
            ("New findings", &impact.new_findings),
            ("Gone findings", &impact.gone_findings),
        ] {
            let _ = write!(out, "\n### {heading} ({})\n\n", list.len());
            if list.is_empty() {
                out.push_str("None.\n");
                continue;
            }
            out.push_str("| Severity | Code | File:line | Message |\n|---|---|---|---|\n");
            for f in list.iter() {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    f.severity.as_str(),
                    code(f.code),
                    code(&format!("{}:{}", f.file, f.line)),
                    cell(&f.message)
                );
            }
        }
    } else {
        out.push_str("\nFindings were not compared: `--changed` names files without a base.\n");
    }
    out
}

fn finding_json(f: &Finding) -> Value {
    json!({
        "code": f.code,
        "name": f.name,
        "severity": f.severity.as_str(),
        "file": f.file,
        "line": f.line,
        "column": f.column,
        "message": f.message,
    })
}

pub fn to_json(impact: &Impact) -> String {
    let affected: Vec<Value> = impact
        .affected
        .iter()
        .map(|a| {
            json!({
                "id": a.id,
                "kind": a.kind.name(),
                "name": name(&a.id),
                "label": a.label,
                "file": a.file,
                "line": a.line,
                "cause": a.cause.as_str(),
                "root": a.root,
                "path": a.path.iter().map(|h| json!({
                    "from": h.from,
                    "edge": h.kind.as_str(),
                    "to": h.to,
                })).collect::<Vec<_>>(),
                "beforeChange": a.before,
                "resolution": a.resolution.as_ref().map(|(before, after)| json!({
                    "before": before,
                    "after": after,
                })),
                "why": why(a),
            })
        })
        .collect();
    let value = json!({
        "changed": impact.changed.iter().map(|c| json!({
            "file": c.path,
            "status": c.status.as_str(),
        })).collect::<Vec<_>>(),
        "affected": affected,
        "compared": impact.compared,
        "newFindings": impact.new_findings.iter().map(finding_json).collect::<Vec<_>>(),
        "goneFindings": impact.gone_findings.iter().map(finding_json).collect::<Vec<_>>(),
        "addsErrors": impact.adds_errors(),
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// The head's graph page (`graph --format html`) with every affected node highlighted and
/// why in its tooltip. Nodes that exist only before the change (a deleted document's) are
/// not in the head graph and are listed in the title's count only.
pub fn to_html(impact: &Impact, file_base: Option<String>) -> String {
    let options = HtmlOptions {
        title: format!(
            "Impact: {} changed file(s), {} affected node(s)",
            impact.changed.len(),
            impact.affected.len()
        ),
        focus_file: None,
        highlight: impact
            .affected
            .iter()
            .map(|a| Highlight {
                node: a.id.clone(),
                why: why(a),
            })
            .collect(),
        file_base,
    };
    impact.graph.to_html(&options)
}
