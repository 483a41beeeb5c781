//! The plan: the order and groups in which an engine would start the steps of a workflow
//! (`documented`: `dependsOn` order, stable by list order, with the dormant engine's groups;
//! `live` and `legacy`: list order; `dormant`: list order, or the platform's groups as it
//! builds them when a step has a parallel flag), or the `dependsOn` cycle that makes one
//! impossible.

use super::engine::Engine;
use super::spec::{StepSpec, WorkflowSpec};
use crate::graph::order::Dependencies;
use std::collections::{BTreeMap, HashMap};

/// Steps that start together; a group of one step is a plain sequential step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanGroup {
    /// `sequential`, `parallel` (a run of `parallel: true` steps) or `parallelGroup N`.
    pub label: String,
    /// Step indices, in the order they are listed.
    pub steps: Vec<usize>,
    /// Steps the engine never starts: a `parallelGroup` number past the count of distinct
    /// numbers (the platform's group loop runs 1..=count). Always the last group.
    pub never_runs: bool,
}

/// The order in which an engine would start the steps of a workflow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub engine: Engine,
    /// Groups in execution order; their concatenation is [`Plan::order`].
    pub groups: Vec<PlanGroup>,
    /// Every step index exactly once, each after its dependencies (documented engine).
    pub order: Vec<usize>,
    /// Things the plan had to work around or that the engine would do differently.
    pub warnings: Vec<String>,
}

impl Plan {
    /// The group index of `step`.
    pub fn group_of(&self, step: usize) -> Option<usize> {
        self.groups.iter().position(|g| g.steps.contains(&step))
    }
}

/// Why no plan exists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanError {
    /// `dependsOn` forms a cycle: step names along it, the first repeated at the end.
    Cycle(Vec<String>),
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlanError::Cycle(path) => write!(f, "dependsOn cycle: {}", path.join(" → ")),
        }
    }
}

/// Plans `wf` for `engine`.
pub fn plan(wf: &WorkflowSpec, engine: Engine) -> Result<Plan, PlanError> {
    match engine {
        Engine::Live | Engine::Legacy => Ok(plan_live(wf, engine)),
        Engine::Documented => plan_documented(wf),
        Engine::Dormant => Ok(super::dormant::plan(wf)),
    }
}

fn plan_live(wf: &WorkflowSpec, engine: Engine) -> Plan {
    let mut warnings = Vec::new();
    for s in &wf.steps {
        let ignored = s.ignored_by_live_engine();
        if !ignored.is_empty() {
            warnings.push(format!(
                "step '{}': {} ignored by the {} engine",
                s.name,
                ignored.join(", "),
                engine.name()
            ));
        }
    }
    Plan {
        engine,
        groups: (0..wf.steps.len())
            .map(|i| PlanGroup {
                label: "sequential".into(),
                steps: vec![i],
                never_runs: false,
            })
            .collect(),
        order: (0..wf.steps.len()).collect(),
        warnings,
    }
}

/// The index of each step name (the first step wins on duplicates).
pub(crate) fn name_index(wf: &WorkflowSpec) -> HashMap<&str, usize> {
    let mut names = HashMap::new();
    for (i, s) in wf.steps.iter().enumerate() {
        names.entry(s.name.as_str()).or_insert(i);
    }
    names
}

fn plan_documented(wf: &WorkflowSpec) -> Result<Plan, PlanError> {
    let n = wf.steps.len();
    let names = name_index(wf);
    let mut warnings = Vec::new();
    let mut edges = Vec::new();
    for (i, s) in wf.steps.iter().enumerate() {
        for d in &s.depends_on {
            match names.get(d.as_str()) {
                Some(&j) => edges.push((i, j)),
                None => warnings.push(format!(
                    "step '{}' depends on '{d}', which is not a step of this workflow",
                    s.name
                )),
            }
        }
    }
    let deps = Dependencies::new(n, edges);
    if let Err(cycles) = deps.topological_order() {
        let cycle = cycles.into_iter().next().unwrap_or_default();
        let mut path: Vec<String> = cycle.iter().map(|&i| wf.steps[i].name.clone()).collect();
        if let Some(first) = path.first().cloned() {
            path.push(first);
        }
        return Err(PlanError::Cycle(path));
    }

    // Slots as `buildStepExecutionGroups` builds them (FORMATS.md §4.3): ungrouped steps in
    // list order (a run of `parallel: true` steps shares one slot), then numbered groups.
    let mut slot = vec![0usize; n];
    let mut label: BTreeMap<usize, String> = BTreeMap::new();
    let mut next = 0usize;
    let mut in_parallel_run = false;
    let mut numbered: Vec<(i64, usize)> = Vec::new();
    for (i, s) in wf.steps.iter().enumerate() {
        match s.parallel_group {
            Some(g) if g > 0 => {
                numbered.push((g, i));
                continue;
            }
            _ => {}
        }
        if s.parallel {
            if !in_parallel_run {
                next += 1;
                in_parallel_run = true;
            }
            slot[i] = next;
            label.insert(next, "parallel".into());
        } else {
            next += 1;
            in_parallel_run = false;
            slot[i] = next;
            label.insert(next, "sequential".into());
        }
    }
    let mut ids: Vec<i64> = numbered.iter().map(|(g, _)| *g).collect();
    ids.sort_unstable();
    ids.dedup();
    let count = ids.len() as i64;
    // With no step outside a stranded group, the platform builds no group at all and then
    // runs every step together as one group.
    let all_stranded = n > 0
        && wf
            .steps
            .iter()
            .all(|s| s.parallel_group.is_some_and(|g| g > count));
    for &id in ids.iter().filter(|_| !all_stranded) {
        if id > count {
            warnings.push(never_runs_warning(id, count));
        }
    }
    if all_stranded {
        warnings.push(every_step_together_warning());
    }
    // Steps of a group past the count get no slot: they never run (INN304 says so too).
    let mut stranded = Vec::new();
    for (g, i) in numbered {
        if all_stranded {
            slot[i] = next + 1;
            label.insert(slot[i], "parallel (every step)".into());
            continue;
        }
        if g > count {
            stranded.push(i);
            continue;
        }
        let rank = ids.iter().position(|x| *x == g).unwrap_or(0);
        slot[i] = next + 1 + rank;
        label.insert(slot[i], format!("parallelGroup {g}"));
    }
    // The dormant code takes a shortcut the documentation does not mention (§4.3); the
    // lint rule INN306 reports its consequence, so say how this plan differs.
    let sequential = !wf
        .steps
        .iter()
        .any(|s| s.parallel || s.parallel_group.is_some_and(|g| g > 0));
    let conditional = wf
        .steps
        .iter()
        .any(|s| s.when.is_some() || s.condition_if.is_some() || s.condition_unless.is_some());
    if sequential && conditional {
        warnings.push(
            "without parallel steps the dormant engine runs this workflow plainly in sequence and \
             ignores when/if/unless; this plan applies them as documented"
                .into(),
        );
    }
    // Only worth saying when a grouped step is listed before an ungrouped one.
    let grouped = |s: &StepSpec| s.parallel_group.is_some_and(|g| g > 0);
    let first_grouped = wf.steps.iter().position(grouped);
    let last_ungrouped = wf.steps.iter().rposition(|s| !grouped(s));
    if matches!((first_grouped, last_ungrouped), (Some(g), Some(u)) if g < u) {
        warnings.push(
            "steps with parallelGroup run after every ungrouped step, wherever they are listed"
                .into(),
        );
    }

    // Dependencies first; among ready steps the earliest slot, then the earliest in the list.
    let mut waiting = vec![0usize; n];
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
    // A dependency that never runs does not hold its dependants back: they start in their
    // own group and find it missing there.
    for &(a, b) in deps.edges().iter().filter(|(_, b)| !stranded.contains(b)) {
        waiting[a] += 1;
        dependents[b].push(a);
    }
    let mut ready: std::collections::BinaryHeap<std::cmp::Reverse<(usize, usize)>> = (0..n)
        .filter(|&i| waiting[i] == 0 && !stranded.contains(&i))
        .map(|i| std::cmp::Reverse((slot[i], i)))
        .collect();
    let mut order = Vec::with_capacity(n);
    while let Some(std::cmp::Reverse((_, x))) = ready.pop() {
        order.push(x);
        for &d in &dependents[x] {
            waiting[d] -= 1;
            if waiting[d] == 0 && !stranded.contains(&d) {
                ready.push(std::cmp::Reverse((slot[d], d)));
            }
        }
    }

    // Consecutive steps of one slot form a group. A step depending on a sibling stays in
    // the group: the platform starts siblings together, so the dependency is not there yet
    // when the dependant checks it, and the dependant fails (the simulation says so).
    let mut groups: Vec<PlanGroup> = Vec::new();
    let mut current_slot = usize::MAX;
    for &x in &order {
        let depends_inside = groups
            .last()
            .is_some_and(|g| deps.dependencies_of(x).iter().any(|d| g.steps.contains(d)));
        if slot[x] == current_slot {
            if depends_inside {
                warnings.push(format!(
                    "step '{}' depends on a step of its own group: both start together, so \
                     the dependency has no status yet and the step fails",
                    wf.steps[x].name
                ));
            }
            if let Some(g) = groups.last_mut() {
                g.steps.push(x);
            }
            continue;
        }
        if slot[x] < current_slot && current_slot != usize::MAX {
            warnings.push(format!(
                "step '{}' is planned later than its place in the list because of dependsOn",
                wf.steps[x].name
            ));
        }
        current_slot = slot[x];
        groups.push(PlanGroup {
            label: label.get(&slot[x]).cloned().unwrap_or_default(),
            steps: vec![x],
            never_runs: false,
        });
    }
    if !stranded.is_empty() {
        stranded.sort_unstable();
        order.extend(&stranded);
        groups.push(never_runs_group(wf, stranded));
    }
    Ok(Plan {
        engine: Engine::Documented,
        groups,
        order,
        warnings,
    })
}

/// The warning for a `parallelGroup` number past the count of distinct numbers.
pub(super) fn never_runs_warning(id: i64, count: i64) -> String {
    format!(
        "parallelGroup {id}: the engine only runs groups numbered 1..={count} (as many as there \
         are distinct numbers), so the steps of group {id} never run"
    )
}

/// The warning for a workflow whose every step has a group number past the count.
pub(super) fn every_step_together_warning() -> String {
    "every step's parallelGroup is past the count of distinct numbers, so the engine builds no \
     group and runs all the steps together as one group"
        .into()
}

/// The last group of a plan: steps the engine never starts (`steps` in list order).
pub(super) fn never_runs_group(wf: &WorkflowSpec, steps: Vec<usize>) -> PlanGroup {
    let mut numbers: Vec<String> = steps
        .iter()
        .filter_map(|&i| wf.steps[i].parallel_group)
        .map(|g| g.to_string())
        .collect();
    numbers.dedup();
    PlanGroup {
        label: format!("never runs (parallelGroup {})", numbers.join(", ")),
        steps,
        never_runs: true,
    }
}
