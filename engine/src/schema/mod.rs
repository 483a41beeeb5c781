//! JSON-schema validation of one document, every error mapped back to its YAML node.

pub mod catalog;
mod deprecated;
mod describe;
pub mod locate;
mod mapping;
mod variants;

pub use describe::closest;

use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::kind::DocumentKind;
use crate::syntax::json::to_json;
use crate::syntax::Document;
use locate::Located;
use std::sync::Arc;

/// Documents larger than this (after alias expansion) are not schema-checked; the alias
/// expansion rule reports them.
const NODE_BUDGET: usize = 2_000_000;

/// Schema diagnostics (INN1xx) of one document of `kind`.
pub fn check(
    file: &Arc<str>,
    doc: &Document,
    kind: DocumentKind,
    dialect: Dialect,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let (Some(schema), Some(root)) = (catalog::for_kind(kind, dialect), doc.root) else {
        return out;
    };
    let Some(json) = to_json(doc, root, NODE_BUDGET) else {
        return out;
    };
    let compiled = schema.compiled();
    if !compiled.validator.is_valid(&json) {
        let cx = mapping::Context {
            file,
            doc,
            root,
            schema: &compiled.json,
        };
        for err in compiled.validator.iter_errors(&json) {
            mapping::map_error(&cx, &err, &mut out);
        }
    }
    // A name that is too short or too long also fails its pattern; the length is the news.
    let length_spans: Vec<_> = out
        .iter()
        .filter(|d| d.code == "INN106")
        .map(|d| d.span)
        .collect();
    out.retain(|d| !(d.code == "INN105" && length_spans.contains(&d.span)));
    deprecated::Walk {
        file,
        doc,
        root_schema: &compiled.json,
        deprecations: &compiled.deprecated,
        out: &mut out,
    }
    .run(
        &json,
        Located {
            node: root,
            key: None,
        },
    );
    out
}
