//! Mermaid flowchart text of the workspace graph (for Markdown renderers such as GitHub's).

use super::dot::{fill, stroke, CYCLE};
use super::{NodeKind, WorkspaceGraph};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Text safe inside a Mermaid `["…"]` label: quotes, angle brackets and `#` as entity codes.
fn label_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn class_name(kind: &NodeKind) -> String {
    kind.base().replace('-', "_")
}

impl WorkspaceGraph {
    /// The graph as a Mermaid `flowchart LR`; cycle edges red and thick (`linkStyle`).
    pub fn to_mermaid(&self) -> String {
        let mut out = String::from("flowchart LR\n");
        let mut classes: BTreeMap<String, (Vec<String>, &'static str)> = BTreeMap::new();
        for (i, n) in self.nodes() {
            let id = format!("n{}", i.index());
            let mut kind = n.kind.name();
            if n.missing {
                kind.push_str(" (file not found)");
            }
            let _ = writeln!(
                out,
                "  {id}[\"{}<br/><small>{}</small>\"]",
                label_text(&n.label),
                label_text(&kind)
            );
            classes
                .entry(class_name(&n.kind))
                .or_insert_with(|| (Vec::new(), fill(&n.kind)))
                .0
                .push(id);
        }
        let mut styles = Vec::new();
        for (link, (a, b, e)) in self.edges().enumerate() {
            let arrow = if e.cycle { "==>" } else { "-->" };
            let _ = writeln!(
                out,
                "  n{} {arrow}|{}| n{}",
                a.index(),
                e.kind.as_str(),
                b.index()
            );
            let (color, width) = if e.cycle {
                (CYCLE, "3px")
            } else {
                (stroke(e.kind), "1px")
            };
            styles.push(format!(
                "  linkStyle {link} stroke:{color},stroke-width:{width},color:{color}"
            ));
        }
        for (name, (ids, color)) in &classes {
            let _ = writeln!(out, "  classDef {name} fill:{color},stroke:#495057");
            let _ = writeln!(out, "  class {} {name}", ids.join(","));
        }
        let missing: Vec<String> = self
            .nodes()
            .filter(|(_, n)| n.missing)
            .map(|(i, _)| format!("n{}", i.index()))
            .collect();
        if !missing.is_empty() {
            out.push_str("  classDef missing stroke-dasharray:4 3\n");
            let _ = writeln!(out, "  class {} missing", missing.join(","));
        }
        for s in styles {
            out.push_str(&s);
            out.push('\n');
        }
        out
    }
}
