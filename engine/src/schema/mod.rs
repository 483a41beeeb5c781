//! JSON-schema validation of one document, every error mapped back to its YAML node.

pub mod catalog;
mod deprecated;
mod describe;
pub mod locate;
mod mapping;
mod tree_json;
mod variants;

pub use describe::{closest, within_edits};

use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::kind::DocumentKind;
use crate::syntax::json::to_json;
use crate::syntax::Document;
use deprecated::Instance;
use locate::Located;
use serde_json::Value;
use std::sync::Arc;
use tree_json::TreeNode;

/// Schema diagnostics (INN1xx) of one document of `kind`.
pub fn check(
    file: &Arc<str>,
    doc: &Document,
    kind: DocumentKind,
    dialect: Dialect,
) -> Vec<Diagnostic> {
    check_reading(file, doc, kind, dialect, Reading::InPlaceWhenPossible)
}

/// How [`check`] reads a document.
#[derive(Clone, Copy, PartialEq)]
enum Reading {
    /// The tree itself when the document's data is its tree as written.
    InPlaceWhenPossible,
    /// Always a converted JSON copy (what every document got before reading in place).
    Converted,
}

fn check_reading(
    file: &Arc<str>,
    doc: &Document,
    kind: DocumentKind,
    dialect: Dialect,
    reading: Reading,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let (Some(schema), Some(root)) = (catalog::for_kind(kind, dialect), doc.root) else {
        return out;
    };
    let compiled = schema.compiled();
    // A document whose data is its tree as written is validated in place; others (and those
    // that fail, whose errors are mapped from a JSON value) are converted first.
    // Every document is checked, whatever it holds: the budgets applied when it was parsed
    // (`crate::limits`) bound what converting it costs, and the values they left out are
    // opaque (see `mapping::map_error`).
    let in_place = reading == Reading::InPlaceWhenPossible && doc.data_as_written;
    let mut json: Option<Value> = None;
    if !in_place {
        json = Some(to_json(doc, root));
    }
    let valid = match &json {
        Some(json) => compiled.validator().is_valid(json),
        None => compiled.tree_validator.is_valid(TreeNode::new(doc, root)),
    };
    if !valid {
        let json = json.get_or_insert_with(|| to_json(doc, root));
        let cx = mapping::Context {
            file,
            doc,
            root,
            schema: &compiled.json,
            // Platform documents are decoded by yaml.v3 into Go structs, where `~` leaves the
            // zero value (the oracle accepts `timeout: ~`); Score specs keep the official
            // schema's verdict, which refuses a null.
            decoded_by_go: kind != DocumentKind::Score,
        };
        for err in compiled.validator().iter_errors(json) {
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
        targets: Vec::new(),
    }
    .run(
        json.as_ref().map_or(Instance::Tree, Instance::Converted),
        Located {
            node: root,
            key: None,
        },
    );
    out
}

/// For the tests and the fuzzer: for each document of `text` whose data is its tree as
/// written, and each kind and dialect, the schema diagnostics when the document is read in
/// place and when it is converted first, each rendered and sorted.
#[doc(hidden)]
pub fn checks_in_place_and_converted(text: &str) -> Vec<(String, Vec<String>, Vec<String>)> {
    let file: Arc<str> = Arc::from("in-place.yaml");
    let parsed = crate::syntax::parse(&file, text);
    let mut out = Vec::new();
    for doc in parsed.documents.iter().filter(|d| d.data_as_written) {
        for kind in DocumentKind::ALL {
            for dialect in [Dialect::Score, Dialect::Innominatus] {
                let [in_place, converted] =
                    [Reading::InPlaceWhenPossible, Reading::Converted].map(|reading| {
                        let mut found: Vec<String> =
                            check_reading(&file, doc, kind, dialect, reading)
                                .iter()
                                .map(|d| format!("{d:?}"))
                                .collect();
                        found.sort();
                        found
                    });
                let what = format!("document {} as {kind:?} ({dialect:?})", doc.index);
                out.push((what, in_place, converted));
            }
        }
    }
    out
}
