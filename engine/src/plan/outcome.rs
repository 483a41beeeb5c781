//! What a simulation produces: each step's fate and outcome, and the simulated run of a
//! workflow.

use super::planner::Plan;
use super::render::Rendered;
use super::spec::StepSpec;
use std::collections::BTreeMap;

/// A step's fate, or the workflow's outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    Succeeded,
    Failed,
    Skipped,
    NotRun,
    TimedOut,
    /// Succeeded, then undone by a rollback (`when: on_failure`) step.
    RolledBack,
}

impl Fate {
    pub const ALL: [Fate; 6] = [
        Fate::Succeeded,
        Fate::Failed,
        Fate::Skipped,
        Fate::NotRun,
        Fate::TimedOut,
        Fate::RolledBack,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Fate::Succeeded => "succeeded",
            Fate::Failed => "failed",
            Fate::Skipped => "skipped",
            Fate::NotRun => "not_run",
            Fate::TimedOut => "timed_out",
            Fate::RolledBack => "rolled_back",
        }
    }

    pub fn parse(text: &str) -> Option<Fate> {
        Fate::ALL.into_iter().find(|f| f.name() == text)
    }

    pub fn is_failure(self) -> bool {
        matches!(self, Fate::Failed | Fate::TimedOut)
    }
}

/// What happened (would happen) to one step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepOutcome {
    /// Position in the step list, from 0.
    pub index: usize,
    pub name: String,
    pub step_type: String,
    pub status: Fate,
    /// How many times it would be started (0 when it never starts).
    pub attempts: u32,
    /// Index of its plan group.
    pub group: usize,
    /// Why it failed, was skipped, did not run or was rolled back.
    pub reason: Option<String>,
    /// Side effects it would have, in order.
    pub effects: Vec<String>,
    /// The rendered `config.script` or `config.manifest`: (which, result).
    pub rendered: Option<(String, Rendered)>,
    /// Outputs it would publish.
    pub outputs: BTreeMap<String, String>,
    /// Remarks: ignored fields, retries, overridden values, unsupported details.
    pub notes: Vec<String>,
    /// Seconds after the workflow starts at which it starts (set by the timeline).
    pub start: u64,
    /// Seconds it occupies, retries and pauses included; `None`: it never finishes.
    pub duration: Option<u64>,
    /// Whether it lies on the critical path (set by the timeline).
    pub critical: bool,
}

impl StepOutcome {
    /// Step `index` (`step`) in plan group `group`, not started: no effects, no time.
    pub(super) fn blank(
        index: usize,
        step: &StepSpec,
        group: usize,
        status: Fate,
        reason: Option<String>,
    ) -> StepOutcome {
        StepOutcome {
            index,
            name: step.name.clone(),
            step_type: step.step_type.clone(),
            status,
            attempts: 0,
            group,
            reason,
            effects: Vec::new(),
            rendered: None,
            outputs: BTreeMap::new(),
            notes: Vec::new(),
            start: 0,
            duration: Some(0),
            critical: false,
        }
    }
}

/// The simulated run of one workflow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Simulation {
    pub plan: Plan,
    /// `Succeeded` or `Failed`.
    pub status: Fate,
    /// The workflow's error, as the engine would report it.
    pub error: Option<String>,
    /// Every step, in execution order.
    pub steps: Vec<StepOutcome>,
    /// Workflow variables at the end (parameters, workflow variables, `setVariables`).
    pub variables: BTreeMap<String, String>,
    pub warnings: Vec<String>,
    /// Estimated wall-clock seconds of the run; `None` when a step never finishes.
    pub duration: Option<u64>,
    /// Names of the steps that decide the duration, in order.
    pub critical_path: Vec<String>,
}
