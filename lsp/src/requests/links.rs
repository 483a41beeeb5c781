//! `textDocument/documentLink` ([`crate::features::links`]).

use crate::features;
use crate::session::Shared;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub(super) async fn document_link(
    shared: &Arc<Shared>,
    params: DocumentLinkParams,
) -> Result<Option<Vec<DocumentLink>>> {
    let uri = params.text_document.uri.clone();
    shared
        .on_document(&uri, "documentLink", move |cx| {
            features::links::handle(cx, &params)
        })
        .await
}
