//! The run shared by `validate` and `lint`: configuration, files, workspace, rules, fixes,
//! rendering and the exit status.

use crate::args::{DialectArg, LintArgs, ValidateArgs};
use crate::config::{self, Config};
use crate::render;
use crate::report::Report;
use crate::walk::{self, Excludes};
use innominatus_engine::diagnostic::Diagnostic;
use innominatus_engine::dialect::Dialect;
use innominatus_engine::lint::{fix, lint_file};
use innominatus_engine::rules::{self, Group, Rule};
use innominatus_engine::source::SourceFile;
use innominatus_engine::text::Span;
use innominatus_engine::workspace::Workspace;
use std::collections::BTreeMap;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
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

/// What the command does beyond reporting.
#[derive(Default)]
pub struct Mode {
    /// `lint`: every group; `validate`: syntax, schema and references only.
    pub all_groups: bool,
    pub select: Vec<String>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    pub fix: bool,
    pub diff: bool,
    pub unsafe_fixes: bool,
    pub statistics: bool,
}

impl Mode {
    pub fn validate() -> Mode {
        Mode::default()
    }

    pub fn lint(args: &LintArgs) -> Mode {
        Mode {
            all_groups: true,
            select: args.select.clone(),
            extend_select: args.extend_select.clone(),
            ignore: args.ignore.clone(),
            fix: args.fix,
            diff: args.diff,
            unsafe_fixes: args.unsafe_fixes,
            statistics: args.statistics,
        }
    }
}

/// `INN101`, `unknown-key`, or a code prefix such as `INN2` (a whole group).
fn matches_selector(rule: &Rule, selector: &str) -> bool {
    let s = selector.trim();
    s.eq_ignore_ascii_case("ALL")
        || rule.name == s
        || (s.len() >= 3
            && rule
                .code
                .to_ascii_uppercase()
                .starts_with(&s.to_ascii_uppercase()))
}

fn check_selectors(lists: &[&Vec<String>]) -> Result<(), String> {
    for list in lists {
        for s in list.iter() {
            if !rules::all().iter().any(|r| matches_selector(r, s)) {
                let names = rules::all().iter().flat_map(|r| [r.code, r.name]);
                let hint = innominatus_engine::schema::closest(s, names)
                    .map(|c| format!(" Did you mean `{c}`?"))
                    .unwrap_or_default();
                return Err(format!(
                    "error: `{s}` is not a rule code, name or code prefix.{hint}"
                ));
            }
        }
    }
    Ok(())
}

pub fn run(
    args: &ValidateArgs,
    mode: &Mode,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<i32> {
    if let Err(message) = check_selectors(&[&mode.select, &mode.extend_select, &mode.ignore]) {
        writeln!(err, "{message}")?;
        return Ok(EXIT_TROUBLE);
    }
    let mut report = Report::default();
    let mut trouble = false;
    let config = load_config(settings, &mut report, &mut trouble);
    if trouble {
        report.finish();
        render::render(&report, args.format, settings.color, out)?;
        return Ok(EXIT_TROUBLE);
    }

    let enabled = |rule: &Rule| -> bool {
        if !mode.all_groups
            && !matches!(
                rule.group,
                Group::Syntax | Group::Schema | Group::References | Group::Internal
            )
        {
            return false;
        }
        let selected = if mode.select.is_empty() {
            config.enabled(rule.code)
        } else {
            mode.select.iter().any(|s| matches_selector(rule, s))
        };
        let extended = mode.extend_select.iter().any(|s| matches_selector(rule, s));
        let ignored = mode.ignore.iter().any(|s| matches_selector(rule, s));
        (selected || extended) && !ignored || rule.group == Group::Internal
    };

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
        Some(DialectArg::Score) => Some(Dialect::Score),
        Some(DialectArg::Innominatus) => Some(Dialect::Innominatus),
        None => config.dialect,
    };
    // Files named one by one (pre-commit, editors) are checked against the rest of their
    // workspace: its other YAML files are parsed as context but not reported on.
    let checked = sources.len();
    if names_single_files(&args.paths) {
        let root = project_root(&config);
        sources.extend(context_files(&sources, root.as_deref(), &excludes));
    }
    // Providers kept outside the checked tree (`[workspace] provider-paths`).
    for dir in &config.provider_paths {
        sources.extend(context_files(&sources, Some(dir), &excludes));
    }
    let mut ws = Workspace::new(sources, dialect, Box::new(|p: &str| Path::new(p).exists()));
    ws.policy = config.policy.clone();
    let mut per_file: Vec<Vec<Diagnostic>> = Vec::with_capacity(checked);
    for i in 0..checked {
        match catch_unwind(AssertUnwindSafe(|| lint_file(&ws, i, &enabled))) {
            Ok(diags) => per_file.push(config.apply(diags)),
            Err(panic) => {
                trouble = true;
                per_file.push(vec![internal_error(&ws.files[i].file, panic)]);
            }
        }
    }

    let mut diff_found = false;
    if mode.fix || mode.diff {
        for (source, diags) in ws.files.iter().zip(per_file.iter_mut()) {
            let Some(text) = source.text.clone() else {
                continue;
            };
            let file = source.file.clone();
            if file.as_ref() == "-" {
                continue;
            }
            let (fixed, remaining) = fix_until_stable(
                &file,
                &text,
                diags,
                &ws,
                &enabled,
                mode.unsafe_fixes,
                &config,
            );
            if fixed == text {
                continue;
            }
            if mode.diff {
                diff_found = true;
                write_diff(out, &file, &text, &fixed)?;
            } else if let Err(e) = write_atomically(Path::new(file.as_ref()), fixed.as_bytes()) {
                trouble = true;
                diags.push(Diagnostic::new(
                    &rules::UNREADABLE_FILE,
                    &file,
                    Span::at(0),
                    format!("cannot write the fixed file: {e}"),
                ));
            } else {
                report.add_file_text(file.clone(), fixed);
                *diags = remaining;
            }
        }
    }
    for diags in per_file {
        report.diagnostics.extend(diags);
    }
    report.finish();
    if mode.diff {
        // The diff is the output; findings stay for a normal run.
    } else if mode.statistics {
        write_statistics(&report, out)?;
    } else {
        render::render(&report, args.format, settings.color, out)?;
    }

    let counts = report.counts();
    Ok(if trouble {
        EXIT_TROUBLE
    } else if mode.diff {
        if diff_found {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        }
    } else if counts.errors > 0 || (args.deny_warnings && counts.warnings > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

/// Whether the command names files (or standard input) rather than directories.
fn names_single_files(paths: &[PathBuf]) -> bool {
    !paths.is_empty() && paths.iter().all(|p| p.as_os_str() == "-" || p.is_file())
}

/// Where the context of single files is read: `[workspace] root`, else the folder of the
/// configuration file, else the working directory (where pre-commit and CI run).
fn project_root(config: &Config) -> Option<PathBuf> {
    config
        .workspace_root
        .clone()
        .or_else(|| config.root.clone())
        .or_else(|| std::env::current_dir().ok())
}

/// Every other YAML file of the project, parsed, for cross-file references.
fn context_files(
    checked: &[SourceFile],
    root: Option<&Path>,
    excludes: &Excludes,
) -> Vec<SourceFile> {
    let Some(root) = root.map(Path::to_path_buf) else {
        return Vec::new();
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    let start = root
        .strip_prefix(&cwd)
        .map(Path::to_path_buf)
        .unwrap_or(root.clone());
    let start = if start.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        start
    };
    let known: std::collections::HashSet<PathBuf> = checked
        .iter()
        .filter_map(|s| Path::new(s.file.as_ref()).canonicalize().ok())
        .collect();
    walk::collect(&[start], None, excludes)
        .into_iter()
        .filter(|i| {
            Path::new(&i.display)
                .canonicalize()
                .is_ok_and(|p| !known.contains(&p))
        })
        .filter_map(|i| {
            let bytes = i.bytes.ok()?;
            catch_unwind(AssertUnwindSafe(|| {
                SourceFile::parse(Arc::from(i.display.as_str()), &bytes)
            }))
            .ok()
        })
        .collect()
}

/// Applies fixes and re-checks the file until no fix applies (at most 10 rounds), so that
/// fixes are idempotent: a second `--fix` changes nothing. Returns the text and what is left.
fn fix_until_stable(
    file: &Arc<str>,
    text: &str,
    first: &[Diagnostic],
    ws: &Workspace,
    enabled: &dyn Fn(&Rule) -> bool,
    unsafe_fixes: bool,
    config: &Config,
) -> (String, Vec<Diagnostic>) {
    let mut current = text.to_string();
    let mut diags = first.to_vec();
    for _ in 0..10 {
        let (next, applied) = fix::apply(&current, file, &diags, unsafe_fixes);
        if applied == 0 || next == current {
            break;
        }
        current = next;
        diags = relint(file, &current, ws, enabled, config);
    }
    (current, diags)
}

/// Lints a changed text of one file against the (otherwise unchanged) workspace.
fn relint(
    file: &Arc<str>,
    text: &str,
    ws: &Workspace,
    enabled: &dyn Fn(&Rule) -> bool,
    config: &Config,
) -> Vec<Diagnostic> {
    let src = SourceFile::parse(file.clone(), text.as_bytes());
    let files: Vec<SourceFile> = ws
        .files
        .iter()
        .map(|f| {
            if &f.file == file {
                src.clone()
            } else {
                f.clone()
            }
        })
        .collect();
    let index = files.iter().position(|f| &f.file == file).unwrap_or(0);
    let mut fresh = Workspace::new(
        files,
        Some(ws.dialect),
        Box::new(|p: &str| Path::new(p).exists()),
    );
    fresh.policy = ws.policy.clone();
    config.apply(lint_file(&fresh, index, enabled))
}

/// Writes through a temporary file in the same directory and a rename, so a crash never
/// leaves a half-written file; the original permissions are kept.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.innominatus-{}.tmp", std::process::id()));
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(&tmp, meta.permissions());
    }
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

fn write_diff(out: &mut dyn Write, file: &str, old: &str, new: &str) -> std::io::Result<()> {
    let diff = similar::TextDiff::from_lines(old, new);
    write!(
        out,
        "{}",
        diff.unified_diff()
            .context_radius(3)
            .header(&format!("a/{file}"), &format!("b/{file}"))
    )
}

fn write_statistics(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let mut counts: BTreeMap<&str, (usize, &str, bool)> = BTreeMap::new();
    for d in &report.diagnostics {
        let e = counts.entry(d.code).or_insert((0, d.name, false));
        e.0 += 1;
        e.2 |= d.fix.is_some();
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    for (code, (n, name, fixable)) in rows {
        writeln!(
            out,
            "{n:>5}  {code}  {name}{}",
            if fixable { "  [fixable]" } else { "" }
        )?;
    }
    Ok(())
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
fn relative_display(path: &Path) -> String {
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
    Diagnostic::new(
        &rules::INTERNAL_ERROR,
        file,
        Span::at(0),
        format!("checking this file failed inside innominatus: {what}"),
    )
    .with_help("this is a bug in innominatus-tools; please report it with the file")
}
