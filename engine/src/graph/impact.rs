//! The blast radius of a change: the nodes of the changed files and every node that depends
//! on them through the graph, each with the shortest chain of edges that connects it.
//!
//! What depends on what: an edge points from the node whose file creates the relation, and
//! for every kind but two that node is also the one that depends on the other — an
//! application on what it defines, a workflow on its steps, a step on the steps it waits for,
//! a container on the resources it consumes, a resource on the providers that claim its type,
//! a provider on its workflows, a golden path on the workflow it runs. `provisions` points
//! the other way (the resource depends on the workflow that creates it), and `owns` is not a
//! dependency at all (a team is not changed by its application).
//!
//! A change can also cut a dependency: a provider that stops claiming a type no longer has
//! an edge to the resources of that type in the head graph. So the radius is taken in both
//! graphs — the head's from the head's nodes of the changed files, the base's from the base's
//! — and a resource whose resolution differs between them (an admin configuration that stops
//! registering a provider) is a starting point of its own.

use super::{EdgeKind, NodeKind, WorkspaceGraph};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

/// Why a node is in the blast radius.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cause {
    /// Declared in a changed file (present before and after).
    Changed,
    /// Declared in a changed file, new with the change.
    Added,
    /// Declared before the change, gone after it.
    Removed,
    /// A Score resource whose type resolves differently (providers or workflow).
    Resolution { before: String, after: String },
    /// Depends on a node above through the path of edges.
    Dependent,
}

impl Cause {
    pub fn as_str(&self) -> &'static str {
        match self {
            Cause::Changed => "changed",
            Cause::Added => "added",
            Cause::Removed => "removed",
            Cause::Resolution { .. } => "resolution",
            Cause::Dependent => "dependent",
        }
    }
}

/// One edge of a path, as it is in the graph (`from` → `to`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hop {
    pub from: String,
    pub kind: EdgeKind,
    pub to: String,
}

/// A node of the blast radius.
#[derive(Clone, Debug)]
pub struct Affected {
    pub id: String,
    pub kind: NodeKind,
    pub label: String,
    pub file: String,
    /// 1-based line of the node's declaration.
    pub line: usize,
    pub cause: Cause,
    /// The node the path starts from (itself for a starting point).
    pub root: String,
    /// The edges from `root` to this node, root first; empty for a starting point.
    pub path: Vec<Hop>,
    /// The path (and the node's place) are the base graph's: the dependency is gone after
    /// the change.
    pub before: bool,
    /// For a Score resource that resolves differently after the change: (before, after),
    /// each as the claiming providers and the provisioning workflow.
    pub resolution: Option<(String, String)>,
}

/// The blast radius in dependency order of discovery: starting points first, then by
/// distance; ties in the graph's own order (file order).
pub fn blast_radius(
    head: &WorkspaceGraph,
    base: Option<&WorkspaceGraph>,
    changed_files: &BTreeSet<String>,
) -> Vec<Affected> {
    let in_changed = |g: &WorkspaceGraph, i: NodeIndex| {
        changed_files.contains(&crate::workspace::normalize(&g.node(i).location.file))
    };
    // A workflow named but not found is only a placeholder: a document deleted by the change
    // leaves one behind, and its nodes are removed all the same.
    let present = |g: &WorkspaceGraph| -> HashSet<String> {
        g.nodes()
            .filter(|(_, n)| !n.missing)
            .map(|(_, n)| n.id.clone())
            .collect()
    };
    let base_ids = base.map(present).unwrap_or_default();
    let head_ids = present(head);

    let mut found: Vec<Affected> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();

    // 1. The head's nodes of the changed files and what depends on them now.
    let roots: Vec<(NodeIndex, Cause)> = head
        .nodes()
        .filter(|(i, _)| in_changed(head, *i))
        .map(|(i, n)| {
            let cause = if base.is_some() && !base_ids.contains(&n.id) {
                Cause::Added
            } else {
                Cause::Changed
            };
            (i, cause)
        })
        .collect();
    spread(head, roots, false, &mut found, &mut seen);

    // 2. The base's nodes of the changed files and what depended on them before.
    if let Some(base) = base {
        let roots: Vec<(NodeIndex, Cause)> = base
            .nodes()
            .filter(|(i, _)| in_changed(base, *i))
            .map(|(i, n)| {
                let cause = if head_ids.contains(&n.id) {
                    Cause::Changed
                } else {
                    Cause::Removed
                };
                (i, cause)
            })
            .collect();
        spread(base, roots, true, &mut found, &mut seen);

        // 3. Resources that resolve differently although no file on their path changed.
        let before = resolutions(base);
        let after = resolutions(head);
        let mut roots: Vec<(NodeIndex, Cause)> = after
            .iter()
            .filter_map(|(id, (index, now))| {
                let (_, was) = before.get(id)?;
                (was != now).then(|| {
                    let cause = Cause::Resolution {
                        before: was.clone(),
                        after: now.clone(),
                    };
                    (*index, cause)
                })
            })
            .collect();
        roots.sort_by_key(|(i, _)| *i);
        spread(head, roots, false, &mut found, &mut seen);

        // Every affected resource whose resolution changed says so, however it was reached.
        for a in &mut found {
            if let (Some((_, was)), Some((_, now))) = (before.get(&a.id), after.get(&a.id)) {
                if was != now {
                    a.resolution = Some((was.clone(), now.clone()));
                }
            }
        }
    }
    found
}

/// Breadth-first from `roots` (in their order) to every dependent not `seen` yet.
fn spread(
    g: &WorkspaceGraph,
    roots: Vec<(NodeIndex, Cause)>,
    before: bool,
    found: &mut Vec<Affected>,
    seen: &mut HashSet<String>,
) {
    // node → (edge that reached it, the node it came from); roots have none.
    let mut came_from: HashMap<NodeIndex, (NodeIndex, EdgeKind, bool)> = HashMap::new();
    let mut root_of: HashMap<NodeIndex, NodeIndex> = HashMap::new();
    let mut queue: VecDeque<NodeIndex> = VecDeque::new();
    let mut visited: HashSet<NodeIndex> = HashSet::new();
    for (i, cause) in roots {
        if !visited.insert(i) {
            continue;
        }
        // A root already found keeps its first entry but still spreads in this graph.
        if seen.insert(g.node(i).id.clone()) {
            found.push(affected(g, i, cause, i, Vec::new(), before));
        }
        root_of.insert(i, i);
        queue.push_back(i);
    }
    while let Some(x) = queue.pop_front() {
        for (y, kind, forward) in dependents(g, x) {
            if !visited.insert(y) {
                continue;
            }
            came_from.insert(y, (x, kind, forward));
            let root = root_of[&x];
            root_of.insert(y, root);
            queue.push_back(y);
            if seen.insert(g.node(y).id.clone()) {
                let path = path_to(g, y, &came_from);
                found.push(affected(g, y, Cause::Dependent, root, path, before));
            }
        }
    }
}

/// The nodes that depend on `x`, with the edge kind and whether the edge runs `x` → them;
/// in edge creation order, so the walk is deterministic.
fn dependents(g: &WorkspaceGraph, x: NodeIndex) -> Vec<(NodeIndex, EdgeKind, bool)> {
    let mut out: Vec<(usize, NodeIndex, EdgeKind, bool)> = Vec::new();
    for e in g.graph.edges_directed(x, Direction::Incoming) {
        let kind = e.weight().kind;
        if !matches!(kind, EdgeKind::Provisions | EdgeKind::Owns) {
            out.push((e.id().index(), e.source(), kind, false));
        }
    }
    for e in g.graph.edges_directed(x, Direction::Outgoing) {
        if e.weight().kind == EdgeKind::Provisions {
            out.push((e.id().index(), e.target(), EdgeKind::Provisions, true));
        }
    }
    out.sort_by_key(|(edge, ..)| *edge);
    out.into_iter().map(|(_, n, k, f)| (n, k, f)).collect()
}

fn path_to(
    g: &WorkspaceGraph,
    mut node: NodeIndex,
    came_from: &HashMap<NodeIndex, (NodeIndex, EdgeKind, bool)>,
) -> Vec<Hop> {
    let mut hops = Vec::new();
    while let Some(&(prev, kind, forward)) = came_from.get(&node) {
        let (from, to) = if forward { (prev, node) } else { (node, prev) };
        hops.push(Hop {
            from: g.node(from).id.clone(),
            kind,
            to: g.node(to).id.clone(),
        });
        node = prev;
    }
    hops.reverse();
    hops
}

fn affected(
    g: &WorkspaceGraph,
    i: NodeIndex,
    cause: Cause,
    root: NodeIndex,
    path: Vec<Hop>,
    before: bool,
) -> Affected {
    let n = g.node(i);
    Affected {
        id: n.id.clone(),
        kind: n.kind.clone(),
        label: n.label.clone(),
        file: n.location.file.to_string(),
        line: n.location.start.line,
        cause,
        root: g.node(root).id.clone(),
        path,
        before,
        resolution: None,
    }
}

/// Each Score resource's resolution as the graph records it: the providers that claim its
/// type and the workflow that provisions it, as one comparable text.
fn resolutions(g: &WorkspaceGraph) -> HashMap<String, (NodeIndex, String)> {
    let mut out = HashMap::new();
    for (i, n) in g.nodes() {
        if !matches!(n.kind, NodeKind::Resource(_)) {
            continue;
        }
        let mut providers: Vec<&str> = g
            .graph
            .edges_directed(i, Direction::Outgoing)
            .filter(|e| e.weight().kind == EdgeKind::Requires)
            .map(|e| g.node(e.target()).label.as_str())
            .collect();
        providers.sort_unstable();
        let workflows: Vec<&str> = g
            .graph
            .edges_directed(i, Direction::Incoming)
            .filter(|e| e.weight().kind == EdgeKind::Provisions)
            .map(|e| g.node(e.source()).label.as_str())
            .collect();
        let text = match (providers.is_empty(), workflows.first()) {
            (true, _) => "no provider".to_string(),
            (false, None) => format!("{} (no workflow)", providers.join(", ")),
            (false, Some(w)) => format!("{} → {w}", providers.join(", ")),
        };
        out.insert(n.id.clone(), (i, text));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use crate::workspace::Workspace;
    use std::sync::Arc;

    fn graph(files: &[(&str, &str)]) -> WorkspaceGraph {
        let sources = files
            .iter()
            .map(|(name, text)| SourceFile::parse(Arc::from(*name), text.as_bytes()))
            .collect();
        WorkspaceGraph::build(&Workspace::new(sources, None, Box::new(|_: &str| false)))
    }

    const SCORE: &str = "apiVersion: score.dev/v1b1\nmetadata:\n  name: shop\ncontainers:\n  api:\n    image: a:1\n    variables:\n      DB: \"${resources.db.host}\"\nresources:\n  db:\n    type: postgres\n";
    const OTHER: &str = "apiVersion: score.dev/v1b1\nmetadata:\n  name: blog\ncontainers:\n  web:\n    image: a:1\n";
    const PROVIDER: &str = "apiVersion: v1\nkind: Provider\nmetadata:\n  name: dba\n  version: 1.0.0\ncompatibility:\n  minCoreVersion: 0.1.0\ncapabilities:\n  resourceTypes: [postgres]\nworkflows:\n  - name: provision\n    file: ./workflows/provision.yaml\n    category: provisioner\n    operation: create\n";
    const WORKFLOW: &str = "apiVersion: innominatus.io/v1alpha1\nkind: Workflow\nsteps:\n  - name: a\n    type: policy\n    config:\n      script: echo\n";

    fn files(provider: &str) -> Vec<(&'static str, String)> {
        vec![
            ("apps/shop/score.yaml", SCORE.to_string()),
            ("apps/blog/score.yaml", OTHER.to_string()),
            ("providers/dba/provider.yaml", provider.to_string()),
            (
                "providers/dba/workflows/provision.yaml",
                WORKFLOW.to_string(),
            ),
        ]
    }

    fn build(files: &[(&'static str, String)]) -> WorkspaceGraph {
        let refs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (*a, b.as_str())).collect();
        graph(&refs)
    }

    fn changed(files: &[&str]) -> BTreeSet<String> {
        files.iter().map(|f| f.to_string()).collect()
    }

    #[test]
    fn a_step_change_reaches_the_applications_through_the_provider() {
        let g = build(&files(PROVIDER));
        let found = blast_radius(
            &g,
            None,
            &changed(&["providers/dba/workflows/provision.yaml"]),
        );
        let ids: Vec<&str> = found.iter().map(|a| a.id.as_str()).collect();
        assert!(ids.contains(&"application:shop"), "{ids:?}");
        assert!(!ids.contains(&"application:blog"), "{ids:?}");
        let app = found.iter().find(|a| a.id == "application:shop").unwrap();
        // workflow →provisions→ resource, then the application defines the resource.
        let kinds: Vec<EdgeKind> = app.path.iter().map(|h| h.kind).collect();
        assert_eq!(kinds, vec![EdgeKind::Provisions, EdgeKind::Defines]);
        assert_eq!(app.root, "workflow:providers/dba/workflows/provision.yaml");
        assert_eq!(app.path[1].from, "application:shop");
        assert!(!app.before);
    }

    #[test]
    fn a_claim_dropped_reaches_what_depended_on_it_before() {
        let base = build(&files(PROVIDER));
        let head = build(&files(&PROVIDER.replace("[postgres]", "[mysql]")));
        let found = blast_radius(
            &head,
            Some(&base),
            &changed(&["providers/dba/provider.yaml"]),
        );
        let app = found.iter().find(|a| a.id == "application:shop").unwrap();
        assert!(app.before, "the path exists only in the base graph");
        assert_eq!(app.root, "provider:dba");
        let res = found.iter().find(|a| a.id == "resource:shop/db").unwrap();
        assert_eq!(res.path[0].kind, EdgeKind::Requires);
        assert_eq!(
            res.resolution,
            Some(("dba → provision".to_string(), "no provider".to_string()))
        );
        assert!(!found.iter().any(|a| a.id == "application:blog"));
        // The same change seen from the head alone misses the application.
        let head_only = blast_radius(&head, None, &changed(&["providers/dba/provider.yaml"]));
        assert!(!head_only.iter().any(|a| a.id == "application:shop"));
    }

    #[test]
    fn a_resolution_change_without_a_changed_provider_is_a_starting_point() {
        let base = build(&files(PROVIDER));
        let mut head_files = files(PROVIDER);
        head_files.retain(|(f, _)| *f != "providers/dba/provider.yaml");
        let head = build(&head_files);
        // Nothing declared in the changed file is looked at: only the comparison finds it.
        let found = blast_radius(&head, Some(&base), &changed(&["admin-config.yaml"]));
        let res = found.iter().find(|a| a.id == "resource:shop/db").unwrap();
        assert_eq!(
            res.cause,
            Cause::Resolution {
                before: "dba → provision".to_string(),
                after: "no provider".to_string()
            }
        );
        assert!(found.iter().any(|a| a.id == "application:shop"));
    }
}
