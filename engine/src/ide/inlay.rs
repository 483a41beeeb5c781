//! Inlay hints: after each step's name, where it runs in the documented engine's plan (its
//! position and its group), so that `dependsOn` and `parallelGroup` read at a glance.

use super::resolve;
use crate::plan::{self, Engine, WorkflowSpec};
use crate::text::Span;
use crate::workspace::{DocRef, Workspace};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    /// Where the hint is shown (just after the text it annotates).
    pub offset: usize,
    pub label: String,
    pub tooltip: Option<String>,
}

/// Hints for the steps of every workflow of file `file` that lie in `range`.
pub fn inlay_hints(ws: &Workspace, file: usize, range: Span) -> Vec<InlayHint> {
    let mut out = Vec::new();
    let Some(f) = ws.files.get(file) else {
        return out;
    };
    for (di, doc) in f.parsed.documents.iter().enumerate() {
        let at = DocRef { file, doc: di };
        for wf in resolve::workflows_of(ws, at) {
            if wf.steps.is_empty() {
                continue;
            }
            let spec = WorkflowSpec::from_workflow(doc, wf);
            let planned = match plan::plan(&spec, Engine::Documented) {
                Ok(p) => p,
                Err(e) => {
                    if let Some(k) = &wf.steps_key {
                        if range.start <= k.span.end && k.span.start <= range.end {
                            out.push(InlayHint {
                                offset: k.span.end,
                                label: " no execution order".into(),
                                tooltip: Some(e.to_string()),
                            });
                        }
                    }
                    continue;
                }
            };
            let total = planned.order.len();
            for (i, step) in wf.steps.iter().enumerate() {
                let anchor = step.anchor(doc);
                if anchor.end < range.start || anchor.start > range.end {
                    continue;
                }
                let Some(position) = planned.order.iter().position(|&s| s == i) else {
                    continue;
                };
                let Some(g) = planned.group_of(i) else {
                    continue;
                };
                let group = &planned.groups[g];
                let mut tooltip = format!(
                    "documented engine: starts {} of {total}, in group {} of {} ({})",
                    position + 1,
                    g + 1,
                    planned.groups.len(),
                    group.label
                );
                let together: Vec<&str> = group
                    .steps
                    .iter()
                    .filter(|&&s| s != i)
                    .map(|&s| spec.steps[s].name.as_str())
                    .collect();
                if !together.is_empty() {
                    tooltip.push_str(&format!("; starts together with {}", together.join(", ")));
                }
                out.push(InlayHint {
                    offset: anchor.end,
                    label: format!(" #{} · group {}", position + 1, g + 1),
                    tooltip: Some(tooltip),
                });
            }
        }
    }
    out.sort_by_key(|h| h.offset);
    out
}
