//! Stepping through a simulation (`--step`): what a paused simulation shows and what the
//! user may decide. The engine only asks; the caller reads the answer.

use super::outcome::{Fate, StepOutcome};
use super::spec::StepSpec;
use std::collections::BTreeMap;

/// What the user decides when the simulation pauses before a step (`--step`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Directive {
    /// Run the step as the scenario says.
    Continue,
    /// Do not run it (fate `skipped`).
    Skip,
    /// Make it fail (no retry).
    Fail,
    /// Stop the simulation here: this and every later step is not run.
    Quit,
}

/// What a paused simulation shows about the step it is about to run.
pub struct Pause<'a> {
    pub step: &'a StepSpec,
    /// How many steps were decided before this one.
    pub position: usize,
    pub total: usize,
    pub group_label: &'a str,
    /// Workflow variables in scope (parameters, workflow variables, `setVariables` so far).
    pub variables: &'a BTreeMap<String, String>,
    /// Outputs of the steps that already succeeded.
    pub step_outputs: &'a BTreeMap<String, BTreeMap<String, String>>,
    /// What the step would render and do if it runs.
    pub preview: &'a StepOutcome,
}

/// What the run has left behind when the walk reaches a step, before its fate is decided
/// (whether or not it then runs): what a debugger shows at that step.
pub struct Reached<'a> {
    /// The step's position in the workflow's step list.
    pub step: usize,
    pub variables: &'a BTreeMap<String, String>,
    pub step_outputs: &'a BTreeMap<String, BTreeMap<String, String>>,
    /// The fate of each step decided so far.
    pub statuses: &'a BTreeMap<String, Fate>,
}

/// Asked before each step that would run; the CLI's `--step` reads the answer from the
/// terminal. The engine itself never reads input.
pub trait Stepper {
    fn before_step(&mut self, pause: &Pause<'_>) -> Directive;

    /// Told when the walk reaches each step, in execution order, once per step (also for
    /// steps that are then skipped or not run). Nothing by default.
    fn reached(&mut self, _state: &Reached<'_>) {}
}
