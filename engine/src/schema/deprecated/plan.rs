//! The part of a schema that can lead a walk to a deprecated branch, resolved once per
//! schema into a small graph of steps. A walk of a document follows it without looking
//! anything up in the schema's JSON: asking the schema's maps at every step (hashing each
//! keyword), resolving each `$ref` and building pointer strings cost as much as validating
//! the document against the whole schema.

use super::{push_escaped, DeprecatedBranch};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// A place of the schema a walk can stand at (it leads to a deprecated branch).
pub type StepId = usize;

/// What the schema at one place says about where a walk goes next.
#[derive(Default)]
pub struct Step {
    /// The place its `$ref` names, when that leads somewhere.
    pub reference: Option<StepId>,
    /// The deprecated branches held here, by index, in the schema's order.
    pub branches: Vec<usize>,
    /// Every member named in `properties`, with its place when that leads somewhere: a
    /// named member never falls back to `additionalProperties`, even where it leads nowhere.
    pub properties: FastMap<String, Option<StepId>>,
    /// `additionalProperties` when it is a schema, with its place when that leads somewhere.
    pub additional: Option<Option<StepId>>,
    /// The place of `items` (a schema) when it leads somewhere.
    pub items: Option<StepId>,
}

/// The steps, the root's first (when the root leads anywhere).
#[derive(Default)]
pub struct Plan {
    steps: Vec<Step>,
}

impl Plan {
    /// `leading` holds every place that is, or is an ancestor of, a place the walk must
    /// reach (JSON pointers into `root`).
    pub fn new(root: &Value, branches: &[DeprecatedBranch], leading: &HashSet<String>) -> Plan {
        let mut builder = Builder {
            root,
            branches,
            leading,
            plan: Plan::default(),
            made: HashMap::new(),
        };
        builder.step(root, String::new());
        builder.plan
    }

    /// Where a walk starts.
    pub fn root(&self) -> Option<StepId> {
        (!self.steps.is_empty()).then_some(0)
    }

    pub fn step(&self, id: StepId) -> &Step {
        &self.steps[id]
    }
}

struct Builder<'a> {
    root: &'a Value,
    branches: &'a [DeprecatedBranch],
    leading: &'a HashSet<String>,
    plan: Plan,
    /// The step made for each place: a `$ref` cycle comes back to a step being made.
    made: HashMap<String, StepId>,
}

impl Builder<'_> {
    /// The step for the schema `schema` found at `ptr`, if a walk can go there.
    fn step(&mut self, schema: &Value, ptr: String) -> Option<StepId> {
        if !self.leading.contains(&ptr) {
            return None;
        }
        if let Some(&id) = self.made.get(&ptr) {
            return Some(id);
        }
        let id = self.plan.steps.len();
        self.plan.steps.push(Step::default());
        self.made.insert(ptr.clone(), id);
        let mut step = Step {
            branches: (self.branches.iter().enumerate())
                .filter(|(_, b)| b.holder == ptr)
                .map(|(i, _)| i)
                .collect(),
            ..Step::default()
        };
        if let Some(target) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        {
            if let Some(t) = self.root.pointer(target) {
                step.reference = self.step(t, target.to_string());
            }
        }
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (key, sub) in properties {
                let mut at = format!("{ptr}/properties/");
                push_escaped(&mut at, key);
                let next = self.step(sub, at);
                step.properties.insert(key.clone(), next);
            }
        }
        if let Some(sub) = schema.get("additionalProperties").filter(|a| a.is_object()) {
            step.additional = Some(self.step(sub, format!("{ptr}/additionalProperties")));
        }
        if let Some(sub) = schema.get("items").filter(|i| i.is_object()) {
            step.items = self.step(sub, format!("{ptr}/items"));
        }
        self.plan.steps[id] = step;
        Some(id)
    }
}
