//! The parameters a workflow run starts with: the ones given, over the defaults of the
//! golden path that runs the workflow (named, or found by the workflow's file name in the
//! repository's `goldenpaths.yaml`), with notes on what was defaulted or is missing.

use super::error::Error;
use super::repository::golden_paths_file;
use crate::kind::DocumentKind;
use crate::plan::golden_path_within;
use crate::workspace::Workspace;
use std::collections::BTreeMap;
use std::path::Path;

/// The parameters a run starts with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
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

/// Whether the parameters of a workflow of `kind` depend on the repository's golden paths:
/// when a golden path is named, or the workflow is a golden-path workflow.
pub fn uses_golden_paths(kind: DocumentKind, golden_path: Option<&str>) -> bool {
    golden_path.is_some() || kind == DocumentKind::GoldenPathWorkflow
}

/// The parameters of the workflow in `workflow_file` (a document of `kind`): `given` over
/// the defaults of the golden path named `golden_path`, or else of the one that runs this
/// workflow, from `goldenpaths.yaml` of `repository` as `ws` holds it. `Err` when
/// `golden_path` names one that does not exist.
pub fn parameters(
    ws: &Workspace,
    repository: &Path,
    workflow_file: &str,
    golden_path: Option<&str>,
    kind: DocumentKind,
    given: &BTreeMap<String, String>,
) -> Result<Parameters, Error> {
    if !uses_golden_paths(kind, golden_path) {
        return Ok(Parameters::given(given));
    }
    let gp_file = golden_paths_file(repository);
    let file = ws.file_index(&gp_file.to_string_lossy());
    let found = golden_path_within(ws, |fi| Some(fi) == file, golden_path, workflow_file);
    match found {
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
        None => match golden_path {
            Some(n) => Err(Error::NoGoldenPath {
                name: n.to_string(),
                file: gp_file.display().to_string(),
            }),
            None => Ok(Parameters::given(given)),
        },
    }
}
