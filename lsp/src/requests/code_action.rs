//! `textDocument/codeAction`: the engine's fixes, "ignore here" and `source.fixAll`
//! ([`crate::code_actions`]), against the findings last published for the document.

use crate::code_actions;
use crate::session::Shared;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub(super) async fn code_action(
    shared: &Arc<Shared>,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let uri = params.text_document.uri.clone();
    let published = shared.published(&uri);
    let settings = shared.settings();
    shared
        .on_document(&uri, "code actions", move |cx| {
            code_actions::handle(cx, &published, &settings.selection, &params)
        })
        .await
}
