//! Graphviz DOT text of the workspace graph (render it with `dot -Tsvg`).

use super::{EdgeKind, Node, NodeKind, WorkspaceGraph};
use std::fmt::Write;

/// Fill colour per node kind, shared by every export.
pub(super) fn fill(kind: &NodeKind) -> &'static str {
    match kind {
        NodeKind::Application => "#cfe2ff",
        NodeKind::Container => "#d1ecf1",
        NodeKind::Resource(_) => "#d4edda",
        NodeKind::Provider => "#fff3cd",
        NodeKind::Workflow => "#e2d9f3",
        NodeKind::Step(_) => "#f3f0fa",
        NodeKind::GoldenPath => "#ffe5d0",
        NodeKind::Environment => "#e9ecef",
        NodeKind::Team => "#f8d7da",
    }
}

/// Stroke colour per edge kind; cycle edges are drawn in [`CYCLE`] instead.
pub(super) fn stroke(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Defines => "#6c757d",
        EdgeKind::Contains => "#6f42c1",
        EdgeKind::DependsOn => "#343a40",
        EdgeKind::Consumes => "#17a2b8",
        EdgeKind::Requires => "#b8860b",
        EdgeKind::Executes => "#fd7e14",
        EdgeKind::Provisions => "#28a745",
        EdgeKind::Triggers => "#e83e8c",
        EdgeKind::Owns => "#dc3545",
    }
}

/// The colour of dependency-cycle edges in every export.
pub const CYCLE: &str = "#d62728";

/// The text of a DOT double-quoted string.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn place(node: &Node) -> String {
    format!(
        "{}:{}:{}",
        node.location.file, node.location.start.line, node.location.start.column
    )
}

impl WorkspaceGraph {
    /// The graph as Graphviz DOT, left to right, cycle edges red and bold.
    pub fn to_dot(&self) -> String {
        let mut out = String::new();
        out.push_str("digraph workspace {\n");
        out.push_str("  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=10];\n");
        out.push_str(
            "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];\n",
        );
        out.push_str("  edge [fontname=\"Helvetica\", fontsize=8];\n");
        for (_, n) in self.nodes() {
            let mut label = format!("{}\n{}", n.label, n.kind.name());
            if n.missing {
                label.push_str(" (file not found)");
            }
            let _ = write!(
                out,
                "  {} [label={}, fillcolor=\"{}\", tooltip={}",
                quote(&n.id),
                quote(&label),
                fill(&n.kind),
                quote(&place(n)),
            );
            if n.missing {
                out.push_str(", style=\"rounded,filled,dashed\"");
            }
            out.push_str("];\n");
        }
        for (a, b, e) in self.edges() {
            let color = if e.cycle { CYCLE } else { stroke(e.kind) };
            let _ = write!(
                out,
                "  {} -> {} [label={}, color=\"{color}\", fontcolor=\"{color}\", tooltip={}",
                quote(&self.node(a).id),
                quote(&self.node(b).id),
                quote(e.kind.as_str()),
                quote(&format!(
                    "{}:{}:{}",
                    e.location.file, e.location.start.line, e.location.start.column
                )),
            );
            if e.cycle {
                out.push_str(", penwidth=2.5");
            }
            out.push_str("];\n");
        }
        out.push_str("}\n");
        out
    }
}
