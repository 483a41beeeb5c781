//! `textDocument/inlayHint` ([`crate::features::inlay`]).

use crate::features;
use crate::session::Shared;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub(super) async fn inlay_hint(
    shared: &Arc<Shared>,
    params: InlayHintParams,
) -> Result<Option<Vec<InlayHint>>> {
    let uri = params.text_document.uri.clone();
    shared
        .on_document(&uri, "inlayHint", move |cx| {
            features::inlay::handle(cx, &params)
        })
        .await
}
