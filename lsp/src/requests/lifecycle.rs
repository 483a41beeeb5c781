//! `initialize`, `initialized` and `shutdown`: the root, the client's capabilities and
//! settings, the server's capabilities, file watching, and the first indexing of the folder.

use crate::code_actions;
use crate::documents::lock;
use crate::features;
use crate::session::{write, Shared};
use crate::settings::{ClientSettings, Effective};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{NotCancellable, OngoingProgress, Unbounded};
use tracing::{info, warn};

pub(super) async fn initialize(
    s: &Arc<Shared>,
    params: InitializeParams,
) -> Result<InitializeResult> {
    #[allow(deprecated)] // rootUri: older clients send only that
    let root = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .and_then(|f| f.uri.to_file_path())
        .or_else(|| params.root_uri.as_ref().and_then(|u| u.to_file_path()))
        .map(|p| p.into_owned());
    info!("initialize: root {:?}", root);
    *write(&s.root) = root.clone();
    if let Some(opts) = &params.initialization_options {
        *lock(&s.client_settings) = ClientSettings::from_json(opts);
    }
    let ws_caps = params.capabilities.workspace.as_ref();
    s.caps.configuration.store(
        ws_caps.and_then(|w| w.configuration).unwrap_or(false),
        Ordering::SeqCst,
    );
    s.caps.watch_files.store(
        ws_caps
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false),
        Ordering::SeqCst,
    );
    s.caps.progress.store(
        params
            .capabilities
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false),
        Ordering::SeqCst,
    );
    *write(&s.settings) = Arc::new(Effective::load(
        root.as_deref(),
        lock(&s.client_settings).clone(),
    ));
    let mut caps = ServerCapabilities {
        position_encoding: Some(s.encoding().kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        code_action_provider: Some(code_actions::capability()),
        code_lens_provider: Some(CodeLensOptions {
            resolve_provider: Some(false),
        }),
        ..Default::default()
    };
    features::register_capabilities(&mut caps);
    Ok(InitializeResult {
        capabilities: caps,
        server_info: Some(ServerInfo {
            name: "innominatus".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
        offset_encoding: None,
    })
}

pub(super) async fn initialized(shared: &Arc<Shared>, _: InitializedParams) {
    // Before any await: a workspace request that follows this notification waits for the
    // index this handler starts below.
    shared.indexing.store(true, Ordering::SeqCst);
    let s = shared.clone();
    if s.caps.watch_files.load(Ordering::SeqCst) {
        let watchers = ["**/*.yaml", "**/*.yml", "**/.innominatus.toml"]
            .into_iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String(g.into()),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "innominatus-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        if let Err(e) = s.client.register_capability(vec![registration]).await {
            warn!("file watching not registered: {e}");
        }
    }
    if s.caps.configuration.load(Ordering::SeqCst) {
        s.pull_configuration().await;
        let client = lock(&s.client_settings).clone();
        *write(&s.settings) = Arc::new(Effective::load(s.root().as_deref(), client));
    }
    s.warn_about_client_settings(&s.settings());
    // Indexing runs in the background: open documents get their file-local findings
    // meanwhile, and requests are answered from what is there. A client that shows progress
    // sees it from its start to the first findings of every file.
    let loading = {
        let shared = s.clone();
        tokio::task::spawn_blocking(move || shared.load_workspace())
    };
    let shared = s.clone();
    tokio::spawn(async move {
        let progress = if shared.caps.progress.load(Ordering::SeqCst) {
            begin_progress(&shared).await
        } else {
            None
        };
        let _ = loading.await;
        if let Some(progress) = progress {
            let files = shared.index().uris.len();
            progress
                .finish_with_message(format!("{files} files checked"))
                .await;
        }
    });
}

/// Asks the client for a progress token and begins the "checking the workspace" progress;
/// `None` when the client refuses the token.
async fn begin_progress(s: &Arc<Shared>) -> Option<OngoingProgress<Unbounded, NotCancellable>> {
    let token = ProgressToken::String(INDEXING_TOKEN.into());
    let created = s
        .client
        .send_request::<request::WorkDoneProgressCreate>(WorkDoneProgressCreateParams {
            token: token.clone(),
        })
        .await;
    if let Err(e) = created {
        warn!("no progress shown for the first check of the workspace: {e}");
        return None;
    }
    Some(
        s.client
            .progress(token, "innominatus: checking the workspace")
            .begin()
            .await,
    )
}

/// The token of the progress of the first indexing and check of the workspace folder.
pub const INDEXING_TOKEN: &str = "innominatus/indexing";

pub(super) async fn shutdown(_: &Arc<Shared>) -> Result<()> {
    Ok(())
}
