use crate::report::{Counts, Position, Report};
use innominatus_engine::diagnostic::{Applicability, Diagnostic};
use innominatus_engine::text::Span;
use serde_json::{json, Map, Value};

fn position(p: Position) -> Value {
    json!({"line": p.line, "column": p.column})
}

fn range(report: &Report, file: &str, span: Span) -> Value {
    let (start, end) = report.range(file, span);
    json!({"start": position(start), "end": position(end)})
}

/// One finding of the version-1 JSON contract of DESIGN.md §4; optional members omitted
/// when empty.
pub fn item(report: &Report, d: &Diagnostic) -> Value {
    let mut o = Map::new();
    o.insert("file".into(), json!(d.file.as_ref()));
    o.insert("range".into(), range(report, &d.file, d.span));
    o.insert("severity".into(), json!(d.severity.as_str()));
    o.insert("code".into(), json!(d.code));
    o.insert("name".into(), json!(d.name));
    o.insert("message".into(), json!(d.message));
    if let Some(h) = &d.help {
        o.insert("help".into(), json!(h));
    }
    if !d.related.is_empty() {
        let related: Vec<Value> = d
            .related
            .iter()
            .map(|r| json!({"file": r.file.as_ref(), "range": range(report, &r.file, r.span), "message": r.message}))
            .collect();
        o.insert("related".into(), Value::Array(related));
    }
    if let Some(f) = &d.fix {
        let edits: Vec<Value> = f
            .edits
            .iter()
            .map(|e| json!({"file": e.file.as_ref(), "range": range(report, &e.file, e.span), "replacement": e.replacement}))
            .collect();
        let applicability = match f.applicability {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        };
        o.insert(
            "fix".into(),
            json!({"applicability": applicability, "message": f.message, "edits": edits}),
        );
    }
    Value::Object(o)
}

/// The whole document around `diagnostics` (see `render::Documents` for how it is written
/// piece by piece).
pub fn document(diagnostics: Vec<Value>, files: usize, c: Counts) -> Value {
    json!({
        "version": 1,
        "tool": {"name": "innominatus", "version": env!("CARGO_PKG_VERSION")},
        "diagnostics": diagnostics,
        "summary": {"files": files, "errors": c.errors, "warnings": c.warnings, "infos": c.infos, "hints": c.hints}
    })
}
