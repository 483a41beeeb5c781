//! The step strings the engine's pre-flight check scans for `${workflow.*}` references
//! (FORMATS.md §2.2, `ExecutionContext.ValidateWorkflowVariables`): every string inside
//! `config` and the step's `variables`, the values of `env` and `setVariables`, the items of
//! `outputs` and `dependsOn`, and a fixed list of top-level string fields.

pub use crate::platform::fields::{scanned_strings, Scanned, CONDITION_FIELDS};

use crate::model::Step;
use crate::syntax::NodeId;

/// The scanned strings of each step of the document under check, collected once for all
/// reference rules.
struct ScannedByStep(
    std::cell::RefCell<
        std::collections::HashMap<NodeId, std::rc::Rc<Vec<Scanned>>, crate::small_keys::SmallKeys>,
    >,
);

/// [`scanned_strings`] of `step`, shared between the rules that read them.
pub fn scanned(cx: &crate::lint::LintContext<'_>, step: &Step) -> std::rc::Rc<Vec<Scanned>> {
    let cache = cx.cached(|_| ScannedByStep(Default::default()));
    if let Some(found) = cache.0.borrow().get(&step.node) {
        return found.clone();
    }
    let found = std::rc::Rc::new(scanned_strings(cx.doc, step));
    cache.0.borrow_mut().insert(step.node, found.clone());
    found
}
