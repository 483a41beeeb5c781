//! An owned, position-free copy of a workflow: what the planner and the simulator need.

use crate::kind::DocumentKind;
use crate::model::{Reader, Workflow};
use crate::syntax::{Document, NodeId};
use std::collections::{BTreeMap, BTreeSet};

/// One step, with every scalar the executors read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StepSpec {
    /// The step name (`step-<n>` when it has none, n from 1).
    pub name: String,
    pub step_type: String,
    pub depends_on: Vec<String>,
    pub parallel: bool,
    pub parallel_group: Option<i64>,
    pub when: Option<String>,
    pub condition_if: Option<String>,
    pub condition_unless: Option<String>,
    /// Top-level scalar fields (`namespace`, `operation`, `workingDir`, `repoName`, …).
    pub fields: BTreeMap<String, String>,
    /// Scalar entries of `config`.
    pub config: BTreeMap<String, String>,
    /// Keys of `config` whose scalar the platform's decoder does not give as a Go string (a
    /// number, a boolean, an unquoted date): an executor asserting a string finds none there.
    pub config_non_strings: BTreeSet<String>,
    /// Every scalar deeper inside `config` (nested mappings and lists, in document order):
    /// nothing renders them, but the dormant engine's strict check reads them.
    pub config_nested: Vec<String>,
    /// Step `variables` merged with `config.variables` (config wins), as terraform sees them.
    pub variables: BTreeMap<String, String>,
    pub env: BTreeMap<String, String>,
    pub set_variables: BTreeMap<String, String>,
    /// `outputs` names (terraform).
    pub outputs: Vec<String>,
}

impl StepSpec {
    /// A step of `step_type` named `name`, for tests and callers that build workflows.
    pub fn new(name: &str, step_type: &str) -> StepSpec {
        StepSpec {
            name: name.into(),
            step_type: step_type.into(),
            ..StepSpec::default()
        }
    }

    /// A `config` entry as the executors read it with Go's `.(string)`: absent when the
    /// value is missing or decoded as anything but a string.
    pub fn config_string(&self, key: &str) -> Option<&String> {
        self.config
            .get(key)
            .filter(|_| !self.config_non_strings.contains(key))
    }

    /// A top-level field, else the same key in `config` when it is a Go string there (the
    /// executors assert `.(string)`; a top-level field is a Go string whatever its scalar).
    pub fn field_or_config(&self, field: &str, config_key: &str) -> Option<&str> {
        self.fields
            .get(field)
            .or_else(|| self.config_string(config_key))
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }

    /// Fields set on this step that only the dormant engine reads (FORMATS.md §4.2 item 7).
    pub fn ignored_by_live_engine(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if !self.depends_on.is_empty() {
            out.push("dependsOn");
        }
        if self.parallel {
            out.push("parallel");
        }
        if self.parallel_group.is_some() {
            out.push("parallelGroup");
        }
        if self.when.is_some() {
            out.push("when");
        }
        if self.condition_if.is_some() {
            out.push("if");
        }
        if self.condition_unless.is_some() {
            out.push("unless");
        }
        if !self.env.is_empty() {
            out.push("env");
        }
        if !self.set_variables.is_empty() {
            out.push("setVariables");
        }
        if self.fields.contains_key("outputFile") {
            out.push("outputFile");
        }
        out
    }
}

/// A workflow ready to plan and simulate.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorkflowSpec {
    pub name: Option<String>,
    pub steps: Vec<StepSpec>,
    /// Workflow `variables` (scalars, as strings).
    pub variables: BTreeMap<String, String>,
}

impl WorkflowSpec {
    /// The workflow of a workflow document (`None` for other kinds).
    pub fn from_document(doc: &Document, kind: DocumentKind) -> Option<WorkflowSpec> {
        let wf = Workflow::from_document(doc, kind)?;
        Some(WorkflowSpec::from_workflow(doc, &wf))
    }

    pub fn from_workflow(doc: &Document, wf: &Workflow) -> WorkflowSpec {
        let r = Reader::new(doc);
        let steps = wf
            .steps
            .iter()
            .enumerate()
            .map(|(n, s)| {
                let fields = scalars(&r, Some(s.node));
                let config_node = s.config;
                let mut variables = scalars(&r, r.get(s.node, "variables"));
                if let Some(c) = config_node {
                    variables.extend(scalars(&r, r.get(c, "variables")));
                }
                let mut outputs: Vec<String> = r
                    .strings(s.node, "outputs")
                    .into_iter()
                    .map(|n| n.text.into())
                    .collect();
                if let Some(c) = config_node {
                    let more: Vec<String> = r
                        .strings(c, "outputs")
                        .into_iter()
                        .map(|n| n.text.into())
                        .collect();
                    if !more.is_empty() {
                        outputs = more;
                    }
                }
                StepSpec {
                    name: s
                        .name_text()
                        .map(str::to_string)
                        .unwrap_or_else(|| format!("step-{}", n + 1)),
                    step_type: s.type_text().unwrap_or_default().to_string(),
                    depends_on: s.depends_on.iter().map(|d| d.text.to_string()).collect(),
                    parallel: s.parallel.unwrap_or(false),
                    parallel_group: s.parallel_group.map(|(g, _)| g),
                    when: s.when.as_ref().map(|w| w.text.to_string()),
                    condition_if: s.condition_if.as_ref().map(|w| w.text.to_string()),
                    condition_unless: s.condition_unless.as_ref().map(|w| w.text.to_string()),
                    fields,
                    config: scalars(&r, config_node),
                    config_non_strings: non_strings(&r, config_node),
                    config_nested: config_node
                        .map(|c| {
                            let mut out = Vec::new();
                            for (_, value) in r.map_entries(c) {
                                if r.doc.scalar(value).is_none() {
                                    nested_scalars(&r, value, &mut out);
                                }
                            }
                            out
                        })
                        .unwrap_or_default(),
                    variables,
                    env: scalars(&r, r.get(s.node, "env")),
                    set_variables: scalars(&r, r.get(s.node, "setVariables")),
                    outputs,
                }
            })
            .collect();
        WorkflowSpec {
            name: wf.name.as_ref().map(|n| n.text.to_string()),
            steps,
            variables: scalars(&r, r.get(wf.holder, "variables")),
        }
    }
}

/// The scalar entries of a mapping, as strings (null becomes the empty string).
fn scalars(r: &Reader, map: Option<NodeId>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Some(map) = map.filter(|m| r.is_mapping(*m)) else {
        return out;
    };
    // Merge keys (`<<: *defaults`) bring their mapping's entries in, as the platform's YAML
    // decoder does: earlier sources win over later ones, the mapping's own keys over all.
    for source in merged_in(r, map) {
        out.extend(scalars(r, Some(source)));
    }
    for (key, value) in r.map_entries(map) {
        if let Some(s) = r.doc.scalar(value) {
            let text = match s.value {
                crate::syntax::ScalarValue::Null => String::new(),
                _ => s.text.as_str().to_owned(),
            };
            out.insert(key.text.into(), text);
        }
    }
    out
}

/// The mappings the merge keys (`<<`) of `map` bring in, in the order both readers below
/// fold them (each merge key's sources last to first, so earlier sources overwrite later).
fn merged_in(r: &Reader, map: NodeId) -> Vec<NodeId> {
    let merge_entries = r
        .doc
        .entries(map)
        .iter()
        .filter(|e| r.doc.is_merge_key(e.key));
    merge_entries
        .flat_map(|entry| r.doc.merge_sources(entry.value).into_iter().rev())
        .collect()
}

/// The keys of a mapping whose scalar value is set but decodes to no Go string (null is
/// the empty string in `scalars`, which every executor already treats as missing); merge
/// keys are followed as `scalars` follows them, so both agree on which value a key has.
fn non_strings(r: &Reader, map: Option<NodeId>) -> BTreeSet<String> {
    let mut typed: BTreeMap<String, bool> = BTreeMap::new();
    collect_non_strings(r, map, &mut typed);
    typed
        .into_iter()
        .filter_map(|(key, non_string)| non_string.then_some(key))
        .collect()
}

fn collect_non_strings(r: &Reader, map: Option<NodeId>, out: &mut BTreeMap<String, bool>) {
    let Some(map) = map.filter(|m| r.is_mapping(*m)) else {
        return;
    };
    for source in merged_in(r, map) {
        collect_non_strings(r, Some(source), out);
    }
    for (key, value) in r.map_entries(map) {
        if let Some(s) = r.doc.scalar(value) {
            let non_string =
                s.value != crate::syntax::ScalarValue::Null && !s.decodes_to_go_string();
            out.insert(key.text.into(), non_string);
        }
    }
}

/// Every non-null scalar inside `node` (mappings and lists, recursively; the tree's nesting
/// budget bounds the depth), in document order.
fn nested_scalars(r: &Reader, node: NodeId, out: &mut Vec<String>) {
    if let Some(s) = r.doc.scalar(node) {
        if !matches!(s.value, crate::syntax::ScalarValue::Null) {
            out.push(s.text.as_str().to_owned());
        }
        return;
    }
    if r.is_mapping(node) {
        for (_, value) in r.map_entries(node) {
            nested_scalars(r, value, out);
        }
    } else {
        for &item in r.doc.items(node) {
            nested_scalars(r, item, out);
        }
    }
}
