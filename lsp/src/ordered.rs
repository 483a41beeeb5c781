//! Document edits in the order they were sent.
//!
//! tower-lsp-server runs handlers, notifications included, concurrently (up to four at a
//! time), so two `didChange` handlers may run in either order (ANCHORS.md §5.1). The
//! transport does call the service once per message, in reading order; this wrapper applies
//! `didOpen`/`didChange`/`didClose` to the document store right there, before the handler
//! future even exists. Handlers then only schedule analysis of what is already in the store.

use crate::documents::DocumentStore;
use crate::position::Encoding;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use tower::Service;
use tower_lsp_server::jsonrpc::Request;
use tower_lsp_server::ls_types::{
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    InitializeParams,
};

pub struct InOrder<S> {
    inner: S,
    docs: Arc<DocumentStore>,
    encoding: Arc<Mutex<Encoding>>,
}

impl<S> InOrder<S> {
    pub fn new(inner: S, docs: Arc<DocumentStore>, encoding: Arc<Mutex<Encoding>>) -> Self {
        InOrder {
            inner,
            docs,
            encoding,
        }
    }

    fn apply(&self, req: &Request) {
        let Some(params) = req.params() else { return };
        match req.method() {
            // The encoding must be known before the first edit is applied.
            "initialize" => {
                if let Ok(p) = serde_json::from_value::<InitializeParams>(params.clone()) {
                    *crate::documents::lock(&self.encoding) = Encoding::negotiate(&p);
                }
            }
            "textDocument/didOpen" => {
                if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(params.clone()) {
                    let d = p.text_document;
                    self.docs.open(d.uri, d.version, &d.text);
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(params.clone())
                {
                    let enc = *crate::documents::lock(&self.encoding);
                    let d = p.text_document;
                    self.docs.change(&d.uri, d.version, &p.content_changes, enc);
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(params.clone())
                {
                    self.docs.close(&p.text_document.uri);
                }
            }
            _ => {}
        }
    }
}

impl<S: Service<Request>> Service<Request> for InOrder<S> {
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        self.apply(&req);
        self.inner.call(req)
    }
}
