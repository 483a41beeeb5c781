//! The file a dry run simulates: parsed, checked for syntax errors, with the workflow or
//! Score spec it holds, and which files of its repository its report reads.

use super::error::Error;
use super::parameters::uses_golden_paths;
use crate::diagnostic::Severity;
use crate::kind::DocumentKind;
use crate::plan::WorkflowSpec;
use crate::source::SourceFile;
use crate::text::{ColumnUnit, LineIndex};
use std::collections::BTreeMap;
use std::sync::Arc;

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
#[derive(Clone)]
pub(super) enum What {
    /// The first workflow document, and its kind.
    Workflow(WorkflowSpec, DocumentKind),
    /// The first Score spec document (its index).
    Score(usize),
}

/// A file to dry-run, parsed, with what it holds to simulate.
#[derive(Clone)]
pub struct Subject {
    pub(super) src: SourceFile,
    pub(super) what: What,
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

    /// The workflow's own `variables` (`None` for a Score spec).
    pub fn workflow_variables(&self) -> Option<&BTreeMap<String, String>> {
        match &self.what {
            What::Workflow(wf, _) => Some(&wf.variables),
            What::Score(_) => None,
        }
    }

    /// Sets the workflow's own variable `name` to `value` (a debugger's what-if: the file
    /// is left as it is); `false` when the workflow has no such variable.
    pub fn set_workflow_variable(&mut self, name: &str, value: &str) -> bool {
        match &mut self.what {
            What::Workflow(wf, _) => match wf.variables.get_mut(name) {
                Some(v) => {
                    *v = value.to_string();
                    true
                }
                None => false,
            },
            What::Score(_) => false,
        }
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
