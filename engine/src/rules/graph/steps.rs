//! What the graph rules share: the workflows of a document and the `dependsOn` relation
//! between their steps.

use crate::graph::order::Dependencies;
use crate::small_keys::SmallKeys;

use crate::lint::LintContext;
use crate::model::{Named, Step, Workflow};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Every workflow of the document under check: the document itself, or a Score spec's
/// embedded `workflows`.
pub(super) fn workflows<'a>(cx: &LintContext<'a>) -> crate::lint::DocWorkflows<'a> {
    cx.workflows()
}

/// The `dependsOn` relation of a workflow over step positions (in `wf.steps`), with the
/// entry that creates each edge (the first one, when a name is listed twice) and the cycles.
pub(super) struct StepDependencies {
    pub deps: Dependencies,
    /// For each edge `(i, j)`: the position of its entry in step `i`'s `dependsOn`.
    entries: HashMap<(usize, usize), usize, SmallKeys>,
    pub cycles: Vec<Vec<usize>>,
}

/// The relation of each workflow of the document under check, keyed by the workflow's
/// address (stable while the check borrows the workspace).
struct ByWorkflow(RefCell<HashMap<usize, Rc<StepDependencies>>>);

impl StepDependencies {
    /// The relation of `wf`, built once per check for all graph rules: several of them need
    /// it, and finding the cycles of a long workflow is not free.
    pub fn shared(cx: &LintContext<'_>, wf: &Workflow) -> Rc<StepDependencies> {
        let cache = cx.cached(|_| ByWorkflow(Default::default()));
        let key = std::ptr::from_ref(wf) as usize;
        if let Some(found) = cache.0.borrow().get(&key) {
            return found.clone();
        }
        let built = Rc::new(StepDependencies::of(wf));
        cache.0.borrow_mut().insert(key, built.clone());
        built
    }

    fn of(wf: &Workflow) -> StepDependencies {
        // Sized up front: a long workflow's maps were grown and rehashed on every check.
        let mut by_name: HashMap<&str, usize> = HashMap::with_capacity(wf.steps.len());
        for (i, s) in wf.steps.iter().enumerate() {
            if let Some(name) = s.name_text() {
                by_name.entry(name).or_insert(i);
            }
        }
        let mut entries: HashMap<(usize, usize), usize, SmallKeys> =
            HashMap::with_capacity_and_hasher(wf.steps.len(), SmallKeys::default());
        let mut edges = Vec::new();
        for (i, s) in wf.steps.iter().enumerate() {
            for (k, dep) in s.depends_on.iter().enumerate() {
                if let Some(&j) = by_name.get(dep.text.as_str()) {
                    if let std::collections::hash_map::Entry::Vacant(e) = entries.entry((i, j)) {
                        e.insert(k);
                        edges.push((i, j));
                    }
                }
            }
        }
        let deps = Dependencies::new(wf.steps.len(), edges);
        let cycles = deps.cycles();
        StepDependencies {
            deps,
            entries,
            cycles,
        }
    }

    /// The `dependsOn` entry of `wf` that creates `edge` (one of `deps.edges()`).
    pub fn entry<'w>(&self, wf: &'w Workflow, edge: (usize, usize)) -> &'w Named {
        &wf.steps[edge.0].depends_on[self.entries[&edge]]
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
