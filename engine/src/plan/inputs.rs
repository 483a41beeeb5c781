//! Where a dry-run's parameters come from when it is not given a bare workflow: the golden
//! path that runs the workflow (its parameter defaults), or a Score spec whose resources
//! resolve to provider workflows (FORMATS.md §4.8) with the engine's inputs (§1.5 A).

use super::spec::WorkflowSpec;
use crate::model::{GoldenPath, Reader, ScoreSpec};
use crate::platform::inputs::engine_inputs;
use crate::syntax::Document;
use crate::workspace::{normalize, DocRef, Workspace};
use std::collections::BTreeMap;

/// A golden path's parameters as the CLI fills them in before a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GoldenPathInputs {
    pub name: String,
    /// Defaults (`parameters.*.default`, legacy `optional_params`).
    pub defaults: BTreeMap<String, String>,
    /// Parameters without a default that must be given.
    pub required: Vec<String>,
}

impl GoldenPathInputs {
    /// `given` over the defaults, and the required parameters still missing.
    pub fn apply(
        &self,
        given: &BTreeMap<String, String>,
    ) -> (BTreeMap<String, String>, Vec<String>) {
        let mut params = self.defaults.clone();
        params.extend(given.clone());
        let missing = self
            .required
            .iter()
            .filter(|r| !params.contains_key(*r))
            .cloned()
            .collect();
        (params, missing)
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// The golden path named `name`, or else the one whose workflow file has the file name of
/// `workflow_path` (the server only uses the file name, FORMATS.md §1.7).
pub fn golden_path_for(
    ws: &Workspace,
    name: Option<&str>,
    workflow_path: &str,
) -> Option<GoldenPathInputs> {
    golden_path_within(ws, |_| true, name, workflow_path)
}

/// [`golden_path_for`] among the golden paths of the files `within` accepts (by file index).
pub fn golden_path_within(
    ws: &Workspace,
    within: impl Fn(usize) -> bool,
    name: Option<&str>,
    workflow_path: &str,
) -> Option<GoldenPathInputs> {
    for (at, gps) in ws.golden_paths.iter().filter(|(at, _)| within(at.file)) {
        let found = gps.paths.iter().find(|gp| match name {
            Some(n) => gp.name.text == n,
            None => gp
                .workflow
                .as_ref()
                .is_some_and(|w| file_name(&w.text) == file_name(workflow_path)),
        });
        if let Some(gp) = found {
            let file = ws.tree(at.file)?;
            return Some(inputs_of(file.parsed.documents.get(at.doc)?, gp));
        }
    }
    None
}

fn inputs_of(doc: &Document, gp: &GoldenPath) -> GoldenPathInputs {
    let r = Reader::new(doc);
    let mut out = GoldenPathInputs {
        name: gp.name.text.to_string(),
        ..GoldenPathInputs::default()
    };
    if !gp.parameters.is_empty() {
        for p in &gp.parameters {
            match &p.default {
                Some(d) => {
                    out.defaults
                        .insert(p.name.text.to_string(), d.text.to_string());
                }
                None if p.required == Some(true) => out.required.push(p.name.text.to_string()),
                None => {}
            }
        }
        return out;
    }
    // Legacy lists, used only when `parameters` is empty (§1.7).
    for n in r.strings(gp.node, "required_params") {
        out.required.push(n.text.into());
    }
    for (k, v) in r.entries(gp.node, "optional_params") {
        out.defaults.insert(
            k.text.into(),
            r.scalar(v).map(|s| s.text.into()).unwrap_or_default(),
        );
    }
    out
}

/// One Score resource and the provider workflow that would provision it.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceRun {
    pub resource: String,
    pub resource_type: String,
    /// The resolution, or the error the orchestration engine would record.
    pub resolved: Result<ResolvedWorkflow, String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ResolvedWorkflow {
    pub provider: String,
    pub workflow: String,
    /// The workflow file as the workspace knows it.
    pub file: String,
    pub spec: WorkflowSpec,
    /// The engine's inputs for this resource (before the workflow's own variables).
    pub inputs: BTreeMap<String, String>,
}

/// Every resource of the Score spec at `at`, resolved to its `create` workflow.
pub fn score_runs(ws: &Workspace, at: DocRef) -> Vec<ResourceRun> {
    let Some(spec) = ws.score(at) else {
        return Vec::new();
    };
    let Some(file) = ws.tree(at.file) else {
        return Vec::new();
    };
    let Some(doc) = file.parsed.documents.get(at.doc) else {
        return Vec::new();
    };
    resource_runs(ws, |_| true, doc, spec)
}

/// Every resource of `spec` (the model of `doc`, which need not be part of `ws`), resolved
/// to its `create` workflow among the providers and workflow files of the files `within`
/// accepts (by file index).
pub fn resource_runs(
    ws: &Workspace,
    within: impl Fn(usize) -> bool,
    doc: &Document,
    spec: &ScoreSpec,
) -> Vec<ResourceRun> {
    let r = Reader::new(doc);
    let app = spec
        .name
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default();
    spec.resources
        .iter()
        .map(|res| {
            let resource_type = res
                .resource_type
                .as_ref()
                .map(|t| t.text.to_string())
                .unwrap_or_default();
            let resolved =
                resolve(ws, &within, &resource_type).map(|(provider, workflow, file, spec)| {
                    let sections = [r.get(res.node, "params"), r.get(res.node, "properties")];
                    let mut inputs =
                        engine_inputs(doc, sections, &app, &res.name.text, &resource_type);
                    for (k, v) in &spec.variables {
                        inputs.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                    ResolvedWorkflow {
                        provider,
                        workflow,
                        file,
                        spec,
                        inputs,
                    }
                });
            ResourceRun {
                resource: res.name.text.to_string(),
                resource_type,
                resolved,
            }
        })
        .collect()
}

/// §4.8 steps 3–4: the platform's resolution (`Workspace::resolve`), then the workflow file
/// the engine loads; each failure is the error the engine would record.
fn resolve(
    ws: &Workspace,
    within: &impl Fn(usize) -> bool,
    resource_type: &str,
) -> Result<(String, String, String, WorkflowSpec), String> {
    let resolved = ws.resolve_within(resource_type, within).map_err(|why| {
        why.platform_error(resource_type, |p| {
            p.model.name_text().unwrap_or_default().to_string()
        })
    })?;
    let pname = resolved
        .provider
        .model
        .name_text()
        .unwrap_or_default()
        .to_string();
    let workflow = resolved.workflow.text.to_string();
    let file = resolved
        .file
        .clone()
        .ok_or_else(|| format!("provider '{pname}' declares no file for workflow '{workflow}'"))?;
    let entry = resolved.entry.filter(|w| within(w.at.file)).ok_or_else(|| {
        format!(
            "provider '{pname}' runs workflow '{workflow}' from {}, which is missing or not a workflow",
            normalize(&file)
        )
    })?;
    let tree = ws.tree(entry.at.file);
    let doc = tree
        .as_deref()
        .and_then(|f| f.parsed.documents.get(entry.at.doc))
        .ok_or_else(|| format!("cannot read workflow file {}", normalize(&file)))?;
    let spec = WorkflowSpec::from_workflow(doc, &entry.model);
    Ok((pname, workflow, file, spec))
}
