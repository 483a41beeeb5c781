//! The custom requests `innominatus/dryRun` and `innominatus/graph`: the JSON of
//! `innominatus workflow test FILE --dry-run --format json` and `innominatus graph --format
//! json`, for the document (or workspace) the editor shows; with `format: "html"` the graph
//! request answers `{ "html": PAGE }`, the engine's interactive page focused on a document.
//! Both are the engine's answer (`project::dry_run`, `graph`), made in process from the
//! server's workspace.

use crate::index::{Held, ProjectIndex};
use crate::project;
use crate::session::Shared;
use innominatus_engine::graph::{HtmlOptions, WorkspaceGraph};
use innominatus_engine::project::dry_run::{self, Reads, Request, Subject};
use innominatus_engine::source::SourceFile;
use innominatus_engine::workspace::Workspace;
use serde::Deserialize;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::{TextDocumentIdentifier, Uri};

pub const DRY_RUN_METHOD: &str = "innominatus/dryRun";
pub const GRAPH_METHOD: &str = "innominatus/graph";

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct DocumentParams {
    pub text_document: TextDocumentIdentifier,
}

/// What [`crate::transport`] says about a message it could not decode.
#[derive(Deserialize, Debug)]
pub struct MalformedParams {
    pub code: i64,
    pub reason: String,
}

#[derive(Deserialize, Debug, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct GraphParams {
    /// Keep only this application (Score `metadata.name`), like `--app`.
    pub app: Option<String>,
    /// Keep only this workflow (name or file), like `--workflow`.
    pub workflow: Option<String>,
    /// `json` (the default: the graph as `--format json` prints it) or `html` (the page).
    pub format: Option<String>,
    /// For `html`: the document whose nodes the page opens with selected, their
    /// neighbourhood highlighted (the editor's active file).
    pub focus: Option<Uri>,
}

fn user_error(message: String) -> Error {
    Error {
        code: ErrorCode::InvalidParams,
        message: message.into(),
        data: None,
    }
}

/// `innominatus/dryRun`: the report of `innominatus workflow test FILE --dry-run --format
/// json` run from the workspace root, for the editor's text when the document is open (else
/// the file on disk; `workflow test - --stdin-filename FILE` for the CLI), with the golden
/// paths and providers of the file's repository as saved.
pub async fn dry_run(shared: &Arc<Shared>, params: DocumentParams) -> Result<Value> {
    let uri = params.text_document.uri;
    // A Score spec's resources go to the repository's providers: wait for the folder.
    shared.indexed().await;
    // With `exclude` globs the index lacks files the CLI would read.
    let complete = shared.settings().config.exclude.is_empty();
    let at = uri.clone();
    let open = shared
        .on_any_document(&uri, "dry run", move |cx| {
            let snapshot = cx.snapshot;
            let text = snapshot.text.as_bytes();
            Some(from_index(
                cx.workspace.index,
                complete,
                &at,
                &snapshot.file,
                text,
            ))
        })
        .await?;
    let answer = match open {
        Some(answer) => answer,
        None => {
            let path = uri
                .to_file_path()
                .ok_or_else(|| user_error(format!("{} is not a file", uri.as_str())))?;
            let bytes = innominatus_fs::walk::read(&path).map_err(user_error)?;
            let file = crate::index::file_name(&uri, shared.root().as_deref());
            shared
                .on_workspace("dry run", move |cx| {
                    from_index(cx.index, complete, &uri, &file, &bytes)
                })
                .await?
        }
    };
    let report = match answer {
        Answer::Ready(report) => report,
        // Read without holding the index, which edits are waiting for.
        Answer::FromDisk(needs) => {
            let (subject, dir, root, request) = *needs;
            let job = tokio::task::spawn_blocking(move || {
                Shared::guarded("dry run", || {
                    let ws = repository_from_disk(&subject, &dir, root.as_deref());
                    json(dry_run::report(&subject, &ws, &request, None))
                })
            });
            match job.await {
                Ok(Some(report)) => report,
                _ => return Err(Error::internal_error()),
            }
        }
    };
    report.map_err(user_error)
}

/// A dry run answered from the index, or what is needed to answer it from disk: the
/// subject, the repository's folder, the workspace root and the request.
enum Answer {
    Ready(std::result::Result<Value, String>),
    FromDisk(Box<(Subject, PathBuf, Option<PathBuf>, Request)>),
}

/// The report as JSON, or the message of why there is none.
fn json(
    report: std::result::Result<dry_run::Report, dry_run::Error>,
) -> std::result::Result<Value, String> {
    report.map(|r| r.to_json()).map_err(|e| e.to_string())
}

/// The dry run of `bytes` (document `uri`, the file the engine names `file`). The
/// repository is found as the CLI finds it from the workspace root. Its other files are the
/// index's when the index holds them as saved (the repository lies in the workspace folder,
/// the index is `complete`: no `exclude` left files out, and no other open document of the
/// repository has unsaved changes), else they are to be read from disk as the CLI reads them.
fn from_index(index: &ProjectIndex, complete: bool, uri: &Uri, file: &str, bytes: &[u8]) -> Answer {
    let subject = match Subject::parse(file, bytes) {
        Ok(s) => s,
        Err(e) => return Answer::Ready(Err(e.to_string())),
    };
    // Names inside the folder are relative to its root, like the CLI's when run there.
    let base = index.root.clone().unwrap_or_default();
    let repository = dry_run::repository_root(Path::new(file), &base, &|p: &Path| p.exists());
    let request = Request::new(repository);
    let indexed = subject.reads(None) == Reads::Nothing
        || (complete
            && index.root.is_some()
            && request.repository.is_relative()
            && saved(index, &request.repository, uri));
    if indexed {
        return Answer::Ready(json(dry_run::report(&subject, &index.ws, &request, None)));
    }
    let dir = base.join(&request.repository);
    Answer::FromDisk(Box::new((subject, dir, index.root.clone(), request)))
}

/// Whether every open document of `repository` but `subject` is held in the index with
/// the text saved on disk.
fn saved(index: &ProjectIndex, repository: &Path, subject: &Uri) -> bool {
    // Open documents are the files whose trees the index holds.
    index.ws.files.held().all(|(i, src)| {
        if index.held[i] == Held::Disk
            || index.uris[i] == *subject
            || !dry_run::contains(repository, &src.file)
        {
            return true;
        }
        let on_disk = index.uris[i]
            .to_file_path()
            .and_then(|p| innominatus_fs::walk::read(&p).ok());
        on_disk.as_deref() == src.text.as_deref().map(str::as_bytes)
    })
}

/// Every YAML file of the repository at `dir` as saved on disk, with the subject's text in
/// place of its file (as `workflow test - --stdin-filename FILE` reads them).
fn repository_from_disk(subject: &Subject, dir: &Path, root: Option<&Path>) -> Workspace {
    let mut files: Vec<SourceFile> = project::read_repository(dir, root)
        .into_iter()
        .map(|(_, src)| src)
        .collect();
    let own = subject.source();
    match files.iter().position(|f| f.file == own.file) {
        Some(i) => files[i] = own.clone(),
        None => files.push(own.clone()),
    }
    Workspace::new(files, None, Box::new(|_: &str| false))
}

/// `innominatus/graph`: the workspace graph (or one application's or workflow's part of it)
/// as JSON, or as the engine's HTML page.
pub async fn graph(shared: &Arc<Shared>, params: GraphParams) -> Result<Value> {
    let html = match params.format.as_deref() {
        None | Some("json") => false,
        Some("html") => true,
        Some(other) => {
            return Err(user_error(format!(
                "unknown graph format `{other}`; expected `json` or `html`"
            )))
        }
    };
    let root = shared.root();
    // The page names files as the graph does: relative to the workspace root.
    let focus_file = params
        .focus
        .as_ref()
        .map(|uri| crate::index::file_name(uri, root.as_deref()).to_string());
    shared
        .on_workspace("graph", move |cx| {
            // The graph reads every file's documents: they are read from disk for it.
            let ws = cx.index.with_all_trees();
            let mut graph = WorkspaceGraph::build(&ws);
            if let Some(name) = &params.app {
                graph = graph
                    .for_application(name)
                    .ok_or_else(|| format!("no application named `{name}`"))?;
            }
            if let Some(name) = &params.workflow {
                graph = graph
                    .for_workflow(name)
                    .ok_or_else(|| format!("no workflow named `{name}`"))?;
            }
            if html {
                let options = page_options(root.as_deref(), focus_file);
                return Ok(serde_json::json!({ "html": graph.to_html(&options) }));
            }
            serde_json::from_str::<Value>(&graph.to_json()).map_err(|e| e.to_string())
        })
        .await?
        .map_err(user_error)
}

/// The page's title names the workspace folder; its `file://` links (for a page opened in a
/// browser, as Neovim does) start at the folder.
fn page_options(root: Option<&Path>, focus_file: Option<String>) -> HtmlOptions {
    let folder = root
        .and_then(Path::file_name)
        .map(|name| name.to_string_lossy().into_owned());
    HtmlOptions {
        title: match folder {
            Some(name) => format!("innominatus graph: {name}"),
            None => "innominatus graph".to_string(),
        },
        focus_file,
        file_base: root.map(|r| r.to_string_lossy().into_owned()),
        ..HtmlOptions::default()
    }
}
