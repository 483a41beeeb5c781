//! `innominatus explain`: the documentation of a rule, exactly the text the rule carries.

use crate::args::{ExplainArgs, ExplainFormat};
use innominatus_engine::rules::{self, Rule};
use serde_json::json;
use std::io::Write;

pub fn text(rule: &Rule) -> String {
    format!(
        "# {} {}\n\nGroup: {} · Default severity: {}\n\n{}\n\n{}",
        rule.code,
        rule.name,
        rule.group.as_str(),
        rule.severity.as_str(),
        rule.summary,
        rule.doc.trim_end()
    )
}

pub fn run(args: &ExplainArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<i32> {
    let selected: Vec<&Rule> = if args.all {
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
                writeln!(err, "error: no rule is called `{wanted}`.{hint} `innominatus explain --all` lists every rule.")?;
                return Ok(2);
            }
        }
    };
    match args.format {
        ExplainFormat::Text => {
            let texts: Vec<String> = selected.iter().map(|r| text(r)).collect();
            writeln!(out, "{}", texts.join("\n\n---\n\n"))?;
        }
        ExplainFormat::Json => {
            let items: Vec<_> = selected
                .iter()
                .map(|r| {
                    json!({"code": r.code, "name": r.name, "group": r.group.as_str(),
                           "severity": r.severity.as_str(), "summary": r.summary, "doc": r.doc})
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &items)?;
            writeln!(out)?;
        }
    }
    Ok(0)
}
