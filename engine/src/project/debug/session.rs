//! A debug session over a dry run: what it was launched with, its replay, where it is
//! stopped, its breakpoints. How it moves is in `moves.rs`, what a stop shows in
//! `view.rs`, what-ifs in `what_if.rs` (each an `impl Session` of its own).

use super::breakpoints::{place, Breakpoints, FunctionBreakpoint, LineBreakpoint, Placement};
use super::replay::{replay, Replay, Stop};
use super::sites::step_ranges;
use crate::plan::{StepOutcome, StepSpec, WorkflowSpec};
use crate::project::dry_run::{Error, Outcome, Report, Request, Run, Subject};
use crate::source::SourceFile;
use crate::text::Span;
use crate::workspace::Workspace;
use serde_json::Value;
use std::collections::BTreeSet;

/// Why a session stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopReason {
    Entry,
    Breakpoint,
    FunctionBreakpoint,
    Step,
    Exception,
    Pause,
}

impl StopReason {
    /// The reason as the Debug Adapter Protocol spells it.
    pub fn name(self) -> &'static str {
        match self {
            StopReason::Entry => "entry",
            StopReason::Breakpoint => "breakpoint",
            StopReason::FunctionBreakpoint => "function breakpoint",
            StopReason::Step => "step",
            StopReason::Exception => "exception",
            StopReason::Pause => "pause",
        }
    }
}

/// What a move of the session led to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// Stopped before a step (the session's current stop), with a description.
    Stopped(StopReason, String),
    /// Every step is behind: the run is over.
    Ended,
}

/// One frame of a stop's stack: the step, its group, its workflow.
#[derive(Clone, Debug)]
pub struct Frame {
    pub name: String,
    pub file: String,
    pub span: Option<Span>,
}

/// What a console line did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Evaluation {
    /// The value read.
    Value(String),
    /// A what-if applied (the run replayed), described.
    Changed(String),
}

/// A debug session of one workflow file or Score spec.
pub struct Session {
    pub(super) subject: Subject,
    pub(super) ws: Workspace,
    pub(super) request: Request,
    /// Steps the user skipped from the console.
    pub(super) skip: BTreeSet<String>,
    pub(super) replay: Replay,
    pub(super) report_json: Value,
    /// The step ranges of each run (`None`: its file is not at hand).
    pub(super) ranges: Vec<Option<Vec<Span>>>,
    /// Index in `replay.stops`; `None` before the first stop.
    pub(super) cursor: Option<usize>,
    pub(super) ended: bool,
    /// Where the line breakpoints landed: (file, step range, condition), made when they
    /// are set and when the files are read again, not at every stop.
    pub(super) placed: Vec<(String, Span, Option<String>)>,
    pub breakpoints: Breakpoints,
}

impl Session {
    /// A session over the dry run of `subject` in `ws` as `request` asks.
    pub fn start(subject: Subject, ws: Workspace, request: Request) -> Result<Session, Error> {
        let skip = BTreeSet::new();
        let replay = replay(&subject, &ws, &request, &skip)?;
        let mut s = Session {
            subject,
            ws,
            request,
            skip,
            report_json: Value::Null,
            ranges: Vec::new(),
            replay,
            cursor: None,
            ended: false,
            breakpoints: Breakpoints::default(),
            placed: Vec::new(),
        };
        s.index();
        Ok(s)
    }

    /// The same session over new inputs (the files edited since): breakpoints stay, the
    /// what-ifs go, the run starts again.
    pub fn relaunch(
        &mut self,
        subject: Subject,
        ws: Workspace,
        request: Request,
    ) -> Result<(), Error> {
        let skip = BTreeSet::new();
        self.replay = replay(&subject, &ws, &request, &skip)?;
        self.subject = subject;
        self.ws = ws;
        self.request = request;
        self.skip = skip;
        self.cursor = None;
        self.ended = false;
        self.index();
        // The files may have changed since: the breakpoints' lines land anew.
        self.place_all();
        Ok(())
    }

    pub(super) fn index(&mut self) {
        self.report_json = self.replay.report.to_json();
        self.ranges = self
            .replay
            .report
            .runs
            .iter()
            .map(|run| {
                let spec = run_spec(run)?;
                step_ranges(self.source(&run.file)?, spec)
            })
            .collect();
    }

    /// The file named `file` as the session read it.
    pub fn source(&self, file: &str) -> Option<&SourceFile> {
        let own = self.subject.source();
        if &*own.file == file {
            return Some(own);
        }
        self.ws.file_index(file).map(|i| &self.ws.files[i])
    }

    pub fn report(&self) -> &Report {
        &self.replay.report
    }

    /// Every place the session can stop, in execution order.
    pub fn stops(&self) -> &[Stop] {
        &self.replay.stops
    }

    /// The current stop's index, while stopped.
    pub fn current(&self) -> Option<usize> {
        self.cursor.filter(|_| !self.ended)
    }

    pub fn is_ended(&self) -> bool {
        self.ended
    }

    pub(super) fn run_of(&self, stop: &Stop) -> &Run {
        &self.replay.report.runs[stop.run]
    }

    pub(super) fn step_at(&self, stop: &Stop) -> Option<(&StepSpec, &StepOutcome)> {
        match &self.run_of(stop).outcome {
            Outcome::Simulated(wf, sim) => Some((&wf.steps[stop.step], &sim.steps[stop.position])),
            _ => None,
        }
    }

    pub(super) fn step_json(&self, stop: &Stop) -> &Value {
        let run = if self.replay.report.score.is_none() && self.replay.report.runs.len() == 1 {
            &self.report_json
        } else {
            &self.report_json["runs"][stop.run]
        };
        &run["steps"][stop.position]
    }

    /// The range of the step of `stop`.
    pub fn step_range(&self, stop: &Stop) -> Option<Span> {
        self.ranges.get(stop.run)?.as_ref()?.get(stop.step).copied()
    }

    /// Sets the line breakpoints of `file` (replacing its earlier ones) and says where
    /// each lands.
    pub fn set_line_breakpoints(
        &mut self,
        file: &str,
        breakpoints: Vec<LineBreakpoint>,
    ) -> Vec<Placement> {
        let src = self.source(file);
        let placed = breakpoints
            .iter()
            .map(|bp| place(src, file, bp.line))
            .collect();
        self.breakpoints.lines.insert(file.to_string(), breakpoints);
        self.place_all();
        placed
    }

    /// Places every line breakpoint again (after the files were read again).
    pub(super) fn place_all(&mut self) {
        let mut placed = Vec::new();
        for (file, breakpoints) in &self.breakpoints.lines {
            let src = self.source(file);
            for bp in breakpoints {
                if let Placement::Step(span) = place(src, file, bp.line) {
                    placed.push((file.clone(), span, bp.condition.clone()));
                }
            }
        }
        self.placed = placed;
    }

    /// Sets the function breakpoints; each is verified when some step has its name.
    pub fn set_function_breakpoints(&mut self, functions: Vec<FunctionBreakpoint>) -> Vec<bool> {
        let names: BTreeSet<&str> = self
            .replay
            .report
            .runs
            .iter()
            .filter_map(run_spec)
            .flat_map(|wf| wf.steps.iter().map(|s| s.name.as_str()))
            .collect();
        let verified = functions
            .iter()
            .map(|f| names.contains(f.name.as_str()))
            .collect();
        self.breakpoints.functions = functions;
        verified
    }
}

/// The workflow a run simulates.
pub(super) fn run_spec(run: &Run) -> Option<&WorkflowSpec> {
    match &run.outcome {
        Outcome::Simulated(wf, _) | Outcome::Unplannable(wf, _) => Some(wf),
        Outcome::Unresolved(_) => None,
    }
}
