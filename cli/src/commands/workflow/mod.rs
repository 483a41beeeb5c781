//! `innominatus workflow test`: the workflow test runner, and `--dry-run` to simulate one
//! workflow or Score spec (DESIGN.md §6). The engine simulates; nothing is executed here
//! either: this module only reads files, asks the terminal (`--step`) and prints.

mod context;
mod dry_run;
mod inputs;
mod runner;
mod stepper;

use super::check::Settings;
use super::check::{EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE};
use crate::args::{DryRunFormat, WorkflowArgs, WorkflowCommand, WorkflowTestArgs};
use crate::watch::RunResult;
use std::io::Write;

pub fn run(
    args: &WorkflowArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<i32> {
    let WorkflowCommand::Test(t) = &args.command;
    if !t.watch {
        return run_once(t, out, err).map(|r| r.code);
    }
    // The configuration's `exclude` is what the checking commands skip; the test runner
    // walks every YAML file, so it watches them all.
    let config = crate::configuration::load(settings);
    let watching = crate::watch::Watching {
        targets: innominatus_fs::watch::Targets::new(
            &t.paths,
            config.as_ref().map(|(chosen, _)| chosen.path.as_path()),
        ),
        excludes: innominatus_fs::walk::Excludes::new(&[], None),
        machine_output: matches!(t.format, Some(DryRunFormat::Json)),
        command: "workflow test",
    };
    crate::watch::run(watching, &mut |out, err| run_once(t, out, err), out, err)
}

/// One run: the test runner, or the dry run of one file.
fn run_once(
    t: &WorkflowTestArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<RunResult> {
    if t.dry_run {
        let code = dry_run::run(t, out, err)?;
        let summary = match code {
            EXIT_TROUBLE => "dry run: could not simulate".to_string(),
            _ => format!("dry run done (exit status {code})"),
        };
        return Ok(RunResult { code, summary });
    }
    runner::run(t, out, err)
}
