//! Walks a [`Plan`] and decides each step's fate from the workflow, the parameters and a
//! scenario (FORMATS.md §4.10). Side effects are described as strings, never performed.

use super::render::{render, Rendered};
use super::spec::{StepSpec, WorkflowSpec};
use super::timeline::timeline;
use super::{legacy, policy};
use super::{name_index, plan, Engine, Plan, PlanError};
use crate::template::condition::{self, Form};
use crate::template::reference::references;
use std::collections::{BTreeMap, BTreeSet};

/// What the user says happens when steps run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scenario {
    /// Steps that fail on every attempt, with the error they report (empty: a generic message).
    pub fail: BTreeMap<String, String>,
    /// Steps that never finish.
    pub timeout: BTreeSet<String>,
    /// Steps whose first N-1 attempts fail: the attempt that succeeds.
    pub attempts: BTreeMap<String, u32>,
    /// Outputs each step produces when it succeeds.
    pub outputs: BTreeMap<String, BTreeMap<String, String>>,
    /// How long each attempt of a step takes, in seconds (else the default for its type).
    pub durations: BTreeMap<String, u64>,
}

impl Scenario {
    /// Every step name the scenario mentions.
    pub fn step_names(&self) -> BTreeSet<&str> {
        self.fail
            .keys()
            .chain(&self.timeout)
            .chain(self.attempts.keys())
            .chain(self.outputs.keys())
            .chain(self.durations.keys())
            .map(String::as_str)
            .collect()
    }

    /// Only the entries about steps of `wf` (a Score spec's scenario spans several workflows).
    pub fn restricted_to(&self, wf: &WorkflowSpec) -> Scenario {
        let has = |name: &String| wf.steps.iter().any(|s| &s.name == name);
        Scenario {
            fail: self
                .fail
                .iter()
                .filter(|(k, _)| has(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            timeout: self.timeout.iter().filter(|k| has(k)).cloned().collect(),
            attempts: self
                .attempts
                .iter()
                .filter(|(k, _)| has(k))
                .map(|(k, v)| (k.clone(), *v))
                .collect(),
            outputs: self
                .outputs
                .iter()
                .filter(|(k, _)| has(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            durations: self
                .durations
                .iter()
                .filter(|(k, _)| has(k))
                .map(|(k, v)| (k.clone(), *v))
                .collect(),
        }
    }

    /// `other`'s entries on top of these (flags over a scenario file).
    pub fn overlay(&mut self, other: &Scenario) {
        self.fail.extend(other.fail.clone());
        self.timeout.extend(other.timeout.iter().cloned());
        self.attempts.extend(other.attempts.clone());
        for (step, outputs) in &other.outputs {
            self.outputs
                .entry(step.clone())
                .or_default()
                .extend(outputs.clone());
        }
        self.durations.extend(other.durations.clone());
    }
}

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

/// Asked before each step that would run; the CLI's `--step` reads the answer from the
/// terminal. The engine itself never reads input.
pub trait Stepper {
    fn before_step(&mut self, pause: &Pause<'_>) -> Directive;
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
        variables,
        statuses: BTreeMap::new(),
        step_outputs: BTreeMap::new(),
        resource_outputs: BTreeMap::new(),
        outcomes: Vec::new(),
        error: None,
        stepper,
        quit: None,
    };
    let preflight = if engine == Engine::Legacy {
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
                sim.outcomes
                    .push(sim.blank(i, gi, Fate::NotRun, Some(e.clone())));
            }
        }
    } else {
        match engine {
            Engine::Live | Engine::Legacy => sim.run_in_list_order(&plan),
            Engine::Documented => sim.run_documented(&plan),
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
        variables: sim.variables,
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
    variables: BTreeMap<String, String>,
    statuses: BTreeMap<String, Fate>,
    step_outputs: BTreeMap<String, BTreeMap<String, String>>,
    resource_outputs: BTreeMap<String, String>,
    outcomes: Vec<StepOutcome>,
    error: Option<String>,
    stepper: Option<&'s mut dyn Stepper>,
    /// Set when the user quit while stepping: the step where they did.
    quit: Option<String>,
}

impl Sim<'_, '_> {
    fn blank(&self, i: usize, group: usize, status: Fate, reason: Option<String>) -> StepOutcome {
        let s = &self.wf.steps[i];
        StepOutcome {
            index: i,
            name: s.name.clone(),
            step_type: s.step_type.clone(),
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
                        if !self.variables.contains_key(k) {
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
            variables: &self.variables,
            step_outputs: &self.step_outputs,
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
                self.statuses.insert(step.name.clone(), o.status);
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
            let mut first_failure_here: Option<String> = None;
            for &i in &g.steps {
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
                        self.statuses.insert(step.name.clone(), Fate::NotRun);
                        self.outcomes.push(o);
                        continue;
                    }
                }
                // (a) dependencies; steps that run after a failure only use them as an order.
                let mut blocked: Option<(Fate, String)> = None;
                for d in &step.depends_on {
                    let status = names
                        .get(d.as_str())
                        .and_then(|&j| self.statuses.get(&self.wf.steps[j].name).copied());
                    let problem = match status {
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
                    self.statuses.insert(step.name.clone(), fate);
                    self.outcomes.push(o);
                    continue;
                }
                // (c) conditions
                if let Some(reason) = self.skip_reason(step) {
                    let o = self.blank(i, gi, Fate::Skipped, Some(reason));
                    self.statuses.insert(step.name.clone(), Fate::Skipped);
                    self.outcomes.push(o);
                    continue;
                }
                let is_rollback = matches!(when.as_str(), "on_failure" | "failure");
                let undo: Vec<String> = step
                    .depends_on
                    .iter()
                    .filter(|d| self.statuses.get(d.as_str()) == Some(&Fate::Succeeded))
                    .cloned()
                    .collect();
                if is_rollback && !step.depends_on.is_empty() && undo.is_empty() {
                    let reason = format!(
                        "nothing to roll back: none of {} succeeded",
                        step.depends_on.join(", ")
                    );
                    let o = self.blank(i, gi, Fate::Skipped, Some(reason));
                    self.statuses.insert(step.name.clone(), Fate::Skipped);
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
                        let v = self.substitute(v, step);
                        self.variables.insert(k.clone(), v.clone());
                        o.outputs.insert(k.clone(), v);
                    }
                    if step.step_type == "terraform" {
                        let holder = step
                            .fields
                            .get("resource")
                            .cloned()
                            .unwrap_or_else(|| step.name.clone());
                        for (k, v) in &o.outputs {
                            self.resource_outputs
                                .insert(format!("{holder}.{k}"), v.clone());
                        }
                    }
                    self.step_outputs
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
                self.statuses.insert(step.name.clone(), o.status);
                self.outcomes.push(o);
            }
            // The whole group runs concurrently; the failure stops what comes after it.
            if failed_at.is_none() {
                failed_at = first_failure_here;
            }
        }
    }

    /// Marks the succeeded steps `undo` as rolled back by `by`.
    fn roll_back(&mut self, by: &str, undo: &[String]) {
        for o in self.outcomes.iter_mut() {
            if o.status == Fate::Succeeded && undo.contains(&o.name) {
                o.status = Fate::RolledBack;
                o.reason = Some(format!("rolled back by step '{by}'"));
                self.statuses.insert(o.name.clone(), Fate::RolledBack);
            }
        }
    }

    /// `when`, then `unless`, then `if` (FORMATS.md §4.4); `Some(reason)` skips the step.
    fn skip_reason(&self, step: &StepSpec) -> Option<String> {
        let any_failed = self.statuses.values().any(|f| f.is_failure());
        if let Some(w) = &step.when {
            match w.trim().to_ascii_lowercase().as_str() {
                "always" => {}
                "on_success" | "success" if any_failed => {
                    return Some(format!("when={w}: a previous step failed"))
                }
                "on_success" | "success" => {}
                "on_failure" | "failure" if !any_failed => {
                    return Some(format!("when={w}: no previous step failed"))
                }
                "on_failure" | "failure" => {}
                "manual" => return Some("when=manual requires manual approval".into()),
                other => return Some(format!("unknown when condition: {other}")),
            }
        }
        if let Some(u) = &step.condition_unless {
            match self.evaluate(u, step) {
                Ok(true) => return Some(format!("unless condition is true: {u}")),
                Ok(false) => {}
                Err(e) => return Some(format!("unless condition error: {e}")),
            }
        }
        if let Some(c) = &step.condition_if {
            match self.evaluate(c, step) {
                Ok(false) => return Some(format!("if condition is false: {c}")),
                Ok(true) => {}
                Err(e) => return Some(format!("if condition error: {e}")),
            }
        }
        None
    }

    /// Variables for conditions: workflow variables < `step.env`.
    fn lookup_plain(&self, name: &str, step: &StepSpec) -> Option<String> {
        step.env
            .get(name)
            .or_else(|| self.variables.get(name))
            .cloned()
    }

    fn lookup_dotted(&self, content: &str) -> Option<String> {
        let (prefix, suffix) = content.split_once('.')?;
        match prefix {
            "workflow" => self.variables.get(suffix).cloned(),
            "resources" => self.resource_outputs.get(suffix).cloned(),
            step => self.step_outputs.get(step)?.get(suffix).cloned(),
        }
    }

    /// `replaceVariables`: `${…}` first, then `$NAME`; unresolved references stay as written.
    fn substitute(&self, text: &str, step: &StepSpec) -> String {
        let once = |text: &str, braced: bool| -> String {
            let mut out = String::new();
            let mut last = 0;
            for r in references(text) {
                if r.braced != braced {
                    continue;
                }
                let value = if r.content.contains('.') {
                    self.lookup_dotted(&r.content).or_else(|| {
                        if braced {
                            self.lookup_plain(&r.content, step)
                        } else {
                            None
                        }
                    })
                } else {
                    self.lookup_plain(&r.content, step)
                };
                if let Some(v) = value {
                    out.push_str(&text[last..r.span.start]);
                    out.push_str(&v);
                    last = r.span.end;
                }
            }
            out.push_str(&text[last..]);
            out
        };
        let braced = once(text, true);
        once(&braced, false)
    }

    fn evaluate(&self, expression: &str, step: &StepSpec) -> Result<bool, String> {
        let text = self.substitute(expression, step);
        match condition::form(&text) {
            Form::Comparison {
                op, left, right, ..
            } => Ok(condition::compare(op, &left.value, &right.value)),
            Form::Keyword(k) => keyword(&text, k),
            Form::Literal(b) => Ok(b),
            Form::StepStatus {
                step: s, status, ..
            } => {
                let fate = self
                    .statuses
                    .get(&s)
                    .ok_or_else(|| format!("step '{s}' not found in context"))?;
                match status.as_str() {
                    "success" | "succeeded" => Ok(*fate == Fate::Succeeded),
                    "failed" | "failure" => Ok(fate.is_failure()),
                    "skipped" => Ok(*fate == Fate::Skipped),
                    other => Err(format!("unknown step status: {other}")),
                }
            }
            Form::Variable(name) => Ok(self
                .lookup_plain(&name, step)
                .is_some_and(|v| !matches!(v.as_str(), "" | "false" | "0"))),
            Form::Unevaluable => Err(format!("unable to evaluate condition: {text}")),
        }
    }

    /// Runs the step's executor on paper: what it would render and do, and its fate under
    /// the scenario and the engine's retry and timeout policies.
    fn execute(&self, i: usize, group: usize) -> StepOutcome {
        let step = &self.wf.steps[i];
        let mut o = self.blank(i, group, Fate::Succeeded, None);
        o.attempts = 1;
        let app = self
            .variables
            .get("app_name")
            .cloned()
            .unwrap_or_else(|| "<app>".into());
        let result = match self.engine {
            Engine::Legacy => legacy::effects(step, &app, &mut o),
            _ => effects(step, &self.variables, &app, &mut o),
        };
        if let Some(outputs) = self.scenario.outputs.get(&step.name) {
            o.outputs.extend(outputs.clone());
        }
        let each = self
            .scenario
            .durations
            .get(&step.name)
            .copied()
            .unwrap_or_else(|| policy::default_duration(&step.step_type));
        o.duration = Some(each);
        let retries = self.engine == Engine::Documented;
        if let Err(e) = result {
            // A configuration error: the executor refuses before doing anything, and
            // retrying cannot change that.
            o.status = Fate::Failed;
            o.reason = Some(e);
            o.outputs.clear();
            o.duration = Some(0);
        } else if self.scenario.timeout.contains(&step.name) {
            o.status = Fate::TimedOut;
            o.outputs.clear();
            if retries {
                o.reason = Some(format!(
                    "context deadline exceeded ({} step timeout; a timed-out step is not retried)",
                    policy::format_duration(policy::STEP_TIMEOUT_SECS)
                ));
                o.duration = Some(policy::STEP_TIMEOUT_SECS);
            } else {
                o.reason = Some(format!(
                    "never finishes: the {} engine sets no step timeout",
                    self.engine.name()
                ));
                o.duration = None;
            }
        } else if let Some(message) = self.scenario.fail.get(&step.name) {
            o.status = Fate::Failed;
            o.outputs.clear();
            let message = if message.is_empty() {
                "failed (scenario)".to_string()
            } else {
                message.clone()
            };
            if retries {
                o.attempts = policy::MAX_ATTEMPTS;
                o.notes.push(format!(
                    "retried {} times (pauses {}), failing every time",
                    policy::MAX_ATTEMPTS - 1,
                    pauses(policy::MAX_ATTEMPTS)
                ));
            }
            o.reason = Some(message);
        } else if let Some(&succeeds_at) = self.scenario.attempts.get(&step.name) {
            let succeeds_at = succeeds_at.max(1);
            if !retries && succeeds_at > 1 {
                o.status = Fate::Failed;
                o.outputs.clear();
                o.reason = Some(format!(
                    "attempt 1 failed (the scenario lets attempt {succeeds_at} succeed); the {} \
                     engine does not retry",
                    self.engine.name()
                ));
            } else if succeeds_at > policy::MAX_ATTEMPTS {
                o.status = Fate::Failed;
                o.outputs.clear();
                o.attempts = policy::MAX_ATTEMPTS;
                o.reason = Some(format!(
                    "failed {} attempts, the retry limit (the scenario lets attempt \
                     {succeeds_at} succeed)",
                    policy::MAX_ATTEMPTS
                ));
            } else if succeeds_at > 1 {
                o.attempts = succeeds_at;
                o.notes.push(format!(
                    "retried {} time{} (pauses {}), succeeded at attempt {succeeds_at}",
                    succeeds_at - 1,
                    if succeeds_at == 2 { "" } else { "s" },
                    pauses(succeeds_at)
                ));
            }
        }
        if o.attempts > 1 {
            o.duration = Some(each * u64::from(o.attempts) + policy::total_backoff(o.attempts));
        }
        if let Some(file) = step.fields.get("outputFile") {
            if self.engine == Engine::Documented && o.status == Fate::Succeeded {
                // The file only exists after a real run; the scenario stands in for it.
                o.effects.push(format!(
                    "read {file} for outputs (JSON object or key=value lines; the scenario's \
                     outputs stand in for it here)"
                ));
            }
        }
        o
    }
}

/// `1s, 4s, 9s`: the pauses before attempts 2..=attempts.
fn pauses(attempts: u32) -> String {
    (2..=attempts)
        .map(|a| policy::format_duration(policy::backoff_before(a)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `a contains b` / `a.contains(b)` and the other keywords (FORMATS.md §4.4 item 2).
fn keyword(text: &str, k: &str) -> Result<bool, String> {
    let strip = |s: &str| s.trim().trim_matches(['"', '\'']).to_string();
    let call = format!(".{k}(");
    let (a, b) = if let Some((a, rest)) = text.split_once(&call) {
        let b = rest.trim_end();
        let b = b.strip_suffix(')').unwrap_or(b);
        (strip(a), strip(b))
    } else {
        let parts: Vec<&str> = text.split(k).collect();
        if parts.len() != 2 {
            return Err(format!("invalid {k} expression: {text}"));
        }
        (strip(parts[0]), strip(parts[1]))
    };
    Ok(match k {
        "contains" => a.contains(&b),
        "startsWith" => a.starts_with(&b),
        "endsWith" => a.ends_with(&b),
        _ => regex::Regex::new(&b)
            .map_err(|e| format!("invalid regular expression {b}: {e}"))?
            .is_match(&a),
    })
}

pub(super) fn quote_list(vars: &BTreeMap<String, String>) -> String {
    vars.iter().map(|(k, v)| format!(" -var {k}={v}")).collect()
}

/// The `WorkflowExecutor` registry (FORMATS.md §1.4.1) on paper: fills `o.effects` and
/// `o.rendered`; `Err` is the error the executor would return.
fn effects(
    step: &StepSpec,
    vars: &BTreeMap<String, String>,
    app: &str,
    o: &mut StepOutcome,
) -> Result<(), String> {
    let fx = &mut o.effects;
    match step.step_type.as_str() {
        "policy" => {
            let script = step
                .config
                .get("script")
                .filter(|s| !s.is_empty())
                .ok_or("policy step requires 'script' in config")?;
            let r = render("script", script, vars);
            let error = r.error.clone();
            o.rendered = Some(("config.script".into(), r));
            if let Some(e) = error {
                return Err(format!(
                    "failed to render policy script template: failed to parse template: {e}"
                ));
            }
            fx.push("write the rendered script to a temporary file".into());
            fx.push(format!("/bin/bash <temporary script> (env APP_NAME={app})"));
        }
        "kubernetes" => {
            let op = step
                .field_or_config("operation", "operation")
                .unwrap_or("apply")
                .to_string();
            let ns = step
                .field_or_config("namespace", "namespace")
                .unwrap_or(app);
            match op.as_str() {
                "apply" | "delete" => {
                    let manifest = step
                        .config
                        .get("manifest")
                        .filter(|s| !s.is_empty())
                        .ok_or(format!("kubernetes {op} step requires 'manifest' in config"))?;
                    // `delete` renders against the step's config, where `.parameters` is missing.
                    let empty = BTreeMap::new();
                    let data = if op == "apply" { vars } else { &empty };
                    let r = render("manifest", manifest, data);
                    let error = r.error.clone();
                    o.rendered = Some(("config.manifest".into(), r));
                    if let Some(e) = error {
                        return Err(format!("failed to render manifest template: {e}"));
                    }
                    if op == "apply" {
                        fx.push("kubectl apply -f - (the rendered manifest on stdin)".into());
                    } else {
                        fx.push(format!(
                            "kubectl delete -f - -n {ns} (the rendered manifest on stdin)"
                        ));
                    }
                }
                "get" => {
                    let rt = step
                        .config
                        .get("resource_type")
                        .filter(|s| !s.is_empty())
                        .ok_or("kubernetes get step requires 'resource_type' in config")?;
                    let rn = step
                        .config
                        .get("resource_name")
                        .map(|n| format!(" {n}"))
                        .unwrap_or_default();
                    fx.push(format!("kubectl get {rt}{rn} -n {ns} -o yaml"));
                }
                "create-namespace" => fx.push(format!("kubectl create namespace {ns}")),
                other => {
                    return Err(format!(
                        "unsupported kubernetes operation: {other} (supported: apply, delete, get, create-namespace)"
                    ))
                }
            }
        }
        "terraform" => {
            let op = step.fields.get("operation").map_or("apply", |s| s.as_str());
            let wd = step
                .field_or_config("workingDir", "working_dir")
                .ok_or("terraform step requires 'workingDir' or 'config.working_dir'")?;
            let ws = format!("workspaces/{app}/terraform");
            let v = quote_list(&step.variables);
            if !matches!(op, "init" | "plan" | "apply" | "destroy" | "output") {
                return Err(format!("unsupported terraform operation: {op}"));
            }
            fx.push(format!("copy {wd} to {ws}"));
            if op != "output" {
                fx.push(format!("terraform init (in {ws})"));
            }
            match op {
                "plan" => fx.push(format!("terraform plan{v} (in {ws})")),
                "apply" => fx.push(format!("terraform apply -auto-approve{v} (in {ws})")),
                "destroy" => fx.push(format!("terraform destroy -auto-approve{v} (in {ws})")),
                _ => {}
            }
            if matches!(op, "apply" | "output") && !step.outputs.is_empty() {
                let holder = step.fields.get("resource").unwrap_or(&step.name);
                fx.push(format!(
                    "terraform output -json (in {ws}); store {} as outputs of resource {holder}",
                    step.outputs.join(", ")
                ));
            }
        }
        "terraform-generate" => {
            let resource = step
                .field_or_config("resource", "resource")
                .ok_or("terraform-generate requires 'resource' field (e.g., 's3', 'postgres')")?;
            let dir = step
                .fields
                .get("outputDir")
                .cloned()
                .unwrap_or_else(|| format!("workspaces/{app}/terraform"));
            match resource {
                "s3" | "minio-s3-bucket" => fx.push(format!("write {dir}/main.tf (MinIO bucket)")),
                "postgres" | "postgresql" => {
                    return Err("postgres terraform generation is not yet implemented".into())
                }
                other => {
                    return Err(format!(
                        "unsupported resource type for terraform generation: {other}"
                    ))
                }
            }
        }
        "ansible" => {
            let playbook = step
                .field_or_config("playbook", "playbook")
                .or_else(|| step.config.get("playbook").map(String::as_str))
                .ok_or("ansible step requires 'playbook' in config")?;
            let wd = step
                .field_or_config("workingDir", "working_dir")
                .map(|w| format!(" (in {w})"))
                .unwrap_or_default();
            fx.push(format!("ansible-playbook {playbook}{wd}"));
        }
        "gitea-repo" => gitea(step, fx)?,
        "argocd-app" => argocd(step, app, fx)?,
        "resource-provisioning" => fx.push(format!(
            "provision every resource of {app} in state provisioning through the resource manager"
        )),
        t @ ("security" | "cost-analysis" | "tagging" | "database-migration" | "vault-setup"
        | "monitoring" | "validation") => {
            let secs = match t {
                "security" => 4,
                "database-migration" => 3,
                "tagging" | "validation" => 1,
                _ => 2,
            };
            fx.push(format!(
                "sleep {secs} s (simulated step: nothing else happens)"
            ));
        }
        other => return Err(format!("unsupported step type: {other}")),
    }
    Ok(())
}

/// `gitea-repo` (delegated to the legacy runner by both executors, FORMATS.md §1.4.2).
pub(super) fn gitea(step: &StepSpec, fx: &mut Vec<String>) -> Result<(), String> {
    let repo = step
        .fields
        .get("repoName")
        .filter(|s| !s.is_empty())
        .ok_or("gitea-repo step requires repoName field")?;
    fx.push("read admin-config.yaml (gitea.url, gitea.username)".into());
    let path = match step.fields.get("owner").filter(|s| !s.is_empty()) {
        Some(owner) => format!("/api/v1/orgs/{owner}/repos"),
        None => "/api/v1/user/repos".into(),
    };
    let private = step.fields.get("private").map_or("false", |s| s.as_str());
    fx.push(format!(
        "HTTP POST <gitea.url>{path} (name={repo}, private={private}; 409 = already exists)"
    ));
    Ok(())
}

/// `argocd-app` (delegated to the legacy runner by both executors, FORMATS.md §1.4.2).
pub(super) fn argocd(step: &StepSpec, app: &str, fx: &mut Vec<String>) -> Result<(), String> {
    let repo_url = match (step.fields.get("repoURL"), step.fields.get("repoName")) {
        (Some(u), _) if !u.is_empty() => u.clone(),
        (_, Some(n)) if !n.is_empty() => {
            let owner = step.fields.get("owner").map_or("<gitea.username>", |s| s);
            format!("http://gitea-http.gitea.svc.cluster.local:3000/{owner}/{n}.git")
        }
        _ => return Err("argocd-app step requires either repoURL or repoName field".into()),
    };
    let name = step
        .fields
        .get("appName")
        .cloned()
        .unwrap_or_else(|| format!("{app}-default"));
    let get = |k: &str, d: &str| step.fields.get(k).cloned().unwrap_or_else(|| d.into());
    let sync = if get("syncPolicy", "") == "auto" {
        "automated"
    } else {
        "manual"
    };
    fx.push("read admin-config.yaml (argocd.url, credentials)".into());
    fx.push("HTTP POST <argocd.url>/api/v1/session (log in)".into());
    fx.push(format!(
        "HTTP POST <argocd.url>/api/v1/applications (name={name}, repoURL={repo_url}, \
         path={}, project={}, namespace={}, sync={sync})",
        get("targetPath", "."),
        get("project", "default"),
        get("namespace", app),
    ));
    if get("waitForSync", "true") != "false" {
        fx.push(format!(
            "HTTP GET <argocd.url>/api/v1/applications/{name} every 10 s until Synced and \
             Healthy (timeout {} s)",
            get("timeout", "300")
        ));
    }
    Ok(())
}
