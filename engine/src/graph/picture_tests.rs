//! The pictures (SVG export and HTML page) on real files: `examples/` and the cyclic
//! fixture of `tests/fixtures/graph-cycle`, read from the repository as the CLI reads them.

use super::drawing::Drawing;
use super::html::{Highlight, HtmlOptions};
use super::{flows_forward, EdgeKind, NodeKind, WorkspaceGraph};
use crate::source::SourceFile;
use crate::workspace::Workspace;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The graph of the YAML files below `dir` (relative to the repository), named as the CLI
/// names them, in a sorted order.
fn graph_of(dir: &str) -> WorkspaceGraph {
    let root = repo();
    let mut files = Vec::new();
    let mut stack = vec![root.join(dir)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                let name = path.strip_prefix(&root).expect("below the repository");
                let name: Arc<str> = name.to_string_lossy().replace('\\', "/").into();
                files.push(SourceFile::parse(
                    name,
                    &std::fs::read(&path).expect("readable"),
                ));
            }
        }
    }
    files.sort_by(|a, b| a.file.cmp(&b.file));
    WorkspaceGraph::build(&Workspace::new(files, None, Box::new(|_| false)))
}

fn by_id<'g>(g: &WorkspaceGraph, d: &'g Drawing, id: &str) -> (f64, f64, &'g str) {
    let (i, _) = g
        .nodes()
        .find(|(_, n)| n.id == id)
        .unwrap_or_else(|| panic!("no node {id}"));
    let (x, _) = d.layout.nodes[i.index()];
    (x, x + d.sizes[i.index()].0, &d.labels[i.index()])
}

/// Every edge runs from what comes first (left) to what comes after (right): the source of
/// a forward edge, the target of `depends-on` and `provisions`. Only cycle edges may not.
fn assert_dependencies_point_right(g: &WorkspaceGraph) -> usize {
    let d = g.drawing();
    let mut backwards_cycle_edges = 0;
    for (a, b, e) in g.edges() {
        if a == b {
            continue;
        }
        let (first, then) = if flows_forward(e.kind) {
            (a, b)
        } else {
            (b, a)
        };
        let first_right = d.layout.nodes[first.index()].0 + d.sizes[first.index()].0;
        let then_left = d.layout.nodes[then.index()].0;
        if e.cycle {
            backwards_cycle_edges += usize::from(first_right > then_left);
            continue;
        }
        assert!(
            first_right < then_left,
            "{} ({}) should be left of {} ({}) for their {} edge",
            g.node(first).id,
            first_right,
            g.node(then).id,
            then_left,
            e.kind.as_str()
        );
    }
    backwards_cycle_edges
}

#[test]
fn dependencies_are_left_of_what_depends_on_them_except_on_cycles() {
    let examples = graph_of("examples");
    assert_eq!(assert_dependencies_point_right(&examples), 0);
    let cyclic = graph_of("tests/fixtures/graph-cycle");
    assert!(!cyclic.cycles.is_empty());
    // A cycle cannot point right all the way round: at least one of its edges goes back.
    assert!(assert_dependencies_point_right(&cyclic) >= cyclic.cycles.len());
}

#[test]
fn a_workflow_reads_left_to_right_from_its_first_step() {
    let g = graph_of("examples");
    let d = g.drawing();
    let wf = "examples/workflows/deploy-app.yaml";
    let (workflow_x, workflow_right, _) = by_id(&g, &d, &format!("workflow:{wf}"));
    let step = |name: &str| by_id(&g, &d, &format!("step:{wf}/{name}"));
    // preflight has no dependencies; record-deployment waits for the others.
    assert!(workflow_right < step("preflight").0);
    assert!(step("preflight").1 < step("wait-for-workload").0);
    assert!(step("smoke-test").1 < step("record-deployment").0);
    // The golden path that triggers it is further left still.
    assert!(by_id(&g, &d, "golden-path:deploy-app").1 < workflow_x);
}

#[test]
fn repeated_names_are_told_apart_by_their_owner() {
    let g = graph_of("examples");
    let d = g.drawing();
    let label = |id: &str| by_id(&g, &d, id).2.to_string();
    assert_eq!(
        label("resource:orders-api/namespace"),
        "namespace (orders-api)"
    );
    assert_eq!(
        label("step:examples/providers/database-team/workflows/provision-postgres.yaml/validate-request"),
        "validate-request (provision-postgres)"
    );
    // A name that occurs once stays as it is; so does a name shared only across kinds
    // (the `deploy-app` golden path and workflow).
    assert_eq!(label("resource:orders-api/db"), "db");
    assert_eq!(label("golden-path:deploy-app"), "deploy-app");
    // No two nodes of one kind look alike.
    let mut seen: HashMap<(&str, &str), &str> = HashMap::new();
    for (i, node) in g.nodes() {
        if let Some(other) = seen.insert((node.kind.base(), &d.labels[i.index()]), &node.id) {
            panic!(
                "{} and {other} are both drawn as {}",
                node.id,
                d.labels[i.index()]
            );
        }
    }
}

#[test]
fn svg_and_html_are_deterministic_and_share_the_picture() {
    let first = graph_of("examples");
    let again = graph_of("examples");
    assert_eq!(first.to_svg(), again.to_svg());
    let options = HtmlOptions {
        title: "examples".into(),
        ..HtmlOptions::default()
    };
    assert_eq!(first.to_html(&options), again.to_html(&options));
    // The same node group, coordinates and label in both.
    let svg = first.to_svg();
    let html = first.to_html(&options);
    let group = |text: &str| {
        let start = text
            .find("<g class=\"node resource\" data-id=\"resource:orders-api/namespace\"")
            .expect("the node is drawn");
        text[start..start + text[start..].find("</g>").unwrap()].to_string()
    };
    // The export carries tooltips, the page makes them on hover; everything else is equal.
    let svg_group = group(&svg);
    let title = svg_group.find("<title>").unwrap()..svg_group.find("</title>").unwrap() + 8;
    let mut untitled = svg_group.clone();
    untitled.replace_range(title, "");
    assert_eq!(untitled, group(&html));
    assert!(svg_group.contains("<title>resource:orders-api/namespace at examples/"));
    assert!(svg_group.contains(">namespace (orders-api)<"));
}

#[test]
fn the_page_keeps_its_dom_contract_and_needs_no_network() {
    let mut g = graph_of("tests/fixtures/graph-cycle");
    // A label that would end the data script early if it were not escaped.
    let first = g.graph.node_indices().next().unwrap();
    g.graph[first].label = "</script><script>alert(1)</script>".into();
    let score = "tests/fixtures/graph-cycle/apps/shop/score.yaml";
    let html = g.to_html(&HtmlOptions {
        title: "cycle <fixture>".into(),
        focus_file: Some(score.into()),
        highlight: vec![Highlight {
            node: "resource:shop-api/db".into(),
            why: "claims postgres".into(),
        }],
        file_base: Some("/work/repo".into()),
    });
    assert_eq!(html.matches("</script>").count(), 2, "data and code only");
    assert!(html.contains("<title>cycle &lt;fixture&gt;</title>"));
    for hook in [
        "<input id=\"search\"",
        "data-filter-kind=\"step\"",
        "data-filter-edge=\"depends-on\"",
        "class=\"node resource affected\" data-id=\"resource:shop-api/db\"",
        "class=\"edge depends-on cycle\"",
        "<body data-ready=\"0\">",
    ] {
        assert!(html.contains(hook), "missing {hook}");
    }
    for node in g.nodes().map(|(_, n)| n) {
        let hook = format!("data-id=\"{}\" data-kind=\"{}\"", node.id, node.kind.base());
        assert!(html.contains(&hook), "missing {hook}");
    }
    // No resource is fetched: no src attribute, no link element, no URL but the SVG
    // namespace.
    assert!(!html.contains(" src=") && !html.contains("<link"));
    let urls: Vec<&str> = html
        .match_indices("http")
        .map(|(i, _)| &html[i..i + 26])
        .collect();
    assert!(
        urls.iter()
            .all(|u| u.starts_with("http://www.w3.org/2000/svg")),
        "{urls:?}"
    );
    // The data: focus is what the Score file declares, cycles are listed with their path.
    let start = html.find("id=\"graph-data\">").unwrap() + "id=\"graph-data\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    let data: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
    assert_eq!(
        data["nodes"][0]["label"],
        "</script><script>alert(1)</script>"
    );
    assert_eq!(data["fileBase"], "/work/repo");
    assert_eq!(data["stopKinds"], serde_json::json!(["provisions"]));
    let db = data["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .position(|n| n["id"] == "resource:shop-api/db")
        .unwrap();
    assert_eq!(
        data["affected"],
        serde_json::json!([[db, "claims postgres"]])
    );
    let focused: Vec<&str> = data["focus"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            data["nodes"][i.as_u64().unwrap() as usize]["file"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(!focused.is_empty() && focused.iter().all(|f| *f == score));
    assert_eq!(data["cycles"].as_array().unwrap().len(), g.cycles.len());
    assert!(html.contains("<li><a href=\"#\" data-cycle=\"0\">"));
}

#[test]
fn kinds_without_owner_keep_their_label() {
    let g = graph_of("examples");
    let d = g.drawing();
    for (i, node) in g.nodes() {
        if matches!(
            node.kind,
            NodeKind::Team | NodeKind::Application | NodeKind::Provider
        ) {
            assert_eq!(d.labels[i.index()], node.label);
        }
    }
    assert!(g.edges().any(|(_, _, e)| e.kind == EdgeKind::Provisions));
}
