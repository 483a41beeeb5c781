//! The dry run of a Score spec: every resource through the `create` workflow of the
//! provider that claims its type (FORMATS.md §4.8), with the engine's inputs and the
//! resource's state changes, then the workflows embedded in the spec as the legacy runner
//! runs them at deploy time (§4.9).

use super::error::Error;
use super::report::{Outcome, Report, ResourceInfo, Run};
use super::repository::contains;
use super::request::Request;
use crate::model::ScoreSpec;
use crate::plan::{resource_runs, Engine, Fate, Stepper, WorkflowSpec};
use crate::source::SourceFile;
use crate::workspace::Workspace;
use std::collections::{BTreeMap, BTreeSet};

/// One run per resource of the Score spec (document `doc` of `src`), resolved against the
/// providers of `request.repository` in `ws`.
pub(super) fn score_report(
    src: &SourceFile,
    doc: usize,
    ws: &Workspace,
    request: &Request,
    mut stepper: Option<&mut dyn Stepper>,
) -> Result<Report, Error> {
    let engine = request.engine;
    let doc_tree = &src.parsed.documents[doc];
    let spec = ScoreSpec::from_document(doc_tree);
    let app = spec
        .as_ref()
        .and_then(|s| s.name.as_ref().map(|n| n.text.to_string()))
        .unwrap_or_default();
    let mut runs = Vec::new();
    // Step names of every simulated workflow, to find scenario entries that fit none.
    let mut known: BTreeSet<String> = BTreeSet::new();
    let within = |fi: usize| contains(&request.repository, ws.path(fi));
    let resources = match &spec {
        Some(spec) => resource_runs(ws, within, doc_tree, spec),
        None => Vec::new(),
    };
    if let Some(wanted) = &request.resource {
        if !resources.iter().any(|r| &r.resource == wanted) {
            return Err(Error::NoResource {
                file: src.file.to_string(),
                name: wanted.clone(),
                resources: resources.iter().map(|r| r.resource.clone()).collect(),
            });
        }
    }
    for r in resources {
        if request.resource.as_ref().is_some_and(|w| *w != r.resource) {
            continue;
        }
        let run = match r.resolved {
            Ok(resolved) => {
                let mut params = resolved.inputs.clone();
                params.extend(request.parameters.clone());
                let scenario = request.scenario.restricted_to(&resolved.spec);
                known.extend(resolved.spec.steps.iter().map(|s| s.name.clone()));
                let outcome = Outcome::simulate(
                    resolved.spec,
                    engine,
                    &params,
                    &scenario,
                    stepper.as_mut().map(|s| &mut **s as &mut dyn Stepper),
                );
                let notes = vec![resource_states(&outcome)];
                Run {
                    file: resolved.file,
                    engine,
                    resource: Some(ResourceInfo {
                        name: r.resource,
                        resource_type: r.resource_type,
                        provider: Some(resolved.provider),
                        workflow: Some(resolved.workflow),
                    }),
                    golden_path: None,
                    parameters: params,
                    notes,
                    outcome,
                }
            }
            Err(e) => Run {
                file: String::new(),
                engine,
                resource: Some(ResourceInfo {
                    name: r.resource,
                    resource_type: r.resource_type,
                    provider: None,
                    workflow: None,
                }),
                golden_path: None,
                parameters: BTreeMap::new(),
                notes: vec![format!(
                    "resource state: requested → failed (Failed to provision: {e})"
                )],
                outcome: Outcome::Unresolved(e),
            },
        };
        runs.push(run);
    }
    // Workflows embedded in the spec run at deploy time on the legacy runner (§4.9), which
    // knows no variables: the application name is all they get.
    if request.resource.is_none() {
        let embedded: Vec<WorkflowSpec> = spec
            .as_ref()
            .map(|spec| {
                spec.workflows
                    .iter()
                    .map(|(name, wf)| {
                        let mut w = WorkflowSpec::from_workflow(doc_tree, wf);
                        w.name.get_or_insert_with(|| name.text.to_string());
                        w
                    })
                    .collect()
            })
            .unwrap_or_default();
        for wf in embedded {
            let params = BTreeMap::from([("app_name".to_string(), app.clone())]);
            let scenario = request.scenario.restricted_to(&wf);
            known.extend(wf.steps.iter().map(|s| s.name.clone()));
            let outcome = Outcome::simulate(
                wf,
                Engine::Legacy,
                &params,
                &scenario,
                stepper.as_mut().map(|s| &mut **s as &mut dyn Stepper),
            );
            runs.push(Run {
                file: src.file.to_string(),
                engine: Engine::Legacy,
                resource: None,
                golden_path: None,
                parameters: params,
                notes: vec![
                    "embedded in the Score spec: the platform runs it at deploy time with the legacy runner".into(),
                ],
                outcome,
            });
        }
    }
    let warnings = request
        .scenario
        .step_names()
        .into_iter()
        .filter(|n| !known.contains(*n))
        .map(|n| format!("scenario names step '{n}', which none of these workflows has"))
        .collect();
    Ok(Report {
        engine,
        score: Some((src.file.to_string(), app)),
        runs,
        warnings,
    })
}

/// The resource's state changes the orchestration engine would record (FORMATS.md §4.8
/// steps 6–7).
fn resource_states(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Simulated(_, sim) if sim.status == Fate::Succeeded => {
            "resource state: requested → provisioning → active (health healthy; the workflow's \
             outputs become hints)"
                .into()
        }
        Outcome::Simulated(_, sim) => format!(
            "resource state: requested → failed (Failed to provision: failed to execute workflow: {})",
            sim.error.as_deref().unwrap_or("a step failed")
        ),
        Outcome::Unplannable(_, e) => format!("resource state: requested → failed ({e})"),
        Outcome::Unresolved(e) => format!("resource state: requested → failed (Failed to provision: {e})"),
    }
}
