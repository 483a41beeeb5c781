//! `textDocument/didOpen`, `didChange`, `didSave` and `didClose`. The document store has
//! applied them already, in arrival order ([`crate::ordered`]); here the checks are
//! scheduled, and a closed document goes back to its disk text (or leaves the index).

use crate::documents::lock;
use crate::index::{self, Held};
use crate::session::{write, Shared};
use innominatus_engine::source::SourceFile;
use innominatus_fs::config::FILE_NAME as CONFIG_FILE_NAME;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use tower_lsp_server::ls_types::*;

pub(super) async fn did_open(shared: &Arc<Shared>, params: DidOpenTextDocumentParams) {
    // The store already holds the text (crate::ordered); check it now.
    shared
        .clone()
        .schedule_open(params.text_document.uri, false);
}

pub(super) async fn did_change(shared: &Arc<Shared>, params: DidChangeTextDocumentParams) {
    shared.clone().schedule_open(params.text_document.uri, true);
}

/// A save changes nothing the server knows: the text was checked when it changed, the index
/// keeps the editor's text of an open document either way, and what reads the disk (a dry
/// run of another file, a closed file going back to its disk text) reads it when asked. Only
/// a saved `.innominatus.toml` matters, and only for a client that does not watch files for
/// us (one that does reports the change through `didChangeWatchedFiles`). Nothing is
/// published for the saved document: a file that is not ours still gets nothing.
pub(super) async fn did_save(shared: &Arc<Shared>, params: DidSaveTextDocumentParams) {
    let is_config = params
        .text_document
        .uri
        .to_file_path()
        .is_some_and(|p| p.file_name().is_some_and(|n| n == CONFIG_FILE_NAME));
    if is_config && !shared.caps.watch_files.load(Ordering::SeqCst) {
        let s = shared.clone();
        tokio::task::spawn_blocking(move || s.reconfigure());
    }
}

pub(super) async fn did_close(shared: &Arc<Shared>, params: DidCloseTextDocumentParams) {
    let s = shared.clone();
    let uri = params.text_document.uri;
    tokio::task::spawn_blocking(move || {
        // Back to the disk text when the file is part of the folder, else forget it.
        let root = s.root();
        let on_disk = uri
            .to_file_path()
            .filter(|p| root.as_ref().is_some_and(|r| p.starts_with(r)))
            .and_then(|p| innominatus_fs::walk::read(&p).ok());
        match on_disk {
            Some(bytes) => {
                let file = index::file_name(&uri, root.as_deref());
                if let Some(src) = Shared::guarded("parsing", || SourceFile::parse(file, &bytes)) {
                    write(&s.index).put(&uri, src, Held::Disk);
                }
            }
            None => {
                write(&s.index).remove(&uri);
                lock(&s.published).remove(&uri);
                s.send(uri.clone(), Vec::new(), None);
            }
        }
        s.schedule_recheck(None);
    });
}
