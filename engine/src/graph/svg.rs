//! SVG picture of the workspace graph, laid out in process (no Graphviz needed). The
//! picture itself (order, labels, shapes) is `drawing.rs`'s, shared with the HTML page.

use super::dot::{stroke, CYCLE};
use super::drawing::{marker_id, n, text_width, xml};
use super::{EdgeKind, WorkspaceGraph};
use std::collections::BTreeSet;
use std::fmt::Write;

const FONT: &str = "Helvetica, Arial, sans-serif";
const LEGEND_HEIGHT: f64 = 30.0;

/// One arrowhead marker per colour in use.
pub(super) fn markers(colors: &BTreeSet<&str>, out: &mut String) {
    for color in colors {
        let _ = writeln!(
            out,
            "<marker id=\"{}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"9\" markerHeight=\"9\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{color}\"/></marker>",
            marker_id(color)
        );
    }
}

impl WorkspaceGraph {
    /// The edge kinds present, whether a cycle is, and the arrow colours they need.
    pub(super) fn edge_palette(&self) -> (BTreeSet<EdgeKind>, bool, BTreeSet<&'static str>) {
        let kinds: BTreeSet<EdgeKind> = self.edges().map(|(_, _, e)| e.kind).collect();
        let has_cycle = self.edges().any(|(_, _, e)| e.cycle);
        let mut colors: BTreeSet<&str> = kinds.iter().map(|k| stroke(*k)).collect();
        if has_cycle {
            colors.insert(CYCLE);
        }
        (kinds, has_cycle, colors)
    }

    /// The graph as a standalone SVG document: dependencies left of what depends on them,
    /// nodes coloured by kind, edges by kind, dependency cycles red and bold, repeated names
    /// with their owner, a legend of the edge kinds on top; hovering shows ids and file
    /// positions (`<title>`).
    pub fn to_svg(&self) -> String {
        let drawing = self.drawing();
        let layout = &drawing.layout;
        let (kinds, has_cycle, colors) = self.edge_palette();

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
        markers(&colors, &mut out);
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
        self.write_scene(&drawing, &[], true, &mut out);
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
