//! `innominatus doctor`: what the tool sees from here, for a person setting it up or a bug
//! report: version, configuration and its problems, the workspace and its documents, the
//! providers and what they resolve, resource types nobody provides, and editor setup hints.

use super::check::{Settings, EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE};
use crate::args::{DoctorArgs, DoctorFormat};
use crate::cache::Cache;
use crate::report::Report;
use crate::walk::{self, Excludes};
use innominatus_engine::diagnostic::Diagnostic;
use innominatus_engine::inventory::Inventory;
use innominatus_engine::project::config::Config;
use innominatus_engine::source::SourceFile;
use innominatus_engine::text::Span;
use innominatus_engine::workspace::Workspace;
use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Everything doctor found, before it is printed.
struct Findings {
    config_path: Option<PathBuf>,
    /// How the configuration was chosen, for people.
    config_origin: &'static str,
    config_problems: Vec<Diagnostic>,
    root: PathBuf,
    /// The result cache of `validate`/`lint` run from here: folder and stored runs, or off.
    cache: Option<(PathBuf, usize)>,
    inventory: Inventory,
    /// Texts of the files positions point into.
    report: Report,
    editors: Editors,
}

struct Editors {
    innominatus: Option<PathBuf>,
    /// How to put `innominatus` on PATH, from where doctor runs.
    path_hint: String,
    code: Option<PathBuf>,
    nvim: Option<PathBuf>,
}

const VSCODE_HINT: &str = "install the platform package `innominatus-VERSION-linux-x64.vsix` (it carries the binary) or build the extension from editors/vscode (README: \"Install\", \"Editors\"); it starts `innominatus lsp`";
const NVIM_HINT: &str = "add editors/nvim to your runtimepath and call require(\"innominatus\").setup() (README: \"Neovim\")";

/// How to put `innominatus` on PATH: from a clone of innominatus-tools, the exact command;
/// anywhere else (a platform repository, most likely), the general ways.
fn path_hint(clone: Option<&Path>) -> String {
    let how = match clone {
        Some(dir) => format!("`cargo install --path {}` installs it from this clone of innominatus-tools", dir.display()),
        None => "`pip install` the release wheel (`innominatus-VERSION-py3-none-manylinux_*_x86_64.whl`), unpack the release archive into a folder on PATH, or install from a clone of innominatus-tools (`cargo install --path /path/to/innominatus-tools`) (README: \"Install\")".to_string(),
    };
    format!("editors and pre-commit start `innominatus` from PATH: {how}")
}

/// The clone of innominatus-tools that `dir` lies in, if any: the nearest folder upwards
/// whose `Cargo.toml` is the manifest of the `innominatus` package (ours, at the root).
fn own_clone(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| is_own_manifest(&d.join("Cargo.toml")) && d.join("cli/src/main.rs").is_file())
        .map(Path::to_path_buf)
}

fn is_own_manifest(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    let Ok(manifest) = text.parse::<toml::Table>() else {
        return false;
    };
    manifest
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str())
        == Some("innominatus")
}

pub fn run(
    args: &DoctorArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<i32> {
    let findings = inspect(args, settings);
    if !findings.root.is_dir() {
        writeln!(
            err,
            "error: the workspace root {} is not a directory",
            findings.root.display()
        )?;
        return Ok(EXIT_TROUBLE);
    }
    match args.format {
        DoctorFormat::Text => text(&findings, out)?,
        DoctorFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &to_json(&findings))?;
            writeln!(out)?;
        }
    }
    // Problems in the configuration stop every other command (exit 2 there): say so here.
    Ok(if findings.config_problems.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_FINDINGS
    })
}

fn inspect(args: &DoctorArgs, settings: &Settings) -> Findings {
    let mut report = Report::default();
    let (config_path, config_origin) = match crate::configuration::choose(settings) {
        Ok(chosen) => (Some(chosen.path), chosen.origin),
        Err(why) => (None, why),
    };
    let (config, config_problems) = match &config_path {
        Some(path) => {
            let display = path.display().to_string();
            let loaded = innominatus_fs::config::load(path, &display);
            report.add_text(Arc::from(display.as_str()), loaded.text);
            (loaded.config, loaded.problems)
        }
        None => (Config::default(), Vec::new()),
    };
    let root = args
        .path
        .clone()
        .or_else(|| config.workspace_root.clone())
        .or_else(|| config.folder.clone())
        .unwrap_or_else(|| PathBuf::from("."));
    let root = relative_to_cwd(&root);
    let excludes = Excludes::new(&config.exclude, config.folder.as_deref());
    let mut sources = Vec::new();
    if root.is_dir() {
        for input in walk::collect(std::slice::from_ref(&root), None, &excludes) {
            let file: Arc<str> = Arc::from(input.display.as_str());
            let bytes = input.bytes.unwrap_or_default();
            report.add_file(file.clone());
            report.add_text(file.clone(), crate::report::display_text(&bytes));
            sources.push(SourceFile::parse(file, &bytes));
        }
    }
    let ws = Workspace::new(
        sources,
        config.dialect,
        Box::new(|p: &str| Path::new(p).exists()),
    );
    // `validate` and `lint` keep their cache where they read context from.
    let cache_root = config
        .workspace_root
        .clone()
        .or_else(|| config.folder.clone())
        .or_else(|| std::env::current_dir().ok());
    let cache = cache_root
        .as_deref()
        .and_then(Cache::for_workspace)
        .map(|c| c.describe());
    Findings {
        config_path,
        config_origin,
        config_problems,
        root,
        cache,
        inventory: Inventory::of(&ws),
        report,
        editors: Editors {
            innominatus: on_path("innominatus"),
            path_hint: path_hint(
                std::env::current_dir()
                    .ok()
                    .and_then(|d| own_clone(&d))
                    .as_deref(),
            ),
            code: on_path("code").or_else(|| on_path("code-server")),
            nvim: on_path("nvim"),
        },
    }
}

/// `root` relative to the working directory when it lies below it (`.` for the directory
/// itself), so that file names print as `lint` prints them.
fn relative_to_cwd(root: &Path) -> PathBuf {
    let (Ok(abs), Ok(cwd)) = (root.canonicalize(), std::env::current_dir()) else {
        return root.to_path_buf();
    };
    match abs.strip_prefix(cwd.canonicalize().unwrap_or(cwd)) {
        Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rel) => rel.to_path_buf(),
        Err(_) => abs,
    }
}

/// The first executable called `name` in `PATH`.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file() || path.with_extension("exe").is_file()
}

fn at(report: &Report, file: &str, span: Span) -> String {
    let p = report.position(file, span.start);
    format!("{file}:{}:{}", p.line, p.column)
}

fn text(f: &Findings, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "innominatus {}", env!("CARGO_PKG_VERSION"))?;
    writeln!(out)?;
    match &f.config_path {
        Some(p) => writeln!(out, "Configuration: {} ({})", p.display(), f.config_origin)?,
        None => writeln!(out, "Configuration: {}", f.config_origin)?,
    }
    if f.config_problems.is_empty() {
        if f.config_path.is_some() {
            writeln!(out, "  no problems")?;
        }
    } else {
        for d in &f.config_problems {
            writeln!(
                out,
                "  {}: {}[{} {}] {}",
                at(&f.report, &d.file, d.span),
                d.severity.as_str(),
                d.code,
                d.name,
                d.message
            )?;
        }
    }
    let inv = &f.inventory;
    writeln!(out)?;
    writeln!(out, "Workspace root: {}", f.root.display())?;
    writeln!(out, "  {} YAML files", inv.files)?;
    for (kind, n) in &inv.documents {
        writeln!(out, "  {n:>5}  {kind}")?;
    }
    if !inv.broken_files.is_empty() {
        writeln!(
            out,
            "  files that do not parse ({}):",
            inv.broken_files.len()
        )?;
        for file in &inv.broken_files {
            writeln!(out, "    {file}")?;
        }
    }
    match &f.cache {
        Some((dir, runs)) => writeln!(
            out,
            "  result cache: {} ({runs} stored runs)",
            relative_to_cwd(dir).display()
        )?,
        None => writeln!(out, "  result cache: off (INNOMINATUS_NO_CACHE)")?,
    }
    writeln!(out)?;
    writeln!(out, "Providers ({}):", inv.providers.len())?;
    for p in &inv.providers {
        let name = if p.name.is_empty() {
            "(no name)"
        } else {
            &p.name
        };
        writeln!(
            out,
            "  {name}  {}  ({} workflows)",
            at(&f.report, &p.file, p.span),
            p.workflows
        )?;
        for t in &p.types {
            match &t.create_workflow {
                Ok(w) => writeln!(out, "    {} -> create: {w}", t.resource_type)?,
                Err(why) => writeln!(out, "    {} -> cannot create: {why}", t.resource_type)?,
            }
        }
    }
    writeln!(out)?;
    if inv.unresolved.is_empty() {
        writeln!(out, "Resource types without a provider: none")?;
    } else {
        writeln!(
            out,
            "Resource types without a provider ({}):",
            inv.unresolved.len()
        )?;
        for u in &inv.unresolved {
            writeln!(
                out,
                "  {}  (application {}, resource {})  {}",
                u.resource_type,
                u.application,
                u.resource,
                at(&f.report, &u.file, u.span)
            )?;
        }
    }
    writeln!(out)?;
    writeln!(out, "Editor integration:")?;
    let e = &f.editors;
    match &e.innominatus {
        Some(p) => writeln!(out, "  innominatus on PATH: {}", p.display())?,
        None => writeln!(out, "  innominatus on PATH: not found; {}", e.path_hint)?,
    }
    match &e.code {
        Some(p) => writeln!(out, "  VS Code: {}; {VSCODE_HINT}", p.display())?,
        None => writeln!(out, "  VS Code: not found on PATH; {VSCODE_HINT}")?,
    }
    match &e.nvim {
        Some(p) => writeln!(out, "  Neovim: {}; {NVIM_HINT}", p.display())?,
        None => writeln!(out, "  Neovim: not found on PATH; {NVIM_HINT}")?,
    }
    Ok(())
}

fn path_value(p: &Option<PathBuf>) -> Value {
    p.as_ref()
        .map_or(Value::Null, |p| json!(p.display().to_string()))
}

fn located(report: &Report, file: &str, span: Span) -> Value {
    let p = report.position(file, span.start);
    json!({"file": file, "line": p.line, "column": p.column})
}

fn to_json(f: &Findings) -> Value {
    let inv = &f.inventory;
    let problems: Vec<Value> = f
        .config_problems
        .iter()
        .map(|d| {
            json!({
                "location": located(&f.report, &d.file, d.span),
                "severity": d.severity.as_str(),
                "code": d.code,
                "name": d.name,
                "message": d.message,
            })
        })
        .collect();
    let providers: Vec<Value> = inv
        .providers
        .iter()
        .map(|p| {
            let types: Vec<Value> = p
                .types
                .iter()
                .map(|t| match &t.create_workflow {
                    Ok(w) => json!({"type": t.resource_type, "createWorkflow": w}),
                    Err(why) => {
                        json!({"type": t.resource_type, "createWorkflow": null, "problem": why})
                    }
                })
                .collect();
            json!({
                "name": p.name,
                "location": located(&f.report, &p.file, p.span),
                "workflows": p.workflows,
                "resourceTypes": types,
            })
        })
        .collect();
    let unresolved: Vec<Value> = inv
        .unresolved
        .iter()
        .map(|u| {
            json!({
                "type": u.resource_type,
                "application": u.application,
                "resource": u.resource,
                "location": located(&f.report, &u.file, u.span),
            })
        })
        .collect();
    let e = &f.editors;
    json!({
        "version": 1,
        "tool": {"name": "innominatus", "version": env!("CARGO_PKG_VERSION")},
        "config": {
            "path": path_value(&f.config_path),
            "origin": f.config_origin,
            "problems": problems,
        },
        "workspace": {
            "root": f.root.display().to_string(),
            "files": inv.files,
            "documents": inv.documents,
            "brokenFiles": inv.broken_files.iter().map(|f| f.as_ref()).collect::<Vec<_>>(),
            "cache": f.cache.as_ref().map(|(dir, runs)| json!({
                "path": relative_to_cwd(dir).display().to_string(),
                "storedRuns": runs,
            })),
        },
        "providers": providers,
        "unresolvedResourceTypes": unresolved,
        "editors": {
            "innominatus": {"path": path_value(&e.innominatus), "hint": e.path_hint},
            "vscode": {"path": path_value(&e.code), "hint": VSCODE_HINT},
            "neovim": {"path": path_value(&e.nvim), "hint": NVIM_HINT},
        },
    })
}
