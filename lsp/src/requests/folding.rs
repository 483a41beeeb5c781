//! `textDocument/foldingRange` ([`crate::features::folding`]).

use crate::features;
use crate::session::Shared;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub(super) async fn folding_range(
    shared: &Arc<Shared>,
    params: FoldingRangeParams,
) -> Result<Option<Vec<FoldingRange>>> {
    let uri = params.text_document.uri.clone();
    shared
        .on_document(&uri, "foldingRange", move |cx| {
            features::folding::handle(cx, &params)
        })
        .await
}
