//! `workflow test [PATHS]`: finds `*.test.yaml` files and runs their cases like a test
//! runner: one line per case, expected-vs-got at the line of each failed expectation, a
//! summary, exit status 1 when a case fails and 2 when a file cannot be used.

use super::{context, EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE};
use crate::args::WorkflowTestArgs;
use crate::walk::{self, Excludes};
use crate::watch::RunResult;
use innominatus_engine::plan::{check_case, read_test_file, simulate, WorkflowSpec};
use innominatus_engine::project::dry_run;
use innominatus_engine::source::SourceFile;
use innominatus_engine::workspace::{join, parent_dir};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Whether a file name marks a workflow test file.
pub fn is_test_file(name: &str) -> bool {
    name.ends_with(".test.yaml") || name.ends_with(".test.yml")
}

#[derive(Default)]
struct Tally {
    passed: usize,
    failed: usize,
    broken: usize,
    files: usize,
}

/// Runs the tests: what it prints, its exit status and the status line's summary.
pub fn run(
    args: &WorkflowTestArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<RunResult> {
    let trouble = |summary: &str| RunResult {
        code: EXIT_TROUBLE,
        summary: summary.to_string(),
    };
    if super::inputs::has_dry_run_flags(args) {
        writeln!(
            err,
            "error: --engine, --format, parameters, scenario, --step and report flags need \
             --dry-run; test files carry their own (see schemas/workflow-test.schema.json)"
        )?;
        return Ok(trouble("nothing run"));
    }
    let named_files: Vec<&PathBuf> = args.paths.iter().filter(|p| p.is_file()).collect();
    let inputs = walk::collect(&args.paths, None, &Excludes::new(&[], None));
    let mut tests: Vec<_> = inputs
        .into_iter()
        .filter(|i| {
            is_test_file(&i.display)
                || named_files
                    .iter()
                    .any(|n| Path::new(&i.display) == n.as_path())
        })
        .collect();
    tests.sort_by(|a, b| a.display.cmp(&b.display));
    if tests.is_empty() {
        let at = if args.paths.is_empty() {
            ".".to_string()
        } else {
            args.paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        writeln!(err, "error: no workflow tests (*.test.yaml) found in {at}")?;
        return Ok(trouble("no workflow tests found"));
    }
    let mut tally = Tally::default();
    for input in tests {
        tally.files += 1;
        let bytes = match input.bytes {
            Ok(b) => b,
            Err(e) => {
                writeln!(out, "ERROR {}: {e}", input.display)?;
                tally.broken += 1;
                continue;
            }
        };
        let src = SourceFile::parse(Arc::from(input.display.as_str()), &bytes);
        if let Err(message) = run_file(&src, out, &mut tally) {
            writeln!(out, "ERROR {message}")?;
            tally.broken += 1;
        }
    }
    let broken = if tally.broken > 0 {
        format!(", {} file(s) could not be run", tally.broken)
    } else {
        String::new()
    };
    writeln!(
        out,
        "\n{}: {} passed, {} failed{broken} ({} test file{})",
        if tally.failed == 0 && tally.broken == 0 {
            "ok"
        } else {
            "FAILED"
        },
        tally.passed,
        tally.failed,
        tally.files,
        if tally.files == 1 { "" } else { "s" }
    )?;
    let code = if tally.broken > 0 {
        EXIT_TROUBLE
    } else if tally.failed > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    };
    Ok(RunResult {
        code,
        summary: format!(
            "{} passed, {} failed{broken} in {} test file{}",
            tally.passed,
            tally.failed,
            tally.files,
            if tally.files == 1 { "" } else { "s" }
        ),
    })
}

/// Runs the cases of one test file; `Err` when the file (or its workflow) cannot be used.
fn run_file(src: &SourceFile, out: &mut dyn Write, tally: &mut Tally) -> Result<(), String> {
    if let Some(e) = context::syntax_error(src) {
        return Err(e);
    }
    let doc = src
        .parsed
        .documents
        .first()
        .ok_or_else(|| format!("{}: empty test file", src.file))?;
    let tf = read_test_file(doc)
        .map_err(|e| format!("{}: {}", context::position(src, e.span), e.message))?;
    let workflow_path = PathBuf::from(join(&parent_dir(&src.file), &tf.workflow));
    let wsrc = context::read(&workflow_path)
        .map_err(|e| format!("{}: {}", src.file, e.trim_start_matches("error: ")))?;
    if let Some(e) = context::syntax_error(&wsrc) {
        return Err(e);
    }
    let (wf, kind) = wsrc
        .parsed
        .documents
        .iter()
        .zip(&wsrc.kinds)
        .find_map(|(d, k)| WorkflowSpec::from_document(d, *k).map(|w| (w, *k)))
        .ok_or_else(|| format!("{}: {} holds no workflow", src.file, wsrc.file))?;
    let golden_path = tf.golden_path.as_deref();
    let cwd = std::env::current_dir().unwrap_or_default();
    let repository = dry_run::repository_root(&workflow_path, &cwd, &|p: &Path| p.exists());
    let golden_paths = if dry_run::uses_golden_paths(kind, golden_path) {
        context::golden_paths_workspace(&repository)
    } else {
        context::empty_workspace()
    };
    for case in &tf.cases {
        let at = format!("{}:{}", src.file, context::line(src, case.span));
        let params = dry_run::parameters(
            &golden_paths,
            &repository,
            &workflow_path.display().to_string(),
            golden_path,
            kind,
            &case.params,
        )
        .map_err(|e| format!("{at}: {e}"))?;
        let result = simulate(&wf, case.engine, &params.values, &case.scenario);
        let mismatches = check_case(case, &result);
        if mismatches.is_empty() {
            tally.passed += 1;
            writeln!(out, "PASS {} ({at})", case.name).map_err(|e| e.to_string())?;
            continue;
        }
        tally.failed += 1;
        let mut text = format!("FAIL {} ({at})\n", case.name);
        for m in mismatches {
            text.push_str(&format!(
                "    {}: {}\n",
                context::position(src, m.span),
                m.what
            ));
            if m.expected.contains('\n') && m.got.contains('\n') {
                // Two lists: a line diff says what moved.
                text.push_str("      --- expected\n      +++ got\n");
                let expected = format!("{}\n", m.expected);
                let got = format!("{}\n", m.got);
                let diff = similar::TextDiff::from_lines(&expected, &got);
                for change in diff.iter_all_changes() {
                    let sign = match change.tag() {
                        similar::ChangeTag::Delete => '-',
                        similar::ChangeTag::Insert => '+',
                        similar::ChangeTag::Equal => ' ',
                    };
                    text.push_str(&format!("      {sign} {}", change.value()));
                }
                continue;
            }
            for (n, l) in m.expected.lines().enumerate() {
                let label = if n == 0 { "expected: " } else { "          " };
                text.push_str(&format!("      - {label}{l}\n"));
            }
            let got = if m.got.is_empty() {
                "\"\""
            } else {
                m.got.as_str()
            };
            for (n, l) in got.lines().enumerate() {
                let label = if n == 0 { "got:      " } else { "          " };
                text.push_str(&format!("      + {label}{l}\n"));
            }
        }
        out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    }
    Ok(())
}
