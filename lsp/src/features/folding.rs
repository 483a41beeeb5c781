//! `textDocument/foldingRange`: entries, list items, block scalars and comment runs.

use crate::context::DocumentContext;
use innominatus_engine::ide::folding::{folding_ranges, FoldKind};
use tower_lsp_server::ls_types::{FoldingRange, FoldingRangeKind, FoldingRangeParams};

pub fn handle(cx: &DocumentContext<'_>, _params: &FoldingRangeParams) -> Option<Vec<FoldingRange>> {
    let file = super::synced(cx)?;
    let ranges = folding_ranges(cx.ws(), file)
        .into_iter()
        .map(|f| FoldingRange {
            start_line: f.start_line as u32,
            end_line: f.end_line as u32,
            kind: Some(match f.kind {
                FoldKind::Region => FoldingRangeKind::Region,
                FoldKind::Comment => FoldingRangeKind::Comment,
            }),
            ..Default::default()
        })
        .collect();
    Some(ranges)
}
