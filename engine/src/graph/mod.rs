//! The workspace graph (DESIGN.md §5): applications, containers, resources, providers,
//! workflows, steps, golden paths, environments and teams, and the relations between them,
//! each relation with the place in a file that creates it.
//!
//! Built from a [`Workspace`](crate::workspace::Workspace) on petgraph. Dependency cycles
//! (`depends-on` between the steps of a workflow or the containers of a Score spec) are found
//! with strongly connected components and kept as ordered paths; exports (DOT, Mermaid, JSON,
//! SVG) work on cyclic graphs and draw cycle edges in red. Pure library: no printing, no I/O.
//!
//! Architecture Invariant: node ids are stable strings derived from names and paths, never
//! from iteration order of hash maps, so every export is byte-for-byte reproducible.

mod build;
mod dot;
mod drawing;
mod html;
pub mod impact;
mod json;
pub mod labels;
pub mod layout;
mod mermaid;
pub mod order;
#[cfg(test)]
mod picture_tests;
mod svg;

pub use drawing::{flows_forward, reach_goes_through};
pub use html::{Highlight, HtmlOptions};

use crate::text::Span;
use order::Dependencies;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use std::collections::{HashSet, VecDeque};
use std::sync::Arc;

/// What a node stands for; resources and steps carry their type as a subtype.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum NodeKind {
    /// A Score spec (`metadata.name`).
    Application,
    Container,
    /// A Score resource, with its `type` when it has one.
    Resource(Option<String>),
    Provider,
    Workflow,
    /// A workflow step, with its `type` when it has one.
    Step(Option<String>),
    GoldenPath,
    /// A Score spec's `environment` (innominatus extension).
    Environment,
    Team,
}

impl NodeKind {
    /// The kind without subtype: `application`, `resource`, `step`, …
    pub fn base(&self) -> &'static str {
        match self {
            NodeKind::Application => "application",
            NodeKind::Container => "container",
            NodeKind::Resource(_) => "resource",
            NodeKind::Provider => "provider",
            NodeKind::Workflow => "workflow",
            NodeKind::Step(_) => "step",
            NodeKind::GoldenPath => "golden-path",
            NodeKind::Environment => "environment",
            NodeKind::Team => "team",
        }
    }

    /// The kind with subtype: `resource.postgres`, `step.policy`, `provider`.
    pub fn name(&self) -> String {
        match self {
            NodeKind::Resource(Some(t)) | NodeKind::Step(Some(t)) => {
                format!("{}.{t}", self.base())
            }
            _ => self.base().to_string(),
        }
    }
}

/// What an edge means; edges point from the node whose file creates the relation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EdgeKind {
    /// Application → container, resource, environment or embedded workflow it declares.
    Defines,
    /// Workflow → step.
    Contains,
    /// Step → step it lists in `dependsOn`; container → container that is in its `before`
    /// (it starts after it).
    DependsOn,
    /// Container → resource named by a `${resources.<name>…}` placeholder in its variables.
    Consumes,
    /// Resource → provider that claims its type.
    Requires,
    /// Provider → workflow it lists in `workflows`.
    Executes,
    /// Workflow → resource it creates (the provider's `create` workflow for the type).
    Provisions,
    /// Golden path → its workflow.
    Triggers,
    /// Team → application.
    Owns,
}

impl EdgeKind {
    pub const ALL: [EdgeKind; 9] = [
        EdgeKind::Defines,
        EdgeKind::Contains,
        EdgeKind::DependsOn,
        EdgeKind::Consumes,
        EdgeKind::Requires,
        EdgeKind::Executes,
        EdgeKind::Provisions,
        EdgeKind::Triggers,
        EdgeKind::Owns,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Defines => "defines",
            EdgeKind::Contains => "contains",
            EdgeKind::DependsOn => "depends-on",
            EdgeKind::Consumes => "consumes",
            EdgeKind::Requires => "requires",
            EdgeKind::Executes => "executes",
            EdgeKind::Provisions => "provisions",
            EdgeKind::Triggers => "triggers",
            EdgeKind::Owns => "owns",
        }
    }
}

/// A 1-based line and column (columns count Unicode scalar values), as people read them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Where a node is declared or an edge is created.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: Arc<str>,
    pub span: Span,
    pub start: Position,
    pub end: Position,
}

#[derive(Clone, Debug)]
pub struct Node {
    /// Stable, unique: `application:orders-api`, `step:<workflow>/<step>`, …
    pub id: String,
    pub kind: NodeKind,
    pub label: String,
    pub location: Location,
    /// A workflow that a provider or golden path names but whose file was not found.
    pub missing: bool,
}

#[derive(Clone, Debug)]
pub struct Edge {
    pub kind: EdgeKind,
    pub location: Location,
    /// Part of a dependency cycle.
    pub cycle: bool,
}

/// The steps of one workflow in their documented order.
#[derive(Clone, Debug)]
pub struct WorkflowPlan {
    pub workflow: NodeIndex,
    /// The steps in list order.
    pub steps: Vec<NodeIndex>,
    /// Every step after its dependencies (list order where `dependsOn` allows); `None` when
    /// the steps depend on each other in a cycle.
    pub order: Option<Vec<NodeIndex>>,
    /// The longest chain of dependencies by step count, dependency first.
    pub critical_path: Option<Vec<NodeIndex>>,
}

/// The graph of one workspace, or of the part of it kept by a filter.
#[derive(Clone, Debug, Default)]
pub struct WorkspaceGraph {
    pub graph: DiGraph<Node, Edge>,
    /// Dependency cycles as ordered node paths (`a → b → c → a` is `[a, b, c]`).
    pub cycles: Vec<Vec<NodeIndex>>,
}

impl WorkspaceGraph {
    /// The graph of every document of `ws`.
    pub fn build(ws: &crate::workspace::Workspace) -> WorkspaceGraph {
        let mut g = WorkspaceGraph {
            graph: build::build(ws),
            cycles: Vec::new(),
        };
        g.mark_cycles();
        g
    }

    pub fn node(&self, i: NodeIndex) -> &Node {
        &self.graph[i]
    }

    pub fn edge(&self, e: EdgeIndex) -> &Edge {
        &self.graph[e]
    }

    /// Nodes in creation order (file order).
    pub fn nodes(&self) -> impl Iterator<Item = (NodeIndex, &Node)> {
        self.graph.node_indices().map(move |i| (i, &self.graph[i]))
    }

    /// Edges in creation order: `(from, to, edge)`.
    pub fn edges(&self) -> impl Iterator<Item = (NodeIndex, NodeIndex, &Edge)> {
        self.graph
            .edge_references()
            .map(|e| (e.source(), e.target(), e.weight()))
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// The names of the applications, in file order.
    pub fn applications(&self) -> Vec<&str> {
        self.nodes()
            .filter(|(_, n)| n.kind == NodeKind::Application)
            .map(|(_, n)| n.label.as_str())
            .collect()
    }

    /// The names of the workflows, in file order.
    pub fn workflows(&self) -> Vec<&str> {
        self.nodes()
            .filter(|(_, n)| n.kind == NodeKind::Workflow)
            .map(|(_, n)| n.label.as_str())
            .collect()
    }

    /// The application(s) called `name`, what they reach (following every edge except
    /// `provisions`, which leads to other applications' resources) and their owning teams.
    /// `None` when no application has that name.
    pub fn for_application(&self, name: &str) -> Option<WorkspaceGraph> {
        let roots: Vec<NodeIndex> = self
            .nodes()
            .filter(|(_, n)| n.kind == NodeKind::Application && n.label == name)
            .map(|(i, _)| i)
            .collect();
        if roots.is_empty() {
            return None;
        }
        let mut keep: HashSet<NodeIndex> = HashSet::new();
        let mut queue: VecDeque<NodeIndex> = roots.iter().copied().collect();
        while let Some(x) = queue.pop_front() {
            if !keep.insert(x) {
                continue;
            }
            for e in self.graph.edges_directed(x, Direction::Outgoing) {
                if e.weight().kind != EdgeKind::Provisions {
                    queue.push_back(e.target());
                }
            }
        }
        for &root in &roots {
            for e in self.graph.edges_directed(root, Direction::Incoming) {
                if e.weight().kind == EdgeKind::Owns {
                    keep.insert(e.source());
                }
            }
        }
        Some(self.keep(&keep))
    }

    /// The workflow(s) whose name, id or file is `name`, with their steps. `None` when no
    /// workflow matches.
    pub fn for_workflow(&self, name: &str) -> Option<WorkspaceGraph> {
        let mut keep: HashSet<NodeIndex> = HashSet::new();
        for (i, n) in self.nodes() {
            let matches = n.label == name
                || n.id == name
                || n.id.strip_prefix("workflow:") == Some(name)
                || (!n.missing
                    && crate::workspace::normalize(&n.location.file)
                        == crate::workspace::normalize(name));
            if n.kind == NodeKind::Workflow && matches {
                keep.insert(i);
                for e in self.graph.edges_directed(i, Direction::Outgoing) {
                    if e.weight().kind == EdgeKind::Contains {
                        keep.insert(e.target());
                    }
                }
            }
        }
        if keep.is_empty() {
            return None;
        }
        Some(self.keep(&keep))
    }

    /// The nodes declared in `file` (compared as normalised paths), in node order; a
    /// workflow whose file was not found is declared nowhere.
    pub fn nodes_declared_in(&self, file: &str) -> Vec<NodeIndex> {
        let wanted = crate::paths::normalize(file);
        self.nodes()
            .filter(|(_, n)| !n.missing && crate::paths::normalize(&n.location.file) == wanted)
            .map(|(i, _)| i)
            .collect()
    }

    /// The subgraph induced by `keep`, in the original order.
    fn keep(&self, keep: &HashSet<NodeIndex>) -> WorkspaceGraph {
        let graph = self.graph.filter_map(
            |i, n| keep.contains(&i).then(|| n.clone()),
            |_, e| Some(e.clone()),
        );
        let mut g = WorkspaceGraph {
            graph,
            cycles: Vec::new(),
        };
        g.mark_cycles();
        g
    }

    /// Finds the dependency cycles and flags their edges.
    fn mark_cycles(&mut self) {
        let deps = Dependencies::new(
            self.graph.node_count(),
            self.graph
                .edge_references()
                .filter(|e| e.weight().kind == EdgeKind::DependsOn)
                .map(|e| (e.source().index(), e.target().index())),
        );
        let cycles = deps.cycles();
        let mut on_cycle: HashSet<(usize, usize)> = HashSet::new();
        for c in &cycles {
            on_cycle.extend(order::cycle_edges(c));
        }
        for e in self.graph.edge_weights_mut() {
            e.cycle = false;
        }
        let ids: Vec<EdgeIndex> = self.graph.edge_indices().collect();
        for e in ids {
            let (a, b) = self.graph.edge_endpoints(e).expect("edge exists");
            let edge = &mut self.graph[e];
            edge.cycle =
                edge.kind == EdgeKind::DependsOn && on_cycle.contains(&(a.index(), b.index()));
        }
        self.cycles = cycles
            .into_iter()
            .map(|c| c.into_iter().map(NodeIndex::new).collect())
            .collect();
    }

    /// Each workflow's steps with their documented order and critical path.
    pub fn workflow_plans(&self) -> Vec<WorkflowPlan> {
        let mut plans = Vec::new();
        for (w, n) in self.nodes() {
            if n.kind != NodeKind::Workflow {
                continue;
            }
            let mut steps: Vec<(EdgeIndex, NodeIndex)> = self
                .graph
                .edges_directed(w, Direction::Outgoing)
                .filter(|e| e.weight().kind == EdgeKind::Contains)
                .map(|e| (e.id(), e.target()))
                .collect();
            steps.sort();
            let steps: Vec<NodeIndex> = steps.into_iter().map(|(_, s)| s).collect();
            let position = |x: NodeIndex| steps.iter().position(|s| *s == x);
            let mut edges = Vec::new();
            for (i, &s) in steps.iter().enumerate() {
                for e in self.graph.edges_directed(s, Direction::Outgoing) {
                    if e.weight().kind == EdgeKind::DependsOn {
                        if let Some(j) = position(e.target()) {
                            edges.push((i, j));
                        }
                    }
                }
            }
            let deps = Dependencies::new(steps.len(), edges);
            let to_nodes = |v: Vec<usize>| v.into_iter().map(|i| steps[i]).collect::<Vec<_>>();
            plans.push(WorkflowPlan {
                workflow: w,
                order: deps.topological_order().ok().map(to_nodes),
                critical_path: deps.critical_path(|_| 1).map(|(p, _)| to_nodes(p)),
                steps: steps.clone(),
            });
        }
        plans
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use crate::workspace::Workspace;

    fn workspace(files: &[(&str, &str)]) -> Workspace {
        let sources = files
            .iter()
            .map(|(name, text)| SourceFile::parse(Arc::from(*name), text.as_bytes()))
            .collect();
        Workspace::new(sources, None, Box::new(|_: &str| false))
    }

    const SCORE: &str = "apiVersion: score.dev/v1b1\nmetadata:\n  name: shop\n  team: checkout\ncontainers:\n  api:\n    image: a:1\n    variables:\n      DB: \"${resources.db.host}\"\nresources:\n  db:\n    type: postgres\n";
    const PROVIDER: &str = "apiVersion: v1\nkind: Provider\nmetadata:\n  name: dba\n  version: 1.0.0\ncompatibility:\n  minCoreVersion: 0.1.0\ncapabilities:\n  resourceTypes: [postgres]\nworkflows:\n  - name: provision\n    file: ./workflows/provision.yaml\n";
    const WORKFLOW: &str = "apiVersion: innominatus.io/v1alpha1\nkind: Workflow\nsteps:\n  - name: a\n    type: policy\n    dependsOn: [b]\n    config: {script: x}\n  - name: b\n    type: policy\n    dependsOn: [a]\n    config: {script: x}\n  - name: c\n    type: kubernetes\n    dependsOn: [a, c]\n    config: {operation: apply, namespace: n}\n";

    fn sample() -> WorkspaceGraph {
        WorkspaceGraph::build(&workspace(&[
            ("apps/shop/score.yaml", SCORE),
            ("providers/dba/provider.yaml", PROVIDER),
            ("providers/dba/workflows/provision.yaml", WORKFLOW),
        ]))
    }

    fn edge<'g>(g: &'g WorkspaceGraph, from: &str, to: &str) -> &'g Edge {
        g.edges()
            .find(|(a, b, _)| g.node(*a).id == from && g.node(*b).id == to)
            .map(|(_, _, e)| e)
            .unwrap_or_else(|| panic!("no edge {from} -> {to}"))
    }

    #[test]
    fn relations_cross_documents_with_the_place_that_creates_them() {
        let g = sample();
        let consumes = edge(&g, "container:shop/api", "resource:shop/db");
        assert_eq!(consumes.kind, EdgeKind::Consumes);
        // The placeholder itself, inside the quotes: line 9, columns 12..31.
        assert_eq!(
            consumes.location.start,
            Position {
                line: 9,
                column: 12
            }
        );
        assert_eq!(
            consumes.location.end,
            Position {
                line: 9,
                column: 32
            }
        );
        assert_eq!(
            edge(&g, "team:checkout", "application:shop").kind,
            EdgeKind::Owns
        );
        assert_eq!(
            edge(&g, "resource:shop/db", "provider:dba").kind,
            EdgeKind::Requires
        );
        let wf = "workflow:providers/dba/workflows/provision.yaml";
        assert_eq!(edge(&g, "provider:dba", wf).kind, EdgeKind::Executes);
        let provisions = edge(&g, wf, "resource:shop/db");
        assert_eq!(provisions.kind, EdgeKind::Provisions);
        assert_eq!(&*provisions.location.file, "providers/dba/provider.yaml");
        assert_eq!(
            g.nodes()
                .find(|(_, n)| n.id == "resource:shop/db")
                .unwrap()
                .1
                .kind
                .name(),
            "resource.postgres"
        );
    }

    #[test]
    fn cycles_and_self_loops_are_flagged_and_other_edges_are_not() {
        let g = sample();
        let step = |s: &str| format!("step:providers/dba/workflows/provision.yaml/{s}");
        assert!(edge(&g, &step("a"), &step("b")).cycle);
        assert!(edge(&g, &step("b"), &step("a")).cycle);
        assert!(edge(&g, &step("c"), &step("c")).cycle);
        assert!(!edge(&g, &step("c"), &step("a")).cycle);
        let cycles: Vec<Vec<&str>> = g
            .cycles
            .iter()
            .map(|c| c.iter().map(|&i| g.node(i).label.as_str()).collect())
            .collect();
        assert_eq!(cycles, vec![vec!["a", "b"], vec!["c"]]);
        let plans = g.workflow_plans();
        assert!(plans[0].order.is_none());
        // Every export copes with the cycles.
        assert!(g.to_dot().contains("penwidth=2.5"));
        assert!(g.to_mermaid().contains("==>|depends-on|"));
        assert!(g.to_svg().contains("class=\"edge depends-on cycle\""));
        let json: serde_json::Value = serde_json::from_str(&g.to_json()).unwrap();
        assert_eq!(json["cycles"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn filters_keep_what_they_promise() {
        let g = sample();
        let app = g.for_application("shop").unwrap();
        let ids: Vec<&str> = app.nodes().map(|(_, n)| n.id.as_str()).collect();
        assert!(ids.contains(&"team:checkout") && ids.contains(&"provider:dba"));
        assert!(
            ids.iter().any(|i| i.ends_with("/c")),
            "steps are reached: {ids:?}"
        );
        assert!(g.for_application("nope").is_none());
        let wf = g
            .for_workflow("providers/dba/workflows/provision.yaml")
            .unwrap();
        assert_eq!(wf.node_count(), 4);
        assert_eq!(wf.cycles.len(), 2);
    }

    #[test]
    fn labels_are_escaped_in_every_text_format() {
        let mut g = sample();
        let first = g.graph.node_indices().next().unwrap();
        g.graph[first].label = "say \"hi\" <now> #1 \\".to_string();
        assert!(g
            .to_dot()
            .contains(r#"label="say \"hi\" <now> #1 \\\napplication""#));
        assert!(g
            .to_mermaid()
            .contains("say #quot;hi#quot; #lt;now#gt; #35;1 \\<br/>"));
        assert!(g.to_svg().contains("say &quot;hi&quot; &lt;now&gt; #1 \\"));
        let json: serde_json::Value = serde_json::from_str(&g.to_json()).unwrap();
        assert_eq!(json["nodes"][0]["label"], "say \"hi\" <now> #1 \\");
    }
}
