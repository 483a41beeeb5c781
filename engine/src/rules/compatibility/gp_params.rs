//! Golden-path parameter declarations (`goldenpaths.yaml` `parameters.<name>`) with every
//! constraint field and its span, read the way `goldenpaths/parameter_validator.go` uses them.

use crate::lint::LintContext;
use crate::model::{GoldenPaths, Named, Reader};
use crate::text::Span;

pub struct Param {
    pub path: String,
    pub name: Named,
    /// `type` as written (the platform compares it exactly; empty means string).
    pub ty: Option<Named>,
    pub default: Option<Named>,
    pub default_key: Option<Named>,
    pub required: Option<(bool, Named)>,
    pub pattern: Option<Named>,
    pub allowed_key: Option<Named>,
    pub allowed: Vec<Named>,
    pub min: Option<(i64, Named)>,
    pub max: Option<(i64, Named)>,
}

impl Param {
    pub fn ty(&self) -> &str {
        self.ty.as_ref().map_or("", |t| t.text.as_str())
    }

    pub fn is_int(&self) -> bool {
        matches!(self.ty(), "int" | "integer")
    }

    pub fn is_bool(&self) -> bool {
        matches!(self.ty(), "bool" | "boolean")
    }

    /// Where to point for the parameter as a whole: its `type`, else its name.
    pub fn anchor(&self) -> Span {
        self.ty.as_ref().map_or(self.name.span, |t| t.span)
    }
}

/// Every declared parameter of every golden path in the document under check.
pub fn params(cx: &LintContext<'_>) -> Vec<Param> {
    let Some(gps) = GoldenPaths::from_document(cx.doc) else {
        return Vec::new();
    };
    let r = Reader::new(cx.doc);
    let int = |node, key: &str| -> Option<(i64, Named)> {
        let (i, _) = r.int(node, key)?;
        Some((i, r.string(node, key)?))
    };
    let mut out = Vec::new();
    for gp in &gps.paths {
        for p in &gp.parameters {
            let node = p.node;
            if !r.is_mapping(node) {
                continue;
            }
            out.push(Param {
                path: gp.name.text.to_string(),
                name: p.name.clone(),
                ty: r.string(node, "type"),
                default: r.string(node, "default"),
                default_key: r.key(node, "default"),
                required: r
                    .bool(node, "required")
                    .and_then(|b| r.key(node, "required").map(|k| (b, k))),
                pattern: r.string(node, "pattern").filter(|p| !p.text.is_empty()),
                allowed_key: r.key(node, "allowed_values"),
                allowed: r.strings(node, "allowed_values"),
                min: int(node, "min"),
                max: int(node, "max"),
            });
        }
    }
    out
}

/// Compiles a Go RE2 pattern with Rust's `regex` (same syntax family, no backreferences or
/// look-around in either).
pub fn compile(pattern: &str) -> Result<regex::Regex, String> {
    regex::Regex::new(pattern).map_err(|e| {
        e.to_string()
            .lines()
            .last()
            .unwrap_or("invalid pattern")
            .trim()
            .to_string()
    })
}
