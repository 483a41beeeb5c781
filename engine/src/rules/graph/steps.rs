//! What the graph rules share: the workflows of a document and the `dependsOn` relation
//! between their steps.

use crate::graph::order::Dependencies;

use crate::lint::LintContext;
use crate::model::{Named, Step, Workflow};
use std::collections::HashMap;

/// Every workflow of the document under check: the document itself, or a Score spec's
/// embedded `workflows`.
pub(super) fn workflows<'a>(cx: &LintContext<'a>) -> crate::lint::DocWorkflows<'a> {
    cx.workflows()
}

/// The `dependsOn` relation of a workflow over step positions (in `wf.steps`), with the
/// entry that creates each edge (the first one, when a name is listed twice).
pub(super) struct StepDependencies<'w> {
    pub deps: Dependencies,
    pub entries: HashMap<(usize, usize), &'w Named>,
}

impl<'w> StepDependencies<'w> {
    pub fn of(wf: &'w Workflow) -> StepDependencies<'w> {
        let mut by_name: HashMap<&str, usize> = HashMap::new();
        for (i, s) in wf.steps.iter().enumerate() {
            if let Some(name) = s.name_text() {
                by_name.entry(name).or_insert(i);
            }
        }
        let mut entries: HashMap<(usize, usize), &Named> = HashMap::new();
        let mut edges = Vec::new();
        for (i, s) in wf.steps.iter().enumerate() {
            for dep in &s.depends_on {
                if let Some(&j) = by_name.get(dep.text.as_str()) {
                    if let std::collections::hash_map::Entry::Vacant(e) = entries.entry((i, j)) {
                        e.insert(dep);
                        edges.push((i, j));
                    }
                }
            }
        }
        StepDependencies {
            deps: Dependencies::new(wf.steps.len(), edges),
            entries,
        }
    }
}

/// How messages name a step: its name, or its place in the list.
pub(super) fn step_label(step: &Step) -> String {
    match step.name_text() {
        Some(n) => format!("`{n}`"),
        None => format!("steps[{}]", step.index),
    }
}

/// Whether the documented engine builds parallel groups for this workflow (any step with
/// `parallel: true` or a positive `parallelGroup`); otherwise every engine runs it
/// sequentially and stops at the first failure.
pub(super) fn runs_in_groups(wf: &Workflow) -> bool {
    wf.steps
        .iter()
        .any(|s| s.parallel == Some(true) || s.parallel_group.is_some_and(|(g, _)| g > 0))
}
