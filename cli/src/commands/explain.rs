//! `innominatus explain`: the documentation of a rule, exactly the text the rule carries.

use crate::args::{ExplainArgs, ExplainFormat};
use innominatus_engine::rules::{self, Rule};
use serde_json::json;
use std::io::Write;

pub fn text(rule: &Rule) -> String {
    // A rule that mirrors a blocking check of the platform's loaders says so: `validate`
    // reports those of its findings where the loader reads the document.
    let gate = rule.loader_check().map_or(String::new(), |check| {
        format!("\n\nBlocking loader check ({check}): `validate` reports it where the platform's loader meets the document; elsewhere only `lint` does")
    });
    // A severity that depends on who reads the document (the engine's catalog decides).
    let readers: String = rule
        .severities_by_reader()
        .map(|(reader, severity, why)| {
            format!("\n\nOn {}: {} — {why}", reader.as_str(), severity.as_str())
        })
        .collect();
    format!(
        "# {} {}\n\nGroup: {} · Default severity: {} · Fix: {}{gate}{readers}\n\n{}\n\n{}",
        rule.code,
        rule.name,
        rule.group.as_str(),
        rule.severity.as_str(),
        rule.fix.as_str(),
        rule.summary,
        rule.doc.trim_end()
    )
}

/// `explain --list`: one line per rule, columns aligned, under a header naming them.
fn list(rules: &[&Rule]) -> String {
    let header = ["CODE", "NAME", "GROUP", "SEVERITY", "FIX"];
    let rows: Vec<[&str; 5]> = rules
        .iter()
        .map(|r| {
            [
                r.code,
                r.name,
                r.group.as_str(),
                r.severity.as_str(),
                r.fix.as_str(),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.len());
        }
    }
    let mut text = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        text.push_str(cells.join("  ").trim_end());
        text.push('\n');
    }
    text
}

fn json_of(rule: &Rule, with_doc: bool) -> serde_json::Value {
    let mut item = json!({"code": rule.code, "name": rule.name, "group": rule.group.as_str(),
                          "severity": rule.severity.as_str(), "fix": rule.fix.as_str()});
    let readers: serde_json::Map<String, serde_json::Value> = rule
        .severities_by_reader()
        .map(|(reader, severity, _)| (reader.as_str().to_string(), json!(severity.as_str())))
        .collect();
    if !readers.is_empty() {
        item["severity_by_reader"] = json!(readers);
    }
    if with_doc {
        item["summary"] = json!(rule.summary);
        item["doc"] = json!(rule.doc);
    }
    item
}

pub fn run(args: &ExplainArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<i32> {
    let selected: Vec<&Rule> = if args.all || args.list {
        rules::all().to_vec()
    } else {
        let wanted = args.rule.as_deref().unwrap_or_default();
        match rules::find(wanted) {
            Some(r) => vec![r],
            None => {
                let names = rules::all().iter().flat_map(|r| [r.code, r.name]);
                let hint = innominatus_engine::schema::closest(wanted, names)
                    .map(|c| format!(" Did you mean `{c}`?"))
                    .unwrap_or_default();
                writeln!(err, "error: no rule is called `{wanted}`.{hint} `innominatus explain --list` lists every rule.")?;
                return Ok(2);
            }
        }
    };
    match args.format {
        ExplainFormat::Text if args.list => write!(out, "{}", list(&selected))?,
        ExplainFormat::Text => {
            let texts: Vec<String> = selected.iter().map(|r| text(r)).collect();
            writeln!(out, "{}", texts.join("\n\n---\n\n"))?;
        }
        ExplainFormat::Json => {
            let items: Vec<_> = selected.iter().map(|r| json_of(r, !args.list)).collect();
            serde_json::to_writer_pretty(&mut *out, &items)?;
            writeln!(out)?;
        }
    }
    Ok(0)
}
