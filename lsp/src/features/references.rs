//! `textDocument/references` over [`innominatus_engine::ide::navigate::references`].

use crate::context::DocumentContext;
use innominatus_engine::ide::navigate::references;
use tower_lsp_server::ls_types::{Location, ReferenceParams};

pub fn handle(cx: &DocumentContext<'_>, params: &ReferenceParams) -> Option<Vec<Location>> {
    let file = super::synced(cx)?;
    let offset = cx.offset(params.text_document_position.position);
    let found: Vec<Location> =
        references(cx.ws(), file, offset, params.context.include_declaration)
            .iter()
            .filter_map(|l| super::location(&cx.workspace, Some((cx, file)), l))
            .collect();
    (!found.is_empty()).then_some(found)
}
