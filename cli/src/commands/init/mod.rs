//! `innominatus init`: writes a new document from a template. Flag-driven, or interactive
//! when a person is at a terminal and gave no `--template`. Nothing is overwritten without
//! `--force`, and every file is written through a temporary file and a rename.

mod prompt;
mod templates;

use super::check::{EXIT_CLEAN, EXIT_TROUBLE};
use crate::args::InitArgs;
use innominatus_fs::write::{write_file, Expect};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use templates::{Template, TEMPLATES};

pub fn run(args: &InitArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<i32> {
    if args.list {
        list(out)?;
        return Ok(EXIT_CLEAN);
    }
    let chosen = match &args.template {
        Some(name) => match templates::find(name) {
            Some(t) => (t, name_or_default(t, args.name.as_deref())),
            None => {
                let names: Vec<&str> = TEMPLATES.iter().map(|t| t.name).collect();
                writeln!(
                    err,
                    "error: no template `{name}`; the templates are: {}",
                    names.join(", ")
                )?;
                return Ok(EXIT_TROUBLE);
            }
        },
        None if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() => {
            let stdin = std::io::stdin();
            match prompt::ask(&mut stdin.lock(), out, args.name.as_deref())? {
                Some(answers) => answers,
                None => {
                    writeln!(err, "error: no answer; nothing was written")?;
                    return Ok(EXIT_TROUBLE);
                }
            }
        }
        None => {
            writeln!(
                err,
                "error: say what to create with --template NAME (see `innominatus init --list`)"
            )?;
            return Ok(EXIT_TROUBLE);
        }
    };
    let (template, name) = chosen;
    if template.named {
        if let Err(why) = templates::check_name(&name) {
            writeln!(err, "error: {why}")?;
            return Ok(EXIT_TROUBLE);
        }
    }
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let planned = match templates::plan(template, &dir, &name) {
        Ok(p) => p,
        Err(why) => {
            writeln!(err, "error: {why}")?;
            return Ok(EXIT_TROUBLE);
        }
    };
    // All or nothing: refuse before writing anything.
    let existing: Vec<String> = planned
        .iter()
        .filter(|p| !p.amends && p.path.exists())
        .map(|p| p.path.display().to_string())
        .collect();
    if !existing.is_empty() && !args.force {
        writeln!(
            err,
            "error: {} already exist{}; nothing was written (use --force to overwrite)",
            existing.join(", "),
            if existing.len() == 1 { "s" } else { "" }
        )?;
        return Ok(EXIT_TROUBLE);
    }
    for p in &planned {
        let result = p
            .path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .map_err(innominatus_fs::write::WriteError::Io)
            .and_then(|()| write_file(&p.path, p.text.as_bytes(), Expect::Anything));
        if let Err(e) = result {
            writeln!(err, "error: cannot write {}: {e}", p.path.display())?;
            return Ok(EXIT_TROUBLE);
        }
        let verb = if p.amends { "updated" } else { "created" };
        writeln!(out, "{verb} {}", p.path.display())?;
    }
    writeln!(out, "Check it with `innominatus lint {}`.", dir.display())?;
    Ok(EXIT_CLEAN)
}

fn name_or_default(template: &Template, name: Option<&str>) -> String {
    name.unwrap_or(template.default_name).to_string()
}

fn list(out: &mut dyn Write) -> std::io::Result<()> {
    for t in TEMPLATES {
        writeln!(out, "{:<14} {}", t.name, t.summary)?;
        writeln!(out, "{:<14} writes {}", "", t.writes)?;
    }
    Ok(())
}
