//! `workspace/didChangeWatchedFiles`: files changed, created or deleted on disk (the
//! editor's text wins for open documents); a changed `.innominatus.toml` reloads the
//! settings.

use crate::documents::lock;
use crate::index::{self, Held};
use crate::session::{write, Shared};
use innominatus_engine::source::SourceFile;
use innominatus_fs::config::FILE_NAME as CONFIG_FILE_NAME;
use std::sync::Arc;
use tower_lsp_server::ls_types::*;
use tracing::info;

pub(super) async fn did_change_watched_files(
    shared: &Arc<Shared>,
    params: DidChangeWatchedFilesParams,
) {
    let s = shared.clone();
    tokio::task::spawn_blocking(move || {
        let root = s.root();
        let mut config_changed = false;
        for change in params.changes {
            let uri = change.uri;
            let Some(path) = uri.to_file_path().map(|p| p.into_owned()) else {
                continue;
            };
            if path.file_name().is_some_and(|n| n == CONFIG_FILE_NAME) {
                config_changed = true;
                continue;
            }
            if s.docs.is_open(&uri) {
                continue; // the editor's text wins
            }
            if change.typ == FileChangeType::DELETED {
                write(&s.index).remove(&uri);
                if lock(&s.published).remove(&uri).is_some() {
                    s.send(uri, Vec::new(), None);
                }
            } else if let Ok(bytes) = innominatus_fs::walk::read(&path) {
                let file = index::file_name(&uri, root.as_deref());
                if let Some(src) = Shared::guarded("parsing", || SourceFile::parse(file, &bytes)) {
                    write(&s.index).put(&uri, src, Held::Disk);
                }
            }
        }
        if config_changed {
            info!("{CONFIG_FILE_NAME} changed: reloading");
            s.reconfigure();
        } else {
            s.schedule_recheck(None);
        }
    });
}
