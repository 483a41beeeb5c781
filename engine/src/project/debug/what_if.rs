//! What-ifs: a parameter, workflow variable or output set at a stop, or a step made to
//! fail, skip or time out from the console; each replays the run and stops again before
//! the same step.

use super::console::{self, Command};
use super::replay::replay;
use super::scopes::ScopeKind;
use super::session::{run_spec, Evaluation, Session};
use crate::plan::WorkflowSpec;
use crate::project::dry_run::Error;
use std::collections::BTreeSet;

impl Session {
    /// Replays with the changed inputs and stops again before the same step.
    pub(super) fn replay_here(&mut self) -> Result<(), Error> {
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

    pub(super) fn set_output(
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
