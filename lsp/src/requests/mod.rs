//! The requests and notifications of the protocol: [`Backend`] implements the server's
//! `LanguageServer` interface by handing each message to the file of its family (as
//! ruff_server's `api/requests/`), and [`Shared::on_document`] / [`Shared::on_workspace`]
//! are the plumbing every request runs through: a blocking thread, the workspace
//! read-locked, a panic guard.

mod code_action;
mod code_lens;
mod completion;
mod configuration;
mod folding;
mod hover;
mod inlay;
mod lifecycle;
mod links;
mod navigation;
mod symbols;
mod text_sync;
mod tokens;
mod watched_files;

use crate::context::{DocumentContext, WorkspaceContext};
use crate::custom;
use crate::index;
use crate::session::Shared;
use innominatus_engine::diagnostic::Diagnostic;
use serde_json::Value;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::LanguageServer;

impl Shared {
    /// Runs a document request's handler on a blocking thread with the workspace
    /// read-locked; a panic is logged and answered with an internal error. A document
    /// that is not the platform's ([`index::is_ours`]: another tool's file, or YAML that
    /// is no platform document) gets the empty answer, read again from its current text
    /// at every request.
    pub async fn on_document<T, F>(
        self: &Arc<Self>,
        uri: &Uri,
        what: &'static str,
        f: F,
    ) -> Result<T>
    where
        T: Default + Send + 'static,
        F: FnOnce(&DocumentContext<'_>) -> T + Send + 'static,
    {
        self.run_on_document(uri, what, true, f).await
    }

    /// Like [`Self::on_document`] whatever the document is: for the commands a user runs
    /// on a document explicitly (the dry run), whose answer says what it makes of it.
    pub async fn on_any_document<T, F>(
        self: &Arc<Self>,
        uri: &Uri,
        what: &'static str,
        f: F,
    ) -> Result<T>
    where
        T: Default + Send + 'static,
        F: FnOnce(&DocumentContext<'_>) -> T + Send + 'static,
    {
        self.run_on_document(uri, what, false, f).await
    }

    async fn run_on_document<T, F>(
        self: &Arc<Self>,
        uri: &Uri,
        what: &'static str,
        decline: bool,
        f: F,
    ) -> Result<T>
    where
        T: Default + Send + 'static,
        F: FnOnce(&DocumentContext<'_>) -> T + Send + 'static,
    {
        let Some(snapshot) = self.snapshot(uri) else {
            // A request for a document that is not open: nothing to say about it.
            return Ok(T::default());
        };
        let shared = self.clone();
        let published = self.published(uri);
        let job = tokio::task::spawn_blocking(move || {
            if decline {
                match Shared::guarded("parsing", || {
                    index::is_ours(&snapshot.uri, &snapshot.source())
                }) {
                    Some(true) => {}
                    Some(false) => return Some(T::default()),
                    None => return None,
                }
            }
            shared.catch_up(&snapshot);
            let index = shared.index();
            // Findings of another version would point at the wrong bytes.
            let findings: &[Diagnostic] = if published.revision == Some(snapshot.revision) {
                &published.diagnostics
            } else {
                &[]
            };
            let cx = DocumentContext {
                workspace: WorkspaceContext {
                    index: &index,
                    encoding: shared.encoding(),
                },
                snapshot: &snapshot,
                published: findings,
            };
            Shared::guarded(what, || f(&cx))
        });
        match job.await {
            Ok(Some(v)) => Ok(v),
            _ => Err(internal(what)),
        }
    }

    /// Like [`Self::on_document`] for requests about the whole workspace (symbols, the
    /// graph, a dry run of a closed file): answered once the folder is indexed, since an
    /// answer from part of the index would look complete and be wrong. Requests on an open
    /// document do not wait.
    pub async fn on_workspace<T, F>(self: &Arc<Self>, what: &'static str, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&WorkspaceContext<'_>) -> T + Send + 'static,
    {
        self.indexed().await;
        let shared = self.clone();
        let job = tokio::task::spawn_blocking(move || {
            let index = shared.index();
            let cx = WorkspaceContext {
                index: &index,
                encoding: shared.encoding(),
            };
            Shared::guarded(what, || f(&cx))
        });
        match job.await {
            Ok(Some(v)) => Ok(v),
            _ => Err(internal(what)),
        }
    }
}

fn internal(what: &str) -> Error {
    let mut e = Error::internal_error();
    e.message = format!("{what} failed inside innominatus (see the server log)").into();
    e
}

pub struct Backend {
    pub shared: Arc<Shared>,
}

impl Backend {
    /// `innominatus/dryRun`: the dry-run report of the workflow in a document.
    pub async fn dry_run(&self, params: custom::DocumentParams) -> Result<Value> {
        custom::dry_run(&self.shared, params).await
    }

    /// The answer to a message the transport guard could not decode
    /// ([`crate::transport`]): the JSON-RPC error it deserves.
    pub async fn malformed(&self, params: custom::MalformedParams) -> Result<()> {
        Err(Error {
            code: params.code.into(),
            message: params.reason.into(),
            data: None,
        })
    }

    /// `innominatus/graph`: the workspace graph as `innominatus graph --format json` prints it,
    /// or (`format: "html"`) the engine's page focused on a document.
    pub async fn graph(&self, params: custom::GraphParams) -> Result<Value> {
        custom::graph(&self.shared, params).await
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        lifecycle::initialize(&self.shared, params).await
    }

    async fn initialized(&self, params: InitializedParams) {
        lifecycle::initialized(&self.shared, params).await
    }

    async fn shutdown(&self) -> Result<()> {
        lifecycle::shutdown(&self.shared).await
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        text_sync::did_open(&self.shared, params).await
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        text_sync::did_change(&self.shared, params).await
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        text_sync::did_close(&self.shared, params).await
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        text_sync::did_save(&self.shared, params).await
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        watched_files::did_change_watched_files(&self.shared, params).await
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        configuration::did_change_configuration(&self.shared, params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        code_action::code_action(&self.shared, params).await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        code_lens::code_lens(&self.shared, params).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        completion::completion(&self.shared, params).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        hover::hover(&self.shared, params).await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        navigation::goto_definition(&self.shared, params).await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        navigation::references(&self.shared, params).await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        navigation::prepare_rename(&self.shared, params).await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        navigation::rename(&self.shared, params).await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        symbols::document_symbol(&self.shared, params).await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        symbols::workspace_symbol(&self.shared, params).await
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        links::document_link(&self.shared, params).await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        inlay::inlay_hint(&self.shared, params).await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        tokens::semantic_tokens_full(&self.shared, params).await
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        tokens::semantic_tokens_range(&self.shared, params).await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        folding::folding_range(&self.shared, params).await
    }
}
