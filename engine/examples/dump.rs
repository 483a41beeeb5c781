//! Prints the syntax tree and syntax diagnostics of a file (development aid).
use innominatus_engine::syntax::{self, NodeKind};
use std::sync::Arc;
fn main() {
    let path = std::env::args().nth(1).expect("file");
    let text = std::fs::read_to_string(&path).unwrap();
    let file: Arc<str> = Arc::from(path.as_str());
    let parsed = syntax::parse(&file, &text);
    for doc in &parsed.documents {
        println!(
            "doc {} span {:?} incomplete {}",
            doc.index, doc.span, doc.incomplete
        );
        for (i, n) in doc.nodes.iter().enumerate() {
            let kind = match &n.kind {
                NodeKind::Scalar(s) => format!("scalar {:?} {:?} {:?}", s.text, s.style, s.value),
                NodeKind::Mapping(e) => format!("mapping {} entries", e.len()),
                NodeKind::Sequence(e) => format!("seq {} items", e.len()),
                NodeKind::Alias { name, target } => format!("alias {name} -> {target:?}"),
            };
            println!(
                "  #{i} {:?} {:?} anchor={:?} {}",
                n.span,
                &text[n.span.start..n.span.end],
                n.anchor,
                kind
            );
        }
    }
    for d in &parsed.diagnostics {
        println!("{} {:?} {}", d.code, d.span, d.message);
    }
}
