//! `workspace/didChangeConfiguration` and `workspace/configuration`: the client's
//! `innominatus` settings, pulled when the client supports it, then applied with
//! `.innominatus.toml` ([`crate::settings`]).

use crate::documents::lock;
use crate::session::Shared;
use crate::settings::ClientSettings;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use tower_lsp_server::ls_types::*;
use tracing::warn;

pub(super) async fn did_change_configuration(
    shared: &Arc<Shared>,
    params: DidChangeConfigurationParams,
) {
    let s = shared.clone();
    if s.caps.configuration.load(Ordering::SeqCst) {
        s.pull_configuration().await;
    } else if !params.settings.is_null() {
        *lock(&s.client_settings) = ClientSettings::from_json(&params.settings);
    }
    tokio::task::spawn_blocking(move || s.reconfigure());
}

impl Shared {
    /// Asks the client for the `innominatus` section (when it supports it).
    pub(crate) async fn pull_configuration(&self) {
        if !self.caps.configuration.load(Ordering::SeqCst) {
            return;
        }
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some("innominatus".into()),
        };
        match self.client.configuration(vec![item]).await {
            Ok(values) => {
                if let Some(v) = values.into_iter().next().filter(|v| !v.is_null()) {
                    *lock(&self.client_settings) = ClientSettings::from_json(&v);
                }
            }
            Err(e) => warn!("workspace/configuration failed: {e}"),
        }
    }
}
