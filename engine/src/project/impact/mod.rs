//! `innominatus impact`: what a change touches — the changed files, the blast radius of the
//! graph (`graph::impact`) and the findings the change adds or removes — as one report for
//! the command line (and any other client) to render.
//!
//! The caller reads the files (the working tree, or a revision through git) and hands both
//! sides over as workspaces; everything said about them is decided here.

mod changes;
mod findings;
mod render;

pub use changes::{changed_files, ChangeStatus, ChangedFile};
pub use findings::{lint_workspace, Finding};
pub use render::{to_html, to_json, to_markdown, to_text, why};

use crate::catalog::Severity;
use crate::graph::impact::{blast_radius, Affected};
use crate::graph::WorkspaceGraph;
use crate::project::selector::Selection;
use crate::workspace::Workspace;
use std::collections::BTreeSet;

/// What `impact` compares.
pub struct Request<'a> {
    /// The workspace after the change.
    pub head: &'a Workspace,
    /// The workspace before it; `None` with `--changed`, where only the head is known: the
    /// blast radius is the head graph's and no findings are compared.
    pub base: Option<&'a Workspace>,
    pub changed: Vec<ChangedFile>,
    /// Which rules run, at which severity (the `lint` selection of the configuration).
    pub selection: &'a Selection,
}

/// The answer, ready to render.
pub struct Impact {
    pub changed: Vec<ChangedFile>,
    /// The graph of the head, for pictures with the affected nodes highlighted.
    pub graph: WorkspaceGraph,
    pub affected: Vec<Affected>,
    /// Whether a base was compared (findings below are meaningful).
    pub compared: bool,
    pub new_findings: Vec<Finding>,
    pub gone_findings: Vec<Finding>,
}

impl Impact {
    /// The change adds at least one error: `impact` exits with status 1.
    pub fn adds_errors(&self) -> bool {
        self.new_findings
            .iter()
            .any(|f| f.severity == Severity::Error)
    }
}

pub fn analyse(request: &Request<'_>) -> Impact {
    let graph = WorkspaceGraph::build(request.head);
    let base_graph = request.base.map(WorkspaceGraph::build);
    let files: BTreeSet<String> = request.changed.iter().map(|c| c.path.clone()).collect();
    let affected = blast_radius(&graph, base_graph.as_ref(), &files);
    let (new_findings, gone_findings) = match request.base {
        Some(base) => findings::difference(
            &lint_workspace(base, request.selection),
            &lint_workspace(request.head, request.selection),
        ),
        None => (Vec::new(), Vec::new()),
    };
    Impact {
        changed: request.changed.clone(),
        graph,
        affected,
        compared: request.base.is_some(),
        new_findings,
        gone_findings,
    }
}
