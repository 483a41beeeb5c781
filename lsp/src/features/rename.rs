//! `textDocument/prepareRename` and `textDocument/rename` over
//! [`innominatus_engine::ide::navigate`]: steps, resources and provider workflows, across
//! files.

use crate::context::DocumentContext;
use innominatus_engine::ide::navigate::{prepare_rename, rename};
use std::collections::HashMap;
use tower_lsp_server::ls_types::{
    PrepareRenameResponse, RenameParams, TextDocumentPositionParams, TextEdit, Uri, WorkspaceEdit,
};

pub fn prepare(
    cx: &DocumentContext<'_>,
    params: &TextDocumentPositionParams,
) -> Option<PrepareRenameResponse> {
    let file = super::synced(cx)?;
    let (span, placeholder) = prepare_rename(cx.ws(), file, cx.offset(params.position))?;
    Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: cx.range(span),
        placeholder,
    })
}

/// The edits of a rename. A name that is not valid answers nothing (the server cannot
/// return an error message through this signature; prepareRename already told the client
/// what can be renamed).
pub fn handle(cx: &DocumentContext<'_>, params: &RenameParams) -> Option<WorkspaceEdit> {
    let file = super::synced(cx)?;
    let offset = cx.offset(params.text_document_position.position);
    let edits = rename(cx.ws(), file, offset, &params.new_name).ok()?;
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for (l, new_text) in edits {
        let loc = super::location(&cx.workspace, Some((cx, file)), &l)?;
        changes.entry(loc.uri).or_default().push(TextEdit {
            range: loc.range,
            new_text,
        });
    }
    Some(WorkspaceEdit {
        changes: Some(changes),
        ..Default::default()
    })
}
