//! The workflow variables a run receives, as `.parameters.<key>` in templates and as
//! `${workflow.<key>}` for the pre-flight check (FORMATS.md §1.5, §4.2, §4.8):
//!
//! - provider workflows: the engine inputs `app_name`, `resource_name`, `resource_type`,
//!   `bucket_name`, `namespace`, the resource configuration (`type`, `app_name` and every
//!   `params`/`properties` key of the Score resources that resolve to the workflow), and the
//!   workflow's `variables`;
//! - golden-path workflows: the golden path's parameters and the workflow's `spec.variables`.
//!
//! The set is only known when the workspace says who runs the workflow: a provider workflow
//! counts as known when it declares its `parameters` (the documented contract) or when Score
//! resources of the workspace resolve to it; a golden-path workflow when a golden path of the
//! workspace runs it.

use crate::lint::LintContext;
use crate::model::{Workflow, WorkflowShape};
use crate::rules::compatibility::engines::{referencing_golden_paths, referencing_providers};
use crate::workspace::{join, normalize};

/// Where an input comes from, for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Engine,
    Variable,
    /// The provider workflow's own `parameters` list.
    Declared,
    /// `params`/`properties` of a Score resource (its name).
    Resource(String),
    /// A golden path's parameter (the golden path's name).
    GoldenPath(String),
}

#[derive(Clone, Debug, Default)]
pub struct Inputs {
    pub names: Vec<(String, Origin)>,
    /// Score resources that resolve to this workflow.
    pub resources: Vec<String>,
    /// Golden paths that run this workflow.
    pub golden_paths: Vec<String>,
}

impl Inputs {
    pub fn has(&self, name: &str) -> bool {
        self.names.iter().any(|(n, _)| n == name)
    }

    fn add(&mut self, name: &str, origin: Origin) {
        if !self.has(name) {
            self.names.push((name.to_string(), origin));
        }
    }

    pub fn sorted_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.names.iter().map(|(n, _)| n.as_str()).collect();
        names.sort_unstable();
        names
    }

    /// Where the inputs come from, for help texts.
    pub fn describe(&self) -> String {
        if !self.golden_paths.is_empty() {
            return format!(
                "the parameters of golden path{} {} and `spec.variables`",
                if self.golden_paths.len() == 1 {
                    ""
                } else {
                    "s"
                },
                quoted(&self.golden_paths)
            );
        }
        let mut parts = vec![
            "the engine inputs (`app_name`, `resource_name`, `resource_type`, `bucket_name`, `namespace`)"
                .to_string(),
            "`variables`".to_string(),
            "the workflow's `parameters` list".to_string(),
        ];
        if !self.resources.is_empty() {
            parts.push(format!(
                "the `params`/`properties` of Score resource{} {}",
                if self.resources.len() == 1 { "" } else { "s" },
                quoted(&self.resources)
            ));
        }
        parts.join(", ")
    }
}

fn quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|t| format!("`{t}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The inputs of `wf` (a workflow of the document under check), when they are known.
pub fn inputs(cx: &LintContext<'_>, wf: &Workflow) -> Option<Inputs> {
    match wf.shape {
        WorkflowShape::Provider => provider_inputs(cx, wf),
        WorkflowShape::GoldenPath => golden_path_inputs(cx, wf),
        _ => None,
    }
}

fn provider_inputs(cx: &LintContext<'_>, wf: &Workflow) -> Option<Inputs> {
    let mut inputs = Inputs::default();
    for name in crate::platform::inputs::always_present() {
        inputs.add(name, Origin::Engine);
    }
    for v in &wf.variables {
        inputs.add(&v.text, Origin::Variable);
    }
    for p in &wf.parameters {
        inputs.add(&p.text, Origin::Declared);
    }
    let here = normalize(cx.file());
    let ws = cx.ws;
    for (provider, _) in referencing_providers(cx) {
        let names: Vec<&str> = provider
            .model
            .workflows
            .iter()
            .filter(|w| {
                w.file
                    .as_ref()
                    .is_some_and(|f| join(&provider.dir, &f.text) == here)
            })
            .filter_map(|w| w.name.as_ref().map(|n| n.text.as_str()))
            .collect();
        for (_, spec) in &ws.scores {
            for res in &spec.resources {
                let Some(t) = &res.resource_type else {
                    continue;
                };
                let runs_here = ws.resolve(&t.text).is_ok_and(|r| {
                    r.provider.at == provider.at && names.contains(&r.workflow.text.as_str())
                });
                if !runs_here {
                    continue;
                }
                if !inputs.resources.iter().any(|r| *r == res.name.text) {
                    inputs.resources.push(res.name.text.to_string());
                }
                for key in &res.param_keys {
                    inputs.add(&key.text, Origin::Resource(res.name.text.to_string()));
                }
            }
        }
    }
    (!wf.parameters.is_empty() || !inputs.resources.is_empty()).then_some(inputs)
}

fn golden_path_inputs(cx: &LintContext<'_>, wf: &Workflow) -> Option<Inputs> {
    let paths = referencing_golden_paths(cx);
    if paths.is_empty() {
        return None;
    }
    let mut inputs = Inputs::default();
    for (_, gp, _) in paths {
        inputs.golden_paths.push(gp.name.text.to_string());
        for p in &gp.parameters {
            inputs.add(&p.name.text, Origin::GoldenPath(gp.name.text.to_string()));
        }
        for p in &gp.legacy_params {
            inputs.add(&p.text, Origin::GoldenPath(gp.name.text.to_string()));
        }
    }
    for v in &wf.variables {
        inputs.add(&v.text, Origin::Variable);
    }
    Some(inputs)
}
