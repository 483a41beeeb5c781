//! A debug session's run: the dry run made once with a recording stepper, so that every
//! step of every run has the state the run had when it reached it. The simulator is pure,
//! so pausing "before step N" is this record read at N, and a what-if is a new replay.

use crate::plan::{Directive, Fate, Pause, Reached, Stepper};
use crate::project::dry_run::{self, Error, Outcome, Report, Request, Subject};
use crate::workspace::Workspace;
use std::collections::{BTreeMap, BTreeSet};

/// What the run had left behind when it reached a step.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    pub variables: BTreeMap<String, String>,
    pub step_outputs: BTreeMap<String, BTreeMap<String, String>>,
    pub statuses: BTreeMap<String, Fate>,
}

/// One place a session can stop: a step of a run, in execution order.
#[derive(Clone, Debug)]
pub struct Stop {
    /// Index of the run in the report.
    pub run: usize,
    /// Index in the run's `steps` (execution order).
    pub position: usize,
    /// The step's position in its workflow's step list.
    pub step: usize,
    pub before: Snapshot,
}

/// The report of one dry run and every place it can stop.
pub struct Replay {
    pub report: Report,
    pub stops: Vec<Stop>,
}

/// Records each step's snapshot and applies the user's `skip STEP` decisions (the same
/// decision `--step` takes from a terminal).
struct Recorder<'a> {
    skip: &'a BTreeSet<String>,
    reached: Vec<(usize, Snapshot)>,
}

impl Stepper for Recorder<'_> {
    fn before_step(&mut self, pause: &Pause<'_>) -> Directive {
        if self.skip.contains(&pause.step.name) {
            Directive::Skip
        } else {
            Directive::Continue
        }
    }

    fn reached(&mut self, state: &Reached<'_>) {
        self.reached.push((
            state.step,
            Snapshot {
                variables: state.variables.clone(),
                step_outputs: state.step_outputs.clone(),
                statuses: state.statuses.clone(),
            },
        ));
    }
}

/// The dry run of `subject` under `request`, steps named in `skip` skipped by the user.
pub fn replay(
    subject: &Subject,
    ws: &Workspace,
    request: &Request,
    skip: &BTreeSet<String>,
) -> Result<Replay, Error> {
    let mut recorder = Recorder {
        skip,
        reached: Vec::new(),
    };
    let report = dry_run::report(subject, ws, request, Some(&mut recorder))?;
    // The simulator reaches every step once, in the order its outcomes are listed, run
    // after run; runs that cannot be planned or resolved reach none.
    let mut reached = recorder.reached.into_iter();
    let mut stops = Vec::new();
    for (run, r) in report.runs.iter().enumerate() {
        let Outcome::Simulated(_, sim) = &r.outcome else {
            continue;
        };
        for (position, outcome) in sim.steps.iter().enumerate() {
            // The simulator reaches each outcome's step once, in this order; were that ever
            // not so, the stop shows an empty state rather than another step's.
            let before = match reached.next() {
                Some((step, snapshot)) if step == outcome.index => snapshot,
                _ => Snapshot::default(),
            };
            stops.push(Stop {
                run,
                position,
                step: outcome.index,
                before,
            });
        }
    }
    Ok(Replay { report, stops })
}
