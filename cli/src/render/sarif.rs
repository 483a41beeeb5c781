use crate::report::Report;
use innominatus_engine::diagnostic::{Diagnostic, Severity};
use innominatus_engine::rules;
use innominatus_engine::text::Span;
use serde_json::{json, Value};
use std::sync::Arc;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

fn location(report: &Report, file: &str, span: Span) -> Value {
    let (start, end) = report.range(file, span);
    json!({"physicalLocation": {
        "artifactLocation": {"uri": file.replace('\\', "/")},
        "region": {"startLine": start.line, "startColumn": start.column, "endLine": end.line, "endColumn": end.column}
    }})
}

/// One result of the run.
pub fn item(report: &Report, d: &Diagnostic) -> Value {
    let mut text = d.message.clone();
    if let Some(h) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(h);
    }
    let mut r = json!({
        "ruleId": d.code,
        "ruleIndex": rules::all().iter().position(|r| r.code == d.code).unwrap_or(0),
        "level": level(d.severity),
        "message": {"text": text},
        "locations": [location(report, &d.file, d.span)]
    });
    if !d.related.is_empty() {
        let related: Vec<Value> = d
            .related
            .iter()
            .enumerate()
            .map(|(i, rel)| {
                let mut l = location(report, &rel.file, rel.span);
                l["id"] = json!(i);
                l["message"] = json!({"text": rel.message});
                l
            })
            .collect();
        r["relatedLocations"] = Value::Array(related);
    }
    r
}

/// SARIF 2.1.0 with one run around `results`; columns are counted in Unicode code points, as
/// declared.
pub fn document(results: Vec<Value>, files: &[Arc<str>]) -> Value {
    let rules_json: Vec<Value> = rules::all()
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "help": {"text": r.doc, "markdown": r.doc},
                "defaultConfiguration": {"level": level(r.severity)},
                "properties": {"group": r.group.as_str()}
            })
        })
        .collect();
    let artifacts: Vec<Value> = files
        .iter()
        .map(|f| json!({"location": {"uri": f.replace('\\', "/")}}))
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "innominatus",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules_json
            }},
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts,
            "results": results
        }]
    })
}
