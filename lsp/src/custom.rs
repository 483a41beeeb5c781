//! The custom requests `innominatus/dryRun` and `innominatus/graph`: the JSON of
//! `innominatus workflow test FILE --dry-run --format json` and `innominatus graph --format
//! json`, for the document (or workspace) the editor shows.

use crate::server::Shared;
use innominatus_engine::graph::WorkspaceGraph;
use serde::Deserialize;
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::TextDocumentIdentifier;

pub const DRY_RUN_METHOD: &str = "innominatus/dryRun";
pub const GRAPH_METHOD: &str = "innominatus/graph";

/// Makes the dry-run report of a file (its name as the engine knows it, its text, the
/// workspace root the name is relative to); an `Err` is a message for the user.
pub type DryRunFn =
    dyn Fn(&str, &str, Option<&Path>) -> std::result::Result<Value, String> + Send + Sync;

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
}

fn user_error(message: String) -> Error {
    Error {
        code: ErrorCode::InvalidParams,
        message: message.into(),
        data: None,
    }
}

pub async fn dry_run(shared: &Arc<Shared>, params: DocumentParams) -> Result<Value> {
    let Some(make) = shared.options.dry_run.clone() else {
        return Err(user_error(
            "dry runs are not available in this server".into(),
        ));
    };
    let uri = params.text_document.uri;
    // The editor's text when the document is open, else the file on disk.
    let (file, text) = match shared.snapshot(&uri) {
        Some(s) => (s.file.to_string(), s.text.to_string()),
        None => {
            let path = uri
                .to_file_path()
                .ok_or_else(|| user_error(format!("{} is not a file", uri.as_str())))?;
            let text = std::fs::read_to_string(&path)
                .map_err(|e| user_error(format!("cannot read {}: {e}", path.display())))?;
            let root = shared.root();
            (
                crate::index::file_name(&uri, root.as_deref()).to_string(),
                text,
            )
        }
    };
    let root = shared.root();
    let job = tokio::task::spawn_blocking(move || {
        Shared::guarded("dry run", || make(&file, &text, root.as_deref()))
    });
    match job.await {
        Ok(Some(Ok(v))) => Ok(v),
        Ok(Some(Err(message))) => Err(user_error(message)),
        _ => Err(Error::internal_error()),
    }
}

pub async fn graph(shared: &Arc<Shared>, params: GraphParams) -> Result<Value> {
    shared
        .on_workspace("graph", move |cx| {
            let mut graph = WorkspaceGraph::build(cx.ws());
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
            serde_json::from_str::<Value>(&graph.to_json()).map_err(|e| e.to_string())
        })
        .await?
        .map_err(user_error)
}
