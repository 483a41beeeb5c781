//! The dry-run report of a workflow or a Score spec (DESIGN.md §6): what `innominatus
//! workflow test FILE --dry-run` prints and what the language server's `innominatus/dryRun`
//! returns, made once for both.
//!
//! The caller reads; this module decides. [`Subject::parse`] takes a file's name and bytes
//! (from disk, standard input or an editor) and finds what to simulate; [`Subject::reads`]
//! says which files of its repository ([`repository_root`]) the report depends on;
//! [`report`] takes the workspace holding them and the [`Request`] (engine, parameters,
//! scenario, golden path, resource) and returns the [`Report`], which renders itself as JSON
//! ([`Report::to_json`]), text ([`Report::text`]) and a Mermaid chart ([`Report::mermaid`]).
//! Nothing here reads a file, a terminal or the clock; `--step` is a [`Stepper`] the caller
//! passes in.

mod json;
mod mermaid;
mod parameters;
mod report;
mod repository;
mod score;
mod text;

#[cfg(test)]
mod tests;

pub use parameters::{parameters, uses_golden_paths, Parameters};
pub use report::{Outcome, Report, ResourceInfo, Run};
pub use repository::{contains, golden_paths_file, repository_root};

use crate::diagnostic::Severity;
use crate::kind::DocumentKind;
use crate::plan::{simulate_stepping, Engine, Scenario, Stepper, WorkflowSpec};
use crate::source::SourceFile;
use crate::text::{ColumnUnit, LineIndex};
use crate::workspace::Workspace;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Why there is no report. The messages are the user's (the CLI prefixes `error: `).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// The file does not parse: `file:line:col: message` of its first error.
    Syntax(String),
    /// The file holds neither a workflow nor a Score spec.
    NothingToSimulate { file: String },
    /// The golden path named in the request is not in the repository's golden paths file.
    NoGoldenPath { name: String, file: String },
    /// The resource named in the request is not one of the Score spec's.
    NoResource {
        file: String,
        name: String,
        resources: Vec<String>,
    },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Syntax(message) => f.write_str(message),
            Error::NothingToSimulate { file } => {
                write!(f, "{file} holds no workflow and no Score spec to simulate")
            }
            Error::NoGoldenPath { name, file } => write!(f, "no golden path `{name}` in {file}"),
            Error::NoResource {
                file,
                name,
                resources,
            } => write!(
                f,
                "{file} has no resource `{name}` (resources: {})",
                resources.join(", ")
            ),
        }
    }
}

/// What is simulated and how: everything a dry run is given besides the file and its
/// workspace.
#[derive(Clone, Debug)]
pub struct Request {
    pub engine: Engine,
    /// Parameters given (they win over golden-path defaults and a resource's engine inputs).
    pub parameters: BTreeMap<String, String>,
    pub scenario: Scenario,
    /// The golden path whose defaults apply (else the one that runs the workflow, if any).
    pub golden_path: Option<String>,
    /// Only this resource of a Score spec (and none of its embedded workflows).
    pub resource: Option<String>,
    /// The repository of the file ([`repository_root`]), named as the workspace names
    /// files: its golden paths and providers are the ones that apply.
    pub repository: PathBuf,
}

impl Request {
    /// The documented engine, no parameters, no scenario, no golden path, every resource.
    pub fn new(repository: PathBuf) -> Request {
        Request {
            engine: Engine::Documented,
            parameters: BTreeMap::new(),
            scenario: Scenario::default(),
            golden_path: None,
            resource: None,
            repository,
        }
    }
}

/// Which files of the repository a report reads, besides the file itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reads {
    /// None: a workflow run with the parameters given.
    Nothing,
    /// Its golden paths file ([`golden_paths_file`]).
    GoldenPaths,
    /// Every file: a Score spec's resources go to the repository's providers.
    Repository,
}

/// What a file gives a dry run.
enum What {
    /// The first workflow document, and its kind.
    Workflow(WorkflowSpec, DocumentKind),
    /// The first Score spec document (its index).
    Score(usize),
}

/// A file to dry-run, parsed, with what it holds to simulate.
pub struct Subject {
    src: SourceFile,
    what: What,
}

impl Subject {
    /// Parses `bytes` of the file named `file`; `Err` when it does not parse or holds
    /// nothing to simulate.
    pub fn parse(file: &str, bytes: &[u8]) -> Result<Subject, Error> {
        let src = SourceFile::parse(Arc::from(file), bytes);
        if let Some(d) = src
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
        {
            let text = src.text.as_deref().unwrap_or("");
            let at = LineIndex::new(text).position(text, d.span.start, ColumnUnit::Char);
            return Err(Error::Syntax(format!(
                "{}:{}:{}: {}",
                src.file,
                at.line + 1,
                at.col + 1,
                d.message
            )));
        }
        let workflow = src
            .parsed
            .documents
            .iter()
            .zip(&src.kinds)
            .find_map(|(doc, kind)| WorkflowSpec::from_document(doc, *kind).map(|w| (w, *kind)));
        let what = match workflow {
            Some((wf, kind)) => What::Workflow(wf, kind),
            None => match src.kinds.iter().position(|k| *k == DocumentKind::Score) {
                Some(doc) => What::Score(doc),
                None => {
                    return Err(Error::NothingToSimulate {
                        file: src.file.to_string(),
                    })
                }
            },
        };
        Ok(Subject { src, what })
    }

    /// The file as parsed (a workspace built for the report should hold this text).
    pub fn source(&self) -> &SourceFile {
        &self.src
    }

    /// Which files of the repository the report of this file with `golden_path` reads.
    pub fn reads(&self, golden_path: Option<&str>) -> Reads {
        match &self.what {
            What::Workflow(_, kind) if uses_golden_paths(*kind, golden_path) => Reads::GoldenPaths,
            What::Workflow(..) => Reads::Nothing,
            What::Score(_) => Reads::Repository,
        }
    }
}

/// The dry-run report of `subject` in the workspace `ws` (which holds at least what
/// [`Subject::reads`] names; only files of `request.repository` count), asking `stepper`
/// before each step when there is one.
pub fn report(
    subject: &Subject,
    ws: &Workspace,
    request: &Request,
    stepper: Option<&mut dyn Stepper>,
) -> Result<Report, Error> {
    let engine = request.engine;
    match &subject.what {
        What::Workflow(wf, kind) => {
            let file = subject.src.file.to_string();
            let params = parameters(
                ws,
                &request.repository,
                &file,
                request.golden_path.as_deref(),
                *kind,
                &request.parameters,
            )?;
            let outcome = simulate_run(
                wf.clone(),
                engine,
                &params.values,
                &request.scenario,
                stepper,
            );
            Ok(Report {
                engine,
                warnings: Vec::new(),
                score: None,
                runs: vec![Run {
                    file,
                    engine,
                    resource: None,
                    golden_path: params.golden_path,
                    parameters: params.values,
                    notes: params.notes,
                    outcome,
                }],
            })
        }
        What::Score(doc) => score::score_report(&subject.src, *doc, ws, request, stepper),
    }
}

/// Simulates `wf` into a run's outcome.
fn simulate_run(
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

impl Report {
    /// The report as JSON (`--format json`).
    pub fn to_json(&self) -> Value {
        json::to_json(self)
    }

    /// The report as text (`--format text`).
    pub fn text(&self) -> String {
        text::text(self)
    }

    /// The report as a Mermaid gantt chart (`--format mermaid`).
    pub fn mermaid(&self) -> String {
        mermaid::mermaid(self)
    }
}
