//! Where the steps of a run are written: the ranges a debugger's frames point at and its
//! line breakpoints map to. A run's workflow is found among the workflows written in its
//! file (workflow documents and a Score spec's embedded `workflows`) by its steps.

use crate::model::{ScoreSpec, Workflow};
use crate::plan::WorkflowSpec;
use crate::source::SourceFile;
use crate::text::{LineIndex, Span};

/// One workflow as written in a file: its steps and the range of each.
pub struct Written {
    pub spec: WorkflowSpec,
    /// The range of each step, by its position in the step list.
    pub steps: Vec<Span>,
}

/// Every workflow written in `src`.
pub fn written(src: &SourceFile) -> Vec<Written> {
    let mut out = Vec::new();
    for (doc, kind) in src.parsed.documents.iter().zip(&src.kinds) {
        let mut models: Vec<Workflow> = Workflow::from_document(doc, *kind).into_iter().collect();
        if let Some(score) = ScoreSpec::from_document(doc) {
            models.extend(score.workflows.into_iter().map(|(_, wf)| wf));
        }
        for wf in models {
            out.push(Written {
                spec: WorkflowSpec::from_workflow(doc, &wf),
                steps: wf
                    .steps
                    .iter()
                    .map(|s| trimmed(src, doc.node(s.node).span))
                    .collect(),
            });
        }
    }
    out
}

/// `span` without the blank lines and indentation a block scalar's range ends with: a
/// step's range ends where its text does, not on the next step's line.
fn trimmed(src: &SourceFile, span: Span) -> Span {
    let text = src.text.as_deref().unwrap_or("");
    let inside = text.get(span.start..span.end).unwrap_or("");
    Span::new(span.start, span.start + inside.trim_end().len())
}

/// The ranges of `spec`'s steps in `src`, when `src` writes that workflow.
pub fn step_ranges(src: &SourceFile, spec: &WorkflowSpec) -> Option<Vec<Span>> {
    written(src)
        .into_iter()
        .find(|w| w.spec.steps == spec.steps)
        .map(|w| w.steps)
}

/// The lines (from 0) a range covers, its last character included.
pub fn lines_of(src: &SourceFile, span: Span) -> (usize, usize) {
    let text = src.text.as_deref().unwrap_or("");
    let index = LineIndex::new(text);
    let last = span.end.saturating_sub(1).max(span.start);
    (index.line_of(span.start), index.line_of(last))
}
