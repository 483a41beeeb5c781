//! `workflow test FILE --dry-run`: one workflow (with its golden path's defaults) or every
//! resource of a Score spec, simulated and reported.

use super::report::{self, Outcome, Report, ResourceInfo, Run};
use super::stepper::TerminalStepper;
use super::{context, inputs, EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE};
use crate::args::{DryRunFormat, EngineArg, WorkflowTestArgs};
use innominatus_engine::kind::DocumentKind;
use innominatus_engine::plan::{
    golden_path_for, score_runs, simulate_stepping, Engine, Scenario, Stepper, WorkflowSpec,
};
use innominatus_engine::source::SourceFile;
use innominatus_engine::workspace::{DocRef, Workspace};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

pub fn engine(arg: EngineArg) -> Engine {
    match arg {
        EngineArg::Documented => Engine::Documented,
        EngineArg::Live => Engine::Live,
        EngineArg::Legacy => Engine::Legacy,
    }
}

/// Simulates `wf` into a run, asking `stepper` before steps when there is one.
pub fn simulate_run(
    wf: WorkflowSpec,
    engine: Engine,
    params: &BTreeMap<String, String>,
    scenario: &Scenario,
    stepper: Option<&mut dyn Stepper>,
) -> Outcome {
    match simulate_stepping(&wf, engine, params, scenario, stepper) {
        Ok(sim) => Outcome::Simulated(wf, sim),
        Err(e) => Outcome::Unplannable(wf, e),
    }
}

/// The parameters a run starts with.
pub struct Parameters {
    /// The golden path whose defaults were applied.
    pub golden_path: Option<String>,
    pub values: BTreeMap<String, String>,
    /// Defaults applied, required parameters missing.
    pub notes: Vec<String>,
}

impl Parameters {
    fn given(values: &BTreeMap<String, String>) -> Parameters {
        Parameters {
            golden_path: None,
            values: values.clone(),
            notes: Vec::new(),
        }
    }
}

/// The golden path's defaults under `given`, with notes; `Err` when `--golden-path` names
/// one that does not exist.
pub fn golden_path_params(
    workflow_file: &Path,
    name: Option<&str>,
    kind: DocumentKind,
    given: &BTreeMap<String, String>,
) -> Result<Parameters, String> {
    if name.is_none() && kind != DocumentKind::GoldenPathWorkflow {
        return Ok(Parameters::given(given));
    }
    let root = context::repository_root(workflow_file);
    let gp_file = root.join("goldenpaths.yaml");
    let files: Vec<SourceFile> = std::fs::read(&gp_file)
        .ok()
        .map(|b| SourceFile::parse(Arc::from(gp_file.display().to_string().as_str()), &b))
        .into_iter()
        .collect();
    let ws = Workspace::new(files, None, Box::new(|_: &str| false));
    let display = workflow_file.display().to_string();
    match golden_path_for(&ws, name, &display) {
        Some(gp) => {
            let (params, missing) = gp.apply(given);
            let mut notes = Vec::new();
            let defaulted: Vec<&str> = gp
                .defaults
                .keys()
                .filter(|k| !given.contains_key(*k))
                .map(String::as_str)
                .collect();
            if !defaulted.is_empty() {
                notes.push(format!(
                    "defaults from golden path {}: {}",
                    gp.name,
                    defaulted.join(", ")
                ));
            }
            for m in missing {
                notes.push(format!(
                    "required parameter '{m}' is not given (innominatus-ctl run refuses to start without it)"
                ));
            }
            Ok(Parameters {
                golden_path: Some(gp.name),
                values: params,
                notes,
            })
        }
        None => match name {
            Some(n) => Err(format!(
                "error: no golden path `{n}` in {}",
                gp_file.display()
            )),
            None => Ok(Parameters::given(given)),
        },
    }
}

/// The text of standard input as the file `--stdin-filename` names. `--step` reads its
/// answers from standard input, so it cannot be combined with `-`.
fn read_stdin(args: &WorkflowTestArgs) -> Result<SourceFile, String> {
    let Some(name) = &args.stdin_filename else {
        return Err("error: `-` reads the file from standard input and needs --stdin-filename PATH (where the file would be)".into());
    };
    if args.step {
        return Err(
            "error: --step reads its answers from standard input, which `-` already uses".into(),
        );
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
        .map_err(|e| format!("error: cannot read standard input: {e}"))?;
    Ok(SourceFile::parse(
        Arc::from(name.display().to_string().as_str()),
        &bytes,
    ))
}

pub fn run(
    args: &WorkflowTestArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<i32> {
    let [path] = args.paths.as_slice() else {
        writeln!(
            err,
            "error: --dry-run simulates one file (a workflow or a Score spec); got {}",
            args.paths.len()
        )?;
        return Ok(EXIT_TROUBLE);
    };
    let inputs = match inputs::from_args(args) {
        Ok(i) => i,
        Err(message) => {
            writeln!(err, "{message}")?;
            return Ok(EXIT_TROUBLE);
        }
    };
    // `-`: unsaved text from standard input, placed at `--stdin-filename`.
    let from_stdin = path.as_os_str() == "-";
    let read = if from_stdin {
        read_stdin(args)
    } else {
        context::read(path)
    };
    let src = match read {
        Ok(s) => s,
        Err(message) => {
            writeln!(err, "{message}")?;
            return Ok(EXIT_TROUBLE);
        }
    };
    let path: &Path = match (&args.stdin_filename, from_stdin) {
        (Some(name), true) => name,
        _ => path,
    };
    if let Some(e) = context::syntax_error(&src) {
        writeln!(err, "error: {e}")?;
        return Ok(EXIT_TROUBLE);
    }
    let engine = engine(args.engine.unwrap_or(EngineArg::Documented));
    let stdin = std::io::stdin();
    let mut stdin = stdin.lock();
    let mut prompt = std::io::stderr();
    let mut terminal = TerminalStepper::new(&mut stdin, &mut prompt);
    let mut stepper: Option<&mut dyn Stepper> = if args.step { Some(&mut terminal) } else { None };

    let workflow = src
        .parsed
        .documents
        .iter()
        .zip(&src.kinds)
        .find_map(|(doc, kind)| WorkflowSpec::from_document(doc, *kind).map(|w| (w, *kind)));
    let report = if let Some((wf, kind)) = workflow {
        let params =
            match golden_path_params(path, args.golden_path.as_deref(), kind, &inputs.params) {
                Ok(x) => x,
                Err(message) => {
                    writeln!(err, "{message}")?;
                    return Ok(EXIT_TROUBLE);
                }
            };
        let outcome = simulate_run(wf, engine, &params.values, &inputs.scenario, stepper.take());
        Report {
            engine,
            warnings: Vec::new(),
            score: None,
            runs: vec![Run {
                file: src.file.to_string(),
                engine,
                resource: None,
                golden_path: params.golden_path,
                parameters: params.values,
                notes: params.notes,
                outcome,
            }],
        }
    } else if let Some(doc) = src.kinds.iter().position(|k| *k == DocumentKind::Score) {
        match score_report(path, &src, doc, args, &inputs, engine, stepper) {
            Ok(r) => r,
            Err(message) => {
                writeln!(err, "{message}")?;
                return Ok(EXIT_TROUBLE);
            }
        }
    } else {
        writeln!(
            err,
            "error: {} holds no workflow and no Score spec to simulate",
            src.file
        )?;
        return Ok(EXIT_TROUBLE);
    };

    let text = match args.format.unwrap_or(DryRunFormat::Text) {
        DryRunFormat::Json => {
            let mut s = serde_json::to_string_pretty(&report::to_json(&report)).unwrap_or_default();
            s.push('\n');
            s
        }
        DryRunFormat::Text => report::text(&report),
        DryRunFormat::Mermaid => report::mermaid(&report),
    };
    match &inputs.report_file {
        Some(file) => {
            if let Err(e) = crate::commands::check::write_atomically(file, text.as_bytes()) {
                writeln!(err, "error: cannot write {}: {e}", file.display())?;
                return Ok(EXIT_TROUBLE);
            }
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(if report.status() == "succeeded" {
        EXIT_CLEAN
    } else {
        EXIT_FINDINGS
    })
}

/// One run per resource of the Score spec (document `doc` of `src`), resolved against the
/// repository the spec lives in.
fn score_report(
    path: &Path,
    src: &SourceFile,
    doc: usize,
    args: &WorkflowTestArgs,
    inputs: &inputs::Inputs,
    engine: Engine,
    mut stepper: Option<&mut dyn Stepper>,
) -> Result<Report, String> {
    let root = context::repository_root(path);
    let mut ws = context::workspace(&root);
    let fi = match ws.file_index(&src.file) {
        // The text given (standard input) wins over the copy on disk.
        Some(fi) => {
            ws.replace_file(fi, src.clone());
            fi
        }
        None => {
            let mut files = std::mem::take(&mut ws.files);
            files.push(src.clone());
            let fi = files.len() - 1;
            ws = Workspace::new(files, None, Box::new(|p: &str| Path::new(p).exists()));
            fi
        }
    };
    let at = DocRef { file: fi, doc };
    let app = ws
        .score(at)
        .and_then(|s| s.name.as_ref().map(|n| n.text.clone()))
        .unwrap_or_default();
    let mut runs = Vec::new();
    // Step names of every simulated workflow, to find scenario entries that fit none.
    let mut known: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let resources = score_runs(&ws, at);
    if let Some(wanted) = &args.resource {
        if !resources.iter().any(|r| &r.resource == wanted) {
            let names: Vec<&str> = resources.iter().map(|r| r.resource.as_str()).collect();
            return Err(format!(
                "error: {} has no resource `{wanted}` (resources: {})",
                src.file,
                names.join(", ")
            ));
        }
    }
    for r in resources {
        if args.resource.as_ref().is_some_and(|w| *w != r.resource) {
            continue;
        }
        let run = match r.resolved {
            Ok(resolved) => {
                let mut params = resolved.inputs.clone();
                params.extend(inputs.params.clone());
                let scenario = inputs.scenario.restricted_to(&resolved.spec);
                known.extend(resolved.spec.steps.iter().map(|s| s.name.clone()));
                let outcome = simulate_run(
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
    if args.resource.is_none() {
        let doc_tree = &ws.files[at.file].parsed.documents[at.doc];
        let embedded: Vec<WorkflowSpec> = ws
            .score(at)
            .map(|spec| {
                spec.workflows
                    .iter()
                    .map(|(name, wf)| {
                        let mut w = WorkflowSpec::from_workflow(doc_tree, wf);
                        w.name.get_or_insert_with(|| name.text.clone());
                        w
                    })
                    .collect()
            })
            .unwrap_or_default();
        for wf in embedded {
            let params = BTreeMap::from([("app_name".to_string(), app.clone())]);
            let scenario = inputs.scenario.restricted_to(&wf);
            known.extend(wf.steps.iter().map(|s| s.name.clone()));
            let outcome = simulate_run(
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
    let warnings = inputs
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
        Outcome::Simulated(_, sim) if sim.status == innominatus_engine::plan::Fate::Succeeded => {
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
