//! `textDocument/hover` over [`innominatus_engine::ide::hover`].

use crate::context::DocumentContext;
use innominatus_engine::ide::hover::hover;
use tower_lsp_server::ls_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

pub fn handle(cx: &DocumentContext<'_>, params: &HoverParams) -> Option<Hover> {
    let file = super::synced(cx)?;
    let offset = cx.offset(params.text_document_position_params.position);
    let h = hover(cx.ws(), file, offset)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: h.markdown,
        }),
        range: Some(cx.range(h.span)),
    })
}
