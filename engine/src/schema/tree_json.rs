//! The syntax tree read as JSON by the validator, without converting it first.
//!
//! Converting every document into a `serde_json::Value` (a heap block per key and per string,
//! freed again right after) cost about as much as validating it. For a document whose data is
//! its tree as written ([`Document::data_as_written`]: no aliases, merge keys, duplicate or
//! collection keys) the tree already is the decoder's view, so the validator walks it in place.
//! Other documents are still converted by [`crate::syntax::json::to_json`], which applies merges
//! and first-wins duplicates and expands aliases (within the budgets the parser applied).
//!
//! Scalars mean what `to_json` makes of them: the YAML 1.2 core schema's null, booleans,
//! integers and floats, and strings otherwise (a float that JSON cannot hold, such as `.inf`,
//! stays its text).

use crate::syntax::json::to_json;
use crate::syntax::{Document, Entry, NodeId, NodeKind, Scalar, ScalarValue};
use jsonschema::json::{cmp, Array, Json, Node, NodeIdentity, Object};
use jsonschema::types::JsonType;
use serde_json::{Number, Value};
use std::borrow::Cow;

/// The representation: documents whose data is their tree as written.
pub struct TreeJson;

impl Json for TreeJson {
    type Node<'a> = TreeNode<'a>;
    type PreparedKey = Box<str>;
    type StringBuffer = ();

    /// A lookup scans the mapping's entries, so one pass over the members never costs more
    /// than the lookups it replaces.
    const KEYS_PER_LOOKUP: usize = 1 << 16;
    /// Such documents have no aliases: no node is inside itself.
    const ACYCLIC: bool = true;

    fn prepare_key(key: &str) -> Box<str> {
        key.into()
    }

    fn with_string_node<T>((): &mut (), string: &str, f: impl FnOnce(TreeNode<'_>) -> T) -> T {
        f(TreeNode::Name(string))
    }
}

/// A node of a document, or a mapping key's name (for `propertyNames`).
#[derive(Clone, Copy)]
pub enum TreeNode<'a> {
    Tree { doc: &'a Document, id: NodeId },
    Name(&'a str),
}

impl<'a> TreeNode<'a> {
    /// The root of `doc`, for a document with [`Document::data_as_written`].
    pub fn new(doc: &'a Document, id: NodeId) -> TreeNode<'a> {
        debug_assert!(
            doc.data_as_written,
            "documents with aliases are converted first"
        );
        TreeNode::Tree { doc, id }
    }

    fn kind(&self) -> Option<&'a NodeKind> {
        match *self {
            TreeNode::Tree { doc, id } => Some(&doc.node(id).kind),
            TreeNode::Name(_) => None,
        }
    }

    fn scalar(&self) -> Option<&'a Scalar> {
        match self.kind() {
            Some(NodeKind::Scalar(s)) => Some(s),
            _ => None,
        }
    }
}

/// The JSON number of a scalar, if it is one (a non-finite float is a string, as in `to_json`).
fn number(s: &Scalar) -> Option<Number> {
    match s.value {
        ScalarValue::Int(i) => Some(i.into()),
        ScalarValue::Float(f) => Number::from_f64(f),
        _ => None,
    }
}

fn text(s: &Scalar) -> Option<&str> {
    match s.value {
        ScalarValue::String => Some(s.text.as_str()),
        ScalarValue::Float(f) if !f.is_finite() => Some(s.text.as_str()),
        _ => None,
    }
}

impl<'a> Node<'a, TreeJson> for TreeNode<'a> {
    type Object = TreeObject<'a>;
    type Array = TreeArray<'a>;
    type Number = Number;

    fn as_object(&self) -> Option<TreeObject<'a>> {
        match (self, self.kind()) {
            (&TreeNode::Tree { doc, .. }, Some(NodeKind::Mapping(entries))) => {
                Some(TreeObject { doc, entries })
            }
            _ => None,
        }
    }

    fn as_array(&self) -> Option<TreeArray<'a>> {
        match (self, self.kind()) {
            (&TreeNode::Tree { doc, .. }, Some(NodeKind::Sequence(items))) => {
                Some(TreeArray { doc, items })
            }
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match *self {
            TreeNode::Name(name) => Some(Cow::Borrowed(name)),
            TreeNode::Tree { .. } => self.scalar().and_then(text).map(Cow::Borrowed),
        }
    }

    fn as_number(&self) -> Option<Number> {
        self.scalar().and_then(number)
    }

    fn as_boolean(&self) -> Option<bool> {
        match self.scalar()?.value {
            ScalarValue::Bool(b) => Some(b),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        self.json_type() == JsonType::Null
    }

    fn json_type(&self) -> JsonType {
        match self.kind() {
            None => JsonType::String,
            Some(NodeKind::Mapping(_)) => JsonType::Object,
            Some(NodeKind::Sequence(_)) => JsonType::Array,
            // Not in documents read this way; `to_json` makes an unresolved alias a null.
            Some(NodeKind::Alias { .. }) => JsonType::Null,
            Some(NodeKind::Scalar(s)) => match s.value {
                ScalarValue::Null => JsonType::Null,
                ScalarValue::Bool(_) => JsonType::Boolean,
                ScalarValue::Int(_) => JsonType::Number,
                ScalarValue::Float(f) if f.is_finite() => JsonType::Number,
                ScalarValue::Float(_) | ScalarValue::String => JsonType::String,
            },
        }
    }

    fn string_length(&self) -> Option<u64> {
        let s = self.as_string()?;
        Some(if s.is_ascii() {
            s.len()
        } else {
            s.chars().count()
        } as u64)
    }

    /// `enum` and `const` compare every string they meet: compare scalars in place rather than
    /// building a `Value` for each.
    fn equals_value(&self, expected: &Value) -> bool {
        match (self.json_type(), expected) {
            (JsonType::String, Value::String(e)) => self.as_string().is_some_and(|s| *s == **e),
            (JsonType::Null, _) => expected.is_null(),
            (JsonType::Boolean, _) => self.as_boolean() == expected.as_bool(),
            (JsonType::Number, Value::Number(e)) => {
                self.as_number().is_some_and(|n| cmp::equal_numbers(&n, e))
            }
            (JsonType::Object | JsonType::Array, Value::Object(_) | Value::Array(_)) => {
                cmp::equal(&self.to_value(), expected)
            }
            _ => false,
        }
    }

    fn to_value(&self) -> Cow<'a, Value> {
        Cow::Owned(match *self {
            TreeNode::Name(name) => Value::String(name.to_owned()),
            TreeNode::Tree { doc, id } => to_json(doc, id),
        })
    }

    fn identity(&self) -> Option<NodeIdentity> {
        match *self {
            // One document is validated at a time: its address tells documents apart, the
            // node's index nodes within it.
            TreeNode::Tree { doc, id } => Some(NodeIdentity::tagged(
                std::ptr::from_ref(doc) as usize,
                u32::try_from(id).ok()?,
            )),
            TreeNode::Name(_) => None,
        }
    }
}

/// A mapping: its entries as written (each key once, so the first match is the only one).
#[derive(Clone, Copy)]
pub struct TreeObject<'a> {
    doc: &'a Document,
    entries: &'a [Entry],
}

fn key_name(doc: &Document, key: NodeId) -> &str {
    doc.key_text(key).unwrap_or("")
}

impl<'a> Object<'a, TreeJson> for TreeObject<'a> {
    type Node = TreeNode<'a>;
    type MemberName = &'a str;
    type MembersIter = TreeMembers<'a>;

    fn len(&self) -> usize {
        self.entries.len()
    }

    fn get(&self, key: &Box<str>) -> Option<TreeNode<'a>> {
        let doc = self.doc;
        self.entries
            .iter()
            .find(|e| key_name(doc, e.key) == &**key)
            .map(|e| TreeNode::Tree { doc, id: e.value })
    }

    fn members(&self) -> TreeMembers<'a> {
        TreeMembers {
            doc: self.doc,
            entries: self.entries.iter(),
        }
    }
}

pub struct TreeMembers<'a> {
    doc: &'a Document,
    entries: std::slice::Iter<'a, Entry>,
}

impl<'a> Iterator for TreeMembers<'a> {
    type Item = (&'a str, TreeNode<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let doc = self.doc;
        self.entries
            .next()
            .map(|e| (key_name(doc, e.key), TreeNode::Tree { doc, id: e.value }))
    }
}

#[derive(Clone, Copy)]
pub struct TreeArray<'a> {
    doc: &'a Document,
    items: &'a [NodeId],
}

impl<'a> Array<'a, TreeJson> for TreeArray<'a> {
    type Node = TreeNode<'a>;
    type ElementsIter = TreeItems<'a>;

    fn len(&self) -> usize {
        self.items.len()
    }

    fn elements(&self) -> TreeItems<'a> {
        TreeItems {
            doc: self.doc,
            items: self.items.iter(),
        }
    }
}

pub struct TreeItems<'a> {
    doc: &'a Document,
    items: std::slice::Iter<'a, NodeId>,
}

impl<'a> Iterator for TreeItems<'a> {
    type Item = TreeNode<'a>;

    fn next(&mut self) -> Option<TreeNode<'a>> {
        let doc = self.doc;
        self.items.next().map(|&id| TreeNode::Tree { doc, id })
    }
}
