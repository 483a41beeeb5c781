//! `textDocument/inlayHint`: each step's position and group in the documented plan.

use crate::context::DocumentContext;
use innominatus_engine::ide::inlay::inlay_hints;
use tower_lsp_server::ls_types::{
    InlayHint, InlayHintKind, InlayHintLabel, InlayHintParams, InlayHintTooltip,
};

pub fn handle(cx: &DocumentContext<'_>, params: &InlayHintParams) -> Option<Vec<InlayHint>> {
    let file = super::synced(cx)?;
    let span = cx.snapshot.lines().span(params.range, cx.encoding());
    let hints = inlay_hints(cx.ws(), file, span)
        .into_iter()
        .map(|h| InlayHint {
            position: cx.position(h.offset),
            label: InlayHintLabel::String(h.label),
            kind: Some(InlayHintKind::TYPE),
            text_edits: None,
            tooltip: h.tooltip.map(InlayHintTooltip::String),
            padding_left: Some(false),
            padding_right: Some(false),
            data: None,
        })
        .collect();
    Some(hints)
}
