//! Walks a [`Plan`] and decides each step's fate from the workflow, the parameters and a
//! scenario (FORMATS.md §4.10): the order of the engines, failure propagation, rollback,
//! the pre-flight check and the stepper. Side effects are described as strings, never
//! performed.

use super::attempt;
use super::context::Context;
use super::dormant::builds_groups;
use super::engine::Engine;
use super::outcome::{Fate, Simulation, StepOutcome};
use super::planner::{name_index, plan, Plan, PlanError};
use super::scenario::Scenario;
use super::spec::WorkflowSpec;
use super::stepper::{Directive, Pause, Reached, Stepper};
use super::strict_vars::undefined_reference;
use super::timeline::timeline;
use crate::template::reference::references;
use std::collections::BTreeMap;

/// Simulates `wf` on `engine` with `parameters` (golden-path params / engine inputs).
pub fn simulate(
    wf: &WorkflowSpec,
    engine: Engine,
    parameters: &BTreeMap<String, String>,
    scenario: &Scenario,
) -> Result<Simulation, PlanError> {
    simulate_stepping(wf, engine, parameters, scenario, None)
}

/// [`simulate`], asking `stepper` before each step that would run.
pub fn simulate_stepping(
    wf: &WorkflowSpec,
    engine: Engine,
    parameters: &BTreeMap<String, String>,
    scenario: &Scenario,
    stepper: Option<&mut dyn Stepper>,
) -> Result<Simulation, PlanError> {
    let plan = plan(wf, engine)?;
    let mut warnings = plan.warnings.clone();
    // §4.2: engine inputs first, then the workflow's own variables (they win). The legacy
    // runner has no variables at all (§4.9).
    let mut variables = parameters.clone();
    if engine != Engine::Legacy {
        for (k, v) in &wf.variables {
            if let Some(old) = variables.get(k).filter(|old| *old != v) {
                warnings.push(format!(
                    "parameter '{k}' ({old}) is overridden by the workflow variable ({v})"
                ));
            }
            variables.insert(k.clone(), v.clone());
        }
    }
    for name in scenario.step_names() {
        if !wf.steps.iter().any(|s| s.name == name) {
            warnings.push(format!(
                "scenario names step '{name}', which this workflow does not have"
            ));
        }
    }
    let mut sim = Sim {
        wf,
        engine,
        scenario,
        cx: Context {
            variables,
            ..Context::default()
        },
        outcomes: Vec::new(),
        error: None,
        stepper,
        quit: None,
    };
    // The legacy runner has no pre-flight check; the dormant engine checks each step's
    // references strictly instead, just before the step.
    let preflight = if matches!(engine, Engine::Legacy | Engine::Dormant) {
        None
    } else {
        sim.preflight()
    };
    if engine == Engine::Live && sim.uses_workflow_variables() {
        warnings.push(
            "the live executor keeps one variable context for all runs: a variable left by an \
             earlier, unrelated run can satisfy a ${workflow.*} reference there; this dry run \
             starts from an empty context"
                .into(),
        );
    }
    if let Some(e) = preflight {
        sim.error = Some(e.clone());
        for (gi, g) in plan.groups.iter().enumerate() {
            for &i in &g.steps {
                sim.reach(i);
                sim.outcomes
                    .push(sim.blank(i, gi, Fate::NotRun, Some(e.clone())));
            }
        }
    } else {
        match engine {
            Engine::Live | Engine::Legacy => sim.run_in_list_order(&plan),
            Engine::Documented => sim.run_documented(&plan),
            Engine::Dormant => sim.run_dormant(&plan),
        }
    }
    let failed = sim.outcomes.iter().any(|o| o.status.is_failure()) || sim.error.is_some();
    let mut steps = sim.outcomes;
    let (duration, critical_path) = timeline(&plan, &mut steps);
    Ok(Simulation {
        status: if failed {
            Fate::Failed
        } else {
            Fate::Succeeded
        },
        error: sim.error,
        steps,
        variables: sim.cx.variables,
        warnings,
        plan,
        duration,
        critical_path,
    })
}

struct Sim<'a, 's> {
    wf: &'a WorkflowSpec,
    engine: Engine,
    scenario: &'a Scenario,
    cx: Context,
    outcomes: Vec<StepOutcome>,
    error: Option<String>,
    stepper: Option<&'s mut dyn Stepper>,
    /// Set when the user quit while stepping: the step where they did.
    quit: Option<String>,
}

impl Sim<'_, '_> {
    fn blank(&self, i: usize, group: usize, status: Fate, reason: Option<String>) -> StepOutcome {
        StepOutcome::blank(i, &self.wf.steps[i], group, status, reason)
    }

    /// Runs step `i` on paper (see [`attempt::execute`]).
    fn execute(&self, i: usize, group: usize) -> StepOutcome {
        attempt::execute(
            &self.wf.steps[i],
            i,
            group,
            self.engine,
            self.scenario,
            &self.cx.variables,
        )
    }

    /// Whether any text the pre-flight check reads holds a `${workflow.K}` reference.
    fn uses_workflow_variables(&self) -> bool {
        self.wf.steps.iter().any(|s| {
            s.fields
                .values()
                .chain(s.config.values())
                .chain(s.variables.values())
                .chain(s.env.values())
                .chain(s.set_variables.values())
                .any(|t| {
                    references(t)
                        .iter()
                        .any(|r| r.workflow_variable().is_some())
                })
        })
    }

    /// The pre-flight `${workflow.K}` check of the live engine (FORMATS.md §2.2), strict mode.
    fn preflight(&self) -> Option<String> {
        for s in &self.wf.steps {
            let texts = s
                .fields
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), "name" | "type"))
                .map(|(_, v)| v)
                .chain(s.config.values())
                .chain(s.variables.values())
                .chain(s.env.values())
                .chain(s.set_variables.values())
                .chain(s.depends_on.iter());
            for text in texts {
                for r in references(text) {
                    if let Some(k) = r.workflow_variable() {
                        if !self.cx.variables.contains_key(k) {
                            return Some(format!(
                                "workflow validation failed: workflow validation failed: undefined \
                                 variable: ${{workflow.{k}}} (workflow variable '{k}' not found)"
                            ));
                        }
                    }
                }
            }
        }
        None
    }

    /// Tells the stepper (if any) that the walk reached step `i`.
    fn reach(&mut self, i: usize) {
        if let Some(stepper) = self.stepper.as_mut() {
            stepper.reached(&Reached {
                step: i,
                variables: &self.cx.variables,
                step_outputs: &self.cx.step_outputs,
                statuses: &self.cx.statuses,
            });
        }
    }

    /// Asks the stepper (if any) about step `i`; `Some(outcome)` when the user decided its
    /// fate instead of the scenario.
    fn ask(
        &mut self,
        i: usize,
        group: usize,
        label: &str,
        preview: &StepOutcome,
    ) -> Option<StepOutcome> {
        if let Some(at) = &self.quit {
            let why = format!("not run: the step-through was quit at step '{at}'");
            return Some(self.blank(i, group, Fate::NotRun, Some(why)));
        }
        let stepper = self.stepper.as_mut()?;
        let pause = Pause {
            step: &self.wf.steps[i],
            position: self.outcomes.len(),
            total: self.wf.steps.len(),
            group_label: label,
            variables: &self.cx.variables,
            step_outputs: &self.cx.step_outputs,
            preview,
        };
        let name = self.wf.steps[i].name.clone();
        match stepper.before_step(&pause) {
            Directive::Continue => None,
            Directive::Skip => Some(self.blank(
                i,
                group,
                Fate::Skipped,
                Some("skipped by the user (step-through)".into()),
            )),
            Directive::Fail => {
                let mut o = preview.clone();
                o.status = Fate::Failed;
                o.attempts = 1;
                o.outputs.clear();
                o.reason = Some("failed by the user (step-through)".into());
                Some(o)
            }
            Directive::Quit => {
                let why = format!("not run: the step-through was quit at step '{name}'");
                self.quit = Some(name);
                Some(self.blank(i, group, Fate::NotRun, Some(why)))
            }
        }
    }

    /// The live engine (§4.2) and the legacy runner (§4.9): list order, no conditions, the
    /// first failure stops the workflow, no retries.
    fn run_in_list_order(&mut self, plan: &Plan) {
        let mut stopped: Option<String> = None;
        for (gi, g) in plan.groups.iter().enumerate() {
            for &i in &g.steps {
                self.reach(i);
                let step = &self.wf.steps[i];
                if let Some(why) = &stopped {
                    let o = self.blank(i, gi, Fate::NotRun, Some(why.clone()));
                    self.outcomes.push(o);
                    continue;
                }
                let preview = self.execute(i, gi);
                let mut o = match self.ask(i, gi, &g.label, &preview) {
                    Some(decided) => decided,
                    None => preview,
                };
                let ignored = step.ignored_by_live_engine();
                if !ignored.is_empty() && o.attempts > 0 {
                    o.notes.push(format!(
                        "ignored by the {} engine: {}",
                        self.engine.name(),
                        ignored.join(", ")
                    ));
                }
                match o.status {
                    Fate::Failed => {
                        let e = format!(
                            "workflow failed at step '{}': {}",
                            step.name,
                            o.reason.clone().unwrap_or_default()
                        );
                        self.error = Some(e);
                        stopped = Some(format!(
                            "not reached: the workflow failed at step '{}'",
                            step.name
                        ));
                    }
                    Fate::TimedOut => {
                        self.error = Some(format!(
                            "step '{}' never finishes: the {} engine runs steps without a timeout",
                            step.name,
                            self.engine.name()
                        ));
                        stopped = Some(format!("not reached: step '{}' never finishes", step.name));
                    }
                    _ => {}
                }
                if o.status == Fate::NotRun && self.quit.is_some() {
                    stopped = o.reason.clone();
                    self.error = Some(format!("stopped by the user before step '{}'", step.name));
                }
                self.cx.statuses.insert(step.name.clone(), o.status);
                self.outcomes.push(o);
            }
        }
    }

    /// The documented semantics (§4.3/§4.4) with the retry, timeout and rollback policies:
    /// groups in order; once a group has a failure, later steps are not run except
    /// `when: always` / `on_failure` ones, and a rollback (`on_failure`) step that runs
    /// rolls back the steps it names in `dependsOn` that had succeeded.
    fn run_documented(&mut self, plan: &Plan) {
        let names = name_index(self.wf);
        let mut failed_at: Option<String> = None;
        for (gi, g) in plan.groups.iter().enumerate() {
            if g.never_runs {
                self.never_run(g, gi);
                continue;
            }
            let mut first_failure_here: Option<String> = None;
            for &i in &g.steps {
                self.reach(i);
                let step = &self.wf.steps[i];
                let when = step
                    .when
                    .as_deref()
                    .map(|w| w.trim().to_ascii_lowercase())
                    .unwrap_or_default();
                let runs_after_failure =
                    matches!(when.as_str(), "always" | "on_failure" | "failure");
                if let Some(at) = &failed_at {
                    if !runs_after_failure {
                        let o = self.blank(
                            i,
                            gi,
                            Fate::NotRun,
                            Some(format!("not reached: the workflow failed at step '{at}'")),
                        );
                        self.cx.statuses.insert(step.name.clone(), Fate::NotRun);
                        self.outcomes.push(o);
                        continue;
                    }
                }
                // (a) dependencies; steps that run after a failure only use them as an order.
                let mut blocked: Option<(Fate, String)> = None;
                for d in &step.depends_on {
                    // A sibling starts with the step, so it has no status yet (its own, set
                    // earlier in this loop, is not visible to the platform's goroutines); a
                    // step of a group that never runs never gets one.
                    let sibling = names.get(d.as_str()).is_some_and(|j| {
                        (*j != i && g.steps.contains(j))
                            || plan.group_of(*j).is_some_and(|k| plan.groups[k].never_runs)
                    });
                    let status = names
                        .get(d.as_str())
                        .and_then(|&j| self.cx.statuses.get(&self.wf.steps[j].name).copied());
                    let problem = match status {
                        _ if sibling => Some((
                            Fate::Failed,
                            format!("dependency {d} not found for step {}", step.name),
                        )),
                        None if !names.contains_key(d.as_str()) => Some((
                            Fate::Failed,
                            format!("dependency {d} not found for step {}", step.name),
                        )),
                        _ if runs_after_failure => None,
                        Some(Fate::Succeeded) => None,
                        Some(f) if f.is_failure() => Some((
                            Fate::NotRun,
                            format!("dependency '{d}' {}", f.name().replace('_', " ")),
                        )),
                        // §4.3 (a): anything but success is an error of the dependant.
                        Some(Fate::Skipped) => Some((
                            Fate::Failed,
                            format!(
                                "dependency {d} did not complete successfully (status: skipped) \
                                 for step {}",
                                step.name
                            ),
                        )),
                        _ => Some((Fate::NotRun, format!("dependency '{d}' did not run"))),
                    };
                    if problem.is_some() {
                        blocked = problem;
                        break;
                    }
                }
                if let Some((fate, reason)) = blocked {
                    if fate.is_failure() && first_failure_here.is_none() {
                        first_failure_here = Some(step.name.clone());
                        self.error
                            .get_or_insert(format!("step '{}' failed: {reason}", step.name));
                    }
                    let o = self.blank(i, gi, fate, Some(reason));
                    self.cx.statuses.insert(step.name.clone(), fate);
                    self.outcomes.push(o);
                    continue;
                }
                // (c) conditions
                if let Some(reason) = self.cx.skip_reason(step) {
                    let o = self.blank(i, gi, Fate::Skipped, Some(reason));
                    self.cx.statuses.insert(step.name.clone(), Fate::Skipped);
                    self.outcomes.push(o);
                    continue;
                }
                let is_rollback = matches!(when.as_str(), "on_failure" | "failure");
                let undo: Vec<String> = step
                    .depends_on
                    .iter()
                    .filter(|d| self.cx.statuses.get(d.as_str()) == Some(&Fate::Succeeded))
                    .cloned()
                    .collect();
                if is_rollback && !step.depends_on.is_empty() && undo.is_empty() {
                    let reason = format!(
                        "nothing to roll back: none of {} succeeded",
                        step.depends_on.join(", ")
                    );
                    let o = self.blank(i, gi, Fate::Skipped, Some(reason));
                    self.cx.statuses.insert(step.name.clone(), Fate::Skipped);
                    self.outcomes.push(o);
                    continue;
                }
                let preview = self.execute(i, gi);
                let mut o = match self.ask(i, gi, &g.label, &preview) {
                    Some(decided) => decided,
                    None => preview,
                };
                if o.status == Fate::NotRun && self.quit.is_some() {
                    self.error
                        .get_or_insert(format!("stopped by the user before step '{}'", step.name));
                    failed_at.get_or_insert(step.name.clone());
                }
                if o.status == Fate::Succeeded {
                    // (e) outputs: the scenario's, then setVariables (FORMATS.md §4.6).
                    for (k, v) in &step.set_variables {
                        let v = self.cx.substitute(v, step);
                        self.cx.variables.insert(k.clone(), v.clone());
                        o.outputs.insert(k.clone(), v);
                    }
                    if step.step_type == "terraform" {
                        let holder = step
                            .fields
                            .get("resource")
                            .cloned()
                            .unwrap_or_else(|| step.name.clone());
                        for (k, v) in &o.outputs {
                            self.cx
                                .resource_outputs
                                .insert(format!("{holder}.{k}"), v.clone());
                        }
                    }
                    self.cx
                        .step_outputs
                        .insert(step.name.clone(), o.outputs.clone());
                    if is_rollback {
                        self.roll_back(&step.name, &undo);
                    }
                } else if o.status.is_failure() {
                    first_failure_here.get_or_insert(step.name.clone());
                    self.error.get_or_insert(format!(
                        "step '{}' failed: {}",
                        step.name,
                        o.reason.clone().unwrap_or_default()
                    ));
                }
                self.cx.statuses.insert(step.name.clone(), o.status);
                self.outcomes.push(o);
            }
            // The whole group runs concurrently; the failure stops what comes after it.
            if failed_at.is_none() {
                failed_at = first_failure_here;
            }
        }
    }

    /// Records the steps of a group the engine never starts (`PlanGroup::never_runs`).
    fn never_run(&mut self, g: &super::planner::PlanGroup, gi: usize) {
        for &i in &g.steps {
            self.reach(i);
            let why = format!(
                "never runs: {} is past the groups the engine runs",
                g.label
                    .trim_start_matches("never runs (")
                    .trim_end_matches(')')
            );
            let o = self.blank(i, gi, Fate::NotRun, Some(why));
            self.outcomes.push(o);
        }
    }

    /// The dormant engine (`executeResolvedWorkflow`, see `dormant.rs`). Without parallel
    /// flags: list order, the first failure stops, nothing but the executor runs. With
    /// them: group by group, each step of a group judged against the state at the start
    /// of its group (siblings start together): its dependencies must have succeeded, its
    /// references must resolve (`strict_vars.rs`), its conditions decide a skip, then the
    /// executor runs; the group's results (statuses, `setVariables`) count after it, and a
    /// failure stops the workflow after its group.
    fn run_dormant(&mut self, plan: &Plan) {
        let grouped = builds_groups(self.wf);
        let mut stopped: Option<String> = None;
        for (gi, g) in plan.groups.iter().enumerate() {
            if g.never_runs {
                self.never_run(g, gi);
                continue;
            }
            let mut decided = Vec::with_capacity(g.steps.len());
            let mut first_error: Option<String> = None;
            for &i in &g.steps {
                self.reach(i);
                if let Some(why) = &stopped {
                    decided.push(self.blank(i, gi, Fate::NotRun, Some(why.clone())));
                    continue;
                }
                let o = if grouped {
                    self.dormant_grouped_step(i, gi, &g.label)
                } else {
                    let preview = self.execute(i, gi);
                    self.ask(i, gi, &g.label, &preview).unwrap_or(preview)
                };
                let name = &self.wf.steps[i].name;
                if o.status.is_failure() && first_error.is_none() {
                    let reason = o.reason.clone().unwrap_or_default();
                    first_error = Some(match (grouped, g.steps.len()) {
                        (false, _) => format!("step {name} failed: {reason}"),
                        (true, 1) => format!("step group {} failed: {reason}", gi + 1),
                        (true, _) => format!(
                            "step group {} failed: parallel execution failed: step {name}: \
                             {reason}",
                            gi + 1
                        ),
                    });
                }
                if o.status == Fate::NotRun && self.quit.is_some() {
                    stopped = o.reason.clone();
                    self.error
                        .get_or_insert(format!("stopped by the user before step '{name}'"));
                }
                decided.push(o);
            }
            for mut o in decided {
                let step = &self.wf.steps[o.index];
                // Without groups the engine keeps no statuses or outputs at all.
                if grouped && o.status == Fate::Succeeded {
                    for (k, v) in &step.set_variables {
                        self.cx.variables.insert(k.clone(), v.clone());
                        o.outputs.insert(k.clone(), v.clone());
                    }
                    if !step.set_variables.is_empty() {
                        self.cx
                            .step_outputs
                            .insert(step.name.clone(), o.outputs.clone());
                    }
                }
                if o.status != Fate::NotRun {
                    self.cx.statuses.insert(step.name.clone(), o.status);
                }
                self.outcomes.push(o);
            }
            if let Some(e) = first_error {
                self.error.get_or_insert(e);
                stopped.get_or_insert(format!("not reached: step group {} failed", gi + 1));
            }
        }
    }

    /// One step of a grouped dormant run, judged against the state at the start of its
    /// group (`executeSingleStep`): dependencies, strict references, conditions, executor.
    fn dormant_grouped_step(&mut self, i: usize, gi: usize, label: &str) -> StepOutcome {
        let step = &self.wf.steps[i];
        for d in &step.depends_on {
            let problem = match self.cx.statuses.get(d.as_str()) {
                None => format!("dependency {d} not found for step {}", step.name),
                Some(Fate::Succeeded) => continue,
                // The platform's own status words: success, skipped, failed.
                Some(fate) => format!(
                    "dependency {d} did not complete successfully (status: {}) for step {}",
                    if fate.is_failure() {
                        "failed"
                    } else {
                        fate.name()
                    },
                    step.name
                ),
            };
            return self.blank(i, gi, Fate::Failed, Some(problem));
        }
        if let Some((reference, error)) = undefined_reference(step, &self.cx) {
            let mut o = self.blank(i, gi, Fate::Failed, Some(error));
            if !reference.contains('.') {
                o.notes.push(format!(
                    "{reference} would pass if the server's own environment defined it; a dry \
                     run cannot know that environment"
                ));
            }
            return o;
        }
        if let Some(reason) = self.cx.skip_reason(step) {
            return self.blank(i, gi, Fate::Skipped, Some(reason));
        }
        let preview = self.execute(i, gi);
        self.ask(i, gi, label, &preview).unwrap_or(preview)
    }

    /// Marks the succeeded steps `undo` as rolled back by `by`.
    fn roll_back(&mut self, by: &str, undo: &[String]) {
        for o in self.outcomes.iter_mut() {
            if o.status == Fate::Succeeded && undo.contains(&o.name) {
                o.status = Fate::RolledBack;
                o.reason = Some(format!("rolled back by step '{by}'"));
                self.cx.statuses.insert(o.name.clone(), Fate::RolledBack);
            }
        }
    }
}
