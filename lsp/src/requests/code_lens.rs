//! `textDocument/codeLens`: the dry-run, debug and graph lenses ([`crate::code_lens`]).

use crate::code_lens;
use crate::session::Shared;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

pub(super) async fn code_lens(
    shared: &Arc<Shared>,
    params: CodeLensParams,
) -> Result<Option<Vec<CodeLens>>> {
    let uri = params.text_document.uri.clone();
    shared
        .on_document(&uri, "code lens", move |cx| code_lens::handle(cx, &params))
        .await
}
