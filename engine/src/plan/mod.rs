//! Dry-run of one workflow (DESIGN.md §6, FORMATS.md §4): a plan (which steps run in which
//! order and groups) and a simulation over it (each step's fate, rendered templates and the
//! side effects it would have). Pure data in, pure data out: nothing is executed, no process
//! is started, no file is written, no network is touched.
//!
//! Four engines:
//! - [`Engine::Documented`]: what the documentation promises (the dormant multi-tier engine of
//!   FORMATS.md §4.3/§4.4, with `dependsOn` honoured as an order rather than a check);
//! - [`Engine::Live`]: what the server's `ExecuteWorkflowWithName` does today (§4.2): strict
//!   list order, first failure stops, conditions and groups ignored;
//! - [`Engine::Legacy`]: the legacy runner (§4.9) that runs Score-embedded workflows and
//!   retries: list order, first failure stops, no templates, its own step types;
//! - [`Engine::Dormant`]: the platform's own `executeResolvedWorkflow` exactly (no server path
//!   calls it today): list order without parallel flags; with them the platform's groups,
//!   `dependsOn` checked but never reordered, strict `$VARS` checks before each step
//!   (`strict_vars.rs`), unknown step types handed to the legacy runner (`dormant.rs`).
//!
//! One job per file: `engine.rs` names the engines, `spec.rs` copies a workflow into owned
//! data, `planner.rs` plans it, `simulate.rs` walks the plan (`context.rs` holds what the
//! steps so far left behind and evaluates conditions, `attempt.rs` runs one step on paper
//! under the scenario and the retry and timeout policies, `effects.rs` and `legacy.rs`
//! describe each step type's side effects on the documented/live engines and on the legacy
//! runner), `outcome.rs` holds the results, `timeline.rs` their times, `scenario.rs` and
//! `stepper.rs` what the user says and decides. A file imports a sibling only if that
//! sibling does not import it back; this file only declares and re-exports.

mod attempt;
mod context;
mod dormant;
mod effects;
mod engine;
mod inputs;
mod legacy;
mod outcome;
mod planner;
pub mod policy;
mod render;
mod scenario;
mod simulate;
mod spec;
mod stepper;
mod strict_vars;
mod testfile;
mod timeline;

#[cfg(test)]
mod tests;

pub use context::StateAt;
pub use engine::Engine;
pub use inputs::{
    golden_path_for, golden_path_within, resource_runs, score_runs, GoldenPathInputs,
    ResolvedWorkflow, ResourceRun,
};
pub use outcome::{Fate, Simulation, StepOutcome};
pub use planner::{plan, Plan, PlanError, PlanGroup};
pub use render::{render, Rendered};
pub use scenario::Scenario;
pub use simulate::{simulate, simulate_stepping};
pub use spec::{StepSpec, WorkflowSpec};
pub use stepper::{Directive, Pause, Reached, Stepper};
pub use testfile::{
    check_case, read_params, read_scenario, read_test_file, Check, Expectation, InputError,
    Mismatch, TestCase, TestFile,
};
