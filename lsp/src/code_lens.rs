//! Code lens on workflows ("Dry-run", "Debug", "Show graph") and Score specs ("Show graph").
//!
//! The commands are the client's (`innominatus.dryRun`, `innominatus.debug`,
//! `innominatus.showGraph`, argument: the document URI); an editor implements them with the
//! custom requests `innominatus/dryRun` and `innominatus/graph` ([`crate::custom`]) and, for
//! "Debug", by starting a debug session of `innominatus dap` on the document's file.

use crate::context::DocumentContext;
use innominatus_engine::kind::DocumentKind;
use innominatus_engine::text::Span;
use serde_json::json;
use tower_lsp_server::ls_types::{CodeLens, CodeLensParams, Command};

pub const DRY_RUN_COMMAND: &str = "innominatus.dryRun";
pub const DEBUG_COMMAND: &str = "innominatus.debug";
pub const GRAPH_COMMAND: &str = "innominatus.showGraph";

pub fn handle(cx: &DocumentContext<'_>, _: &CodeLensParams) -> Option<Vec<CodeLens>> {
    let source = cx.source();
    let mut out = Vec::new();
    for (doc, kind) in source.parsed.documents.iter().zip(&source.kinds) {
        let workflow = matches!(
            kind,
            DocumentKind::ProviderWorkflow
                | DocumentKind::GoldenPathWorkflow
                | DocumentKind::PlatformWorkflow
        );
        if !workflow && *kind != DocumentKind::Score {
            continue;
        }
        // The platform reads the first document of a file only: so do the dry run and the
        // debugger (which runs the same simulation step by step).
        let range = cx.range(Span::at(doc.span.start));
        let arg = json!(cx.snapshot.uri.as_str());
        if workflow && doc.index == 0 {
            for (title, command) in [("▶ Dry-run", DRY_RUN_COMMAND), ("⏵ Debug", DEBUG_COMMAND)]
            {
                out.push(CodeLens {
                    range,
                    command: Some(Command::new(
                        title.into(),
                        command.into(),
                        Some(vec![arg.clone()]),
                    )),
                    data: None,
                });
            }
        }
        out.push(CodeLens {
            range,
            command: Some(Command::new(
                "Show graph".into(),
                GRAPH_COMMAND.into(),
                Some(vec![arg]),
            )),
            data: None,
        });
    }
    Some(out)
}
