//! `textDocument/completion` ([`crate::features::completion`]).

use crate::features;
use crate::session::Shared;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub(super) async fn completion(
    shared: &Arc<Shared>,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>> {
    let uri = params.text_document_position.text_document.uri.clone();
    shared
        .on_document(&uri, "completion", move |cx| {
            features::completion::handle(cx, &params)
        })
        .await
}
