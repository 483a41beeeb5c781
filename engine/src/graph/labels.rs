//! What each node is called in the pictures (SVG export and HTML page): its label, and when
//! another node of the same kind has the same label, the name of the node that declares it
//! (`namespace (orders-api)`, `validate-request (provision-postgres)`), so that repeated names
//! can be told apart. Decided here once for every renderer.

use super::{EdgeKind, NodeKind, WorkspaceGraph};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use std::collections::HashMap;

/// The node that declares `node`: the application of a container, resource, environment or
/// embedded workflow (`defines`), the workflow of a step (`contains`), the provider of a
/// provider workflow (`executes`). `None` for top-level things (applications, providers,
/// golden paths, teams, golden-path workflows).
pub fn owner(graph: &WorkspaceGraph, node: NodeIndex) -> Option<NodeIndex> {
    // Priority order: a workflow defined inside a Score spec belongs to the spec even when a
    // provider also executes it.
    let declared_by = |kind: EdgeKind| {
        graph
            .graph
            .edges_directed(node, Direction::Incoming)
            .filter(|e| e.weight().kind == kind)
            .map(|e| e.source())
            .min()
    };
    let by = match graph.node(node).kind {
        NodeKind::Step(_) => declared_by(EdgeKind::Contains),
        NodeKind::Workflow => {
            declared_by(EdgeKind::Defines).or_else(|| declared_by(EdgeKind::Executes))
        }
        NodeKind::Container | NodeKind::Resource(_) | NodeKind::Environment => {
            declared_by(EdgeKind::Defines)
        }
        _ => None,
    };
    by.filter(|&o| o != node)
}

/// Every node's display label, indexed by node: the label, with ` (owner)` appended when
/// another node of the same base kind carries the same label and an owner is known.
pub fn display_labels(graph: &WorkspaceGraph) -> Vec<String> {
    let mut count: HashMap<(&str, &str), usize> = HashMap::new();
    for (_, node) in graph.nodes() {
        *count
            .entry((node.kind.base(), node.label.as_str()))
            .or_default() += 1;
    }
    graph
        .nodes()
        .map(|(i, node)| {
            let repeated = count[&(node.kind.base(), node.label.as_str())] > 1;
            match owner(graph, i).filter(|_| repeated) {
                Some(o) => format!("{} ({})", node.label, graph.node(o).label),
                None => node.label.clone(),
            }
        })
        .collect()
}
