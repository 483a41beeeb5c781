//! `textDocument/documentSymbol` (the outline) and `workspace/symbol`
//! ([`crate::features::symbols`]).

use crate::features;
use crate::session::Shared;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub(super) async fn document_symbol(
    shared: &Arc<Shared>,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    let uri = params.text_document.uri.clone();
    shared
        .on_document(&uri, "documentSymbol", move |cx| {
            features::symbols::document(cx, &params)
        })
        .await
}

pub(super) async fn workspace_symbol(
    shared: &Arc<Shared>,
    params: WorkspaceSymbolParams,
) -> Result<Option<WorkspaceSymbolResponse>> {
    shared
        .on_workspace("workspaceSymbol", move |cx| {
            features::symbols::workspace(cx, &params)
        })
        .await
}
