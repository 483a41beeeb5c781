//! `innominatus impact`: reads both sides of a change — the working tree or a revision as
//! the head, a revision as the base (through `innominatus_fs::git`) — and prints the
//! engine's impact report (`project::impact`).

use super::check::{Settings, EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE};
use crate::args::{ImpactArgs, ImpactFormat};
use crate::walk::{self, Excludes};
use innominatus_engine::project::impact::{self, ChangeStatus, ChangedFile, Request};
use innominatus_engine::project::selector::{Scope, Selection};
use innominatus_engine::source::SourceFile;
use innominatus_engine::workspace::{normalize, Workspace};
use innominatus_fs::git;
use std::collections::BTreeSet;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Arc;

/// One side of the change: its files, and how to answer "does this file exist".
struct Side {
    files: Vec<(String, Vec<u8>)>,
    /// `None`: the working tree (asked of the disk).
    tree: Option<BTreeSet<String>>,
}

pub fn run(
    args: &ImpactArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<i32> {
    let config = match super::graph::load_config(settings) {
        Ok(c) => c,
        Err(message) => {
            writeln!(err, "{message}")?;
            return Ok(EXIT_TROUBLE);
        }
    };
    let excludes = Excludes::new(&config.exclude, config.folder.as_deref());
    let here = Path::new(".");
    let max_size = config.max_file_size.unwrap_or(walk::DEFAULT_MAX_FILE_SIZE);
    let revision = |rev: &str| -> Result<Side, String> {
        if !git::available() {
            return Err(
                "`--base` and `--head` read revisions with git, which cannot be run".into(),
            );
        }
        let commit = git::resolve(here, rev)?;
        let read = git::read_revision(here, &commit, &args.paths, &excludes, max_size)?;
        Ok(Side {
            files: read.files,
            tree: Some(read.all_paths),
        })
    };
    let head = match &args.head {
        Some(rev) => revision(rev),
        None => working_tree(args, &excludes, max_size),
    };
    let base = args.base.as_deref().map(revision).transpose();
    let (head, base) = match (head, base) {
        (Ok(h), Ok(b)) => (h, b),
        (Err(why), _) | (_, Err(why)) => {
            writeln!(err, "error: {why}")?;
            return Ok(EXIT_TROUBLE);
        }
    };
    let changed = match &base {
        Some(base) => impact::changed_files(&base.files, &head.files),
        None => args
            .changed
            .iter()
            .map(|f| ChangedFile {
                path: workspace_name(f),
                status: ChangeStatus::Named,
            })
            .collect(),
    };

    let head_ws = match workspace(head, &config) {
        Ok(ws) => ws,
        Err(why) => {
            writeln!(err, "error: {why}")?;
            return Ok(EXIT_TROUBLE);
        }
    };
    let base_ws = match base.map(|b| workspace(b, &config)).transpose() {
        Ok(ws) => ws,
        Err(why) => {
            writeln!(err, "error: {why}")?;
            return Ok(EXIT_TROUBLE);
        }
    };
    for c in changed.iter().filter(|c| c.status == ChangeStatus::Named) {
        if head_ws.file_index(&c.path).is_none() {
            writeln!(
                err,
                "warning: {} is not one of the workspace's files; nothing is declared in it",
                c.path
            )?;
        }
    }
    let selection = Selection::new(Scope::Lint).with(config.selection.clone());
    let request = Request {
        head: &head_ws,
        base: base_ws.as_ref(),
        changed,
        selection: &selection,
    };
    let report = match catch_unwind(AssertUnwindSafe(|| impact::analyse(&request))) {
        Ok(report) => report,
        Err(_) => {
            writeln!(
                err,
                "error: the impact analysis failed inside innominatus (a bug; please report it with the files)"
            )?;
            return Ok(EXIT_TROUBLE);
        }
    };
    let text = match args.format {
        ImpactFormat::Text => impact::to_text(&report),
        ImpactFormat::Json => impact::to_json(&report),
        ImpactFormat::Markdown => impact::to_markdown(&report),
        ImpactFormat::Html => {
            // Node files are relative to the working directory: links start there.
            let base = std::env::current_dir()
                .ok()
                .map(|d| d.to_string_lossy().into_owned());
            impact::to_html(&report, base)
        }
    };
    match &args.output {
        Some(path) => {
            if let Err(e) = std::fs::write(path, text) {
                writeln!(err, "error: cannot write {}: {e}", path.display())?;
                return Ok(EXIT_TROUBLE);
            }
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(if report.adds_errors() {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

/// A `--changed` file as the workspace names it: relative to the working directory, as the
/// walker displays files (an absolute path below it loses that prefix).
fn workspace_name(file: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| file.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| file.to_path_buf());
    normalize(&relative.to_string_lossy())
}

/// The files a `graph` or `lint` of the same paths reads.
fn working_tree(args: &ImpactArgs, excludes: &Excludes, max_size: u64) -> Result<Side, String> {
    let read_all = |paths: Vec<std::path::PathBuf>| -> Vec<Result<Vec<u8>, String>> {
        paths
            .iter()
            .map(|p| walk::read_limited(p, max_size))
            .collect()
    };
    let mut files = Vec::new();
    for input in walk::collect_with(&args.paths, None, excludes, &read_all) {
        files.push((input.display, input.bytes?));
    }
    Ok(Side { files, tree: None })
}

fn workspace(
    side: Side,
    config: &innominatus_engine::project::config::Config,
) -> Result<Workspace, String> {
    let mut sources = Vec::new();
    for (path, bytes) in &side.files {
        let file: Arc<str> = Arc::from(path.as_str());
        let parsed = catch_unwind(AssertUnwindSafe(|| SourceFile::parse(file.clone(), bytes)))
            .map_err(|_| {
                format!("reading {path} failed inside innominatus (a bug; please report it with the file)")
            })?;
        sources.push(parsed);
    }
    let exists: Box<dyn Fn(&str) -> bool + Send + Sync> = match side.tree {
        None => Box::new(|p: &str| Path::new(p).exists()),
        Some(tree) => Box::new(move |p: &str| tree.contains(&normalize(p))),
    };
    let mut ws = Workspace::new(sources, config.dialect, exists);
    ws.policy = config.policy.clone();
    Ok(ws)
}
