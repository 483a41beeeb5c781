//! `textDocument/definition` over [`innominatus_engine::ide::navigate::definition`].

use crate::context::DocumentContext;
use innominatus_engine::ide::navigate::definition;
use tower_lsp_server::ls_types::{GotoDefinitionParams, GotoDefinitionResponse};

pub fn handle(
    cx: &DocumentContext<'_>,
    params: &GotoDefinitionParams,
) -> Option<GotoDefinitionResponse> {
    let file = super::synced(cx)?;
    let offset = cx.offset(params.text_document_position_params.position);
    let found: Vec<_> = definition(cx.ws(), file, offset)
        .iter()
        .filter_map(|l| super::location(&cx.workspace, Some((cx, file)), l))
        .collect();
    (!found.is_empty()).then_some(GotoDefinitionResponse::Array(found))
}
