//! Deprecated alternatives (`"deprecated": true` on a `oneOf`/`anyOf` branch). The validator
//! accepts them silently, so a small schema-guided walk finds the values that use them.

mod plan;

use super::catalog::compile;
use super::locate::{display_path, Located};
use crate::catalog as rules;
use crate::catalog::schema::deprecated_form;
use crate::diagnostic::Diagnostic;
use crate::syntax::json::to_json;
use crate::syntax::{Document, Entry};
use jsonschema::Validator;
use plan::{Plan, Step, StepId};
use serde_json::Value;
use std::collections::HashSet;
use std::fmt::Write;
use std::sync::{Arc, OnceLock};

/// A deprecated branch: where its `oneOf`/`anyOf` holder sits in the schema, and a validator
/// for the branch alone.
pub struct DeprecatedBranch {
    holder: String,
    description: String,
    /// What to say about the form (`x-deprecated-message` in the schema).
    message: Option<String>,
    /// The branch with the root's `$defs`, compiled when a walk first asks it about a value:
    /// most runs meet no value of the branch's type (a Score spec's `files` written as a
    /// map), and compiling at start delayed every check waiting for the schema.
    schema: Value,
    validator: OnceLock<Option<Validator>>,
    /// The branch's `type`, when it names one: a value of another type cannot match, and
    /// is not converted to be asked (a Score container's `files` map and its contents).
    only_type: Option<String>,
}

/// The deprecated branches of a schema, and the steps a walk takes through the schema to
/// reach them (everything else is skipped: most documents never come near them).
#[derive(Default)]
pub struct Deprecations {
    branches: Vec<DeprecatedBranch>,
    plan: Plan,
}

impl DeprecatedBranch {
    /// The branch's validator (none if the branch does not compile: then it matches nothing).
    fn validator(&self) -> Option<&Validator> {
        let compiled = self.validator.get_or_init(|| compile(&self.schema).ok());
        compiled.as_ref()
    }
}

impl Deprecations {
    pub fn new(root: &Value) -> Deprecations {
        let branches = collect(root);
        let plan = Plan::new(root, &branches, &leading_places(root, &branches));
        Deprecations { branches, plan }
    }
}

/// Every place of the schema that is a relevant place or an ancestor of one: where a walk
/// can go.
fn leading_places(root: &Value, branches: &[DeprecatedBranch]) -> HashSet<String> {
    let relevant = relevant_places(root, branches);
    let places = relevant.iter().flat_map(|place| ancestors_or_self(place));
    places.map(str::to_string).collect()
}

/// The schema locations a walk must reach: the holders of the deprecated branches, and the
/// objects whose `$ref` leads to an ancestor of a relevant place (repeated until nothing
/// changes).
fn relevant_places(root: &Value, branches: &[DeprecatedBranch]) -> Vec<String> {
    let mut relevant: Vec<String> = branches.iter().map(|b| b.holder.clone()).collect();
    let refs = collect_refs(root);
    loop {
        let before = relevant.len();
        for (at, target) in &refs {
            if !relevant.contains(at) && relevant.iter().any(|r| is_ancestor_or_self(target, r)) {
                relevant.push(at.clone());
            }
        }
        if relevant.len() == before {
            return relevant;
        }
    }
}

/// The JSON pointers that are `ptr` or one of its ancestors (`""` being the root's).
fn ancestors_or_self(ptr: &str) -> impl Iterator<Item = &str> {
    let cuts = ptr.match_indices('/').map(|(at, _)| at);
    cuts.chain([ptr.len()]).map(|end| &ptr[..end])
}

fn is_ancestor_or_self(ancestor: &str, ptr: &str) -> bool {
    ptr.starts_with(ancestor)
        && (ptr.len() == ancestor.len() || ptr[ancestor.len()..].starts_with('/'))
}

/// Every `$ref` of the schema: (pointer of the object holding it, pointer it refers to).
fn collect_refs(root: &Value) -> Vec<(String, String)> {
    fn walk(v: &Value, ptr: &str, out: &mut Vec<(String, String)>) {
        match v {
            Value::Object(map) => {
                if let Some(target) = map
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix('#'))
                {
                    out.push((ptr.to_string(), target.to_string()));
                }
                for (k, sub) in map {
                    walk(
                        sub,
                        &format!("{ptr}/{}", k.replace('~', "~0").replace('/', "~1")),
                        out,
                    );
                }
            }
            Value::Array(items) => {
                for (i, sub) in items.iter().enumerate() {
                    walk(sub, &format!("{ptr}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(root, "", &mut out);
    out
}

/// Finds every deprecated branch of a schema, wrapped with the root's `$defs`.
fn collect(root: &Value) -> Vec<DeprecatedBranch> {
    let mut found = Vec::new();
    fn walk(root: &Value, v: &Value, ptr: &str, found: &mut Vec<DeprecatedBranch>) {
        match v {
            Value::Object(map) => {
                for keyword in ["oneOf", "anyOf"] {
                    if let Some(Value::Array(branches)) = map.get(keyword) {
                        for b in branches
                            .iter()
                            .filter(|b| b.get("deprecated") == Some(&Value::Bool(true)))
                        {
                            let mut wrapped = b.clone();
                            if let (Value::Object(w), Some(defs)) =
                                (&mut wrapped, root.get("$defs"))
                            {
                                w.insert("$defs".into(), defs.clone());
                            }
                            found.push(DeprecatedBranch {
                                holder: ptr.to_string(),
                                description: b
                                    .get("description")
                                    .and_then(Value::as_str)
                                    .unwrap_or("")
                                    .to_string(),
                                message: b
                                    .get("x-deprecated-message")
                                    .and_then(Value::as_str)
                                    .map(str::to_string),
                                schema: wrapped,
                                validator: OnceLock::new(),
                                only_type: b
                                    .get("type")
                                    .and_then(Value::as_str)
                                    .map(str::to_string),
                            });
                        }
                    }
                }
                for (k, sub) in map {
                    walk(
                        root,
                        sub,
                        &format!("{ptr}/{}", k.replace('~', "~0").replace('/', "~1")),
                        found,
                    );
                }
            }
            Value::Array(items) => {
                for (i, sub) in items.iter().enumerate() {
                    walk(root, sub, &format!("{ptr}/{i}"), found);
                }
            }
            _ => {}
        }
    }
    walk(root, root, "", &mut found);
    found
}

pub struct Walk<'a> {
    pub file: &'a Arc<str>,
    pub doc: &'a Document,
    pub deprecations: &'a Deprecations,
    pub out: &'a mut Vec<Diagnostic>,
}

/// The value a walk visits: a part of the document's converted JSON, or (for a document whose
/// data is its tree as written) the tree node the walk is at.
#[derive(Clone, Copy)]
pub enum Instance<'a> {
    Converted(&'a Value),
    Tree,
}

/// How deep a walk follows the document and the schema's `$ref`s before it gives up.
const MAX_DEPTH: usize = 64;

impl Walk<'_> {
    pub fn run(&mut self, json: Instance<'_>, at: Located) {
        if self.deprecations.branches.is_empty() {
            return;
        }
        let mut inst_ptr = String::new();
        let root = self.deprecations.plan.root();
        self.visit(root, json, at, &mut inst_ptr, 0);
    }

    /// Whether the value at `at` matches `branch`.
    fn matches(&self, branch: &DeprecatedBranch, json: Instance<'_>, at: Located) -> bool {
        match json {
            Instance::Converted(value) => branch.validator().is_some_and(|v| v.is_valid(value)),
            // Only the few values at a deprecated branch's place are converted, and only
            // when they are of the branch's type.
            Instance::Tree => {
                let collection = if self.doc.is_mapping(at.node) {
                    Some("object")
                } else if self.doc.is_sequence(at.node) {
                    Some("array")
                } else {
                    None
                };
                let other_type = matches!(
                    (collection, branch.only_type.as_deref()),
                    (Some(is), Some(wanted)) if is != wanted
                );
                !other_type
                    && (branch.validator()).is_some_and(|v| v.is_valid(&to_json(self.doc, at.node)))
            }
        }
    }

    /// Visits `json` (at `at` in the tree) at the schema's place `step` (none: a place that
    /// leads to no deprecated branch); `inst_ptr` is the instance's JSON pointer, a buffer
    /// that a child extends and truncates again: a large document has a node per line.
    fn visit(
        &mut self,
        step: Option<StepId>,
        json: Instance<'_>,
        at: Located,
        inst_ptr: &mut String,
        depth: usize,
    ) {
        let Some(id) = step.filter(|_| depth <= MAX_DEPTH) else {
            return;
        };
        let deprecations = self.deprecations;
        let step = deprecations.plan.step(id);
        if step.reference.is_some() {
            self.visit(step.reference, json, at, inst_ptr, depth + 1);
        }
        for &branch in &step.branches {
            let branch = &deprecations.branches[branch];
            if self.matches(branch, json, at) {
                self.report(branch, at, inst_ptr);
            }
        }
        let doc = self.doc;
        match json {
            Instance::Converted(Value::Object(map)) => {
                // The JSON object lists the mapping's keys in their order (first occurrence,
                // then merged ones): try the next entry before searching the mapping.
                let entries = doc.entries(at.node);
                let mut next = 0;
                for (k, v) in map {
                    let find = || {
                        let entry = match entries.get(next) {
                            Some(e)
                                if doc.key_text(e.key) == Some(k.as_str())
                                    && !doc.is_merge_key(e.key) =>
                            {
                                Some((*e, true))
                            }
                            _ => doc.get_entry(at.node, k).map(|e| (e, false)),
                        };
                        entry.map(|(e, in_order)| (e, Instance::Converted(v), in_order))
                    };
                    if let Some(in_order) = self.visit_member(step, k, find, inst_ptr, depth) {
                        next += usize::from(in_order);
                    }
                }
            }
            Instance::Tree if doc.is_mapping(at.node) => {
                for e in doc.entries(at.node) {
                    let k = doc.key_text(e.key).unwrap_or("");
                    let find = || Some((*e, Instance::Tree, true));
                    self.visit_member(step, k, find, inst_ptr, depth);
                }
            }
            Instance::Converted(Value::Array(_)) | Instance::Tree => {
                if step.items.is_none() {
                    return;
                }
                let converted = match json {
                    Instance::Converted(Value::Array(items)) => Some(items),
                    _ => None,
                };
                let inst_len = inst_ptr.len();
                for (i, &n) in doc.items(at.node).iter().enumerate() {
                    let item = match converted {
                        Some(items) => match items.get(i) {
                            Some(v) => Instance::Converted(v),
                            None => break,
                        },
                        None => Instance::Tree,
                    };
                    // Writing to a String cannot fail.
                    let _ = write!(inst_ptr, "/{i}");
                    let at = Located { node: n, key: None };
                    self.visit(step.items, item, at, inst_ptr, depth + 1);
                    inst_ptr.truncate(inst_len);
                }
            }
            Instance::Converted(_) => {}
        }
    }

    /// The finding for a value at `at` that matches a deprecated `branch`.
    fn report(&mut self, branch: &DeprecatedBranch, at: Located, inst_ptr: &str) {
        let span = at
            .key
            .map_or(self.doc.node(at.node).span, |k| self.doc.node(k).span);
        let message = deprecated_form::message(&display_path(inst_ptr), branch.message.as_deref());
        let mut d = Diagnostic::new(&rules::DEPRECATED_FORM, self.file, span, message);
        if !branch.description.is_empty() {
            d = d.with_help(branch.description.clone());
        }
        self.out.push(d);
    }

    /// Visits the member `key` of a mapping at the schema's place `step`, when the schema has
    /// a place for it that can lead to a deprecated branch. `find` gives the member's entry,
    /// its value and whether it was the next entry in order; it is called only then, since
    /// most of a document lies where no deprecated form can be. Returns that order flag when
    /// the member was found.
    fn visit_member<'j>(
        &mut self,
        step: &Step,
        key: &str,
        find: impl FnOnce() -> Option<(Entry, Instance<'j>, bool)>,
        inst_ptr: &mut String,
        depth: usize,
    ) -> Option<bool> {
        let next = match step.properties.get(key) {
            Some(next) => *next,
            None => step.additional.flatten(),
        };
        next?;
        let (entry, value, in_order) = find()?;
        let inst_len = inst_ptr.len();
        inst_ptr.push('/');
        push_escaped(inst_ptr, key);
        let at = Located {
            node: entry.value,
            key: Some(entry.key),
        };
        self.visit(next, value, at, inst_ptr, depth + 1);
        inst_ptr.truncate(inst_len);
        Some(in_order)
    }
}

/// Appends a JSON-pointer segment (`~` → `~0`, `/` → `~1`).
fn push_escaped(out: &mut String, segment: &str) {
    if !segment.contains(['~', '/']) {
        out.push_str(segment);
        return;
    }
    for c in segment.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::Dialect;
    use crate::kind::DocumentKind;
    use crate::schema::catalog::for_kind;

    /// The places a walk can go are exactly those that are, or are ancestors of, the
    /// relevant places, at every location of every schema that has deprecated branches.
    #[test]
    fn a_walk_goes_where_a_relevant_place_lies_ahead() {
        let schemas = [
            (DocumentKind::Score, Dialect::Score),
            (DocumentKind::Score, Dialect::Innominatus),
        ];
        for (kind, dialect) in schemas {
            let json = &for_kind(kind, dialect).unwrap().compiled().json;
            let branches = collect(json);
            assert!(!branches.is_empty());
            let relevant = relevant_places(json, &branches);
            let leading = leading_places(json, &branches);
            let mut places = vec![String::new()];
            every_place(json, "", &mut places);
            let mut ahead = 0;
            for place in &places {
                let expected = relevant.iter().any(|r| is_ancestor_or_self(place, r));
                assert_eq!(leading.contains(place), expected, "{place}");
                ahead += usize::from(expected);
            }
            // Neither answer is the same for every place.
            assert!(
                ahead > 2 && ahead < places.len() / 2,
                "{ahead} of {}",
                places.len()
            );
        }
    }

    /// Branches compile when first asked; every one of ours compiles, so a branch is never
    /// silently matchless.
    #[test]
    fn every_deprecated_branch_compiles() {
        let mut branches = 0;
        for schema in crate::schema::catalog::all() {
            for branch in collect(&schema.compiled().json) {
                assert!(
                    branch.validator().is_some(),
                    "{}: {}",
                    schema.file_name,
                    branch.holder
                );
                branches += 1;
            }
        }
        assert!(branches >= 4, "{branches}");
    }

    fn every_place(v: &Value, ptr: &str, out: &mut Vec<String>) {
        let children: Vec<(String, &Value)> = match v {
            Value::Object(map) => map
                .iter()
                .map(|(k, sub)| (k.replace('~', "~0").replace('/', "~1"), sub))
                .collect(),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, sub)| (i.to_string(), sub))
                .collect(),
            _ => Vec::new(),
        };
        for (segment, sub) in children {
            let here = format!("{ptr}/{segment}");
            out.push(here.clone());
            every_place(sub, &here, out);
        }
    }
}
