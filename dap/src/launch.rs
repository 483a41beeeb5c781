//! A launch configuration read into what the engine's session needs: the file's subject,
//! the parts of its repository the dry run reads, and the request (engine, parameters,
//! golden path, resource, scenario). Every file is read here; the engine reads none.

use innominatus_engine::plan::{read_params, read_scenario, Engine, InputError};
use innominatus_engine::project::dry_run::{self, Request, Subject};
use innominatus_engine::source::SourceFile;
use innominatus_engine::syntax::Document;
use innominatus_engine::syntax::NodeId;
use innominatus_engine::text::{ColumnUnit, LineIndex};
use innominatus_engine::workspace::Workspace;
use innominatus_fs::repository::repository_workspace;
use innominatus_fs::walk;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a launch gives the session.
pub struct Launch {
    pub subject: Subject,
    pub workspace: Workspace,
    pub request: Request,
    pub stop_on_entry: bool,
}

/// A path of the configuration: absolute, or relative to the adapter's folder.
fn absolute(path: &str) -> PathBuf {
    let p = Path::new(path);
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    }
}

fn string<'a>(args: &'a Value, key: &str) -> Result<Option<&'a str>, String> {
    match args.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(format!("`{key}` must be a string, got {other}")),
    }
}

/// A scalar of a JSON object as the platform sees it: text.
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => Some(String::new()),
        _ => None,
    }
}

/// Parses YAML (or JSON) `bytes` named `name` and reads its root mapping with `read`.
fn read_mapping<T>(
    name: &str,
    bytes: &[u8],
    what: &str,
    read: impl Fn(&Document, NodeId) -> Result<T, InputError>,
) -> Result<T, String> {
    let src = SourceFile::parse(Arc::from(name), bytes);
    let text = src.text.as_deref().unwrap_or("");
    let at = |offset: usize| {
        let p = LineIndex::new(text).position(text, offset, ColumnUnit::Char);
        format!("{name}:{}:{}", p.line + 1, p.col + 1)
    };
    if let Some(d) = src
        .diagnostics
        .iter()
        .find(|d| d.severity == innominatus_engine::diagnostic::Severity::Error)
    {
        return Err(format!("{}: {}", at(d.span.start), d.message));
    }
    let root = src
        .parsed
        .documents
        .first()
        .and_then(|d| d.root.map(|r| (d, r)));
    let Some((doc, root)) = root else {
        return Err(format!("{name} is empty; expected a {what}"));
    };
    read(doc, root).map_err(|e| format!("{}: {}", at(e.span.start), e.message))
}

fn read_file(path: &str) -> Result<(String, Vec<u8>), String> {
    let p = absolute(path);
    let bytes = walk::read(&p)?;
    Ok((p.display().to_string(), bytes))
}

/// Reads the launch configuration `args`.
pub fn launch(args: &Value) -> Result<Launch, String> {
    let Some(workflow) = string(args, "workflow")? else {
        return Err(
            "the launch configuration needs `workflow`: the workflow file or Score spec to debug"
                .into(),
        );
    };
    let (file, bytes) = read_file(workflow)?;
    let subject = Subject::parse(&file, &bytes).map_err(|e| e.to_string())?;
    let engine = match string(args, "engine")? {
        None => Engine::Documented,
        Some(name) => Engine::parse(name)
            .ok_or_else(|| format!("unknown engine `{name}` (expected {})", Engine::expected()))?,
    };
    let mut parameters = match string(args, "paramsFile")? {
        Some(p) => {
            let (name, bytes) = read_file(p)?;
            read_mapping(&name, &bytes, "mapping of parameters", read_params)?
        }
        None => BTreeMap::new(),
    };
    match args.get("params") {
        None | Some(Value::Null) => {}
        Some(Value::Object(map)) => {
            for (k, v) in map {
                let text = scalar_text(v).ok_or_else(|| {
                    format!("parameter `{k}` must be a string, number or boolean")
                })?;
                parameters.insert(k.clone(), text);
            }
        }
        Some(other) => return Err(format!("`params` must be an object, got {other}")),
    }
    let scenario = match args.get("scenario") {
        None | Some(Value::Null) => Default::default(),
        Some(Value::String(p)) => {
            let (name, bytes) = read_file(p)?;
            read_mapping(&name, &bytes, "scenario", read_scenario)?
        }
        // JSON is YAML: the inline object is read by the same reader as a scenario file.
        Some(inline @ Value::Object(_)) => read_mapping(
            "the launch configuration's scenario",
            inline.to_string().as_bytes(),
            "scenario",
            read_scenario,
        )?,
        Some(other) => {
            return Err(format!(
                "`scenario` must be a file path or an object, got {other}"
            ))
        }
    };
    let golden_path = string(args, "goldenPath")?.map(str::to_string);
    let cwd = std::env::current_dir().unwrap_or_default();
    let repository = dry_run::repository_root(Path::new(&file), &cwd, &|p: &Path| p.exists());
    let workspace =
        repository_workspace(&subject, subject.reads(golden_path.as_deref()), &repository);
    let request = Request {
        engine,
        parameters,
        scenario,
        golden_path,
        resource: string(args, "resource")?.map(str::to_string),
        repository,
    };
    let stop_on_entry = match args.get("stopOnEntry") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => return Err(format!("`stopOnEntry` must be true or false, got {other}")),
    };
    Ok(Launch {
        subject,
        workspace,
        request,
        stop_on_entry,
    })
}
