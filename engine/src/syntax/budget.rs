//! The nesting and alias budgets of one document (`crate::limits`), applied to its tree right
//! after it is built, before anything reads it.
//!
//! The builder already drops the content of collections that open past `MAX_NESTING`. Here
//! aliases are weighed: the nodes and bytes of text each one adds to the document once
//! expanded, and the nesting it reaches where it is used. An alias over a budget is cut: it
//! loses its target, so no reader of the tree (schema validation, the models, the template
//! scanners, the editor features) can expand it, and the tree each of them walks is bounded in
//! size and depth by construction instead of by a guard in every walk.
//!
//! Why cut rather than refuse the document: a document whose hostile part made it unreadable
//! would lose every other finding (a real error beside an alias bomb would pass unnoticed).
//! A cut alias is opaque instead: reported once, where the budget is crossed, with its type
//! still known (`Opaque::Alias`) and everything around it checked as usual.

use super::tree::{Document, NodeId, NodeKind, Opaque};
use super::LazyLines;
use crate::catalog as rules;
use crate::catalog::syntax::{alias_expansion_limit, nesting_too_deep};
use crate::diagnostic::Diagnostic;
use crate::limits::{MAX_ALIAS_BYTES, MAX_ALIAS_NODES, MAX_NESTING};
use crate::text::Span;
use std::sync::Arc;

/// Why an alias is not expanded.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cut {
    /// Its value would nest past `MAX_NESTING` where it is used.
    Nesting { levels: usize },
    /// Expanding it would bring the nodes aliases add past `MAX_ALIAS_NODES`.
    Nodes,
    /// … or the bytes of text they add past `MAX_ALIAS_BYTES`.
    Bytes,
}

/// What a node stands for once its aliases are expanded.
#[derive(Clone, Copy, Default)]
struct Weight {
    nodes: u64,
    bytes: u64,
    /// Collections on the deepest path through it, itself included (0 for a scalar).
    levels: usize,
}

/// Reports the collections the builder dropped and cuts the aliases over budget.
pub fn apply(
    file: &Arc<str>,
    text: &str,
    lines: &LazyLines<'_>,
    doc: &mut Document,
    out: &mut Vec<Diagnostic>,
) {
    for &(id, kind) in &doc.opaque {
        if kind == Opaque::TooDeep {
            out.push(too_deep(file, text, doc, id));
        }
    }
    if doc.nodes.iter().any(|n| {
        matches!(
            n.kind,
            NodeKind::Alias {
                target: Some(_),
                ..
            }
        )
    }) {
        cut_aliases(file, text, lines, doc, out);
    }
}

/// The collection that crosses `MAX_NESTING`, reported at its first character.
fn too_deep(file: &Arc<str>, text: &str, doc: &Document, id: NodeId) -> Diagnostic {
    let node = doc.node(id);
    let what = match node.kind {
        NodeKind::Mapping(_) => "mapping",
        _ => "list",
    };
    Diagnostic::new(
        &rules::NESTING_TOO_DEEP,
        file,
        first_char(text, node.span.start),
        nesting_too_deep::message(what, MAX_NESTING),
    )
    .with_help(nesting_too_deep::HELP)
}

fn first_char(text: &str, at: usize) -> Span {
    let at = at.min(text.len());
    let len = text[at..].chars().next().map_or(0, char::len_utf8);
    Span::new(at, at + len)
}

/// Weighs every alias in document order and cuts those over a budget (see the module doc).
///
/// The expanded document is the written one plus, for each alias, what its target expands to.
/// Nodes are visited in post-order (children and keys first, in document order), where every
/// alias comes after its target is complete: each target's weight is then final, including
/// the cuts made inside it, and a running total of what aliases add decides each alias in
/// turn. The depth of the expanded document is bounded the same way: a node at depth `d`
/// (counting enclosing collections) whose alias brings `levels` more must stay within
/// `MAX_NESTING`, which, with the builder's own cut, bounds every path of the expansion.
fn cut_aliases(
    file: &Arc<str>,
    text: &str,
    lines: &LazyLines<'_>,
    doc: &mut Document,
    out: &mut Vec<Diagnostic>,
) {
    let Some(root) = doc.root else { return };
    let mut weight = vec![Weight::default(); doc.nodes.len()];
    let mut added = Weight::default();
    let mut cuts: Vec<(NodeId, NodeId, Cut, Weight)> = Vec::new();
    // (node, depth, children pushed)
    let mut stack = vec![(root, 0usize, false)];
    while let Some((id, depth, expanded)) = stack.pop() {
        let w = match &doc.nodes[id].kind {
            NodeKind::Mapping(entries) if !expanded => {
                stack.push((id, depth, true));
                for e in entries.iter().rev() {
                    stack.push((e.value, depth + 1, false));
                    stack.push((e.key, depth + 1, false));
                }
                continue;
            }
            NodeKind::Sequence(items) if !expanded => {
                stack.push((id, depth, true));
                stack.extend(items.iter().rev().map(|&i| (i, depth + 1, false)));
                continue;
            }
            NodeKind::Mapping(entries) => collection(
                entries
                    .iter()
                    .flat_map(|e| [weight[e.key], weight[e.value]]),
            ),
            NodeKind::Sequence(items) => collection(items.iter().map(|&i| weight[i])),
            NodeKind::Scalar(s) => Weight {
                nodes: 1,
                bytes: s.text.len() as u64,
                levels: 0,
            },
            NodeKind::Alias {
                target: Some(t), ..
            } => {
                let t = *t;
                let w = weight[t];
                let cut = if depth + w.levels > MAX_NESTING {
                    Some(Cut::Nesting {
                        levels: depth + w.levels,
                    })
                } else if added.nodes + w.nodes > MAX_ALIAS_NODES {
                    Some(Cut::Nodes)
                } else if added.bytes + w.bytes > MAX_ALIAS_BYTES {
                    Some(Cut::Bytes)
                } else {
                    None
                };
                match cut {
                    Some(why) => {
                        cuts.push((id, t, why, w));
                        Weight {
                            nodes: 1,
                            ..Weight::default()
                        }
                    }
                    None => {
                        added.nodes += w.nodes;
                        added.bytes += w.bytes;
                        w
                    }
                }
            }
            NodeKind::Alias { target: None, .. } => Weight {
                nodes: 1,
                ..Weight::default()
            },
        };
        weight[id] = w;
    }
    if cuts.is_empty() {
        return;
    }
    report(file, text, lines, doc, &cuts, out);
    for &(alias, target, ..) in &cuts {
        if let NodeKind::Alias { target: t, .. } = &mut doc.nodes[alias].kind {
            *t = None;
        }
        doc.opaque.push((
            alias,
            Opaque::Alias {
                stands_for: Some(target),
            },
        ));
    }
    doc.opaque.sort_unstable_by_key(|&(id, _)| id);
}

fn collection(children: impl Iterator<Item = Weight>) -> Weight {
    let mut w = Weight {
        nodes: 1,
        bytes: 0,
        levels: 0,
    };
    for c in children {
        w.nodes = w.nodes.saturating_add(c.nodes);
        w.bytes = w.bytes.saturating_add(c.bytes);
        w.levels = w.levels.max(c.levels);
    }
    w.levels += 1;
    w
}

/// One diagnostic per budget: at the first alias it cut, with how many more it cut.
fn report(
    file: &Arc<str>,
    text: &str,
    lines: &LazyLines<'_>,
    doc: &Document,
    cuts: &[(NodeId, NodeId, Cut, Weight)],
    out: &mut Vec<Diagnostic>,
) {
    let name = |alias: NodeId| {
        let span = doc.node(alias).span;
        crate::limits::excerpt(&text[span.start..span.end]).into_owned()
    };
    let anchored = |target: NodeId| {
        let node = doc.node(target);
        node.anchor.as_ref().map_or(node.span, |a| a.1)
    };
    let nesting: Vec<_> = cuts
        .iter()
        .filter(|c| matches!(c.2, Cut::Nesting { .. }))
        .collect();
    if let Some(&&(alias, target, Cut::Nesting { levels }, _)) = nesting.first() {
        let line = lines.get().line_of(anchored(target).start) + 1;
        out.push(
            Diagnostic::new(
                &rules::NESTING_TOO_DEEP,
                file,
                doc.node(alias).span,
                nesting_too_deep::alias_message(
                    &name(alias),
                    line,
                    levels,
                    MAX_NESTING,
                    &others(nesting.len() - 1),
                ),
            )
            .with_help(nesting_too_deep::ALIAS_HELP)
            .with_related(file, anchored(target), alias_expansion_limit::ANCHORED),
        );
    }
    let size: Vec<_> = cuts
        .iter()
        .filter(|c| !matches!(c.2, Cut::Nesting { .. }))
        .collect();
    if let Some(&&(alias, target, why, w)) = size.first() {
        let line = lines.get().line_of(anchored(target).start) + 1;
        let (budget, own) = if why == Cut::Bytes {
            (
                format!("{} of text", bytes(MAX_ALIAS_BYTES)),
                format!("{} of text", bytes(w.bytes)),
            )
        } else {
            (
                format!("{} nodes", thousands(MAX_ALIAS_NODES)),
                format!("{} nodes", thousands(w.nodes)),
            )
        };
        out.push(
            Diagnostic::new(
                &rules::ALIAS_EXPANSION_LIMIT,
                file,
                doc.node(alias).span,
                alias_expansion_limit::message(
                    &name(alias),
                    line,
                    &budget,
                    &own,
                    &others(size.len() - 1),
                ),
            )
            .with_help(alias_expansion_limit::HELP)
            .with_related(file, anchored(target), alias_expansion_limit::ANCHORED),
        );
    }
}

fn others(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => ", nor at 1 later alias".to_string(),
        n => format!(", nor at {n} later aliases"),
    }
}

/// `1,000,000`
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `4 MiB`, `1.5 MiB`, `12 KiB`, `300 bytes`.
fn bytes(n: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if n >= MIB {
        if n % MIB == 0 {
            format!("{} MiB", n / MIB)
        } else {
            format!("{:.1} MiB", n as f64 / MIB as f64)
        }
    } else if n >= KIB {
        format!("{} KiB", n / KIB)
    } else {
        format!("{n} bytes")
    }
}

#[cfg(test)]
mod tests {
    use crate::limits::{MAX_ALIAS_BYTES, MAX_NESTING};
    use crate::syntax::{json::to_json, parse, NodeKind, Opaque};
    use std::sync::Arc;

    fn codes(text: &str) -> Vec<&'static str> {
        parse(&Arc::from("t.yaml"), text)
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn a_large_string_aliased_many_times_is_cut_by_bytes() {
        let big = "x".repeat(1 << 20);
        let mut text = format!("big: &big {big}\n");
        for i in 0..20 {
            text.push_str(&format!("v{i}: *big\n"));
        }
        let parsed = parse(&Arc::from("t.yaml"), &text);
        let found: Vec<_> = parsed.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(found, ["INN011"]);
        let d = &parsed.diagnostics[0];
        assert!(
            d.message.contains("4 MiB") && d.message.contains("1 MiB"),
            "{}",
            d.message
        );
        assert!(d.message.contains("15 later aliases"), "{}", d.message);
        // Reported at the fifth alias: four fit in the budget.
        let line = text[..d.span.start].matches('\n').count();
        assert_eq!(line, 5);
        // What the decoder's view holds stays within the budget, and cut aliases are strings.
        let doc = &parsed.documents[0];
        let json = to_json(doc, doc.root.unwrap());
        let total: usize = json
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_str().unwrap().len())
            .sum();
        // Cut aliases are strings too: the first characters of the value they stand for.
        assert!(
            total as u64 <= (1 << 20) + MAX_ALIAS_BYTES + 16 * 200,
            "{total}"
        );
        assert!(json["v19"].as_str().unwrap().len() < 200);
        let cut = doc
            .opaque
            .iter()
            .filter(|(_, o)| {
                matches!(
                    o,
                    Opaque::Alias {
                        stands_for: Some(_)
                    }
                )
            })
            .count();
        assert_eq!(cut, 16);
    }

    #[test]
    fn small_aliases_are_expanded() {
        assert!(codes("a: &a {x: 1, y: [1, 2]}\nb: *a\nc: *a\nd: {<<: *a, z: 3}\n").is_empty());
    }

    #[test]
    fn aliases_nesting_past_the_limit_are_cut_where_they_are_used() {
        // An anchored list 100 levels deep, aliased at depth 1 (fine) and inside 40 more
        // levels (too deep).
        let deep = format!("{}x{}", "[".repeat(100), "]".repeat(100));
        let text = format!(
            "a: &a {deep}\nok: *a\nno: {}*a{}\n",
            "[".repeat(40),
            "]".repeat(40)
        );
        let parsed = parse(&Arc::from("t.yaml"), &text);
        let found: Vec<_> = parsed.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(found, ["INN013"], "{:?}", parsed.diagnostics);
        let d = &parsed.diagnostics[0];
        assert!(d.message.contains("141 levels"), "{}", d.message);
        assert_eq!(&text[d.span.start..d.span.end], "*a");
        // Chains of anchors, each within the limit, cannot build a deeper document either.
        let mut chain = String::from("l0: &l0 [x]\n");
        for i in 1..400 {
            chain.push_str(&format!("l{i}: &l{i} [*l{}]\n", i - 1));
        }
        let parsed = parse(&Arc::from("t.yaml"), &chain);
        let doc = &parsed.documents[0];
        let json = to_json(doc, doc.root.unwrap());
        fn depth(v: &serde_json::Value) -> usize {
            match v {
                serde_json::Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
                serde_json::Value::Object(o) => 1 + o.values().map(depth).max().unwrap_or(0),
                _ => 0,
            }
        }
        // Past the limit, only an empty placeholder of the cut value's type.
        assert!(depth(&json) <= MAX_NESTING + 1, "{}", depth(&json));
        assert_eq!(
            parsed
                .diagnostics
                .iter()
                .filter(|d| d.code == "INN013")
                .count(),
            1
        );
    }

    #[test]
    fn collections_past_the_limit_are_kept_empty_and_reported_where_they_open() {
        for (open, close) in [("[", "]"), ("{a: ", "}")] {
            // 200 levels: past our limit; 300: past saphyr's own (255 open brackets).
            for n in [MAX_NESTING - 1, MAX_NESTING, MAX_NESTING + 1, 200, 300] {
                let text = format!("v: {}x{}\nw: 1\n", open.repeat(n), close.repeat(n));
                let parsed = parse(&Arc::from("t.yaml"), &text);
                let found: Vec<_> = parsed.diagnostics.iter().map(|d| d.code).collect();
                // The root mapping is the first level.
                if n < MAX_NESTING {
                    assert!(found.is_empty(), "{n}{open}: {found:?}");
                    continue;
                }
                assert_eq!(found, ["INN013"], "{n}{open}: {:?}", parsed.diagnostics);
                assert!(!parsed.failed, "{n}{open}");
                let d = &parsed.diagnostics[0];
                // At the bracket that opens level 129.
                let opening = 3 + (MAX_NESTING - 1) * open.len();
                assert_eq!(d.span.start, opening, "{n}{open}");
                let doc = &parsed.documents[0];
                assert!(!doc.incomplete);
                let w = doc.get(doc.root.unwrap(), "w").unwrap();
                assert_eq!(doc.str_value(w), Some("1"));
                let (id, kind) = doc.opaque[0];
                assert_eq!(kind, Opaque::TooDeep);
                assert!(
                    matches!(&doc.node(id).kind, NodeKind::Mapping(e) if e.is_empty())
                        || matches!(&doc.node(id).kind, NodeKind::Sequence(i) if i.is_empty())
                );
                // Its span covers what it held, up to its closing bracket.
                assert_eq!(
                    doc.node(id).span.end,
                    4 + n * open.len() + (n - MAX_NESTING + 1)
                );
            }
        }
    }
}
