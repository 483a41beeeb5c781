//! A debug session over a dry run: where it is stopped, how it moves (continue, next, step
//! out, restart frame), what each stop shows, and what-ifs (a changed parameter, variable
//! or output, a step made to fail, skip or time out), each a new replay stopped at the same
//! step.

use super::breakpoints::{place, Breakpoints, FunctionBreakpoint, LineBreakpoint, Placement};
use super::console::{self, Command};
use super::replay::{replay, Replay, Stop};
use super::scopes::{scope, ScopeKind};
use super::sites::step_ranges;
use crate::plan::{Fate, StateAt, StepOutcome, StepSpec, WorkflowSpec};
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
    subject: Subject,
    ws: Workspace,
    request: Request,
    /// Steps the user skipped from the console.
    skip: BTreeSet<String>,
    replay: Replay,
    report_json: Value,
    /// The step ranges of each run (`None`: its file is not at hand).
    ranges: Vec<Option<Vec<Span>>>,
    /// Index in `replay.stops`; `None` before the first stop.
    cursor: Option<usize>,
    ended: bool,
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
        Ok(())
    }

    fn index(&mut self) {
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

    fn run_of(&self, stop: &Stop) -> &Run {
        &self.replay.report.runs[stop.run]
    }

    fn step_at(&self, stop: &Stop) -> Option<(&StepSpec, &StepOutcome)> {
        match &self.run_of(stop).outcome {
            Outcome::Simulated(wf, sim) => Some((&wf.steps[stop.step], &sim.steps[stop.position])),
            _ => None,
        }
    }

    fn step_json(&self, stop: &Stop) -> &Value {
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

    // --- moving ---

    /// Starts the run: stopped at the first step when `stop_on_entry`, else running to
    /// the first breakpoint.
    pub fn begin(&mut self, stop_on_entry: bool) -> Event {
        self.cursor = None;
        self.ended = false;
        if stop_on_entry && !self.replay.stops.is_empty() {
            self.cursor = Some(0);
            return Event::Stopped(StopReason::Entry, self.describe(0));
        }
        self.resume()
    }

    /// Continues to the next stop a breakpoint holds, or to the end.
    pub fn resume(&mut self) -> Event {
        let from = self.cursor.map_or(0, |c| c + 1);
        for k in from..self.replay.stops.len() {
            if let Some((reason, description)) = self.hit(k) {
                self.cursor = Some(k);
                return Event::Stopped(reason, description);
            }
        }
        self.end()
    }

    /// To the next step.
    pub fn next_step(&mut self) -> Event {
        let k = self.cursor.map_or(0, |c| c + 1);
        self.stop_at(k, StopReason::Step)
    }

    /// To the first step of the next group (or workflow).
    pub fn step_out(&mut self) -> Event {
        let Some(c) = self.cursor else {
            return self.next_step();
        };
        let here = self.group_of(c);
        let k = (c + 1..self.replay.stops.len())
            .find(|&k| self.group_of(k) != here)
            .unwrap_or(self.replay.stops.len());
        self.stop_at(k, StopReason::Step)
    }

    /// Stops where it is (a paused session reports its stop again).
    pub fn pause(&mut self) -> Event {
        match self.current() {
            Some(c) => Event::Stopped(StopReason::Pause, self.describe(c)),
            None => Event::Ended,
        }
    }

    /// Runs again from the start and stops before stop `k` (restart frame).
    pub fn restart_at(&mut self, k: usize) -> Event {
        self.ended = false;
        self.stop_at(k, StopReason::Entry)
    }

    fn stop_at(&mut self, k: usize, reason: StopReason) -> Event {
        if k >= self.replay.stops.len() {
            return self.end();
        }
        self.cursor = Some(k);
        Event::Stopped(reason, self.describe(k))
    }

    fn end(&mut self) -> Event {
        self.cursor = Some(self.replay.stops.len());
        self.ended = true;
        Event::Ended
    }

    fn group_of(&self, k: usize) -> (usize, usize) {
        let stop = &self.replay.stops[k];
        let group = self.step_at(stop).map_or(0, |(_, o)| o.group);
        (stop.run, group)
    }

    fn describe(&self, k: usize) -> String {
        let stop = &self.replay.stops[k];
        match self.step_at(stop) {
            Some((step, o)) => {
                let fate = o.status.name().replace('_', " ");
                match &o.reason {
                    Some(r) => format!("before step '{}' ({fate}: {r})", step.name),
                    None => format!("before step '{}' ({fate})", step.name),
                }
            }
            None => String::new(),
        }
    }

    /// Whether a breakpoint holds stop `k`, and which.
    fn hit(&self, k: usize) -> Option<(StopReason, String)> {
        let stop = &self.replay.stops[k];
        let (step, outcome) = self.step_at(stop)?;
        let holds = |condition: &Option<String>| match condition {
            None => true,
            Some(c) => self.state(stop).is_some_and(|s| s.condition(c) == Ok(true)),
        };
        if let (Some(range), Some(lines)) = (
            self.step_range(stop),
            self.breakpoints.lines.get(&self.run_of(stop).file),
        ) {
            let src = self.source(&self.run_of(stop).file);
            for bp in lines {
                if place(src, &self.run_of(stop).file, bp.line) == Placement::Step(range)
                    && holds(&bp.condition)
                {
                    return Some((StopReason::Breakpoint, self.describe(k)));
                }
            }
        }
        if self
            .breakpoints
            .functions
            .iter()
            .any(|f| f.name == step.name && holds(&f.condition))
        {
            return Some((StopReason::FunctionBreakpoint, self.describe(k)));
        }
        let failing = outcome.status.is_failure();
        if (failing && self.breakpoints.on_failure)
            || (outcome.status == Fate::Skipped && self.breakpoints.on_skip)
        {
            return Some((StopReason::Exception, self.describe(k)));
        }
        None
    }

    // --- breakpoints ---

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
        placed
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

    // --- what a stop shows ---

    fn state<'a>(&'a self, stop: &'a Stop) -> Option<StateAt<'a>> {
        let (step, _) = self.step_at(stop)?;
        Some(StateAt {
            step,
            variables: &stop.before.variables,
            step_outputs: &stop.before.step_outputs,
            statuses: &stop.before.statuses,
        })
    }

    /// The stack of stop `k`: step, group, workflow.
    pub fn frames(&self, k: usize) -> Vec<Frame> {
        let Some(stop) = self.replay.stops.get(k) else {
            return Vec::new();
        };
        let run = self.run_of(stop);
        let Outcome::Simulated(wf, sim) = &run.outcome else {
            return Vec::new();
        };
        let outcome = &sim.steps[stop.position];
        let ranges = self.ranges.get(stop.run).and_then(Option::as_ref);
        let cover = |steps: &mut dyn Iterator<Item = usize>| -> Option<Span> {
            let ranges = ranges?;
            steps
                .filter_map(|i| ranges.get(i).copied())
                .reduce(Span::cover)
        };
        let group = sim.plan.groups.get(outcome.group);
        let workflow_name = match (&run.resource, &wf.name) {
            (Some(r), _) => format!("resource {} ({})", r.name, r.resource_type),
            (None, Some(name)) => format!("workflow {name}"),
            (None, None) => format!("workflow {}", run.file),
        };
        vec![
            Frame {
                name: format!("step {}", wf.steps[stop.step].name),
                file: run.file.clone(),
                span: self.step_range(stop),
            },
            Frame {
                name: group.map_or_else(String::new, |g| g.label.clone()),
                file: run.file.clone(),
                span: group.and_then(|g| cover(&mut g.steps.iter().copied())),
            },
            Frame {
                name: workflow_name,
                file: run.file.clone(),
                span: cover(&mut (0..wf.steps.len())),
            },
        ]
    }

    /// The stop the frame `level` (0 step, 1 group, 2 workflow) of stop `k` restarts at:
    /// the step, the group's first step, the workflow's first step.
    pub fn frame_start(&self, k: usize, level: usize) -> usize {
        let Some(stop) = self.replay.stops.get(k) else {
            return k;
        };
        let first = |same: &dyn Fn(usize) -> bool| (0..=k).find(|&j| same(j)).unwrap_or(k);
        match level {
            0 => k,
            1 => first(&|j| self.group_of(j) == self.group_of(k)),
            _ => first(&|j| self.replay.stops[j].run == stop.run),
        }
    }

    /// The scopes of stop `k`.
    pub fn scopes(&self, k: usize) -> Vec<(ScopeKind, Value)> {
        let Some(stop) = self.replay.stops.get(k) else {
            return Vec::new();
        };
        let Some((step, outcome)) = self.step_at(stop) else {
            return Vec::new();
        };
        let json = self.step_json(stop);
        ScopeKind::ALL
            .iter()
            .map(|&kind| {
                (
                    kind,
                    scope(kind, stop, self.run_of(stop), step, outcome, json),
                )
            })
            .collect()
    }

    // --- what-ifs ---

    /// Replays with the changed inputs and stops again before the same step.
    fn replay_here(&mut self) -> Result<(), Error> {
        let at = self
            .current()
            .map(|c| (self.replay.stops[c].run, self.replay.stops[c].step));
        self.replay = replay(&self.subject, &self.ws, &self.request, &self.skip)?;
        self.index();
        if let Some((run, step)) = at {
            let same = self
                .replay
                .stops
                .iter()
                .position(|s| s.run == run && s.step == step);
            self.cursor = Some(same.unwrap_or(0).min(self.replay.stops.len()));
        }
        Ok(())
    }

    /// Sets `path` (from the scope's root) in scope `kind` of the current stop to `value`:
    /// a parameter, a workflow variable or a step's output, for the rest of the run.
    pub fn set_variable(
        &mut self,
        kind: ScopeKind,
        path: &[String],
        value: &str,
    ) -> Result<(), String> {
        let c = self.current().ok_or("the session is not stopped")?;
        let stop = self.replay.stops[c].clone();
        let run = self.run_of(&stop);
        let spec = run_spec(run).ok_or("this run has no steps")?.clone();
        let spec = &spec;
        let run_file = run.file.clone();
        let parameters: BTreeSet<String> = run.parameters.keys().cloned().collect();
        match (kind, path) {
            (ScopeKind::Parameters, [name]) => {
                self.request
                    .parameters
                    .insert(name.clone(), value.to_string());
            }
            (ScopeKind::Variables, [name]) => {
                if spec.variables.contains_key(name) && run_file == *self.subject.source().file {
                    self.subject.set_workflow_variable(name, value);
                } else if parameters.contains(name) {
                    self.request
                        .parameters
                        .insert(name.clone(), value.to_string());
                } else {
                    let by = spec
                        .steps
                        .iter()
                        .find(|s| s.set_variables.contains_key(name))
                        .map(|s| s.name.clone())
                        .unwrap_or_default();
                    return Err(format!(
                        "'{name}' is set by step '{by}' (setVariables) from what it reads: set \
                         a parameter, a workflow variable or that step's inputs instead"
                    ));
                }
            }
            (ScopeKind::Outputs, [step, key]) => self.set_output(spec, step, key, value)?,
            (ScopeKind::Step, [field, key]) if field == "outputs" => {
                let name = spec.steps[stop.step].name.clone();
                self.set_output(spec, &name, key, value)?
            }
            _ => {
                return Err(format!(
                    "{} cannot be changed: set a parameter, a workflow variable or a step's output",
                    path.join(".")
                ))
            }
        }
        self.replay_here()
            .map_err(|e| format!("the run with this change cannot be made: {e}"))
    }

    fn set_output(
        &mut self,
        spec: &WorkflowSpec,
        step: &str,
        key: &str,
        value: &str,
    ) -> Result<(), String> {
        let Some(s) = spec.steps.iter().find(|s| s.name == step) else {
            return Err(format!("this workflow has no step '{step}'"));
        };
        if s.set_variables.contains_key(key) {
            return Err(format!(
                "output '{key}' of step '{step}' is its setVariables entry, made from what it \
                 reads: set those values instead"
            ));
        }
        self.request
            .scenario
            .outputs
            .entry(step.to_string())
            .or_default()
            .insert(key.to_string(), value.to_string());
        Ok(())
    }

    /// A debug console line at the current stop (`k` when given: hovers in another frame).
    pub fn evaluate(&mut self, line: &str, k: Option<usize>) -> Result<Evaluation, String> {
        let names: BTreeSet<String> = self
            .replay
            .report
            .runs
            .iter()
            .filter_map(run_spec)
            .flat_map(|wf| wf.steps.iter().map(|s| s.name.clone()))
            .collect();
        let known = |step: &String| -> Result<(), String> {
            if names.contains(step) {
                Ok(())
            } else {
                Err(format!("no step is named '{step}'"))
            }
        };
        let change = match console::parse(line)? {
            Command::Read(e) => {
                let k = k.or(self.current()).ok_or("the session is not stopped")?;
                let stop = self.replay.stops.get(k).ok_or("no such stop")?;
                let state = self.state(stop).ok_or("this stop has no step")?;
                return console::read(&e, &state).map(Evaluation::Value);
            }
            Command::Fail(step, message) => {
                known(&step)?;
                self.request.scenario.fail.insert(step.clone(), message);
                format!("step '{step}' now fails")
            }
            Command::Skip(step) => {
                known(&step)?;
                self.skip.insert(step.clone());
                format!("step '{step}' is now skipped")
            }
            Command::Timeout(step) => {
                known(&step)?;
                self.request.scenario.timeout.insert(step.clone());
                format!("step '{step}' now never finishes")
            }
        };
        self.replay_here()
            .map_err(|e| format!("the run with this change cannot be made: {e}"))?;
        Ok(Evaluation::Changed(change))
    }
}

/// The workflow a run simulates.
fn run_spec(run: &Run) -> Option<&WorkflowSpec> {
    match &run.outcome {
        Outcome::Simulated(wf, _) | Outcome::Unplannable(wf, _) => Some(wf),
        Outcome::Unresolved(_) => None,
    }
}
