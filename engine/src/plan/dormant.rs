//! The plan of the dormant engine: the platform's `executeResolvedWorkflow`, which no server
//! path calls today but which is the only code honouring `parallel`, `parallelGroup`,
//! `dependsOn` and conditions. Without any parallel flag it runs the steps plainly in list
//! order (no `dependsOn`, no conditions, no outputs); with one, it builds groups: each
//! ungrouped sequential step alone, a run of `parallel: true` steps together (ended by the
//! next sequential step), then `parallelGroup` 1, 2, … up to the count of distinct numbers.
//! `dependsOn` never reorders anything here: a dependency that has not run yet fails the
//! step (the simulation says so).

use super::engine::Engine;
use super::planner::{
    every_step_together_warning, never_runs_group, never_runs_warning, Plan, PlanGroup,
};
use super::spec::{StepSpec, WorkflowSpec};
use std::collections::BTreeMap;

/// Whether the dormant engine builds groups for `wf` (any step with a parallel flag).
pub(super) fn builds_groups(wf: &WorkflowSpec) -> bool {
    wf.steps.iter().any(|s| s.parallel || grouped(s))
}

fn grouped(s: &StepSpec) -> bool {
    s.parallel_group.is_some_and(|g| g > 0)
}

fn single(label: &str, i: usize) -> PlanGroup {
    PlanGroup {
        label: label.into(),
        steps: vec![i],
        never_runs: false,
    }
}

pub(super) fn plan(wf: &WorkflowSpec) -> Plan {
    let mut warnings = Vec::new();
    if !builds_groups(wf) {
        let ignored: Vec<&str> = wf
            .steps
            .iter()
            .flat_map(|s| {
                let mut f = Vec::new();
                if !s.depends_on.is_empty() {
                    f.push("dependsOn");
                }
                if s.when.is_some() || s.condition_if.is_some() || s.condition_unless.is_some() {
                    f.push("conditions");
                }
                if !s.set_variables.is_empty() {
                    f.push("setVariables");
                }
                f
            })
            .collect();
        if !ignored.is_empty() {
            let mut names = ignored;
            names.sort_unstable();
            names.dedup();
            warnings.push(format!(
                "no step has parallel or parallelGroup, so the dormant engine runs the steps in \
                 list order and ignores {}",
                names.join(", ")
            ));
        }
        return Plan {
            engine: Engine::Dormant,
            groups: (0..wf.steps.len())
                .map(|i| single("sequential", i))
                .collect(),
            order: (0..wf.steps.len()).collect(),
            warnings,
        };
    }
    let mut groups: Vec<PlanGroup> = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    let mut numbered: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
    for (i, s) in wf.steps.iter().enumerate() {
        if let Some(g) = s.parallel_group.filter(|g| *g > 0) {
            numbered.entry(g).or_default().push(i);
        } else if s.parallel {
            run.push(i);
        } else {
            if !run.is_empty() {
                groups.push(PlanGroup {
                    label: "parallel".into(),
                    steps: std::mem::take(&mut run),
                    never_runs: false,
                });
            }
            groups.push(single("sequential", i));
        }
    }
    if !run.is_empty() {
        groups.push(PlanGroup {
            label: "parallel".into(),
            steps: run,
            never_runs: false,
        });
    }
    let count = numbered.len() as i64;
    let mut stranded = Vec::new();
    for (g, steps) in numbered {
        if g <= count {
            groups.push(PlanGroup {
                label: format!("parallelGroup {g}"),
                steps,
                never_runs: false,
            });
        } else {
            warnings.push(never_runs_warning(g, count));
            stranded.extend(steps);
        }
    }
    if groups.is_empty() {
        // No group at all: the platform then runs every step together as one group.
        warnings.push(every_step_together_warning());
        groups.push(PlanGroup {
            label: "parallel (every step)".into(),
            steps: (0..wf.steps.len()).collect(),
            never_runs: false,
        });
        stranded.clear();
    }
    let mut order: Vec<usize> = groups.iter().flat_map(|g| g.steps.clone()).collect();
    if !stranded.is_empty() {
        stranded.sort_unstable();
        order.extend(&stranded);
        groups.push(never_runs_group(wf, stranded));
    }
    let position: BTreeMap<usize, usize> = order.iter().enumerate().map(|(p, &i)| (i, p)).collect();
    for (i, s) in wf.steps.iter().enumerate() {
        for d in &s.depends_on {
            let later = wf
                .steps
                .iter()
                .position(|t| &t.name == d)
                .is_some_and(|j| position[&j] >= position[&i]);
            if later {
                warnings.push(format!(
                    "step '{}' depends on '{d}', which does not run before it: the dormant \
                     engine does not reorder, so the step fails",
                    s.name
                ));
            }
        }
    }
    Plan {
        engine: Engine::Dormant,
        groups,
        order,
        warnings,
    }
}
