//! `textDocument/hover` ([`crate::features::hover`]).

use crate::features;
use crate::session::Shared;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub(super) async fn hover(shared: &Arc<Shared>, params: HoverParams) -> Result<Option<Hover>> {
    let uri = params
        .text_document_position_params
        .text_document
        .uri
        .clone();
    shared
        .on_document(&uri, "hover", move |cx| {
            features::hover::handle(cx, &params)
        })
        .await
}
