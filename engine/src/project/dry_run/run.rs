//! One dry run: a workflow with its parameters, or a Score spec (`score.rs`).

use super::error::Error;
use super::parameters::parameters;
use super::report::{Outcome, Report, Run};
use super::request::Request;
use super::score::score_report;
use super::subject::{Subject, What};
use crate::plan::Stepper;
use crate::workspace::Workspace;

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
            let outcome = Outcome::simulate(
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
        What::Score(doc) => score_report(&subject.src, *doc, ws, request, stepper),
    }
}
