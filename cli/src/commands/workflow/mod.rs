//! `innominatus workflow test`: the workflow test runner, and `--dry-run` to simulate one
//! workflow or Score spec (DESIGN.md §6). The engine simulates; nothing is executed here
//! either: this module only reads files, asks the terminal (`--step`) and prints.

mod context;
mod dry_run;
mod inputs;
mod runner;
mod stepper;

use super::check::{EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE};
use crate::args::{WorkflowArgs, WorkflowCommand};
use std::io::Write;

pub fn run(args: &WorkflowArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<i32> {
    match &args.command {
        WorkflowCommand::Test(t) if t.dry_run => dry_run::run(t, out, err),
        WorkflowCommand::Test(t) => runner::run(t, out, err),
    }
}
