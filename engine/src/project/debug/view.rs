//! What a stop shows: its stack (step, group, workflow with their ranges), its scopes, and
//! the state its conditions and console expressions are read in.

use super::replay::Stop;
use super::scopes::{scope, ScopeKind};
use super::session::{Frame, Session};
use crate::plan::StateAt;
use crate::project::dry_run::Outcome;
use crate::text::Span;
use serde_json::Value;

impl Session {
    pub(super) fn state<'a>(&'a self, stop: &'a Stop) -> Option<StateAt<'a>> {
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
}
