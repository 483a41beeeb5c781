//! Going to and changing what a name stands for: `textDocument/definition`, `references`,
//! `prepareRename` and `rename` ([`crate::features`]).

use crate::features;
use crate::session::Shared;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub(super) async fn goto_definition(
    shared: &Arc<Shared>,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    let uri = params
        .text_document_position_params
        .text_document
        .uri
        .clone();
    shared
        .on_document(&uri, "definition", move |cx| {
            features::definition::handle(cx, &params)
        })
        .await
}

pub(super) async fn references(
    shared: &Arc<Shared>,
    params: ReferenceParams,
) -> Result<Option<Vec<Location>>> {
    let uri = params.text_document_position.text_document.uri.clone();
    shared
        .on_document(&uri, "references", move |cx| {
            features::references::handle(cx, &params)
        })
        .await
}

pub(super) async fn prepare_rename(
    shared: &Arc<Shared>,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    let uri = params.text_document.uri.clone();
    shared
        .on_document(&uri, "prepareRename", move |cx| {
            features::rename::prepare(cx, &params)
        })
        .await
}

pub(super) async fn rename(
    shared: &Arc<Shared>,
    params: RenameParams,
) -> Result<Option<WorkspaceEdit>> {
    let uri = params.text_document_position.text_document.uri.clone();
    shared
        .on_document(&uri, "rename", move |cx| {
            features::rename::handle(cx, &params)
        })
        .await
}
