//! `innominatus graph`: the workspace graph as DOT, Mermaid, JSON, SVG or an interactive HTML
//! page (DESIGN.md §5).

use super::check::{Settings, EXIT_CLEAN, EXIT_TROUBLE};
use crate::args::{GraphArgs, GraphFormat};
use crate::walk::{self, Excludes};
use innominatus_engine::graph::{HtmlOptions, WorkspaceGraph};
use innominatus_engine::project::config::Config;
use innominatus_engine::source::SourceFile;
use innominatus_engine::workspace::Workspace;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Arc;

pub fn run(
    args: &GraphArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<i32> {
    let config = match load_config(settings) {
        Ok(c) => c,
        Err(message) => {
            writeln!(err, "{message}")?;
            return Ok(EXIT_TROUBLE);
        }
    };
    let mut trouble = false;
    let excludes = Excludes::new(&config.exclude, config.folder.as_deref());
    let inputs = walk::collect(&args.paths, args.stdin_filename.as_deref(), &excludes);
    let mut sources = Vec::new();
    for input in inputs {
        match input.bytes {
            Err(why) => {
                trouble = true;
                writeln!(err, "error: {why}")?;
            }
            Ok(bytes) => {
                let file: Arc<str> = Arc::from(input.display.as_str());
                match catch_unwind(AssertUnwindSafe(|| SourceFile::parse(file.clone(), &bytes))) {
                    Ok(src) => sources.push(src),
                    Err(_) => {
                        trouble = true;
                        writeln!(
                            err,
                            "error: reading {file} failed inside innominatus (a bug; please report it with the file)"
                        )?;
                    }
                }
            }
        }
    }
    let ws = Workspace::new(
        sources,
        config.dialect,
        Box::new(|p: &str| Path::new(p).exists()),
    );
    let mut graph = WorkspaceGraph::build(&ws);
    if let Some(name) = &args.app {
        match graph.for_application(name) {
            Some(g) => graph = g,
            None => {
                writeln!(
                    err,
                    "error: no application named `{name}` (Score `metadata.name`); {}",
                    listing("applications", &graph.applications())
                )?;
                return Ok(EXIT_TROUBLE);
            }
        }
    }
    if let Some(name) = &args.workflow {
        match graph.for_workflow(name) {
            Some(g) => graph = g,
            None => {
                writeln!(
                    err,
                    "error: no workflow named `{name}`; {}",
                    listing("workflows", &graph.workflows())
                )?;
                return Ok(EXIT_TROUBLE);
            }
        }
    }
    if let Some(file) = &args.focus {
        if args.format != GraphFormat::Html {
            writeln!(err, "error: --focus applies to --format html only")?;
            return Ok(EXIT_TROUBLE);
        }
        if graph.nodes_declared_in(file).is_empty() {
            writeln!(
                err,
                "warning: --focus {file}: no node of the graph is declared in that file; the page opens on the whole graph"
            )?;
        }
    }
    let text = match args.format {
        GraphFormat::Dot => graph.to_dot(),
        GraphFormat::Mermaid => graph.to_mermaid(),
        GraphFormat::Json => graph.to_json(),
        GraphFormat::Svg => graph.to_svg(),
        GraphFormat::Html => graph.to_html(&page_options(args)),
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
    Ok(if trouble { EXIT_TROUBLE } else { EXIT_CLEAN })
}

/// The page's title names what was read; file links are made absolute from the current
/// directory, which the graph's relative file names are relative to.
fn page_options(args: &GraphArgs) -> HtmlOptions {
    let read = if args.paths.is_empty() {
        ".".to_string()
    } else {
        args.paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(" ")
    };
    HtmlOptions {
        title: format!("innominatus graph: {read}"),
        focus_file: args.focus.clone(),
        file_base: std::env::current_dir()
            .ok()
            .map(|d| d.display().to_string()),
        ..HtmlOptions::default()
    }
}

fn listing(what: &str, names: &[&str]) -> String {
    if names.is_empty() {
        return format!("the files hold no {what}");
    }
    let mut names: Vec<&str> = names.to_vec();
    names.dedup();
    format!(
        "the {what} are: {}",
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The configuration in force (for `exclude` and `dialect`); a broken one is a usage error.
fn load_config(settings: &Settings) -> Result<Config, String> {
    let Some((chosen, loaded)) = crate::configuration::load(settings) else {
        return Ok(Config::default());
    };
    if loaded.problems.is_empty() {
        Ok(loaded.config)
    } else {
        Err(format!(
            "error: the configuration file {} has {} problem(s); `innominatus validate` shows them",
            chosen.display,
            loaded.problems.len()
        ))
    }
}
