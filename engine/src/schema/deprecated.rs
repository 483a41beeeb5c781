//! Deprecated alternatives (`"deprecated": true` on a `oneOf`/`anyOf` branch). The validator
//! accepts them silently, so a small schema-guided walk finds the values that use them.

use super::catalog::compile;
use super::locate::{display_path, Located};
use crate::catalog as rules;
use crate::catalog::schema::deprecated_form;
use crate::diagnostic::Diagnostic;
use crate::syntax::json::to_json;
use crate::syntax::{Document, Entry};
use jsonschema::Validator;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// A deprecated branch: where its `oneOf`/`anyOf` holder sits in the schema, and a validator
/// for the branch alone.
pub struct DeprecatedBranch {
    holder: String,
    description: String,
    /// What to say about the form (`x-deprecated-message` in the schema).
    message: Option<String>,
    validator: Validator,
    /// The branch's `type`, when it names one: a value of another type cannot match, and
    /// is not converted to be asked (a Score container's `files` map and its contents).
    only_type: Option<String>,
}

/// The deprecated branches of a schema, and the schema locations a walk must pass through to
/// reach them (everything else is skipped: most documents never come near them).
#[derive(Default)]
pub struct Deprecations {
    branches: Vec<DeprecatedBranch>,
    /// Every relevant place and each of its ancestors: the walk asks at every member of a
    /// document whether its place leads to a relevant one, one look-up here rather than a
    /// comparison with each relevant place.
    leading: HashSet<String, foldhash::fast::RandomState>,
    /// For a schema place, the names of its `properties` that lead to a deprecated branch
    /// (sorted): where no other member can lead to one, the walk looks these up in a
    /// mapping instead of asking about each of its members.
    leading_properties: HashMap<String, Vec<String>, foldhash::fast::RandomState>,
}

impl Deprecations {
    pub fn new(root: &Value) -> Deprecations {
        let branches = collect(root);
        let mut relevant: Vec<String> = branches.iter().map(|b| b.holder.clone()).collect();
        // A `$ref` leads to a relevant place when its target is an ancestor of one; then the
        // object holding the `$ref` is relevant too. Repeat until nothing changes.
        let refs = collect_refs(root);
        loop {
            let before = relevant.len();
            for (at, target) in &refs {
                if !relevant.contains(at) && relevant.iter().any(|r| is_ancestor_or_self(target, r))
                {
                    relevant.push(at.clone());
                }
            }
            if relevant.len() == before {
                break;
            }
        }
        let mut leading = HashSet::default();
        for r in &relevant {
            // `r` itself, and each prefix that ends where a segment of `r` begins.
            leading.insert(r.clone());
            for (slash, _) in r.match_indices('/') {
                leading.insert(r[..slash].to_string());
            }
        }
        let mut leading_properties: HashMap<String, Vec<String>, _> = HashMap::default();
        for place in &leading {
            // `<schema>/properties/<name>`: read from the end, so a property named
            // `properties` is still a name.
            let Some((parent, name)) = place.rsplit_once('/') else {
                continue;
            };
            if let Some(schema) = parent.strip_suffix("/properties") {
                leading_properties
                    .entry(schema.to_string())
                    .or_default()
                    .push(unescape(name).into_owned());
            }
        }
        leading_properties
            .values_mut()
            .for_each(|names| names.sort());
        Deprecations {
            branches,
            leading,
            leading_properties,
        }
    }

    /// Whether `ptr` is a relevant place or an ancestor of one.
    fn leads_somewhere(&self, ptr: &str) -> bool {
        self.leading.contains(ptr)
    }
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

/// Finds every deprecated branch of a schema and compiles it with the root's `$defs`.
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
                            if let Ok(validator) = compile(&wrapped) {
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
                                    validator,
                                    only_type: b
                                        .get("type")
                                        .and_then(Value::as_str)
                                        .map(str::to_string),
                                });
                            }
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
    pub root_schema: &'a Value,
    pub deprecations: &'a Deprecations,
    pub out: &'a mut Vec<Diagnostic>,
    /// The `$ref` targets met so far, by the address of the schema object that holds the
    /// `$ref`: every item of a list meets the same one, and reading a JSON pointer each time
    /// was a tenth of the walk. Starts empty.
    pub targets: Vec<(*const Value, Option<&'a Value>)>,
}

/// The value a walk visits: a part of the document's converted JSON, or (for a document whose
/// data is its tree as written) the tree node the walk is at.
#[derive(Clone, Copy)]
pub enum Instance<'a> {
    Converted(&'a Value),
    Tree,
}

impl<'a> Walk<'a> {
    pub fn run(&mut self, json: Instance<'_>, at: Located) {
        if self.deprecations.branches.is_empty() {
            return;
        }
        // Both pointers are buffers that every visit extends and truncates again.
        let (mut ptr, mut inst_ptr) = (String::with_capacity(128), String::with_capacity(128));
        self.visit(self.root_schema, &mut ptr, json, at, &mut inst_ptr, 0);
    }

    /// Whether the value at `at` matches `branch`.
    fn matches(&self, branch: &DeprecatedBranch, json: Instance<'_>, at: Located) -> bool {
        match json {
            Instance::Converted(value) => branch.validator.is_valid(value),
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
                !other_type && branch.validator.is_valid(&to_json(self.doc, at.node))
            }
        }
    }

    /// Visits `json` (at `at` in the tree) against `schema`, found at `ptr` in the root
    /// schema; `inst_ptr` is the instance's JSON pointer. Both pointers are buffers that a
    /// child extends and truncates again: a large document has a node per line.
    fn visit(
        &mut self,
        schema: &'a Value,
        ptr: &mut String,
        json: Instance<'_>,
        at: Located,
        inst_ptr: &mut String,
        depth: usize,
    ) {
        if depth > 64 || !self.deprecations.leads_somewhere(ptr) {
            return;
        }
        if let Some(target) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        {
            let holder: *const Value = schema;
            let known = self.targets.iter().find(|(h, _)| *h == holder);
            let resolved = match known {
                Some(&(_, t)) => t,
                None => {
                    let t = resolve_pointer(self.root_schema, target);
                    self.targets.push((holder, t));
                    t
                }
            };
            if let Some(t) = resolved {
                self.visit(t, &mut target.to_string(), json, at, inst_ptr, depth + 1);
            }
        }
        let hits: Vec<(String, Option<String>)> = self
            .deprecations
            .branches
            .iter()
            .filter(|b| b.holder == *ptr && self.matches(b, json, at))
            .map(|b| (b.description.clone(), b.message.clone()))
            .collect();
        for (description, message) in hits {
            let span = at
                .key
                .map_or(self.doc.node(at.node).span, |k| self.doc.node(k).span);
            let mut d = Diagnostic::new(
                &rules::DEPRECATED_FORM,
                self.file,
                span,
                deprecated_form::message(&display_path(inst_ptr), message.as_deref()),
            );
            if !description.is_empty() {
                d = d.with_help(description);
            }
            self.out.push(d);
        }
        let doc = self.doc;
        let members = Members::of(schema);
        let mapping = match json {
            Instance::Converted(value) => value.is_object(),
            Instance::Tree => doc.is_mapping(at.node),
        };
        if mapping && !self.additional_leads(&members, ptr) {
            // Only some `properties` lead to a deprecated branch: those are looked up in
            // the mapping, rather than each of its members in the schema (most of a
            // document is members that lead nowhere).
            let names = self.deprecations.leading_properties.get(ptr.as_str());
            for name in names.into_iter().flatten() {
                let entry = doc.get_entry(at.node, name);
                let found = match json {
                    Instance::Converted(Value::Object(map)) => map
                        .get(name)
                        .and_then(|v| entry.map(|e| (e, Instance::Converted(v), false))),
                    _ => entry.map(|e| (e, Instance::Tree, false)),
                };
                self.visit_member(&members, ptr, name, || found, inst_ptr, depth);
            }
            return;
        }
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
                    if let Some(in_order) =
                        self.visit_member(&members, ptr, k, find, inst_ptr, depth)
                    {
                        next += usize::from(in_order);
                    }
                }
            }
            Instance::Tree if doc.is_mapping(at.node) => {
                for e in doc.entries(at.node) {
                    let k = doc.key_text(e.key).unwrap_or("");
                    let find = || Some((*e, Instance::Tree, true));
                    self.visit_member(&members, ptr, k, find, inst_ptr, depth);
                }
            }
            Instance::Converted(Value::Array(_)) | Instance::Tree => {
                let Some(sub) = schema.get("items").filter(|i| i.is_object()) else {
                    return;
                };
                let ptr_len = ptr.len();
                ptr.push_str("/items");
                if self.deprecations.leads_somewhere(ptr) {
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
                        inst_ptr.push('/');
                        inst_ptr.push_str(&i.to_string());
                        let at = Located { node: n, key: None };
                        self.visit(sub, ptr, item, at, inst_ptr, depth + 1);
                        inst_ptr.truncate(inst_len);
                    }
                }
                ptr.truncate(ptr_len);
            }
            Instance::Converted(_) => {}
        }
    }

    /// Whether a member that `members.properties` does not name can lead to a deprecated
    /// branch (through `additionalProperties`).
    fn additional_leads(&self, members: &Members<'_>, ptr: &mut String) -> bool {
        if members.additional.is_none() {
            return false;
        }
        *members.additional_leads.get_or_init(|| {
            let ptr_len = ptr.len();
            ptr.push_str("/additionalProperties");
            let leads = self.deprecations.leads_somewhere(ptr);
            ptr.truncate(ptr_len);
            leads
        })
    }

    /// Visits the member `key` of the mapping whose schema's `members` are given, when the
    /// schema has a place for it that can lead to a deprecated branch. `find` gives the member's entry, its
    /// value and whether it was the next entry in order; it is called only then, since most of
    /// a document lies where no deprecated form can be. Returns that order flag when the member
    /// was found.
    fn visit_member<'j>(
        &mut self,
        members: &Members<'a>,
        ptr: &mut String,
        key: &str,
        find: impl FnOnce() -> Option<(Entry, Instance<'j>, bool)>,
        inst_ptr: &mut String,
        depth: usize,
    ) -> Option<bool> {
        let ptr_len = ptr.len();
        let (sub, leads) = if let Some(sub) = members.properties.and_then(|p| p.get(key)) {
            ptr.push_str("/properties/");
            push_escaped(ptr, key);
            (sub, self.deprecations.leads_somewhere(ptr))
        } else if let Some(sub) = members.additional {
            ptr.push_str("/additionalProperties");
            // The same place for every such member: asked once per mapping.
            let leads = *members
                .additional_leads
                .get_or_init(|| self.deprecations.leads_somewhere(ptr));
            (sub, leads)
        } else {
            return None;
        };
        let mut found = None;
        if leads {
            if let Some((entry, value, in_order)) = find() {
                let inst_len = inst_ptr.len();
                inst_ptr.push('/');
                push_escaped(inst_ptr, key);
                let at = Located {
                    node: entry.value,
                    key: Some(entry.key),
                };
                self.visit(sub, ptr, value, at, inst_ptr, depth + 1);
                inst_ptr.truncate(inst_len);
                found = Some(in_order);
            }
        }
        ptr.truncate(ptr_len);
        found
    }
}

/// What a mapping's schema says of its members, looked up once per mapping rather than once
/// per member (each member asked the schema's map up to three times, each time hashing).
struct Members<'s> {
    properties: Option<&'s serde_json::Map<String, Value>>,
    additional: Option<&'s Value>,
    /// Whether `additional` can lead to a deprecated branch, once a member asks.
    additional_leads: std::cell::OnceCell<bool>,
}

impl<'s> Members<'s> {
    fn of(schema: &'s Value) -> Self {
        Members {
            properties: schema.get("properties").and_then(Value::as_object),
            additional: schema.get("additionalProperties").filter(|a| a.is_object()),
            additional_leads: std::cell::OnceCell::new(),
        }
    }
}

/// A JSON-pointer segment as the name it stands for (`~1` → `/`, `~0` → `~`).
fn unescape(segment: &str) -> Cow<'_, str> {
    if segment.contains('~') {
        Cow::Owned(segment.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(segment)
    }
}

/// What `Value::pointer` finds, without copying each segment as it does: a walk resolves
/// the `$ref`s it meets in every document.
fn resolve_pointer<'v>(root: &'v Value, pointer: &str) -> Option<&'v Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    pointer
        .strip_prefix('/')?
        .split('/')
        .try_fold(root, |value, segment| match value {
            Value::Object(map) => map.get(unescape(segment).as_ref()),
            Value::Array(items) => {
                let segment = unescape(segment);
                // As `Value::pointer`: no sign, no leading zero.
                if segment.starts_with('+') || (segment.starts_with('0') && segment.len() > 1) {
                    return None;
                }
                segment.parse::<usize>().ok().and_then(|i| items.get(i))
            }
            _ => None,
        })
}

/// Appends a JSON-pointer segment (`~` → `~0`, `/` → `~1`).
fn push_escaped(out: &mut String, segment: &str) {
    // Called for every member of a document; almost no key holds either character.
    if memchr::memchr2(b'~', b'/', segment.as_bytes()).is_none() {
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

    /// Every place of every schema, and pointers `Value::pointer` refuses, resolve to what
    /// it finds.
    #[test]
    fn pointers_resolve_as_serde_json_does() {
        fn places(v: &Value, ptr: String, out: &mut Vec<String>) {
            match v {
                Value::Object(map) => {
                    for (k, sub) in map {
                        let seg = k.replace('~', "~0").replace('/', "~1");
                        places(sub, format!("{ptr}/{seg}"), out);
                    }
                }
                Value::Array(items) => {
                    for (i, sub) in items.iter().enumerate() {
                        places(sub, format!("{ptr}/{i}"), out);
                    }
                }
                _ => {}
            }
            out.push(ptr);
        }
        let mut checked = 0;
        for file in super::super::catalog::all() {
            let root = &file.compiled().json;
            let mut all = Vec::new();
            places(root, String::new(), &mut all);
            all.extend(
                ["x", "/", "/nope", "/$defs/", "/required/01", "/required/+1"].map(String::from),
            );
            for ptr in &all {
                let ours = resolve_pointer(root, ptr).map(|v| v as *const Value);
                let theirs = root.pointer(ptr).map(|v| v as *const Value);
                assert_eq!(ours, theirs, "{}: {ptr}", file.file_name);
                checked += 1;
            }
        }
        assert!(checked > 1000, "{checked}");
        let escaped: Value = serde_json::json!({"a/b": {"c~d": [1, 2]}});
        assert_eq!(
            resolve_pointer(&escaped, "/a~1b/c~0d/1"),
            Some(&serde_json::json!(2))
        );
    }

    /// The properties that lead to a deprecated branch are those whose place the walk
    /// would find relevant.
    #[test]
    fn leading_properties_are_the_relevant_members() {
        for file in super::super::catalog::all() {
            let compiled = file.compiled();
            let deprecations = &compiled.deprecated;
            for (schema, names) in &deprecations.leading_properties {
                for name in names {
                    let place = format!(
                        "{schema}/properties/{}",
                        name.replace('~', "~0").replace('/', "~1")
                    );
                    assert!(
                        deprecations.leads_somewhere(&place),
                        "{}: {place}",
                        file.file_name
                    );
                }
            }
            for place in &deprecations.leading {
                if let Some((schema, name)) = place
                    .rsplit_once('/')
                    .and_then(|(parent, name)| Some((parent.strip_suffix("/properties")?, name)))
                {
                    let names = &deprecations.leading_properties[schema];
                    assert!(names.contains(&unescape(name).into_owned()), "{place}");
                }
            }
        }
    }
}
