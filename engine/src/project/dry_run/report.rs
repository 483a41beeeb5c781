//! The dry-run report as data: one run per simulated workflow, or one per resource of a
//! Score spec plus its embedded workflows. Rendered by `json.rs`, `text.rs` and
//! `mermaid.rs`.

use crate::plan::{
    simulate_stepping, Engine, PlanError, Scenario, Simulation, Stepper, WorkflowSpec,
};
use std::collections::BTreeMap;

/// The Score resource a run provisions.
#[derive(Clone, Debug)]
pub struct ResourceInfo {
    pub name: String,
    pub resource_type: String,
    pub provider: Option<String>,
    pub workflow: Option<String>,
}

#[derive(Clone, Debug)]
pub enum Outcome {
    Simulated(WorkflowSpec, Simulation),
    /// The plan was refused (a `dependsOn` cycle).
    Unplannable(WorkflowSpec, PlanError),
    /// A Score resource that resolves to no workflow, with the engine's error.
    Unresolved(String),
}

impl Outcome {
    /// Simulates `wf`, asking `stepper` before each step when there is one.
    pub fn simulate(
        wf: WorkflowSpec,
        engine: Engine,
        params: &BTreeMap<String, String>,
        scenario: &Scenario,
        stepper: Option<&mut dyn Stepper>,
    ) -> Outcome {
        match simulate_stepping(&wf, engine, params, scenario, stepper) {
            Ok(sim) => Outcome::Simulated(wf, sim),
            Err(e) => Outcome::Unplannable(wf, e),
        }
    }
}

/// One simulated workflow.
#[derive(Clone, Debug)]
pub struct Run {
    /// The workflow file.
    pub file: String,
    /// The engine that runs it (a Score spec's embedded workflows always run on the legacy
    /// runner).
    pub engine: Engine,
    pub resource: Option<ResourceInfo>,
    pub golden_path: Option<String>,
    /// The parameters the run started with (after defaults).
    pub parameters: BTreeMap<String, String>,
    /// Remarks about the inputs (defaults applied, required parameters missing).
    pub notes: Vec<String>,
    pub outcome: Outcome,
}

impl Run {
    pub fn status(&self) -> &'static str {
        match &self.outcome {
            Outcome::Simulated(_, sim) => sim.status.name(),
            _ => "invalid",
        }
    }
}

/// Everything one dry run reports.
#[derive(Clone, Debug)]
pub struct Report {
    pub engine: Engine,
    /// The Score spec (its file and application name), when the runs come from one.
    pub score: Option<(String, String)>,
    pub runs: Vec<Run>,
    /// Remarks about the whole dry run (a Score spec's scenario naming unknown steps).
    pub warnings: Vec<String>,
}

impl Report {
    /// `succeeded`, `failed` (a run would fail) or `invalid` (a run cannot be planned or a
    /// resource resolves to no workflow).
    pub fn status(&self) -> &'static str {
        let statuses: Vec<&str> = self.runs.iter().map(Run::status).collect();
        if statuses.contains(&"invalid") {
            "invalid"
        } else if statuses.contains(&"failed") {
            "failed"
        } else {
            "succeeded"
        }
    }
}
