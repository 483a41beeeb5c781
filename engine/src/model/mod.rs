//! Typed views of platform documents with a span on every value rules point at. Built from
//! the syntax tree on demand; missing or mistyped fields are simply absent here (the schema
//! check reports them), so rules never trip over malformed input.

mod admin;
mod goldenpaths;
mod provider;
mod score;
mod text;
mod workflow;

pub use admin::{AdminConfig, AdminProvider, WorkflowPolicies};
pub use goldenpaths::{GoldenPath, GoldenPathParam, GoldenPaths};
pub use provider::{Capability, Operation, OperationRef, Provider, ProviderWorkflow};
pub use score::{Container, ScoreResource, ScoreSpec};
pub use text::Text;
pub use workflow::{Step, Workflow, WorkflowShape};

use crate::syntax::{Document, NodeId};
use crate::text::Span;

/// A string value and where it is written (for keys: the key's span).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    pub text: Text,
    pub span: Span,
}

/// Gives back the spare capacity of a model's list and of each item. Lists are collected
/// from filtered iterators, which grow by doubling, and the index keeps them for the whole
/// run: up to half of a list was room never used.
pub(crate) fn shrink_all<T>(list: &mut Vec<T>, item: impl FnMut(&mut T)) {
    list.iter_mut().for_each(item);
    list.shrink_to_fit();
}

/// Small helpers to read the tree without caring about malformed shapes.
pub(crate) struct Reader<'d> {
    pub doc: &'d Document,
    /// Whether the texts read are shared with equal ones ([`Text::new`]): for the models,
    /// which an index keeps; a rule's reads are dropped with its check and skip the look-up.
    share: bool,
}

impl<'d> Reader<'d> {
    pub fn new(doc: &'d Document) -> Self {
        Reader { doc, share: false }
    }

    /// A reader for a model that an index may keep: equal texts share one allocation.
    pub fn sharing(doc: &'d Document) -> Self {
        Reader { doc, share: true }
    }

    pub fn get(&self, node: NodeId, key: &str) -> Option<NodeId> {
        self.doc.get(node, key)
    }

    /// The values of several keys of mapping `node`, each what [`Reader::get`] gives, in
    /// one pass over its entries (a look-up per key read every key's text again). Merged
    /// mappings are searched, as `get` does, only for keys not written in `node` itself.
    pub fn get_each<const N: usize>(&self, node: NodeId, keys: [&str; N]) -> [Option<NodeId>; N] {
        let mut found = [None; N];
        let mut merges = false;
        for e in self.doc.entries(node) {
            if self.doc.is_merge_key(e.key) {
                merges = true;
                continue;
            }
            let Some(text) = self.doc.key_text(e.key) else {
                continue;
            };
            // The first entry of a key is the one `get` finds.
            if let Some(i) = (0..N).find(|&i| found[i].is_none() && keys[i] == text) {
                found[i] = Some(e.value);
            }
        }
        if merges {
            for (slot, key) in found.iter_mut().zip(keys) {
                if slot.is_none() {
                    *slot = self.get(node, key);
                }
            }
        }
        found
    }

    /// A scalar value of `key` (any scalar: the platform's decoder coerces scalars to strings).
    pub fn string(&self, node: NodeId, key: &str) -> Option<Named> {
        let value = self.get(node, key)?;
        self.scalar(value)
    }

    pub fn scalar(&self, value: NodeId) -> Option<Named> {
        let s = self.doc.scalar(value)?;
        Some(Named {
            text: if self.share {
                Text::new(s.text.as_str())
            } else {
                Text::unshared(s.text.as_str())
            },
            span: self.doc.node(self.doc.resolve(value)).span,
        })
    }

    /// The key of entry `key` in mapping `node` (its span is the key's).
    pub fn key(&self, node: NodeId, key: &str) -> Option<Named> {
        let entry = self.doc.get_entry(node, key)?;
        self.scalar(entry.key)
    }

    pub fn int(&self, node: NodeId, key: &str) -> Option<(i64, Span)> {
        let value = self.get(node, key)?;
        match self.doc.scalar(value)?.value {
            crate::syntax::ScalarValue::Int(i) => Some((i, self.doc.node(value).span)),
            // yaml.v3 drops the fraction of a float decoded into an int field (INN110), so
            // `parallelGroup: 1.5` is group 1 to the platform; out-of-range floats fail to
            // decode and have no value.
            crate::syntax::ScalarValue::Float(f)
                if f.is_finite() && f >= i64::MIN as f64 && f < i64::MAX as f64 =>
            {
                Some((f.trunc() as i64, self.doc.node(value).span))
            }
            _ => None,
        }
    }

    pub fn bool(&self, node: NodeId, key: &str) -> Option<bool> {
        let value = self.get(node, key)?;
        let s = self.doc.scalar(value)?;
        match s.value {
            crate::syntax::ScalarValue::Bool(b) => Some(b),
            // yaml.v3 also accepts YAML 1.1 words for bool fields.
            _ => match s.text.as_str() {
                "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Some(true),
                "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => Some(false),
                _ => None,
            },
        }
    }

    pub fn items(&self, node: NodeId, key: &str) -> Vec<NodeId> {
        self.get(node, key)
            .map(|v| self.doc.items(v).to_vec())
            .unwrap_or_default()
    }

    /// The scalar items of a list under `key`.
    pub fn strings(&self, node: NodeId, key: &str) -> Vec<Named> {
        self.items(node, key)
            .into_iter()
            .filter_map(|i| self.scalar(i))
            .collect()
    }

    /// The entries of a mapping under `key`: (key as written, value node).
    pub fn entries(&self, node: NodeId, key: &str) -> Vec<(Named, NodeId)> {
        self.entries_of(self.get(node, key)).collect()
    }

    pub fn map_entries(&self, map: NodeId) -> Vec<(Named, NodeId)> {
        self.entries_of(Some(map)).collect()
    }

    /// [`Reader::map_entries`] of `map` (none when `None`) one by one, for a caller that
    /// builds its own list from them (collecting them first was a list made and dropped
    /// per mapping).
    pub fn entries_of(&self, map: Option<NodeId>) -> impl Iterator<Item = (Named, NodeId)> + '_ {
        let entries = map.map_or(&[][..], |m| self.doc.entries(m));
        entries
            .iter()
            .filter(|e| !self.doc.is_merge_key(e.key))
            .filter_map(|e| self.scalar(e.key).map(|k| (k, e.value)))
    }

    pub fn is_mapping(&self, node: NodeId) -> bool {
        self.doc.is_mapping(node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// One pass finds what a look-up per key finds: the first entry of a key written twice,
    /// keys brought in by merge keys only where not written, and nothing for absent keys.
    #[test]
    fn several_keys_read_in_one_pass_are_what_get_reads() {
        let texts = [
            "a: 1\nb: 2\na: 3\n",
            "base: &b\n  a: 1\n  c: 5\n<<: *b\nb: 2\n",
            "x: &x {c: 1}\ny: &y {a: 2}\n<<: [*x, *y]\na: 9\n",
            "[a]: 1\nb: 2\n",
        ];
        for text in texts {
            let parsed = crate::syntax::parse(&Arc::from("m.yaml"), text);
            let doc = &parsed.documents[0];
            let r = Reader::new(doc);
            let root = doc.root.expect("a root");
            let keys = ["a", "b", "c", "d"];
            assert_eq!(
                r.get_each(root, keys),
                keys.map(|k| r.get(root, k)),
                "{text}"
            );
        }
    }

    /// Two specs naming the same resource type: the models, which an index keeps, hold the
    /// words once; what a rule reads of a tree is its own.
    #[test]
    fn models_share_equal_texts_and_rule_reads_do_not() {
        let text = "resources:\n  db:\n    type: postgres-shared-type\n";
        let a = crate::syntax::parse(&Arc::from("a.yaml"), text);
        let b = crate::syntax::parse(&Arc::from("b.yaml"), text);
        let type_of = |parsed: &crate::syntax::ParsedFile| {
            let spec = ScoreSpec::from_document(&parsed.documents[0]).expect("a spec");
            spec.resources[0]
                .resource_type
                .clone()
                .expect("a type")
                .text
        };
        let (ta, tb) = (type_of(&a), type_of(&b));
        assert_eq!(ta, "postgres-shared-type");
        assert!(ta.shares_with(&tb));
        let doc = &a.documents[0];
        let r = Reader::new(doc);
        let db = r
            .get(r.get(doc.root.unwrap(), "resources").unwrap(), "db")
            .unwrap();
        let read = r.string(db, "type").expect("a type").text;
        assert_eq!(read, ta);
        assert!(!read.shares_with(&ta));
    }
}
