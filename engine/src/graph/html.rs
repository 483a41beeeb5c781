//! The interactive graph page (`graph --format html`, `impact --format html`, the VS Code
//! graph view): one self-contained HTML document — no network, inline style and script, no
//! `eval` — holding the graph as inline SVG drawn by `drawing.rs` (positions computed here,
//! in Rust) and the facts its script needs (labels, owners, files, edges, cycles) as JSON.
//! The script (`html/page.js`) only handles interaction: pan, zoom, fit, search, filters,
//! upstream/downstream highlighting, the details panel and "open" links.
//!
//! DOM contract (tests and editors rely on it): every node is `<g class="node"
//! data-id="ID" data-kind="BASE">`; the search box is `input#search`; filters are
//! `input[data-filter-kind]` and `input[data-filter-edge]`; highlighted neighbours get class
//! `related`, impact nodes `affected`, cycle nodes and edges `cycle`; a filtered element gets
//! class `hidden` (`display: none`); `body[data-ready="1"]` once the page is drawn.

use super::dot::{fill, stroke, CYCLE};
use super::drawing::{xml, NodeExtra};
use super::labels::owner;
use super::svg::markers;
use super::{reach_goes_through, EdgeKind, NodeKind, WorkspaceGraph};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

const PAGE_JS: &str = include_str!("html/page.js");
const PAGE_CSS: &str = include_str!("html/page.css");

/// What the page shows besides the graph.
#[derive(Clone, Debug, Default)]
pub struct HtmlOptions {
    /// The page's title (also shown in its toolbar).
    pub title: String,
    /// A file (spelled as the graph's `Location.file`): the page opens with the nodes
    /// declared in it selected and their neighbourhood highlighted.
    pub focus_file: Option<String>,
    /// Nodes drawn as affected (impact analysis), each with why.
    pub highlight: Vec<Highlight>,
    /// Absolute directory that the graph's relative file names are relative to; turns each
    /// node's file into a `file://` link when the page is opened in a browser.
    pub file_base: Option<String>,
}

/// A node to draw as affected, with the reason shown in its tooltip and the side panel.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Highlight {
    /// The node id (`resource:orders-api/db`).
    pub node: String,
    pub why: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PageData<'g> {
    title: &'g str,
    file_base: Option<&'g str>,
    width: f64,
    height: f64,
    nodes: Vec<PageNode<'g>>,
    edges: Vec<PageEdge<'g>>,
    /// Node indexes of each cycle, in path order.
    cycles: Vec<Vec<usize>>,
    /// Nodes selected when the page opens (those declared in `focus_file`).
    focus: Vec<usize>,
    /// Affected nodes with why.
    affected: Vec<(usize, &'g str)>,
    /// Edge kinds that highlighting stops at (see `reach_goes_through`).
    stop_kinds: Vec<&'static str>,
}

#[derive(Serialize)]
struct PageNode<'g> {
    id: &'g str,
    /// Display label (repeated names with their owner).
    label: &'g str,
    kind: &'g str,
    base: &'static str,
    owner: Option<usize>,
    file: &'g str,
    line: usize,
    missing: bool,
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

#[derive(Serialize)]
struct PageEdge<'g> {
    from: usize,
    to: usize,
    kind: &'static str,
    cycle: bool,
    file: &'g str,
    line: usize,
}

/// The node kinds in the order the legend lists them.
const KIND_ORDER: [&str; 9] = [
    "team",
    "application",
    "container",
    "resource",
    "environment",
    "provider",
    "golden-path",
    "workflow",
    "step",
];

/// A representative of each base kind, for its colour.
fn sample_kind(base: &str) -> NodeKind {
    match base {
        "team" => NodeKind::Team,
        "application" => NodeKind::Application,
        "container" => NodeKind::Container,
        "resource" => NodeKind::Resource(None),
        "environment" => NodeKind::Environment,
        "provider" => NodeKind::Provider,
        "golden-path" => NodeKind::GoldenPath,
        "workflow" => NodeKind::Workflow,
        _ => NodeKind::Step(None),
    }
}

/// A coordinate to a tenth of a pixel, as the SVG has it (shorter page, same picture).
fn tenth(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// JSON that can sit inside `<script>`: `<` only occurs in strings, where `\u003c` means
/// the same, so no `</script>` or `<!--` can end the element early.
fn script_json(value: &impl Serialize) -> String {
    serde_json::to_string(value)
        .expect("page data serialises")
        .replace('<', "\\u003c")
}

impl WorkspaceGraph {
    /// The graph as one self-contained interactive HTML page (see the module documentation
    /// for what it does and the DOM hooks it keeps).
    pub fn to_html(&self, options: &HtmlOptions) -> String {
        let drawing = self.drawing();
        let ids: HashMap<&str, usize> = self
            .nodes()
            .map(|(i, node)| (node.id.as_str(), i.index()))
            .collect();
        let mut extras = vec![NodeExtra::default(); self.node_count()];
        let mut affected = Vec::new();
        for h in &options.highlight {
            if let Some(&i) = ids.get(h.node.as_str()) {
                extras[i].classes = "affected".to_string();
                affected.push((i, h.why.as_str()));
            }
        }
        let focus: Vec<usize> = match &options.focus_file {
            Some(file) => self
                .nodes_declared_in(file)
                .into_iter()
                .map(|i| i.index())
                .collect(),
            None => Vec::new(),
        };
        let nodes: Vec<PageNode> = self
            .nodes()
            .map(|(i, node)| {
                let k = i.index();
                let (x, y) = drawing.layout.nodes[k];
                let (w, h) = drawing.sizes[k];
                PageNode {
                    id: &node.id,
                    label: &drawing.labels[k],
                    kind: &drawing.kinds[k],
                    base: node.kind.base(),
                    owner: owner(self, i).map(|o| o.index()),
                    file: &node.location.file,
                    line: node.location.start.line,
                    missing: node.missing,
                    x: tenth(x),
                    y: tenth(y),
                    w,
                    h,
                }
            })
            .collect();
        let edges: Vec<PageEdge> = self
            .edges()
            .map(|(a, b, e)| PageEdge {
                from: a.index(),
                to: b.index(),
                kind: e.kind.as_str(),
                cycle: e.cycle,
                file: &e.location.file,
                line: e.location.start.line,
            })
            .collect();
        let data = PageData {
            title: &options.title,
            file_base: options.file_base.as_deref(),
            width: tenth(drawing.layout.width),
            height: tenth(drawing.layout.height),
            nodes,
            edges,
            cycles: self
                .cycles
                .iter()
                .map(|c| c.iter().map(|i| i.index()).collect())
                .collect(),
            focus,
            affected,
            stop_kinds: EdgeKind::ALL
                .iter()
                .filter(|k| !reach_goes_through(**k))
                .map(|k| k.as_str())
                .collect(),
        };

        let mut out = String::with_capacity(1024 + 700 * self.node_count());
        let title = xml(&options.title);
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>\n{PAGE_CSS}</style>\n</head>\n<body data-ready=\"0\">\n"
        );
        let _ = writeln!(
            out,
            "<header id=\"toolbar\"><strong class=\"title\">{title}</strong><input id=\"search\" type=\"search\" placeholder=\"Search labels and ids\" autocomplete=\"off\" spellcheck=\"false\"><span id=\"search-count\"></span><button id=\"zoom-in\" title=\"Zoom in\">+</button><button id=\"zoom-out\" title=\"Zoom out\">−</button><button id=\"fit\" title=\"Fit the graph to the window\">Fit</button><label title=\"Highlight only direct neighbours instead of everything upstream and downstream\"><input type=\"checkbox\" id=\"one-level\"> one level</label><button id=\"clear\" title=\"Clear the selection (Esc)\">Clear</button><span id=\"stats\">{} nodes, {} edges</span></header>",
            self.node_count(),
            self.edge_count()
        );
        out.push_str("<div id=\"main\">\n<nav id=\"sidebar\">\n");
        self.write_legend(&mut out);
        self.write_cycles(&drawing.labels, &mut out);
        if !data.affected.is_empty() {
            let _ = writeln!(
                out,
                "<section id=\"affected-list\"><h2>Affected ({})</h2><ul>",
                data.affected.len()
            );
            for (i, why) in &data.affected {
                let _ = writeln!(
                    out,
                    "<li><a href=\"#\" data-node=\"{i}\">{}</a> <span class=\"why\">{}</span></li>",
                    xml(&drawing.labels[*i]),
                    xml(why)
                );
            }
            out.push_str("</ul></section>\n");
        }
        out.push_str("</nav>\n<div id=\"viewport\">");
        let (_, _, colors) = self.edge_palette();
        out.push_str("<svg id=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"Helvetica, Arial, sans-serif\"><defs>\n");
        markers(&colors, &mut out);
        out.push_str("</defs><g id=\"scene\">\n");
        self.write_scene(&drawing, &extras, false, &mut out);
        out.push_str("</g></svg></div>\n<aside id=\"details\" hidden></aside>\n</div>\n");
        let _ = write!(
            out,
            "<script type=\"application/json\" id=\"graph-data\">{}</script>\n<script>\n{PAGE_JS}</script>\n</body>\n</html>\n",
            script_json(&data)
        );
        out
    }

    /// Node kinds and edge kinds present, each a filter checkbox with its colour, counts
    /// and what the special markings mean.
    fn write_legend(&self, out: &mut String) {
        let mut kinds: BTreeMap<usize, (&str, usize)> = BTreeMap::new();
        for (_, node) in self.nodes() {
            let base = node.kind.base();
            let rank = KIND_ORDER.iter().position(|k| *k == base).unwrap_or(99);
            kinds.entry(rank).or_insert((base, 0)).1 += 1;
        }
        out.push_str("<section id=\"legend\"><h2>Nodes</h2>\n");
        for (base, count) in kinds.values() {
            let _ = writeln!(
                out,
                "<label><input type=\"checkbox\" data-filter-kind=\"{base}\" checked><svg class=\"swatch\" width=\"14\" height=\"14\"><rect x=\"1\" y=\"1\" width=\"12\" height=\"12\" rx=\"3\" fill=\"{}\" stroke=\"#495057\"/></svg>{base} <span class=\"count\">{count}</span></label>",
                fill(&sample_kind(base))
            );
        }
        out.push_str("<h2>Edges</h2>\n");
        let mut edge_counts: BTreeMap<EdgeKind, usize> = BTreeMap::new();
        for (_, _, e) in self.edges() {
            *edge_counts.entry(e.kind).or_default() += 1;
        }
        for (kind, count) in &edge_counts {
            let _ = writeln!(
                out,
                "<label><input type=\"checkbox\" data-filter-edge=\"{k}\" checked><svg class=\"swatch\" width=\"22\" height=\"14\"><line x1=\"1\" y1=\"7\" x2=\"21\" y2=\"7\" stroke=\"{}\" stroke-width=\"2\"/></svg>{k} <span class=\"count\">{count}</span></label>",
                stroke(*kind),
                k = kind.as_str()
            );
        }
        let _ = writeln!(
            out,
            "<p class=\"notes\"><svg class=\"swatch\" width=\"22\" height=\"14\"><line x1=\"1\" y1=\"7\" x2=\"21\" y2=\"7\" stroke=\"{CYCLE}\" stroke-width=\"3\"/></svg>dependency cycle<br><svg class=\"swatch\" width=\"14\" height=\"14\"><rect x=\"1\" y=\"1\" width=\"12\" height=\"12\" rx=\"3\" fill=\"#fff\" stroke=\"#e8590c\" stroke-width=\"3\"/></svg>affected by the change<br><svg class=\"swatch\" width=\"14\" height=\"14\"><rect x=\"1\" y=\"1\" width=\"12\" height=\"12\" rx=\"3\" fill=\"#fff\" stroke=\"#495057\" stroke-dasharray=\"3 2\"/></svg>workflow file not found<br>Dependencies sit left of what depends on them; a <em>depends-on</em> arrow points at the dependency.</p></section>"
        );
    }

    /// Each dependency cycle as its path of labels, back to its start.
    fn write_cycles(&self, labels: &[String], out: &mut String) {
        let _ = writeln!(
            out,
            "<section id=\"cycles\"><h2>Cycles ({})</h2>",
            self.cycles.len()
        );
        if self.cycles.is_empty() {
            out.push_str("<p class=\"notes\">No dependency cycles.</p>");
        } else {
            out.push_str("<ol>\n");
            for (c, cycle) in self.cycles.iter().enumerate() {
                let mut path: Vec<String> = cycle.iter().map(|i| xml(&labels[i.index()])).collect();
                path.push(xml(&labels[cycle[0].index()]));
                let _ = writeln!(
                    out,
                    "<li><a href=\"#\" data-cycle=\"{c}\">{}</a></li>",
                    path.join(" → ")
                );
            }
            out.push_str("</ol>");
        }
        out.push_str("</section>\n");
    }
}
