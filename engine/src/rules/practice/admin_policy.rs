//! `workflowPolicies` of the admin config that governs a document: the platform stores these
//! policies but never enforces them (FORMATS.md §1.8), so the policy rules do.

use crate::lint::LintContext;
use crate::model::Named;
use crate::text::Span;
use crate::workspace::{normalize, parent_dir, DocRef};
use std::sync::Arc;

pub struct AdminPolicy {
    pub file: Arc<str>,
    /// `workflowPolicies.allowedStepTypes` items, and the list's key.
    pub allowed_step_types: Vec<Named>,
    pub allowed_key: Option<Span>,
    /// `workflowPolicies.maxStepsPerWorkflow` and its value.
    pub max_steps: Option<(i64, Span)>,
}

/// The admin config whose directory is the closest ancestor of the document under check
/// (ties: a file named exactly `admin-config.yaml` first), with its workflow policies.
pub fn governing(cx: &LintContext<'_>) -> Option<AdminPolicy> {
    // Most workspaces have no admin configuration: skip building this file's directory.
    if cx.ws.admin.is_empty() {
        return None;
    }
    let here = parent_dir(cx.file());
    let mut best: Option<(usize, bool, DocRef)> = None;
    for (at, _) in &cx.ws.admin {
        let file = cx.ws.path(at.file);
        let dir = parent_dir(file);
        let ancestor = dir.is_empty() || here == dir || here.starts_with(&format!("{dir}/"));
        if !ancestor {
            continue;
        }
        let depth = dir.split('/').filter(|s| !s.is_empty()).count();
        let exact = normalize(file)
            .rsplit('/')
            .next()
            .is_some_and(|n| n == "admin-config.yaml");
        let better = match best {
            None => true,
            Some((d, e, _)) => depth > d || (depth == d && exact && !e),
        };
        if better {
            best = Some((depth, exact, *at));
        }
    }
    let (_, _, at) = best?;
    // From the index: the admin configuration is usually another file, whose tree is gone.
    let (_, admin) = cx.ws.admin.iter().find(|(a, _)| *a == at)?;
    let policies = admin.workflow_policies.clone()?;
    Some(AdminPolicy {
        file: cx.ws.path(at.file).clone(),
        allowed_step_types: policies.allowed_step_types,
        allowed_key: policies.allowed_key,
        max_steps: policies.max_steps,
    })
}
