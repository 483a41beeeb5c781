//! `textDocument/documentLink`: workflow file paths in provider manifests and golden paths.

use crate::context::DocumentContext;
use innominatus_engine::ide::symbols::document_links;
use tower_lsp_server::ls_types::{DocumentLink, DocumentLinkParams};

pub fn handle(cx: &DocumentContext<'_>, _params: &DocumentLinkParams) -> Option<Vec<DocumentLink>> {
    let file = super::synced(cx)?;
    let ws = cx.ws();
    let root = cx.workspace.index.root.as_deref();
    let links = document_links(ws, file)
        .into_iter()
        .filter_map(|l| {
            let target = match ws.file_index(&l.target) {
                Some(fi) => cx.workspace.uri_of(fi),
                None => crate::index::uri_of_file(&l.target, root),
            }?;
            Some(DocumentLink {
                range: cx.range(l.span),
                target: Some(target),
                tooltip: Some(if l.exists {
                    l.target.clone()
                } else {
                    format!("{} (not found)", l.target)
                }),
                data: None,
            })
        })
        .collect();
    Some(links)
}
