//! `innominatus lsp`: the language server on standard input/output (innominatus-lsp).
//!
//! The server's `innominatus/dryRun` request returns exactly what `innominatus workflow
//! test FILE --dry-run --format json` prints, because it runs that command: this binary,
//! on the editor's text, with the report's `file` set back to the document's name.

use crate::args::LspArgs;
use innominatus_lsp::ServerOptions;
use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
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

/// The dry-run JSON report of `text` (named `file`), made by `workflow test --dry-run`.
fn dry_run_report(file: &str, text: &str) -> Result<Value, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find innominatus: {e}"))?;
    // One folder per request: two dry runs of files with the same name may overlap.
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "innominatus-lsp-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    // Keep the file name: kind detection looks at it when the content does not decide.
    let name = std::path::Path::new(file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "workflow.yaml".into());
    let tmp = dir.join(name);
    let result = (|| {
        std::fs::File::create(&tmp)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
        let output = Command::new(exe)
            .args(["--isolated", "workflow", "test"])
            .arg(&tmp)
            .args(["--dry-run", "--format", "json"])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run the dry run: {e}"))?;
        let mut report: Value = serde_json::from_slice(&output.stdout).map_err(|_| {
            String::from_utf8_lossy(&output.stderr)
                .trim()
                .replace(&tmp.display().to_string(), file)
        })?;
        if let Some(f) = report.get_mut("file") {
            *f = Value::String(file.to_string());
        }
        Ok(report)
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}
