//! The run shared by `validate` and `lint`: configuration, files, workspace, rules, fixes,
//! rendering and the exit status.

mod alone;

use crate::args::{DialectArg, LintArgs, ValidateArgs};
use crate::cache::{self, Cache, ExistsLog, KeyBuilder, RecordWriter, StoredRun};
use crate::render::{self, Output, Renderer};
use crate::report::{Counts, FileText, Report};
use crate::watch::RunResult;
use alone::{Alone, Waiting};
use innominatus_engine::diagnostic::Diagnostic;
use innominatus_engine::dialect::Dialect;
use innominatus_engine::project::config::Config;
use innominatus_engine::project::fixes;
use innominatus_engine::project::root;
use innominatus_engine::project::selector::{
    parse_all, Scope, Selection, SelectionLayer, UnknownSelector,
};
use innominatus_engine::rules::lint_source;
use innominatus_engine::rules::{self, Rule};
use innominatus_engine::schema::catalog::score_compiled;
use innominatus_engine::source::SourceFile;
use innominatus_engine::text::Span;
use innominatus_engine::workspace::{FileModels, Workspace};
use innominatus_fs::walk::{self, Excludes, Pending};
use innominatus_fs::write::{write_file, Expect};
use rayon::prelude::*;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

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

impl Mode {
    /// The selection the flags make, on top of the configuration's.
    fn flags(&self) -> Result<SelectionLayer, UnknownSelector> {
        let list = |l: &[String]| parse_all(l.iter().map(String::as_str));
        Ok(SelectionLayer {
            select: if self.select.is_empty() {
                None
            } else {
                Some(list(&self.select)?)
            },
            extend_select: list(&self.extend_select)?,
            ignore: list(&self.ignore)?,
            severity: Vec::new(),
        })
    }
}

pub fn run(
    args: &ValidateArgs,
    mode: &Mode,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<i32> {
    if !args.watch {
        return run_once(args, mode, settings, None, out, err).map(|r| r.code);
    }
    if mode.fix || mode.diff {
        // A fix written while the file is open in an editor races the editor's next save,
        // and each write would itself start a run: the editor's code actions fix instead.
        writeln!(err, "error: --watch does not combine with --fix or --diff")?;
        return Ok(EXIT_TROUBLE);
    }
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        writeln!(
            err,
            "error: --watch needs files or folders, not standard input"
        )?;
        return Ok(EXIT_TROUBLE);
    }
    let config = crate::configuration::load(settings);
    let excludes = match &config {
        Some((_, loaded)) => Excludes::new(&loaded.config.exclude, loaded.config.folder.as_deref()),
        None => Excludes::new(&[], None),
    };
    let watching = crate::watch::Watching {
        targets: innominatus_fs::watch::Targets::new(
            &args.paths,
            config.as_ref().map(|(chosen, _)| chosen.path.as_path()),
        ),
        excludes,
        machine_output: matches!(
            args.format,
            crate::args::OutputFormat::Json | crate::args::OutputFormat::Sarif
        ),
        command: if mode.all_groups { "lint" } else { "validate" },
    };
    let earlier = ParsedFiles::default();
    crate::watch::run(
        watching,
        &mut |out, err| {
            let mut result = run_once(args, mode, settings, Some(&earlier), out, err)?;
            result.summary += &earlier.take_reparsed();
            Ok(result)
        },
        out,
        err,
    )
}

/// One file's bytes, and its tree and models parsed from them.
type ParsedFile = (Vec<u8>, SourceFile, FileModels);

/// The files parsed by the earlier runs of a `--watch` session, by name, with the bytes they
/// were parsed from: a run parses again only the files whose bytes changed, and takes a copy
/// of the others' trees and models.
#[derive(Default)]
struct ParsedFiles {
    files: std::sync::Mutex<std::collections::HashMap<String, ParsedFile>>,
    /// Files parsed since the last [`ParsedFiles::take_reparsed`].
    reparsed: std::sync::atomic::AtomicUsize,
}

impl ParsedFiles {
    fn parse(&self, display: &Arc<str>, bytes: Vec<u8>) -> (SourceFile, FileModels) {
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, source, models)) = files.get(&**display).filter(|(b, ..)| *b == bytes) {
            return (source.clone(), models.clone());
        }
        // Parsed outside the lock: the threads parse in parallel.
        drop(files);
        let (source, models) = parse_with_models(display, bytes.clone());
        self.reparsed
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(display.to_string(), (bytes, source.clone(), models.clone()));
        (source, models)
    }

    /// ` (1 re-parsed)` for the status line: the files parsed since the last call.
    fn take_reparsed(&self) -> String {
        let n = self.reparsed.swap(0, std::sync::atomic::Ordering::Relaxed);
        format!(" ({n} re-parsed)")
    }
}

/// One run of the command: what it prints, its exit status and its counts.
fn run_once(
    args: &ValidateArgs,
    mode: &Mode,
    settings: &Settings,
    earlier: Option<&ParsedFiles>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<RunResult> {
    let parse = |display: &Arc<str>, bytes: Vec<u8>| match earlier {
        Some(earlier) => earlier.parse(display, bytes),
        None => parse_with_models(display, bytes),
    };
    // Phase 2 needs only the tree (a watch keeps both, so it answers from its store).
    let parse_tree = |display: &Arc<str>, bytes: Vec<u8>| match earlier {
        Some(earlier) => earlier.parse(display, bytes).0,
        None => SourceFile::parse_owned(display.clone(), bytes),
    };
    let flags = match mode.flags() {
        Ok(flags) => flags,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(trouble_result());
        }
    };
    crate::heap::grow_in_large_steps();
    let mut report = Report::default();
    let mut trouble = false;
    let (config, config_text) = load_config(settings, &mut report, &mut trouble);
    if trouble {
        // The configuration's problems belong to no file: one shard reports them, so that
        // merged outputs hold them once; every shard fails, having checked nothing.
        if let Some(shard) = args.shard.filter(|s| !s.reports_run_findings()) {
            report.diagnostics.clear();
            writeln!(
                err,
                "error: the configuration file has problems (shard 1/{} reports them)",
                shard.count()
            )?;
        }
        report.finish();
        render::render(&report, args.format, settings.color, out)?;
        return Ok(RunResult {
            code: EXIT_TROUBLE,
            summary: "the configuration file has problems".to_string(),
        });
    }

    let scope = if mode.all_groups {
        Scope::Lint
    } else {
        Scope::Validate
    };
    let selection = Selection::new(scope)
        .with(config.selection.clone())
        .with(flags);
    let enabled_rules = selection.enabled_rules();
    let enabled = |rule: &Rule| enabled_rules.contains(rule);

    let excludes = Excludes::new(&config.exclude, config.folder.as_deref());
    let max_size = config.max_file_size.unwrap_or(walk::DEFAULT_MAX_FILE_SIZE);
    // Files are found first and read when each phase needs them, on every thread: a run
    // holds the bytes and trees of the files being worked on, never of all of them.
    let pool = match thread_pool(args.threads) {
        Ok(pool) => pool,
        Err(e) => {
            writeln!(err, "error: cannot start the worker threads: {e}")?;
            return Ok(trouble_result());
        }
    };
    let dialect = match args.dialect {
        Some(DialectArg::Score) => Some(Dialect::Score),
        Some(DialectArg::Innominatus) => Some(Dialect::Innominatus),
        None => config.dialect,
    };
    // The schema is compiled on a worker while this thread looks for the files: the walk
    // is serial, and every check would otherwise wait for the first one to compile it.
    if let Some(dialect) = dialect {
        pool.spawn(move || innominatus_engine::schema::catalog::compile_for_score(dialect));
    }
    let inputs = walk::find(&args.paths, args.stdin_filename.as_deref(), &excludes);
    // Files named one by one (pre-commit, editors) are checked against the rest of their
    // workspace: its other YAML files are read as context but not reported on.
    let root = project_root(&config, &args.paths);
    let mut context: Vec<Pending> = Vec::new();
    if names_single_files(&args.paths) {
        context = context_inputs(&inputs, &context, root.as_deref(), &excludes);
    }
    // Providers kept outside the checked tree (`[workspace] provider-paths`).
    for dir in &config.provider_paths {
        let more = context_inputs(&inputs, &context, Some(dir), &excludes);
        context.extend(more);
    }
    // Which files this run reports on: all, or the engine's slice of them for `--shard`.
    let cwd = std::env::current_dir().unwrap_or_default();
    let owned: Vec<bool> = inputs
        .iter()
        .map(|input| {
            args.shard.is_none_or(|shard| {
                shard.owns_file(
                    Path::new(&*input.display),
                    root.as_deref().unwrap_or(&cwd),
                    &cwd,
                )
            })
        })
        .collect();

    // Fixes rewrite files and standard input has no stable identity: neither is cached.
    let cache = root
        .as_deref()
        .filter(|_| !args.no_cache && !mode.fix && !mode.diff)
        .filter(|_| !args.paths.iter().any(|p| p.as_os_str() == "-"))
        .and_then(Cache::for_workspace);

    // Phase 1, the index: each file read and parsed on a worker thread, its index entry
    // built and its tree dropped. `collect` keeps the input order, so output stays
    // deterministic.
    let digests = cache.is_some();
    // Whether phase 1 keeps its trees for phase 2 (see [`KEEP_TREES_UP_TO`]). Asked only
    // when a file is not checked alone: a folder of Score specs never needs its trees again,
    // and the sizes cost a system call per file. Serial, so that no worker waiting
    // for the answer can be asked to help compute it.
    let small_run = std::sync::OnceLock::new();
    let small_run = || {
        *small_run.get_or_init(|| {
            let sizes = inputs.iter().chain(&context).map(Pending::size_hint);
            sizes.sum::<u64>() <= KEEP_TREES_UP_TO
        })
    };
    let exists_log = ExistsLog::default();
    // Whether some file holds a document through which files' findings depend on each
    // other (a provider, a workflow, golden paths...). Until one is seen, and with the dialect known (the workspace's own choice needs every file),
    // each reported file is also checked alone as soon as it is parsed: when phase 1 ends
    // without one, those are its findings in the workspace (`rules::relates_files`),
    // and phase 2 neither reads nor parses anything again.
    let related_files = AtomicBool::new(false);
    let fixing = mode.fix || mode.diff;
    // The file's index entry goes into its own workspace: if the run turns out to need the
    // index, phase 1 builds the entry again (see `reindex`).
    let check_alone = |source: &SourceFile, models: FileModels, dialect| -> Box<Checked> {
        let exists = exists_log.clone();
        let mut diagnostics = rules::lint_alone(
            source,
            models,
            dialect,
            &config.policy,
            Box::new(move |p: &str| exists.exists(p)),
            &enabled,
        );
        selection.settle(&mut diagnostics);
        // Kept until every file is checked: without the room their building left.
        diagnostics.iter_mut().for_each(Diagnostic::shrink_to_fit);
        diagnostics.shrink_to_fit();
        Box::new(Checked {
            lines: touched_lines(source, &diagnostics),
            diagnostics,
            ..Checked::default()
        })
    };
    let waiting = Waiting::default();
    let index_one = |(input, owned): (&Pending, bool)| -> Indexed {
        let bytes = match input.read(max_size) {
            Ok(bytes) => bytes,
            Err(why) => return Indexed::Unreadable(why),
        };
        let digest = digests.then(|| cache::digest(&bytes));
        let size = bytes.len();
        let parsed = catch_unwind(AssertUnwindSafe(|| {
            let (source, models) = parse(&input.display, bytes);
            if rules::relates_files(&source) {
                related_files.store(true, Ordering::Relaxed);
            }
            let alone =
                dialect.filter(|_| owned && !fixing && !related_files.load(Ordering::Relaxed));
            match alone {
                Some(dialect) if !score_compiled(dialect) && waiting.admit(size) => {
                    (None, None, Some(Alone::Later(Box::new((source, models)))))
                }
                Some(dialect) => {
                    let checked = check_alone(&source, models, dialect);
                    (Some(source), None, Some(Alone::Checked(checked)))
                }
                None => (Some(source), Some(models), None),
            }
        }));
        match parsed {
            Ok((source, models, alone)) => {
                // A file checked alone is parsed again only if a later file relates
                // files, which a folder of Score specs never holds.
                let tree = source
                    .filter(|_| alone.is_none() && small_run())
                    .map(Box::new);
                let models = models.map(FileModels::for_index_alone);
                Indexed::Ready(digest, models, tree, alone)
            }
            Err(panic) => Indexed::Panicked(digest, panic),
        }
    };
    let indexed: Vec<Indexed> = pool.install(|| {
        let reported = inputs.par_iter().zip(owned.par_iter().copied());
        let context = context.par_iter().map(|c| (c, false));
        reported.chain(context).map(index_one).collect()
    });
    let (mut indexed, context_indexed) = split_at(indexed, inputs.len());
    if related_files.load(Ordering::Relaxed) {
        pool.install(|| {
            let each = indexed.par_iter_mut().zip(&inputs);
            each.for_each(|(indexed, input)| indexed.reindex(input, max_size, &parse))
        });
    }

    let key = cache.as_ref().map(|_| {
        run_key(
            args,
            mode,
            &config_text,
            &inputs,
            &indexed,
            &context,
            &context_indexed,
        )
    });
    // A stored run is checked (read through once) while the index is still held: one that
    // turns out unusable then costs nothing more.
    let stored = cache.as_ref().zip(key.as_ref()).and_then(|(cache, key)| {
        let members: Vec<(usize, bool)> = indexed
            .iter()
            .zip(owned.iter().copied())
            .enumerate()
            .filter(|(_, (indexed, _))| matches!(indexed, Indexed::Ready(..)))
            .map(|(at, (_, owned))| (at, owned))
            .collect();
        let reported = members.iter().filter(|(_, owned)| *owned).count();
        Some((cache.open(key, reported, err)?, members))
    });
    if let Some((mut run, members)) = stored {
        // A stored run needs no index: it is let go before the findings are read.
        drop((indexed, context_indexed));
        crate::heap::give_back_free_pages();
        for &(at, owned) in &members {
            if owned {
                report.add_file(inputs[at].display.clone());
            }
        }
        let mut renderer = Renderer::begin(output(args, mode, settings), report.files.clone(), out);
        let findings = Findings::Stored(&mut run);
        let stream = Stream {
            members: &members,
            inputs: &inputs,
            pool: &pool,
            max_size,
        };
        trouble |= stream.write(&mut report, findings, None, &mut renderer)?;
        run.finish()?;
        let files = report.files.len();
        drop(report);
        return status(renderer.end()?, files, args, trouble, None);
    }

    // Sized once: grown by doubling, its spare room and the copies made while growing
    // would come on top of the whole index, at the run's peak.
    let mut index = Vec::with_capacity(indexed.len() + context_indexed.len());
    // For each workspace file (by file index) that is an input: its place in `inputs`, and
    // whether it is reported on.
    let mut members: Vec<(usize, bool)> = Vec::new();
    // The trees phase 1 kept (see [`KEEP_TREES_UP_TO`]), by workspace file index.
    let mut kept_trees: Vec<Mutex<Option<Box<SourceFile>>>> = Vec::new();
    // The findings of the files checked alone in phase 1, by workspace file index.
    let mut checked_alone: Vec<Option<Alone>> = Vec::new();
    for (at, (indexed, owned)) in indexed.into_iter().zip(owned.iter().copied()).enumerate() {
        let file: Arc<str> = inputs[at].display.clone();
        match indexed {
            // Another shard reports this file's troubles.
            Indexed::Unreadable(_) if !owned => {}
            Indexed::Unreadable(why) => {
                trouble = true;
                report.add_file(file.clone());
                report.add_text(file.clone(), String::new());
                report.diagnostics.push(Diagnostic::new(
                    &rules::UNREADABLE_FILE,
                    &file,
                    Span::at(0),
                    why,
                ));
            }
            Indexed::Ready(_, models, tree, alone) => {
                if owned {
                    report.add_file(file);
                }
                // No entry: the file was checked alone, and the run needs no index.
                index.push(models.unwrap_or_default());
                kept_trees.push(Mutex::new(tree));
                checked_alone.push(alone);
                members.push((at, owned));
            }
            Indexed::Panicked(..) if !owned => {}
            Indexed::Panicked(_, panic) => {
                trouble = true;
                report.add_file(file.clone());
                report.diagnostics.push(internal_error(&file, panic));
            }
        }
    }
    let checked = index.len();
    // Every file reported on was checked alone and none relates files: no check is left
    // to read the index, which is then not built (its entries' paths normalised and hashed
    // on this thread while the workers wait).
    let index_unused = !fixing
        && !related_files.load(Ordering::Relaxed)
        && members
            .iter()
            .zip(&checked_alone)
            .all(|((_, owned), alone)| !owned || alone.is_some());
    if index_unused {
        index.clear();
    } else {
        for indexed in context_indexed {
            if let Indexed::Ready(_, Some(models), ..) = indexed {
                index.push(models);
            }
        }
    }

    let exists = exists_log.clone();
    let mut ws = Workspace::from_index(index, dialect, Box::new(move |p: &str| exists.exists(p)));
    ws.policy = config.policy.clone();

    // Phase 2, the checks: each file reported on is read and parsed again on a worker
    // thread, checked against the index, its findings settled (and its fixes made, with
    // `--fix`/`--diff`), and its tree dropped.
    // What phase 2 and the re-check after fixes both start with: whether this run reports
    // on workspace file `i`, and if so its tree (the one phase 1 kept, else read and parsed
    // again), or the finding that says why it has none.
    let open = |i: usize| -> Result<Option<Opened>, Box<Diagnostic>> {
        let (at, owned) = members[i];
        if !owned {
            return Ok(None);
        }
        let input = &inputs[at];
        let file: Arc<str> = input.display.clone();
        let kept = kept_trees[i]
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(source) = kept {
            return Ok(Some(Opened {
                input: at,
                file,
                source: *source,
            }));
        }
        let bytes = input.read(max_size).map_err(|why| {
            Box::new(Diagnostic::new(
                &rules::UNREADABLE_FILE,
                &file,
                Span::at(0),
                why,
            ))
        })?;
        match catch_unwind(AssertUnwindSafe(|| parse_tree(&input.display, bytes))) {
            Ok(source) => Ok(Some(Opened {
                input: at,
                file,
                source,
            })),
            Err(panic) => Err(Box::new(internal_error(&file, panic))),
        }
    };
    let check = |i: usize| -> Checked {
        let (input, file, source) = match open(i) {
            Ok(Some(opened)) => (&inputs[opened.input], opened.file, opened.source),
            Ok(None) => return Checked::default(),
            Err(trouble) => return Checked::trouble(*trouble),
        };
        let linted = catch_unwind(AssertUnwindSafe(|| {
            let mut diags = lint_source(&ws, i, &source, &enabled);
            selection.settle(&mut diags);
            // Kept until every file is checked: without the room their building left.
            diags.iter_mut().for_each(Diagnostic::shrink_to_fit);
            diags.shrink_to_fit();
            let fixed = source
                .text
                .as_ref()
                .filter(|_| fixing && input.path().is_some())
                .map(|text| {
                    let fixed = fixes::fix_until_stable(
                        &ws,
                        i,
                        text,
                        &diags,
                        &selection,
                        mode.unsafe_fixes,
                    );
                    (text.clone(), fixed)
                })
                .filter(|(text, fixed)| fixed.text != *text);
            let lines = touched_lines(&source, &diags);
            (diags, fixed, lines)
        }));
        match linted {
            Ok((diagnostics, fixed, lines)) => Checked {
                diagnostics,
                fixed,
                lines,
                trouble: false,
            },
            Err(panic) => Checked::trouble(internal_error(&file, panic)),
        }
    };
    // Checked alone, the files' findings are final only if no file turned out to relate
    // files; any file without them is checked now.
    if related_files.load(Ordering::Relaxed) {
        checked_alone.clear();
    }
    checked_alone.resize_with(checked, || None);
    // Each taken once, by whichever worker comes to the file.
    let checked_alone: Vec<Mutex<Option<Alone>>> =
        checked_alone.into_iter().map(Mutex::new).collect();
    let checked_or_check = |i: usize| -> Checked {
        let alone = checked_alone[i]
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        match (alone, dialect) {
            (Some(Alone::Checked(checked)), _) => *checked,
            (Some(Alone::Later(parsed)), Some(dialect)) => {
                let (source, models) = *parsed;
                let checked =
                    catch_unwind(AssertUnwindSafe(|| check_alone(&source, models, dialect)));
                checked.map_or_else(
                    |panic| Checked::trouble(internal_error(&source.file, panic)),
                    |checked| *checked,
                )
            }
            _ => check(i),
        }
    };
    if !fixing {
        // Without fixes nothing found later changes what a file reports: each file's
        // findings are written as soon as it and the files before it are checked, and
        // dropped (see [`Stream::write`]).
        let mut renderer = Renderer::begin(output(args, mode, settings), report.files.clone(), out);
        let mut record = cache
            .as_ref()
            .zip(key.as_ref())
            .and_then(|(c, k)| c.writer(k));
        let stream = Stream {
            members: &members,
            inputs: &inputs,
            pool: &pool,
            max_size,
        };
        let findings = Findings::Checked(&checked_or_check);
        trouble |= stream.write(&mut report, findings, record.as_mut(), &mut renderer)?;
        // A run in trouble is not stored (the record is let go unfinished).
        if let (Some(record), false) = (record, trouble) {
            record.finish(&exists_log);
        }
        let files = report.files.len();
        drop(report);
        forget_unless_watching(ws, args);
        return status(renderer.end()?, files, args, trouble, None);
    }
    let linted: Vec<Checked> = pool.install(|| {
        let each = (0..checked).into_par_iter();
        each.map(checked_or_check).collect()
    });
    trouble |= linted.iter().any(|c| c.trouble);
    let mut fixed_texts: Vec<(usize, String, fixes::Fixed)> = Vec::new();
    let mut per_file: Vec<Vec<Diagnostic>> = Vec::with_capacity(checked);
    for (i, checked) in linted.into_iter().enumerate() {
        if let Some(lines) = checked.lines {
            report.add_lines(inputs[members[i].0].display.clone(), lines);
        }
        per_file.push(checked.diagnostics);
        if let Some((text, fixed)) = checked.fixed {
            fixed_texts.push((i, text, fixed));
        }
    }
    // With fixes there is no cache (see `cache` above): fixed files have new findings.
    let mut diff_found = false;
    // Files whose fixes were written, with their new text.
    let mut written: Vec<(usize, String)> = Vec::new();
    for (index, text, fixed) in fixed_texts {
        let file = ws.path(index).clone();
        let diags = &mut per_file[index];
        if mode.diff {
            diff_found = true;
            write_diff(out, &file, &text, &fixed.text)?;
        } else if let Err(e) = write_file(
            Path::new(file.as_ref()),
            fixed.text.as_bytes(),
            Expect::Unchanged(text.as_bytes()),
        ) {
            trouble = true;
            diags.push(Diagnostic::new(
                &rules::UNWRITABLE_FILE,
                &file,
                Span::at(0),
                rules::internal::unwritable_file::message(&e.to_string()),
            ));
        } else {
            report.add_text(file.clone(), fixed.text.clone());
            *diags = fixed.remaining;
            written.push((index, fixed.text));
        }
    }
    // A fix in one file can settle findings of another (a renamed workflow, a corrected
    // path): what is reported is the state of the files as they are now written.
    if !written.is_empty() {
        for (index, text) in written {
            let file = ws.path(index).clone();
            ws.replace_file(index, SourceFile::parse(file, text.as_bytes()));
        }
        let check = |i: usize| -> Checked {
            let Opened { file, source, .. } = match open(i) {
                Ok(Some(opened)) => opened,
                Ok(None) => return Checked::default(),
                Err(trouble) => return Checked::trouble(*trouble),
            };
            match catch_unwind(AssertUnwindSafe(|| lint_source(&ws, i, &source, &enabled))) {
                Ok(mut diagnostics) => {
                    selection.settle(&mut diagnostics);
                    Checked {
                        diagnostics,
                        ..Checked::default()
                    }
                }
                Err(panic) => Checked::trouble(internal_error(&file, panic)),
            }
        };
        let relinted: Vec<Checked> =
            pool.install(|| (0..checked).into_par_iter().map(check).collect());
        for (i, result) in relinted.into_iter().enumerate() {
            // A file that could not be written keeps its findings and the reason.
            if per_file[i]
                .iter()
                .any(|d| d.code == rules::UNWRITABLE_FILE.code)
            {
                continue;
            }
            trouble |= result.trouble;
            per_file[i] = result.diagnostics;
        }
    }
    // What the worker threads freed (the trees of phase 2) stays in their heaps, where the
    // findings gathered, sorted and rendered here on the main thread cannot reuse it.
    crate::heap::give_back_free_pages();
    // Reserved at once: growing by doubling would hold two copies of a large run's findings.
    report
        .diagnostics
        .reserve(per_file.iter().map(Vec::len).sum());
    for diags in per_file {
        report.diagnostics.extend(diags);
    }
    resolve_texts(&mut report, &pool, &inputs, max_size);
    forget_unless_watching(ws, args);
    finish(report, args, mode, settings, trouble, diff_found, out)
}

/// The process ends after this command: giving every model of the index back to the
/// allocator one by one would only delay the exit. A watch runs again: there the memory must
/// come back.
fn forget_unless_watching(ws: Workspace, args: &ValidateArgs) {
    if args.watch {
        drop(ws);
    } else {
        std::mem::forget(ws);
    }
}

/// How many files phase 2 checks between two writes of the output: enough to keep every
/// thread busy, few enough that their findings and lines are a small part of a run.
const FILES_PER_PART: usize = 512;

/// What is written of the run, in the order of the output: a finding of phase 1 (a file
/// that could not be read or parsed), or a workspace file to check.
enum Unit {
    /// Boxed: a unit per file, most of them files to check.
    Found(Box<Diagnostic>),
    Check(usize),
}

impl Unit {
    fn file<'a>(&'a self, members: &[(usize, bool)], inputs: &'a [Pending]) -> &'a str {
        match self {
            Unit::Found(d) => &d.file,
            Unit::Check(i) => &inputs[members[*i].0].display,
        }
    }
}

/// Where phase 2's findings come from: checks on the pool, or a stored run read in the
/// order it was written (the order below, the same for the same files).
enum Findings<'a> {
    Checked(&'a (dyn Fn(usize) -> Checked + Sync)),
    Stored(&'a mut StoredRun),
}

/// Phase 2 without fixes: the run's files (`members`: each workspace file's place in
/// `inputs` and whether it is reported on) taken in the output's order and written
/// `FILES_PER_PART` at a time.
struct Stream<'a> {
    members: &'a [(usize, bool)],
    inputs: &'a [Pending],
    pool: &'a rayon::ThreadPool,
    max_size: u64,
}

impl Stream<'_> {
    /// The findings of phase 1 (in `report`) and those of the files reported on (checked or
    /// stored) are taken by file name, as [`Report::finish`] sorts; each part goes to the
    /// renderer with the lines its findings touch (read from the files for a stored run) and
    /// to the cache's `record`, then is dropped. A run holds the findings of one part, never
    /// of all files. Whether a check failed.
    fn write(
        &self,
        report: &mut Report,
        mut findings: Findings<'_>,
        mut record: Option<&mut RecordWriter>,
        renderer: &mut Renderer<'_>,
    ) -> std::io::Result<bool> {
        let (members, inputs) = (self.members, self.inputs);
        // Made when a first finding points into a text it does not carry: a run without
        // findings never reads a file again, nor needs this map.
        let by_name = std::sync::OnceLock::new();
        let by_name = || by_name.get_or_init(|| inputs_by_name(inputs));
        let found = std::mem::take(&mut report.diagnostics);
        let mut units: Vec<Unit> = found
            .into_iter()
            .map(|d| Unit::Found(Box::new(d)))
            .collect();
        let owned = members.iter().enumerate().filter(|(_, (_, owned))| *owned);
        units.extend(owned.map(|(i, _)| Unit::Check(i)));
        // Stable: a file's findings of phase 1 come first, as in the sorted report.
        units.sort_by(|a, b| a.file(members, inputs).cmp(b.file(members, inputs)));
        let mut trouble = false;
        let mut units = units.into_iter().peekable();
        while units.peek().is_some() {
            let chunk: Vec<Unit> = units.by_ref().take(FILES_PER_PART).collect();
            let results: Vec<Option<Checked>> = match &mut findings {
                Findings::Checked(check) => self.pool.install(|| {
                    let results = chunk.par_iter().map(|unit| match unit {
                        Unit::Check(i) => Some(check(*i)),
                        Unit::Found(_) => None,
                    });
                    results.collect()
                }),
                Findings::Stored(run) => {
                    let stored = chunk.iter().map(|unit| match unit {
                        Unit::Check(i) => run.next(*i).map(|diagnostics| {
                            Some(Checked {
                                diagnostics,
                                ..Checked::default()
                            })
                        }),
                        Unit::Found(_) => Ok(None),
                    });
                    stored.collect::<std::io::Result<_>>()?
                }
            };
            let mut part = Report::default();
            for (unit, result) in chunk.into_iter().zip(results) {
                match (unit, result) {
                    (Unit::Found(d), _) => {
                        if let Some(text) = report.take_text(&d.file) {
                            part.add_lines(d.file.clone(), text);
                        }
                        part.diagnostics.push(*d);
                    }
                    (Unit::Check(i), Some(checked)) => {
                        trouble |= checked.trouble;
                        if let Some(lines) = checked.lines {
                            let file = &inputs[members[i].0].display;
                            part.add_lines(file.clone(), lines);
                        }
                        if let Some(record) = record.as_deref_mut() {
                            record.file(i, &checked.diagnostics);
                        }
                        part.diagnostics.extend(checked.diagnostics);
                    }
                    (Unit::Check(_), None) => unreachable!("every file to check has a result"),
                }
            }
            part.finish();
            let max_size = self.max_size;
            self.pool
                .install(|| part.resolve(&|file| by_name().get(file)?.read(max_size).ok()));
            renderer.part(&part)?;
        }
        Ok(trouble)
    }
}

/// Up to how many bytes of input (the files' sizes, taken before phase 1) phase 1 keeps the
/// trees it parses, for phase 2 to check without reading and parsing them again. A small
/// repository (a thousand 60-line files is about 2 MB) is then parsed once, as fast as before
/// two phases, its trees a few MB. A larger run keeps none: its peak stays the index, the
/// findings and a tree per thread, whatever its size.
const KEEP_TREES_UP_TO: u64 = 2 << 20;

/// How phase 1 parses a file and builds its index entry (a watch answers from its store).
type ParseFn<'a> = dyn Fn(&Arc<str>, Vec<u8>) -> (SourceFile, FileModels) + Sync + 'a;

/// What phase 1 made of one input.
enum Indexed {
    Unreadable(String),
    /// The digest of its bytes (when a cache is used), its index entry (unless it was
    /// checked alone), its tree while the run's budget for kept trees lasts, and, if it is
    /// checked alone, its findings or what its check needs.
    Ready(
        Option<[u8; 16]>,
        Option<FileModels>,
        Option<Box<SourceFile>>,
        Option<Alone>,
    ),
    /// Parsing or indexing panicked.
    Panicked(Option<[u8; 16]>, Box<dyn std::any::Any + Send>),
}

impl Indexed {
    /// A file checked alone in a run that turns out to need the index: its findings are let
    /// go and its index entry built again, from its kept tree or by parsing it again (a file
    /// still waiting for its check has its entry at hand).
    fn reindex(&mut self, input: &Pending, max_size: u64, parse: &ParseFn<'_>) {
        let Indexed::Ready(digest, models @ None, tree, alone) = self else {
            return;
        };
        if let Some(Alone::Later(parsed)) = alone.take() {
            *models = Some(parsed.1.for_index_alone());
            return;
        }
        if let Some(tree) = tree {
            *models = Some(FileModels::build(tree).for_index_alone());
            return;
        }
        let digest = *digest;
        let bytes = match input.read(max_size) {
            Ok(bytes) => bytes,
            Err(why) => return *self = Indexed::Unreadable(why),
        };
        match catch_unwind(AssertUnwindSafe(|| parse(&input.display, bytes))) {
            Ok((_, entry)) => *models = Some(entry.for_index_alone()),
            Err(panic) => *self = Indexed::Panicked(digest, panic),
        }
    }

    fn digest(&self) -> Option<&[u8; 16]> {
        match self {
            Indexed::Ready(d, ..) | Indexed::Panicked(d, _) => d.as_ref(),
            Indexed::Unreadable(_) => None,
        }
    }
}

/// A file phase 2 (or the re-check after fixes) checks: its place among the inputs, its
/// name and its tree.
struct Opened {
    input: usize,
    file: Arc<str>,
    source: SourceFile,
}

/// What phase 2 made of one file: its findings, and with `--fix`/`--diff` its text and
/// what the fixes made of it (when they changed it).
#[derive(Default)]
struct Checked {
    diagnostics: Vec<Diagnostic>,
    fixed: Option<(String, fixes::Fixed)>,
    /// The lines of the file its findings touch.
    lines: Option<FileText>,
    trouble: bool,
}

impl Checked {
    fn trouble(d: Diagnostic) -> Checked {
        Checked {
            diagnostics: vec![d],
            fixed: None,
            lines: None,
            trouble: true,
        }
    }
}

fn split_at<T>(mut all: Vec<T>, at: usize) -> (Vec<T>, Vec<T>) {
    let rest = all.split_off(at);
    (all, rest)
}

/// Gives the report the lines its findings point into, read again from the inputs (the
/// files named or walked; context files are not shown, as before).
fn resolve_texts(report: &mut Report, pool: &rayon::ThreadPool, inputs: &[Pending], max: u64) {
    let by_name = inputs_by_name(inputs);
    pool.install(|| report.resolve(&|file| by_name.get(file)?.read(max).ok()));
}

/// The lines of `source` its own findings touch, taken while the text is at hand: rendering
/// then reads again only files that other files' findings point into.
fn touched_lines(source: &SourceFile, diags: &[Diagnostic]) -> Option<FileText> {
    let text = source.text.as_deref().filter(|_| !diags.is_empty())?;
    let own = diags.iter().flat_map(crate::report::places);
    let spans = own.filter(|(f, _)| **f == source.file).map(|(_, s)| s);
    Some(FileText::touched(text, spans.collect()))
}

fn inputs_by_name(inputs: &[Pending]) -> std::collections::HashMap<&str, &Pending> {
    inputs.iter().map(|i| (&*i.display, i)).collect()
}

/// One file parsed and its documents' models built: the work of a parsing thread. The
/// bytes become the tree's text (read only to be parsed, they are not copied), named with
/// the walk's one allocation, which the index and the report share.
fn parse_with_models(display: &Arc<str>, bytes: Vec<u8>) -> (SourceFile, FileModels) {
    let source = SourceFile::parse_owned(display.clone(), bytes);
    let models = FileModels::build(&source);
    (source, models)
}

/// Prints the findings (unless the diff was the output) and chooses the exit status.
fn finish(
    mut report: Report,
    args: &ValidateArgs,
    mode: &Mode,
    settings: &Settings,
    trouble: bool,
    diff_found: bool,
    out: &mut dyn Write,
) -> std::io::Result<RunResult> {
    report.finish();
    let files = report.files.clone();
    let mut renderer = Renderer::begin(output(args, mode, settings), files, out);
    renderer.part(&report)?;
    let counts = renderer.end()?;
    status(
        counts,
        report.files.len(),
        args,
        trouble,
        mode.diff.then_some(diff_found),
    )
}

/// What the command prints: the findings in the format asked for, their statistics, or
/// nothing (the diff was the output).
fn output(args: &ValidateArgs, mode: &Mode, settings: &Settings) -> Output {
    if mode.diff {
        Output::Nothing
    } else if mode.statistics {
        Output::Statistics
    } else {
        Output::Format(args.format, settings.color)
    }
}

/// The exit status and the summary of a run (`diff_found`: with `--diff`, whether a diff was
/// written).
fn status(
    counts: Counts,
    files: usize,
    args: &ValidateArgs,
    trouble: bool,
    diff_found: Option<bool>,
) -> std::io::Result<RunResult> {
    let code = if trouble {
        EXIT_TROUBLE
    } else if let Some(diff_found) = diff_found {
        if diff_found {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        }
    } else if counts.errors > 0 || (args.deny_warnings && counts.warnings > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    };
    Ok(RunResult {
        code,
        summary: format!(
            "{}, {} in {files} file{}{}",
            plural(counts.errors, "error"),
            plural(counts.warnings, "warning"),
            if files == 1 { "" } else { "s" },
            if trouble {
                " (some could not be checked)"
            } else {
                ""
            }
        ),
    })
}

fn trouble_result() -> RunResult {
    RunResult {
        code: EXIT_TROUBLE,
        summary: "nothing checked".to_string(),
    }
}

/// `1 error`, `2 warnings`.
fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// The pool that parses and lints; `--threads` or one thread per core.
fn thread_pool(threads: Option<u16>) -> Result<rayon::ThreadPool, rayon::ThreadPoolBuildError> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        builder = builder.num_threads(usize::from(n));
    }
    builder.build()
}

/// The cache key of a run: everything a finding can depend on except the existence of
/// files outside the run, which the cache checks itself (see `cache.rs`). Files enter it by
/// the digest of their bytes, taken while phase 1 read them.
fn run_key(
    args: &ValidateArgs,
    mode: &Mode,
    config_text: &str,
    inputs: &[Pending],
    indexed: &[Indexed],
    context: &[Pending],
    context_indexed: &[Indexed],
) -> String {
    let mut key = KeyBuilder::new();
    let cwd = std::env::current_dir().unwrap_or_default();
    key.add("cwd", cwd.as_os_str().as_encoded_bytes());
    key.add("config", config_text.as_bytes());
    let dialect = match args.dialect {
        Some(DialectArg::Score) => "score",
        Some(DialectArg::Innominatus) => "innominatus",
        None => "",
    };
    key.add("dialect", dialect.as_bytes());
    key.add("all-groups", &[u8::from(mode.all_groups)]);
    // A shard's findings are a part of the run's: never served to another shard or to the
    // whole run.
    let shard = args.shard.map(|s| s.to_string()).unwrap_or_default();
    key.add("shard", shard.as_bytes());
    for (label, list) in [
        ("select", &mode.select),
        ("extend-select", &mode.extend_select),
        ("ignore", &mode.ignore),
    ] {
        key.add(label, list.join(",").as_bytes());
    }
    for (label, files, indexed) in [
        ("checked", inputs, indexed),
        ("context", context, context_indexed),
    ] {
        for (input, indexed) in files.iter().zip(indexed) {
            match (indexed, indexed.digest()) {
                (Indexed::Unreadable(why), _) => {
                    key.add(label, input.display.as_bytes());
                    key.add("unreadable", why.as_bytes());
                }
                (_, Some(digest)) => {
                    key.add(label, input.display.as_bytes());
                    key.add("bytes", digest);
                }
                // Context files that cannot be read take no part in the run.
                (_, None) => {}
            }
        }
    }
    key.finish()
}

/// Whether the command names files (or standard input) rather than directories.
fn names_single_files(paths: &[PathBuf]) -> bool {
    !paths.is_empty() && paths.iter().all(|p| p.as_os_str() == "-" || p.is_file())
}

/// Where the context of single files is read (and the cache kept): the engine's workspace
/// root (`project::root`) for the configuration and the first path named.
fn project_root(config: &Config, paths: &[PathBuf]) -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    let first = paths.iter().find(|p| p.as_os_str() != "-").map(|p| {
        let absolute = cwd.join(p);
        match absolute.is_dir() {
            true => absolute,
            false => absolute
                .parent()
                .map_or(absolute.clone(), Path::to_path_buf),
        }
    });
    Some(root::workspace_root(
        config.workspace_root.as_deref(),
        config.folder.as_deref(),
        first.as_deref(),
        &cwd,
        &|p| p.exists(),
    ))
}

/// Every other YAML file below `root` (not among `checked` nor `known`), for cross-file
/// references; read when the index is built (one that cannot be read is left out).
fn context_inputs(
    checked: &[Pending],
    known: &[Pending],
    root: Option<&Path>,
    excludes: &Excludes,
) -> Vec<Pending> {
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
    let seen: std::collections::HashSet<PathBuf> = checked
        .iter()
        .chain(known)
        .filter_map(|i| Path::new(&*i.display).canonicalize().ok())
        .collect();
    walk::find(&[start], None, excludes)
        .into_iter()
        .filter(|i| {
            i.path().is_some()
                && Path::new(&*i.display)
                    .canonicalize()
                    .is_ok_and(|p| !seen.contains(&p))
        })
        .collect()
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

/// The configuration in force, and its name and text (part of the cache key).
fn load_config(settings: &Settings, report: &mut Report, trouble: &mut bool) -> (Config, String) {
    let Some((chosen, loaded)) = crate::configuration::load(settings) else {
        return (Config::default(), String::new());
    };
    let identity = format!("{}\n{}", chosen.path.display(), loaded.text);
    if !loaded.problems.is_empty() {
        *trouble = true;
        report.add_text(Arc::from(chosen.display.as_str()), loaded.text);
        report.diagnostics.extend(loaded.problems);
    }
    (loaded.config, identity)
}

fn internal_error(file: &Arc<str>, panic: Box<dyn std::any::Any + Send>) -> Diagnostic {
    innominatus_engine::diagnostic::internal_error(
        file,
        &innominatus_engine::diagnostic::panic_text(&*panic),
    )
}
