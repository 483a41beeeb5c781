//! Editor features over the engine's `ide` module: completion, hover, definition,
//! references, rename, symbols, links, inlay hints, semantic tokens, folding.
//!
//! One module per capability, each with one entry point of this shape (see
//! `/work/briefs/lsp-contract.md`):
//!
//! ```text
//! pub fn handle(cx: &DocumentContext<'_>, params: &HoverParams) -> Option<Hover>
//! ```
//!
//! The server runs it on a blocking thread with the workspace read-locked and a panic
//! guard around it; the handler converts the engine's byte spans through `cx` only.

use tower_lsp_server::ls_types::ServerCapabilities;

/// Declares the capabilities of the features in this folder (called once, from
/// `initialize`).
pub fn register_capabilities(caps: &mut ServerCapabilities) {
    let _ = caps;
}
