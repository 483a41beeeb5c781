//! The picture of the graph that both the SVG export and the HTML page draw: labels that
//! tell duplicates apart, node sizes, positions from the layered layout in dependency order
//! (what comes first on the left), and the SVG elements of nodes and edges. Decided once
//! here, so that the two pictures cannot disagree.

use super::dot::{fill, stroke, CYCLE};
use super::labels::display_labels;
use super::layout::{layered, Layout};
use super::{EdgeKind, WorkspaceGraph};
use std::fmt::Write;

pub(super) const NODE_HEIGHT: f64 = 38.0;

/// Whether an edge's target is drawn right of its source. `depends-on` points at what has
/// to happen first and `provisions` at the resource a workflow creates, which the resource's
/// own chain (resource → provider → workflow) already places left of the workflow; both are
/// laid out backwards so that every chain reads left to right: a workflow, its first step,
/// the steps that wait for it.
pub fn flows_forward(kind: EdgeKind) -> bool {
    !matches!(kind, EdgeKind::DependsOn | EdgeKind::Provisions)
}

/// Whether highlighting a node's upstream and downstream goes on past an edge of this kind.
/// Not past `provisions`: the workflow that creates a resource creates that type's resource
/// for every application, so going on would mark every application using the type as
/// related (the same reason `for_application` does not follow it). Such an edge is followed
/// from the selected node only, and the node it reaches is not gone on from.
pub fn reach_goes_through(kind: EdgeKind) -> bool {
    kind != EdgeKind::Provisions
}

/// Positions and texts of every node and edge, indexed like the graph's nodes and edges.
pub(super) struct Drawing {
    /// Display labels (duplicates with their owner).
    pub labels: Vec<String>,
    /// Kind with subtype, `(file not found)` for missing workflows.
    pub kinds: Vec<String>,
    pub sizes: Vec<(f64, f64)>,
    /// Node corners; each edge's route runs from its source to its target (empty for a
    /// self-loop).
    pub layout: Layout,
}

/// Text safe inside XML content and attribute values.
pub(super) fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Rough text width in pixels (no font metrics in process).
pub(super) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.6
}

pub(super) fn marker_id(color: &str) -> String {
    format!("arrow-{}", color.trim_start_matches('#'))
}

/// A coordinate with at most one decimal, so that output is short and reproducible.
pub(super) fn n(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// Per-node additions of a renderer: extra classes.
#[derive(Default, Clone)]
pub(super) struct NodeExtra {
    pub classes: String,
}

impl WorkspaceGraph {
    pub(super) fn drawing(&self) -> Drawing {
        let labels = display_labels(self);
        let kinds: Vec<String> = self
            .nodes()
            .map(|(_, node)| {
                let mut kind = node.kind.name();
                if node.missing {
                    kind.push_str(" (file not found)");
                }
                kind
            })
            .collect();
        let sizes: Vec<(f64, f64)> = labels
            .iter()
            .zip(&kinds)
            .map(|(label, kind)| {
                let w = text_width(label, 12.0).max(text_width(kind, 10.0)) + 20.0;
                (w.max(70.0).round(), NODE_HEIGHT)
            })
            .collect();
        let forward: Vec<bool> = self
            .edges()
            .map(|(_, _, e)| flows_forward(e.kind))
            .collect();
        let edge_list: Vec<(usize, usize)> = self
            .edges()
            .zip(&forward)
            .map(|((a, b, _), &f)| {
                if f {
                    (a.index(), b.index())
                } else {
                    (b.index(), a.index())
                }
            })
            .collect();
        // `provisions` closes the loop resource → provider → workflow → resource; the first
        // three already place the workflow right of the resource.
        let free: Vec<bool> = self
            .edges()
            .map(|(_, _, e)| e.kind == EdgeKind::Provisions)
            .collect();
        let mut layout = layered(&sizes, &edge_list, &free);
        for (route, &f) in layout.edges.iter_mut().zip(&forward) {
            if !f {
                route.reverse();
            }
        }
        Drawing {
            labels,
            kinds,
            sizes,
            layout,
        }
    }

    /// The `<g>` of every edge, then of every node (drawn over the edges' ends). Nodes are
    /// `<g class="node BASE EXTRA" data-id data-kind>`, edges `<g class="edge KIND [cycle]"
    /// data-from data-to data-kind>`: the hooks of the HTML page and its tests. Tooltips
    /// (`<title>`) are left out when `titles` is false: they are a third of a large page's
    /// elements, and the page makes them on demand.
    pub(super) fn write_scene(
        &self,
        d: &Drawing,
        extras: &[NodeExtra],
        titles: bool,
        out: &mut String,
    ) {
        for (i, (a, b, e)) in self.edges().enumerate() {
            let color = if e.cycle { CYCLE } else { stroke(e.kind) };
            let width = if e.cycle { 2.5 } else { 1.2 };
            let route = &d.layout.edges[i];
            let path = if route.is_empty() {
                // Self-loop over the node's top right corner.
                let (x, y) = d.layout.nodes[a.index()];
                let w = d.sizes[a.index()].0;
                format!(
                    "M{},{} C{},{} {},{} {},{}",
                    n(x + w - 24.0),
                    n(y),
                    n(x + w - 24.0),
                    n(y - 22.0),
                    n(x + w + 22.0),
                    n(y + 4.0),
                    n(x + w),
                    n(y + 12.0)
                )
            } else {
                let mut path = format!("M{},{}", n(route[0].0), n(route[0].1));
                for w in route.windows(2) {
                    let ((x0, y0), (x1, y1)) = (w[0], w[1]);
                    let dx = (x1 - x0) / 2.0;
                    let _ = write!(
                        path,
                        " C{},{} {},{} {},{}",
                        n(x0 + dx),
                        n(y0),
                        n(x1 - dx),
                        n(y1),
                        n(x1),
                        n(y1)
                    );
                }
                path
            };
            let kind = e.kind.as_str();
            let (from, to) = (xml(&self.node(a).id), xml(&self.node(b).id));
            let _ = write!(
                out,
                "<g class=\"edge {kind}{cyc}\" data-from=\"{from}\" data-to=\"{to}\" data-kind=\"{kind}\">",
                cyc = if e.cycle { " cycle" } else { "" },
            );
            if titles {
                let _ = write!(
                    out,
                    "<title>{from} → {to} ({kind}) at {file}:{line}:{col}</title>",
                    file = xml(&e.location.file),
                    line = e.location.start.line,
                    col = e.location.start.column,
                );
            }
            let _ = writeln!(
                out,
                "<path d=\"{path}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{width}\" marker-end=\"url(#{marker})\"/></g>",
                marker = marker_id(color),
            );
        }
        let on_cycle: std::collections::HashSet<usize> =
            self.cycles.iter().flatten().map(|i| i.index()).collect();
        for (i, node) in self.nodes() {
            let (x, y) = d.layout.nodes[i.index()];
            let (w, h) = d.sizes[i.index()];
            let extra = extras.get(i.index()).cloned().unwrap_or_default();
            let dash = if node.missing {
                " stroke-dasharray=\"4 3\""
            } else {
                ""
            };
            let cycle = on_cycle.contains(&i.index());
            let title = if titles {
                format!(
                    "<title>{} at {}:{}:{}</title>",
                    xml(&node.id),
                    xml(&node.location.file),
                    node.location.start.line,
                    node.location.start.column
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "<g class=\"node {base}{cyc}{classes}\" data-id=\"{id}\" data-kind=\"{base}\">{title}<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\"{dash}/><text x=\"{cx}\" y=\"{ty}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#212529\">{label}</text><text x=\"{cx}\" y=\"{ky}\" text-anchor=\"middle\" font-size=\"10\" fill=\"#6c757d\">{kind}</text></g>",
                base = node.kind.base(),
                cyc = if cycle { " cycle" } else { "" },
                classes = if extra.classes.is_empty() {
                    String::new()
                } else {
                    format!(" {}", extra.classes)
                },
                id = xml(&node.id),
                x = n(x),
                y = n(y),
                w = n(w),
                h = n(h),
                fill = fill(&node.kind),
                stroke = if cycle { CYCLE } else { "#495057" },
                cx = n(x + w / 2.0),
                ty = n(y + 16.0),
                ky = n(y + 30.0),
                label = xml(&d.labels[i.index()]),
                kind = xml(&d.kinds[i.index()]),
            );
        }
    }
}
