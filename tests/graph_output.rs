//! `innominatus graph`: snapshots of every text format on a small cyclic workspace and on
//! `examples/`, a well-formed SVG, the filters and the exit statuses.

mod support;

const CYCLIC: &str = "tests/fixtures/graph-cycle";

fn graph(args: &[&str]) -> (String, String, i32) {
    let mut all = vec!["graph", "--isolated"];
    all.extend_from_slice(args);
    let out = support::run(&support::repo_root(), &all);
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

#[test]
fn every_text_format_matches_its_snapshot() {
    let mut failures = Vec::new();
    for format in ["dot", "mermaid", "json"] {
        let mut snapshot = String::new();
        for path in [CYCLIC, "examples"] {
            let (stdout, stderr, code) = graph(&["--format", format, path]);
            assert_eq!(code, 0, "{format} {path}: {stderr}");
            snapshot.push_str(&format!("# innominatus graph --format {format} {path}\n"));
            snapshot.push_str(&stdout);
        }
        let path = support::repo_root().join(format!("tests/snapshots/graph.{format}.txt"));
        if let Some(diff) = support::compare(&path, &snapshot) {
            failures.push(diff);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (stdout, stderr, code) = graph(&all);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

#[test]
fn json_lists_cycles_as_ordered_paths_with_flagged_edges_and_exact_positions() {
    let v = json(&[CYCLIC]);
    assert_eq!(v["version"], 1);
    let cycles = v["cycles"].as_array().unwrap();
    let step =
        |name: &str| format!("step:{CYCLIC}/providers/db-team/workflows/provision-db.yaml/{name}");
    assert!(
        cycles.contains(&serde_json::json!([
            step("create-database"),
            step("grant-access"),
            step("create-user")
        ])),
        "{cycles:?}"
    );
    assert!(cycles.contains(&serde_json::json!([
        "container:shop-api/api",
        "container:shop-api/migrate"
    ])));
    let edges = v["edges"].as_array().unwrap();
    let edge = |from: &str, to: &str| {
        edges
            .iter()
            .find(|e| e["from"] == from && e["to"] == to)
            .unwrap_or_else(|| panic!("no edge {from} -> {to}"))
    };
    // `dependsOn: [grant-access]` on line 8, the name starting in column 17.
    let e = edge(&step("create-database"), &step("grant-access"));
    assert_eq!(e["kind"], "depends-on");
    assert_eq!(e["cycle"], true);
    assert_eq!(
        e["range"]["start"],
        serde_json::json!({"line": 8, "column": 17})
    );
    assert_eq!(
        e["range"]["end"],
        serde_json::json!({"line": 8, "column": 29})
    );
    // Outside the cycle: publish-secret depends on grant-access but is not part of it.
    assert_eq!(
        edge(&step("publish-secret"), &step("grant-access"))["cycle"],
        false
    );
    // Every cycle edge belongs to a listed cycle and the other way round.
    let flagged = edges.iter().filter(|e| e["cycle"] == true).count();
    let in_cycles: usize = cycles.iter().map(|c| c.as_array().unwrap().len()).sum();
    assert_eq!(flagged, in_cycles);
    for kind in [
        "owns",
        "defines",
        "consumes",
        "requires",
        "executes",
        "provisions",
        "triggers",
        "contains",
    ] {
        assert!(edges.iter().any(|e| e["kind"] == kind), "no {kind} edge");
    }
    for n in v["nodes"].as_array().unwrap() {
        assert!(n["range"]["start"]["line"].as_u64().unwrap() >= 1);
        assert!(n["range"]["start"]["column"].as_u64().unwrap() >= 1);
    }
    // The acyclic golden-path workflow has an order and a critical path; the cyclic one not.
    let plans = v["workflows"].as_array().unwrap();
    let onboard = plans
        .iter()
        .find(|p| p["workflow"] == format!("workflow:{CYCLIC}/workflows/onboard.yaml"))
        .unwrap();
    assert_eq!(onboard["critical_path"].as_array().unwrap().len(), 3);
    let provision = plans
        .iter()
        .find(|p| {
            p["workflow"]
                .as_str()
                .unwrap()
                .ends_with("provision-db.yaml")
        })
        .unwrap();
    assert!(provision["order"].is_null());
}

#[test]
fn svg_is_well_formed_with_an_svg_root_and_red_cycle_edges() {
    for path in [CYCLIC, "examples"] {
        let (stdout, stderr, code) = graph(&["--format", "svg", path]);
        assert_eq!(code, 0, "{stderr}");
        let doc = roxmltree::Document::parse(&stdout)
            .unwrap_or_else(|e| panic!("{path}: the SVG is not well-formed XML: {e}"));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2000/svg")
        );
        let nodes = doc
            .descendants()
            .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("node ")))
            .count();
        assert!(nodes > 5, "{path}: {nodes} nodes drawn");
        if path == CYCLIC {
            let red = |element: &str| {
                doc.descendants()
                    .filter(|n| {
                        n.attribute("class")
                            .is_some_and(|c| c.starts_with(element) && c.ends_with(" cycle"))
                    })
                    .count()
            };
            assert_eq!(red("edge "), 5, "two-container cycle + three-step cycle");
            assert_eq!(red("node "), 5, "the nodes on those cycles");
        }
    }
}

#[test]
fn app_filter_keeps_the_application_and_what_it_reaches() {
    let v = json(&["--app", "orders-api", "examples"]);
    let ids: Vec<&str> = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"application:orders-api"));
    assert!(ids.contains(&"team:checkout"));
    assert!(ids.contains(&"resource:orders-api/db"));
    assert!(ids.contains(&"provider:database-team"));
    assert!(ids
        .iter()
        .any(|i| i.ends_with("provision-postgres.yaml/create-cluster")));
    assert!(!ids.iter().any(|i| i.contains("storefront-web")), "{ids:?}");
    assert!(!ids.iter().any(|i| i.starts_with("golden-path:")));
}

#[test]
fn workflow_filter_keeps_one_workflow_and_its_steps() {
    let v = json(&["--workflow", "deploy-app", "examples"]);
    let nodes = v["nodes"].as_array().unwrap();
    assert_eq!(nodes[0]["kind"], "workflow");
    assert!(nodes[1..]
        .iter()
        .all(|n| n["kind"].as_str().unwrap().starts_with("step")));
    assert_eq!(nodes.len(), 7);
    let plan = &v["workflows"][0];
    assert_eq!(plan["order"].as_array().unwrap().len(), 6);
}

#[test]
fn unknown_names_and_unreadable_paths_exit_2() {
    let (stdout, stderr, code) = graph(&["--app", "nope", "examples"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("no application named `nope`"), "{stderr}");
    assert!(stderr.contains("`orders-api`"), "{stderr}");
    let (_, stderr, code) = graph(&["--workflow", "nope", "examples"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no workflow named `nope`"), "{stderr}");
    let (_, stderr, code) = graph(&["does/not/exist.yaml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no such file"), "{stderr}");
}

#[test]
fn output_writes_the_file() {
    let file = std::env::temp_dir().join(format!("inn-graph-{}.dot", std::process::id()));
    let (stdout, stderr, code) = graph(&["--output", file.to_str().unwrap(), CYCLIC]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty());
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.starts_with("digraph workspace {"));
    assert!(written.contains("color=\"#d62728\""));
    std::fs::remove_file(&file).unwrap();
}

/// The JSON data of an HTML graph page.
fn page_data(html: &str) -> serde_json::Value {
    let start = html.find("id=\"graph-data\">").expect("data script") + 16;
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

#[test]
fn html_is_one_page_with_every_node_and_links_from_the_working_directory() {
    let v = json(&["examples"]);
    let (html, stderr, code) = graph(&["--format", "html", "examples"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert!(html.contains("<title>innominatus graph: examples</title>"));
    let nodes = v["nodes"].as_array().unwrap();
    assert_eq!(html.matches("<g class=\"node ").count(), nodes.len());
    for node in nodes {
        let id = node["id"].as_str().unwrap();
        assert!(html.contains(&format!("data-id=\"{id}\"")), "{id} is drawn");
    }
    let data = page_data(&html);
    let root = support::repo_root().canonicalize().unwrap();
    let base = std::path::PathBuf::from(data["fileBase"].as_str().unwrap());
    assert_eq!(
        base.canonicalize().unwrap(),
        root,
        "links start where the command ran"
    );
    assert_eq!(
        data["edges"].as_array().unwrap().len(),
        v["edges"].as_array().unwrap().len()
    );
    // Filters narrow the page like every other format.
    let (html, _, code) = graph(&["--format", "html", "--app", "orders-api", "examples"]);
    assert_eq!(code, 0);
    assert!(!html.contains("data-id=\"application:storefront-web\""));
    assert!(html.contains("data-id=\"application:orders-api\""));
}

#[test]
fn focus_selects_a_files_nodes_in_the_page_and_is_refused_elsewhere() {
    let score = "examples/apps/orders-api/score.yaml";
    let (html, stderr, code) = graph(&["--format", "html", "--focus", score, "examples"]);
    assert_eq!(code, 0, "{stderr}");
    let data = page_data(&html);
    let nodes = data["nodes"].as_array().unwrap();
    let focused: Vec<&str> = data["focus"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| nodes[i.as_u64().unwrap() as usize]["id"].as_str().unwrap())
        .collect();
    assert!(focused.contains(&"application:orders-api"), "{focused:?}");
    assert!(focused.contains(&"resource:orders-api/db"), "{focused:?}");
    assert!(!focused.contains(&"application:storefront-web"));
    let (_, stderr, code) = graph(&["--format", "html", "--focus", "nope.yaml", "examples"]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("no node of the graph is declared in that file"),
        "{stderr}"
    );
    let (_, stderr, code) = graph(&["--format", "svg", "--focus", score, "examples"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--focus applies to --format html only"),
        "{stderr}"
    );
}
