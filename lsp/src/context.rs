//! What a feature handler sees: the workspace index (read-locked for the duration of the
//! handler), the negotiated position encoding and, for document requests, a snapshot of
//! the document. Handlers are plain functions run on a blocking thread under
//! `catch_unwind` (see [`crate::requests`]); they convert engine byte spans through the
//! helpers here and nowhere else.

use crate::documents::Snapshot;
use crate::index::ProjectIndex;
use crate::position::{Encoding, Lines};
use innominatus_engine::source::SourceFile;
use innominatus_engine::text::{LineIndex, Span};
use innominatus_engine::workspace::Workspace;
use std::sync::Arc;
use tower_lsp_server::ls_types::{Location, Position, Range, Uri};

/// The workspace, for requests that are not about one document (workspace symbols).
pub struct WorkspaceContext<'a> {
    pub index: &'a ProjectIndex,
    pub encoding: Encoding,
}

impl<'a> WorkspaceContext<'a> {
    /// The engine workspace: every file of the folder, open documents as last analysed.
    pub fn ws(&self) -> &'a Workspace {
        &self.index.ws
    }

    /// The URI of engine file `file_index`.
    pub fn uri_of(&self, file_index: usize) -> Option<Uri> {
        self.index.uris.get(file_index).cloned()
    }

    /// The protocol range of `span` in engine file `file_index`: in an open document's text
    /// as indexed, in another file's text as read from disk now (the index keeps none).
    pub fn range_in(&self, file_index: usize, span: Span) -> Option<Range> {
        let text = self.index.text(file_index)?;
        let lines = LineIndex::new(&text);
        Some(Lines::new(&text, &lines).range(span, self.encoding))
    }

    /// A location in engine file `file_index`.
    pub fn location(&self, file_index: usize, span: Span) -> Option<Location> {
        Some(Location::new(
            self.uri_of(file_index)?,
            self.range_in(file_index, span)?,
        ))
    }

    /// A location in the file the engine names `file` (as in `Diagnostic::file`).
    pub fn location_of_file(&self, file: &str, span: Span) -> Option<Location> {
        self.location(self.index.ws.file_index(file)?, span)
    }
}

/// A request about one document.
pub struct DocumentContext<'a> {
    pub workspace: WorkspaceContext<'a>,
    /// The document as the client has it now (text, rope, version, URI, engine file name).
    pub snapshot: &'a Snapshot,
    /// The findings last published for this document when they belong to the snapshot's
    /// version (else empty): for hover on a diagnostic.
    pub published: &'a [innominatus_engine::diagnostic::Diagnostic],
}

impl<'a> DocumentContext<'a> {
    pub fn ws(&self) -> &'a Workspace {
        self.workspace.ws()
    }

    pub fn encoding(&self) -> Encoding {
        self.workspace.encoding
    }

    /// The current text of the document.
    pub fn text(&self) -> &str {
        &self.snapshot.text
    }

    /// The document's current version, parsed (shared with analysis when it already ran).
    pub fn source(&self) -> Arc<SourceFile> {
        self.snapshot.source()
    }

    /// The index of this document in [`Self::ws`]. Before a handler runs, the server puts
    /// the snapshot's version into the index if it held an older one, so
    /// `ws().files[file_index]` is this very text.
    pub fn file_index(&self) -> Option<usize> {
        self.workspace.index.file_index(&self.snapshot.uri)
    }

    /// Byte offset of a protocol position in the current text (clamped, never panics).
    pub fn offset(&self, pos: Position) -> usize {
        self.snapshot.lines().offset(pos, self.encoding())
    }

    /// Protocol range of a byte span of the current text.
    pub fn range(&self, span: Span) -> Range {
        self.snapshot.lines().range(span, self.encoding())
    }

    /// Protocol position of a byte offset of the current text.
    pub fn position(&self, offset: usize) -> Position {
        self.snapshot.lines().position(offset, self.encoding())
    }

    /// A location in this document.
    pub fn here(&self, span: Span) -> Location {
        Location::new(self.snapshot.uri.clone(), self.range(span))
    }

    /// A location in engine file `file_index`: this document's current text when it is
    /// this document, else that file's text as indexed.
    pub fn location(&self, file_index: usize, span: Span) -> Option<Location> {
        if Some(file_index) == self.file_index() {
            return Some(self.here(span));
        }
        self.workspace.location(file_index, span)
    }
}
