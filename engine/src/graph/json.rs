//! JSON of the workspace graph, version 1: nodes and edges with their kinds and the file
//! position (1-based line and column, columns in characters, `end` exclusive) that declares
//! or creates them, the dependency cycles, and each workflow's documented order and critical
//! path.

use super::{Location, WorkspaceGraph};
use petgraph::graph::NodeIndex;
use serde::Serialize;

#[derive(Serialize)]
struct Document<'g> {
    version: u32,
    nodes: Vec<JsonNode<'g>>,
    edges: Vec<JsonEdge<'g>>,
    /// Each cycle as node ids `[a, b, c]`: `a` depends on `b`, `b` on `c`, `c` on `a`.
    cycles: Vec<Vec<&'g str>>,
    workflows: Vec<JsonPlan<'g>>,
}

#[derive(Serialize)]
struct JsonNode<'g> {
    id: &'g str,
    kind: String,
    label: &'g str,
    file: &'g str,
    range: Range,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    missing: bool,
}

#[derive(Serialize)]
struct JsonEdge<'g> {
    from: &'g str,
    to: &'g str,
    kind: &'static str,
    file: &'g str,
    range: Range,
    cycle: bool,
}

#[derive(Serialize)]
struct JsonPlan<'g> {
    workflow: &'g str,
    steps: Vec<&'g str>,
    /// Steps after their dependencies; `null` when they depend on each other in a cycle.
    order: Option<Vec<&'g str>>,
    critical_path: Option<Vec<&'g str>>,
}

#[derive(Serialize)]
struct Range {
    start: Pos,
    end: Pos,
}

#[derive(Serialize)]
struct Pos {
    line: usize,
    column: usize,
}

fn range(l: &Location) -> Range {
    Range {
        start: Pos {
            line: l.start.line,
            column: l.start.column,
        },
        end: Pos {
            line: l.end.line,
            column: l.end.column,
        },
    }
}

impl WorkspaceGraph {
    /// The graph as pretty-printed JSON (see the module documentation for the shape).
    pub fn to_json(&self) -> String {
        let id = |i: NodeIndex| self.node(i).id.as_str();
        let ids = |v: &[NodeIndex]| v.iter().map(|&i| id(i)).collect::<Vec<_>>();
        let doc = Document {
            version: 1,
            nodes: self
                .nodes()
                .map(|(_, n)| JsonNode {
                    id: &n.id,
                    kind: n.kind.name(),
                    label: &n.label,
                    file: &n.location.file,
                    range: range(&n.location),
                    missing: n.missing,
                })
                .collect(),
            edges: self
                .edges()
                .map(|(a, b, e)| JsonEdge {
                    from: id(a),
                    to: id(b),
                    kind: e.kind.as_str(),
                    file: &e.location.file,
                    range: range(&e.location),
                    cycle: e.cycle,
                })
                .collect(),
            cycles: self.cycles.iter().map(|c| ids(c)).collect(),
            workflows: self
                .workflow_plans()
                .into_iter()
                .map(|p| JsonPlan {
                    workflow: id(p.workflow),
                    steps: ids(&p.steps),
                    order: p.order.as_deref().map(ids),
                    critical_path: p.critical_path.as_deref().map(ids),
                })
                .collect(),
        };
        // One node, edge, cycle or workflow per line: readable, and diffs stay small.
        fn list<T: Serialize>(name: &str, items: &[T], last: bool) -> String {
            let mut out = format!("  \"{name}\": [");
            for (i, item) in items.iter().enumerate() {
                out.push_str(if i == 0 { "\n    " } else { ",\n    " });
                out.push_str(&serde_json::to_string(item).expect("graph JSON serialises"));
            }
            out.push_str(if items.is_empty() { "]" } else { "\n  ]" });
            out.push_str(if last { "\n" } else { ",\n" });
            out
        }
        let mut text = format!("{{\n  \"version\": {},\n", doc.version);
        text.push_str(&list("nodes", &doc.nodes, false));
        text.push_str(&list("edges", &doc.edges, false));
        text.push_str(&list("cycles", &doc.cycles, false));
        text.push_str(&list("workflows", &doc.workflows, true));
        text.push_str("}\n");
        text
    }
}
