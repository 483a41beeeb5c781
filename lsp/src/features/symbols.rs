//! `textDocument/documentSymbol` (the outline) and `workspace/symbol`.

use crate::context::{DocumentContext, WorkspaceContext};
use innominatus_engine::ide::symbols::{self as engine, document_symbols, workspace_symbols};
use tower_lsp_server::ls_types::{
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, OneOf, SymbolKind,
    WorkspaceSymbol, WorkspaceSymbolParams, WorkspaceSymbolResponse,
};

pub fn document(
    cx: &DocumentContext<'_>,
    _params: &DocumentSymbolParams,
) -> Option<DocumentSymbolResponse> {
    let file = super::synced(cx)?;
    let symbols = document_symbols(cx.ws(), file)
        .into_iter()
        .map(|s| convert(cx, s))
        .collect();
    Some(DocumentSymbolResponse::Nested(symbols))
}

#[allow(deprecated)] // `deprecated` must be written even though it is deprecated
fn convert(cx: &DocumentContext<'_>, s: engine::DocumentSymbol) -> DocumentSymbol {
    let children: Vec<DocumentSymbol> = s.children.into_iter().map(|c| convert(cx, c)).collect();
    DocumentSymbol {
        // Clients reject empty names.
        name: if s.name.is_empty() {
            "\"\"".to_string()
        } else {
            s.name
        },
        detail: s.detail,
        kind: kind(s.kind),
        tags: None,
        deprecated: None,
        range: cx.range(s.span),
        selection_range: cx.range(s.selection),
        children: (!children.is_empty()).then_some(children),
    }
}

pub fn workspace(
    cx: &WorkspaceContext<'_>,
    params: &WorkspaceSymbolParams,
) -> Option<WorkspaceSymbolResponse> {
    let symbols = workspace_symbols(cx.ws(), &params.query)
        .into_iter()
        .filter_map(|s| {
            let location = super::location(cx, None, &s.location)?;
            Some(WorkspaceSymbol {
                name: s.name,
                kind: kind(s.kind),
                tags: None,
                container_name: s.container,
                location: OneOf::Left(location),
                data: None,
            })
        })
        .collect();
    Some(WorkspaceSymbolResponse::Nested(symbols))
}

fn kind(k: engine::SymbolKind) -> SymbolKind {
    match k {
        engine::SymbolKind::Document => SymbolKind::FILE,
        engine::SymbolKind::Mapping => SymbolKind::OBJECT,
        engine::SymbolKind::List => SymbolKind::ARRAY,
        engine::SymbolKind::Field => SymbolKind::FIELD,
        engine::SymbolKind::Step => SymbolKind::FUNCTION,
        engine::SymbolKind::Resource => SymbolKind::VARIABLE,
        engine::SymbolKind::Container => SymbolKind::CLASS,
        engine::SymbolKind::Workflow => SymbolKind::MODULE,
        engine::SymbolKind::Provider => SymbolKind::PACKAGE,
        engine::SymbolKind::GoldenPath => SymbolKind::EVENT,
        engine::SymbolKind::Application => SymbolKind::NAMESPACE,
    }
}
