//! `textDocument/semanticTokens/full` and `/range` ([`crate::features::tokens`]).

use crate::features;
use crate::session::Shared;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub(super) async fn semantic_tokens_full(
    shared: &Arc<Shared>,
    params: SemanticTokensParams,
) -> Result<Option<SemanticTokensResult>> {
    let uri = params.text_document.uri.clone();
    shared
        .on_document(&uri, "semanticTokens", move |cx| {
            features::tokens::full(cx, &params)
        })
        .await
}

pub(super) async fn semantic_tokens_range(
    shared: &Arc<Shared>,
    params: SemanticTokensRangeParams,
) -> Result<Option<SemanticTokensRangeResult>> {
    let uri = params.text_document.uri.clone();
    shared
        .on_document(&uri, "semanticTokensRange", move |cx| {
            features::tokens::range(cx, &params)
        })
        .await
}
