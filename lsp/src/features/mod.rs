//! Editor features over the engine's `ide` module: completion, hover, definition,
//! references, rename, symbols, links, inlay hints, semantic tokens, folding.
//!
//! One module per capability, each a thin conversion: protocol position → byte offset,
//! engine call, byte spans → protocol ranges through the context's helpers (the one place
//! positions are converted). The server runs each handler on a blocking thread with the
//! workspace read-locked and a panic guard around it.

pub mod completion;
pub mod definition;
pub mod folding;
pub mod hover;
pub mod inlay;
pub mod links;
pub mod references;
pub mod rename;
pub mod symbols;
pub mod tokens;

use crate::context::{DocumentContext, WorkspaceContext};
use innominatus_engine::ide::Location as EngineLocation;
use tower_lsp_server::ls_types::{
    CompletionOptions, DocumentLinkOptions, FoldingRangeProviderCapability,
    HoverProviderCapability, Location, OneOf, RenameOptions, SemanticTokensFullOptions,
    SemanticTokensLegend, SemanticTokensOptions, SemanticTokensServerCapabilities,
    ServerCapabilities, WorkDoneProgressOptions,
};

/// Declares the capabilities of the features in this folder (called once, from
/// `initialize`).
pub fn register_capabilities(caps: &mut ServerCapabilities) {
    caps.completion_provider = Some(CompletionOptions {
        // `.` for `.parameters.` and `${resources.db.`, `{`/`$` to open expressions,
        // `[`/`,`/` ` for flow lists and values after `key: `, `-` for list items.
        trigger_characters: Some(
            [".", "{", "$", "[", ",", " ", "-", "/"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        ),
        ..Default::default()
    });
    caps.hover_provider = Some(HoverProviderCapability::Simple(true));
    caps.definition_provider = Some(OneOf::Left(true));
    caps.references_provider = Some(OneOf::Left(true));
    caps.rename_provider = Some(OneOf::Right(RenameOptions {
        prepare_provider: Some(true),
        work_done_progress_options: WorkDoneProgressOptions::default(),
    }));
    caps.document_symbol_provider = Some(OneOf::Left(true));
    caps.workspace_symbol_provider = Some(OneOf::Left(true));
    caps.document_link_provider = Some(DocumentLinkOptions {
        resolve_provider: Some(false),
        work_done_progress_options: WorkDoneProgressOptions::default(),
    });
    caps.inlay_hint_provider = Some(OneOf::Left(true));
    caps.folding_range_provider = Some(FoldingRangeProviderCapability::Simple(true));
    caps.semantic_tokens_provider = Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
        SemanticTokensOptions {
            legend: SemanticTokensLegend {
                token_types: tokens::legend(),
                token_modifiers: Vec::new(),
            },
            range: Some(true),
            full: Some(SemanticTokensFullOptions::Bool(true)),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        },
    ));
}

/// This document's index in the workspace when the workspace holds exactly the text the
/// client has. The engine reads the document from the workspace; answering from an older
/// text would put every range in the wrong place, so a lagging index answers nothing.
pub(crate) fn synced(cx: &DocumentContext<'_>) -> Option<usize> {
    let i = cx.file_index()?;
    let held = cx.ws().files.get(i)?.text.as_deref()?;
    (held == cx.text()).then_some(i)
}

/// A protocol location of an engine location (any file of the workspace, or a file the
/// workspace only knows by name); none in a file that is not the platform's
/// ([`crate::index::is_ours`]).
pub(crate) fn location(
    cx: &WorkspaceContext<'_>,
    here: Option<(&DocumentContext<'_>, usize)>,
    l: &EngineLocation,
) -> Option<Location> {
    match cx.ws().file_index(&l.file) {
        Some(fi) if !cx.index.ours[fi] => None,
        Some(fi) => match here {
            Some((dcx, own)) if own == fi => Some(dcx.here(l.span)),
            _ => cx.location(fi, l.span),
        },
        None => {
            let uri = crate::index::uri_of_file(&l.file, cx.index.root.as_deref())?;
            Some(Location::new(uri, Default::default()))
        }
    }
}
