//! Editor features over the workspace index: completion, hover, navigation, rename, symbols,
//! links, inlay hints, semantic tokens and folding. Pure functions: a workspace, a file index
//! and byte offsets go in; data with byte spans comes out. The language server converts spans
//! to protocol positions; nothing here knows about lines in any editor's unit.

pub mod completion;
pub mod cursor;
pub mod folding;
pub mod hover;
pub mod inlay;
pub mod navigate;
pub mod resolve;
pub mod schema_nav;
pub mod symbols;
pub mod tokens;

#[cfg(test)]
mod fixture;
#[cfg(test)]
mod tests;

use crate::kind::DocumentKind;
use crate::syntax::Document;
use crate::text::Span;
use crate::workspace::{DocRef, Workspace};
use std::sync::Arc;

/// A place in some file of the workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: Arc<str>,
    pub span: Span,
}

/// The document of file `file` that holds `offset`: the one whose span contains it, else the
/// last one that starts before it (a cursor after the last content still belongs to it).
pub fn document_at(ws: &Workspace, file: usize, offset: usize) -> Option<DocRef> {
    let docs = &ws.files.get(file)?.parsed.documents;
    if let Some(i) = docs
        .iter()
        .position(|d| d.span.start <= offset && offset <= d.span.end)
    {
        return Some(DocRef { file, doc: i });
    }
    let i = docs.iter().rposition(|d| d.span.start <= offset)?;
    Some(DocRef { file, doc: i })
}

/// The document and its kind.
pub(crate) fn doc_of(ws: &Workspace, at: DocRef) -> Option<(&Document, DocumentKind)> {
    let file = ws.files.get(at.file)?;
    let doc = file.parsed.documents.get(at.doc)?;
    let kind = file
        .kinds
        .get(at.doc)
        .copied()
        .unwrap_or(DocumentKind::Unknown);
    Some((doc, kind))
}

/// The text of file `file` (empty for undecodable files).
pub(crate) fn text_of(ws: &Workspace, file: usize) -> &str {
    ws.files
        .get(file)
        .and_then(|f| f.text.as_deref())
        .unwrap_or("")
}
