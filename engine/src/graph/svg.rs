//! SVG picture of the workspace graph, laid out in process (no Graphviz needed).

use super::dot::{fill, stroke, CYCLE};
use super::layout::layered;
use super::{EdgeKind, WorkspaceGraph};
use std::collections::BTreeSet;
use std::fmt::Write;

const FONT: &str = "Helvetica, Arial, sans-serif";
const NODE_HEIGHT: f64 = 38.0;
const LEGEND_HEIGHT: f64 = 30.0;

/// Text safe inside XML content and attribute values.
fn xml(text: &str) -> String {
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
fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.6
}

fn marker_id(color: &str) -> String {
    format!("arrow-{}", color.trim_start_matches('#'))
}

fn n(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

impl WorkspaceGraph {
    /// The graph as a standalone SVG document: nodes coloured by kind, edges by kind,
    /// dependency cycles red and bold, a legend of the edge kinds on top; hovering shows
    /// ids and file positions (`<title>`).
    pub fn to_svg(&self) -> String {
        let labels: Vec<(String, String)> = self
            .nodes()
            .map(|(_, node)| {
                let mut kind = node.kind.name();
                if node.missing {
                    kind.push_str(" (file not found)");
                }
                (node.label.clone(), kind)
            })
            .collect();
        let sizes: Vec<(f64, f64)> = labels
            .iter()
            .map(|(label, kind)| {
                let w = text_width(label, 12.0).max(text_width(kind, 10.0)) + 20.0;
                (w.max(70.0).round(), NODE_HEIGHT)
            })
            .collect();
        let edge_list: Vec<(usize, usize)> = self
            .edges()
            .map(|(a, b, _)| (a.index(), b.index()))
            .collect();
        let layout = layered(&sizes, &edge_list);

        let kinds: BTreeSet<EdgeKind> = self.edges().map(|(_, _, e)| e.kind).collect();
        let has_cycle = self.edges().any(|(_, _, e)| e.cycle);
        let mut colors: BTreeSet<&str> = kinds.iter().map(|k| stroke(*k)).collect();
        if has_cycle {
            colors.insert(CYCLE);
        }

        let legend_width = kinds
            .iter()
            .map(|k| text_width(k.as_str(), 11.0) + 44.0)
            .sum::<f64>()
            + if has_cycle { 160.0 } else { 0.0 }
            + 24.0;
        let width = layout.width.max(legend_width).max(200.0);
        let height = layout.height + LEGEND_HEIGHT;

        let mut out = String::new();
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{FONT}\">",
            w = n(width),
            h = n(height)
        );
        out.push_str("<title>innominatus workspace graph</title>\n<defs>\n");
        for color in &colors {
            let _ = writeln!(
                out,
                "<marker id=\"{}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"9\" markerHeight=\"9\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{color}\"/></marker>",
                marker_id(color)
            );
        }
        out.push_str("</defs>\n");
        out.push_str("<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");

        // Legend: one sample line per edge kind present, and the cycle colour.
        out.push_str("<g class=\"legend\" font-size=\"11\">\n");
        let mut lx = 12.0;
        let ly = 16.0;
        let mut entries: Vec<(&str, &str, f64)> = kinds
            .iter()
            .map(|k| (k.as_str(), stroke(*k), 1.5))
            .collect();
        if has_cycle {
            entries.push(("dependency cycle", CYCLE, 3.0));
        }
        for (name, color, w) in entries {
            let _ = writeln!(
                out,
                "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{color}\" stroke-width=\"{w}\" marker-end=\"url(#{})\"/><text x=\"{}\" y=\"{}\" fill=\"#212529\">{}</text>",
                n(lx),
                n(lx + 24.0),
                marker_id(color),
                n(lx + 30.0),
                n(ly + 4.0),
                xml(name),
                y = n(ly),
            );
            lx += text_width(name, 11.0) + 44.0;
        }
        out.push_str("</g>\n");

        let _ = writeln!(out, "<g transform=\"translate(0,{})\">", n(LEGEND_HEIGHT));
        // Edges first, so that nodes are drawn over their ends.
        for (i, (a, b, e)) in self.edges().enumerate() {
            let color = if e.cycle { CYCLE } else { stroke(e.kind) };
            let width = if e.cycle { 2.5 } else { 1.2 };
            let route = &layout.edges[i];
            let d = if route.is_empty() {
                // Self-loop over the node's top right corner.
                let (x, y) = layout.nodes[a.index()];
                let w = sizes[a.index()].0;
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
                let mut d = format!("M{},{}", n(route[0].0), n(route[0].1));
                for w in route.windows(2) {
                    let ((x0, y0), (x1, y1)) = (w[0], w[1]);
                    let dx = (x1 - x0) / 2.0;
                    let _ = write!(
                        d,
                        " C{},{} {},{} {},{}",
                        n(x0 + dx),
                        n(y0),
                        n(x1 - dx),
                        n(y1),
                        n(x1),
                        n(y1)
                    );
                }
                d
            };
            let _ = writeln!(
                out,
                "<g class=\"edge {kind}{cyc}\"><title>{from} → {to} ({kind}) at {file}:{line}:{col}</title><path d=\"{d}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{width}\" marker-end=\"url(#{marker})\"/></g>",
                kind = e.kind.as_str(),
                cyc = if e.cycle { " cycle" } else { "" },
                from = xml(&self.node(a).id),
                to = xml(&self.node(b).id),
                file = xml(&e.location.file),
                line = e.location.start.line,
                col = e.location.start.column,
                marker = marker_id(color),
            );
        }
        for (i, node) in self.nodes() {
            let (x, y) = layout.nodes[i.index()];
            let (w, h) = sizes[i.index()];
            let (label, kind) = &labels[i.index()];
            let dash = if node.missing {
                " stroke-dasharray=\"4 3\""
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "<g class=\"node {base}\"><title>{id} at {file}:{line}:{col}</title><rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"6\" fill=\"{fill}\" stroke=\"#495057\"{dash}/><text x=\"{cx}\" y=\"{ty}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#212529\">{label}</text><text x=\"{cx}\" y=\"{ky}\" text-anchor=\"middle\" font-size=\"10\" fill=\"#6c757d\">{kind}</text></g>",
                base = node.kind.base(),
                id = xml(&node.id),
                file = xml(&node.location.file),
                line = node.location.start.line,
                col = node.location.start.column,
                x = n(x),
                y = n(y),
                w = n(w),
                h = n(h),
                fill = fill(&node.kind),
                cx = n(x + w / 2.0),
                ty = n(y + 16.0),
                ky = n(y + 30.0),
                label = xml(label),
                kind = xml(kind),
            );
        }
        out.push_str("</g>\n</svg>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_escaped() {
        assert_eq!(xml("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot; ");
        assert_eq!(n(1.25), "1.3");
        assert_eq!(n(2.0), "2");
    }
}
