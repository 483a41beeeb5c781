//! Breakpoints as the user sets them — on a line of a file, on a step's name, on a step's
//! fate — and where each one lands: a line inside a step stops before that step; a line
//! outside every step stops nowhere, and says why.

use super::sites::{lines_of, written};
use crate::source::SourceFile;
use crate::text::Span;
use std::collections::BTreeMap;

/// A breakpoint on a line (from 0), with an optional condition in the `if` language.
#[derive(Clone, Debug)]
pub struct LineBreakpoint {
    pub line: usize,
    pub condition: Option<String>,
}

/// Where a line breakpoint landed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placement {
    /// Before the step written at this range.
    Step(Span),
    /// Nowhere, for this reason.
    Unverified(String),
}

/// A breakpoint on the steps of a name, in any run.
#[derive(Clone, Debug)]
pub struct FunctionBreakpoint {
    pub name: String,
    pub condition: Option<String>,
}

/// Every breakpoint of a session.
#[derive(Clone, Debug, Default)]
pub struct Breakpoints {
    /// Line breakpoints by file (as the session names files).
    pub lines: BTreeMap<String, Vec<LineBreakpoint>>,
    pub functions: Vec<FunctionBreakpoint>,
    /// Stop at a step that fails or times out.
    pub on_failure: bool,
    /// Stop at a step that is skipped.
    pub on_skip: bool,
}

/// The exception filters: (id, label).
pub const EXCEPTION_FILTERS: [(&str, &str); 2] = [("fail", "step fails"), ("skip", "step skipped")];

/// Where a breakpoint on `line` of `src` lands (`src` `None`: the file is not in the
/// session).
pub fn place(src: Option<&SourceFile>, file: &str, line: usize) -> Placement {
    let Some(src) = src else {
        return Placement::Unverified(format!(
            "{file} is not part of this debug session: breakpoints stop on the steps of the \
             launched workflow (or, for a Score spec, of the workflows its resources run)"
        ));
    };
    for wf in written(src) {
        for span in wf.steps {
            let (first, last) = lines_of(src, span);
            if (first..=last).contains(&line) {
                return Placement::Step(span);
            }
        }
    }
    Placement::Unverified(format!(
        "line {} of {file} is outside every step: a breakpoint stops before a step, so set it \
         on one of a step's lines",
        line + 1
    ))
}
