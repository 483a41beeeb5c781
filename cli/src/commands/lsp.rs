//! `innominatus lsp`: the language server on standard input/output (innominatus-lsp).
//!
//! The server's `innominatus/dryRun` request returns exactly what `innominatus workflow
//! test FILE --dry-run --format json` prints, because it runs that command: this binary,
//! with the editor's text on standard input placed at the document's path.

use crate::args::LspArgs;
use innominatus_lsp::ServerOptions;
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;

pub fn run(args: &LspArgs) -> i32 {
    let Some(level) = innominatus_lsp::logging::parse_level(&args.log_level) else {
        eprintln!(
            "error: unknown log level `{}`; expected error, warn, info, debug or trace",
            args.log_level
        );
        return 2;
    };
    if let Err(message) = innominatus_lsp::logging::init(args.log_file.as_deref(), level) {
        eprintln!("error: {message}");
        return 2;
    }
    let options = ServerOptions {
        dry_run: Some(Arc::new(dry_run_report)),
    };
    innominatus_lsp::run_stdio(options)
}

/// The dry-run JSON report of `text` (named `file`, relative to `root`), made by
/// `workflow test - --stdin-filename FILE --dry-run`: the text goes through standard input
/// and is simulated where the file lives, so its repository (golden-path defaults, the
/// providers of a Score spec's resources) applies to unsaved text too.
fn dry_run_report(file: &str, text: &str, root: Option<&Path>) -> Result<Value, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find innominatus: {e}"))?;
    let mut command = Command::new(exe);
    command
        .args([
            "--isolated",
            "workflow",
            "test",
            "-",
            "--stdin-filename",
            file,
        ])
        .args(["--dry-run", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(root) = root {
        command.current_dir(root);
    }
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot run the dry run: {e}"))?;
    // Written from another thread: a large report could otherwise fill the output pipe
    // while this thread is still writing the input.
    let mut stdin = child.stdin.take().expect("piped standard input");
    let input = text.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child
        .wait_with_output()
        .map_err(|e| format!("cannot run the dry run: {e}"))?;
    let _ = writer.join();
    serde_json::from_slice(&output.stdout)
        .map_err(|_| String::from_utf8_lossy(&output.stderr).trim().to_string())
}
