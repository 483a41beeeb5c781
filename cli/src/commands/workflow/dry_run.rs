//! `workflow test FILE --dry-run`: reads the file (or standard input as `--stdin-filename`),
//! the flags and the parts of the file's repository the engine asks for, asks the terminal
//! with `--step`, and prints the engine's report (`project::dry_run`) in the format asked
//! for.

use super::stepper::TerminalStepper;
use super::{context, inputs, EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE};
use crate::args::{DryRunFormat, EngineArg, WorkflowTestArgs};
use innominatus_engine::plan::{Engine, Stepper};
use innominatus_engine::project::dry_run::{self, Request, Subject};
use std::io::Write;
use std::path::Path;

fn engine(arg: EngineArg) -> Engine {
    match arg {
        EngineArg::Documented => Engine::Documented,
        EngineArg::Live => Engine::Live,
        EngineArg::Legacy => Engine::Legacy,
        EngineArg::Dormant => Engine::Dormant,
    }
}

/// The bytes of standard input (the file `--stdin-filename` names). `--step` reads its
/// answers from standard input, so it cannot be combined with `-`.
fn read_stdin(args: &WorkflowTestArgs) -> Result<Vec<u8>, String> {
    if args.stdin_filename.is_none() {
        return Err("error: `-` reads the file from standard input and needs --stdin-filename PATH (where the file would be)".into());
    }
    if args.step {
        return Err(
            "error: --step reads its answers from standard input, which `-` already uses".into(),
        );
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
        .map_err(|e| format!("error: cannot read standard input: {e}"))?;
    Ok(bytes)
}

pub fn run(
    args: &WorkflowTestArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<i32> {
    let [path] = args.paths.as_slice() else {
        writeln!(
            err,
            "error: --dry-run simulates one file (a workflow or a Score spec); got {}",
            args.paths.len()
        )?;
        return Ok(EXIT_TROUBLE);
    };
    let inputs = match inputs::from_args(args) {
        Ok(i) => i,
        Err(message) => {
            writeln!(err, "{message}")?;
            return Ok(EXIT_TROUBLE);
        }
    };
    // `-`: unsaved text from standard input, placed at `--stdin-filename`.
    let from_stdin = path.as_os_str() == "-";
    let read = if from_stdin {
        read_stdin(args)
    } else {
        context::read_bytes(path)
    };
    let bytes = match read {
        Ok(b) => b,
        Err(message) => {
            writeln!(err, "{message}")?;
            return Ok(EXIT_TROUBLE);
        }
    };
    let path: &Path = match (&args.stdin_filename, from_stdin) {
        (Some(name), true) => name,
        _ => path,
    };
    let subject = match Subject::parse(&path.display().to_string(), &bytes) {
        Ok(s) => s,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(EXIT_TROUBLE);
        }
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    let repository = dry_run::repository_root(path, &cwd, &|p: &Path| p.exists());
    let ws = context::repository_workspace(
        &subject,
        subject.reads(args.golden_path.as_deref()),
        &repository,
    );
    let request = Request {
        engine: engine(args.engine.unwrap_or(EngineArg::Documented)),
        parameters: inputs.params,
        scenario: inputs.scenario,
        golden_path: args.golden_path.clone(),
        resource: args.resource.clone(),
        repository,
    };
    let stdin = std::io::stdin();
    let mut stdin = stdin.lock();
    let mut prompt = std::io::stderr();
    let mut terminal = TerminalStepper::new(&mut stdin, &mut prompt);
    let stepper: Option<&mut dyn Stepper> = if args.step { Some(&mut terminal) } else { None };
    let report = match dry_run::report(&subject, &ws, &request, stepper) {
        Ok(r) => r,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(EXIT_TROUBLE);
        }
    };

    let text = match args.format.unwrap_or(DryRunFormat::Text) {
        DryRunFormat::Json => {
            let mut s = serde_json::to_string_pretty(&report.to_json()).unwrap_or_default();
            s.push('\n');
            s
        }
        DryRunFormat::Text => report.text(),
        DryRunFormat::Mermaid => report.mermaid(),
        DryRunFormat::Html => report.html(),
    };
    match &inputs.report_file {
        Some(file) => {
            if let Err(e) = innominatus_fs::write::write_file(
                file,
                text.as_bytes(),
                innominatus_fs::write::Expect::Anything,
            ) {
                writeln!(err, "error: cannot write {}: {e}", file.display())?;
                return Ok(EXIT_TROUBLE);
            }
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(if report.status() == "succeeded" {
        EXIT_CLEAN
    } else {
        EXIT_FINDINGS
    })
}
