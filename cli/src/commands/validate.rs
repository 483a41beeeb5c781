//! `innominatus validate`: syntax and schema of every platform document found.

use crate::args::{DialectArg, ValidateArgs};
use crate::config::{self, Config};
use crate::render;
use crate::report::Report;
use crate::walk::{self, Excludes};
use innominatus_engine::diagnostic::{Diagnostic, Severity};
use innominatus_engine::dialect::Dialect;
use innominatus_engine::rules;
use innominatus_engine::source::{auto_dialect, SourceFile};
use innominatus_engine::text::Span;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Arc;

/// Exit statuses of DESIGN.md §1.
pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_TROUBLE: i32 = 2;

pub struct Settings {
    pub config_file: Option<PathBuf>,
    pub isolated: bool,
    pub color: bool,
}

pub fn run(args: &ValidateArgs, settings: &Settings, out: &mut dyn Write) -> std::io::Result<i32> {
    let mut report = Report::default();
    let mut trouble = false;

    let config = load_config(settings, &mut report, &mut trouble);
    if trouble {
        report.finish();
        render::render(&report, args.format, settings.color, out)?;
        return Ok(EXIT_TROUBLE);
    }

    let excludes = Excludes::new(&config.exclude, config.root.as_deref());
    let inputs = walk::collect(&args.paths, args.stdin_filename.as_deref(), &excludes);
    let mut sources = Vec::new();
    for input in inputs {
        let file: Arc<str> = Arc::from(input.display.as_str());
        match input.bytes {
            Err(why) => {
                trouble = true;
                report.add_file(file.clone(), b"");
                report.diagnostics.push(Diagnostic::new(
                    &rules::UNREADABLE_FILE,
                    &file,
                    Span::at(0),
                    why,
                ));
            }
            Ok(bytes) => {
                let parsed =
                    catch_unwind(AssertUnwindSafe(|| SourceFile::parse(file.clone(), &bytes)));
                report.add_file(file.clone(), &bytes);
                match parsed {
                    Ok(src) => sources.push(src),
                    Err(panic) => {
                        trouble = true;
                        report.diagnostics.push(internal_error(&file, panic));
                    }
                }
            }
        }
    }

    let dialect = match args.dialect {
        Some(DialectArg::Score) => Dialect::Score,
        Some(DialectArg::Innominatus) => Dialect::Innominatus,
        None => config.dialect.unwrap_or_else(|| auto_dialect(&sources)),
    };
    for src in &sources {
        match catch_unwind(AssertUnwindSafe(|| src.validate(dialect))) {
            Ok(diags) => report.diagnostics.extend(config.apply(diags)),
            Err(panic) => {
                trouble = true;
                report.diagnostics.push(internal_error(&src.file, panic));
            }
        }
    }
    report.finish();
    render::render(&report, args.format, settings.color, out)?;

    let counts = report.counts();
    Ok(if trouble {
        EXIT_TROUBLE
    } else if counts.errors > 0 || (args.deny_warnings && counts.warnings > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

fn load_config(settings: &Settings, report: &mut Report, trouble: &mut bool) -> Config {
    if settings.isolated {
        return Config::default();
    }
    let path = match &settings.config_file {
        Some(p) => Some(p.clone()),
        None => std::env::current_dir()
            .ok()
            .and_then(|cwd| config::discover(&cwd)),
    };
    let Some(path) = path else {
        return Config::default();
    };
    let display = relative_display(&path);
    let (config, problems, text) = config::load(&path, &display);
    if !problems.is_empty() {
        *trouble = true;
        report.add_text(Arc::from(display.as_str()), text);
        report.diagnostics.extend(problems);
    }
    config
}

/// A path relative to the working directory when it lies below it.
fn relative_display(path: &std::path::Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| {
            path.strip_prefix(&cwd)
                .ok()
                .map(|p| p.display().to_string())
        })
        .unwrap_or_else(|| path.display().to_string())
}

fn internal_error(file: &Arc<str>, panic: Box<dyn std::any::Any + Send>) -> Diagnostic {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown failure".to_string());
    let mut d = Diagnostic::new(
        &rules::INTERNAL_ERROR,
        file,
        Span::at(0),
        format!("checking this file failed inside innominatus: {what}"),
    )
    .with_help("this is a bug in innominatus-tools; please report it with the file");
    d.severity = Severity::Error;
    d
}
