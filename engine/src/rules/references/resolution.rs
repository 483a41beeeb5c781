//! How the platform loads a provider and resolves a resource type to the workflow it runs
//! (FORMATS.md §3.3, §4.8), with the place in the manifest that decides each outcome, so that
//! the rules of this group can explain the real reason a resolution fails.

use crate::model::{Capability, Named, Provider};
use crate::text::Span;
use crate::workspace::{join, ProviderEntry, Workspace};

/// The capability entry the engine looks at for `resource_type` (§4.8 step 3.3): the first
/// entry whose `type` or `aliasFor` is the type; an alias is replaced by its primary entry
/// (same `type`, no `aliasFor`) when there is one.
pub(super) fn capability_for<'p>(p: &'p Provider, resource_type: &str) -> Option<&'p Capability> {
    let entry = p.capabilities.iter().find(|c| {
        text_is(&c.resource_type, resource_type) || text_is(&c.alias_for, resource_type)
    })?;
    match &entry.alias_for {
        Some(target) => Some(primary(p, &target.text).unwrap_or(entry)),
        None => Some(entry),
    }
}

/// The primary (non-alias) capability entry of `resource_type`.
pub(super) fn primary<'p>(p: &'p Provider, resource_type: &str) -> Option<&'p Capability> {
    p.capabilities
        .iter()
        .find(|c| c.alias_for.is_none() && text_is(&c.resource_type, resource_type))
}

pub(super) fn text_is(named: &Option<Named>, text: &str) -> bool {
    named.as_ref().is_some_and(|n| n.text == text)
}

/// Why a provider that claims a type cannot create it, or the workflow it runs.
pub(super) enum Create {
    /// A declared workflow: the engine can run it.
    Runs,
    /// Listed in the simple `resourceTypes` only, while `resourceTypeCapabilities` is used.
    NotInCapabilities(Span),
    /// The capability entry has no `create` operation.
    NoCreateOperation(Span),
    /// The `create` operation (or the simple format) names no workflow.
    NoCreateWorkflow(Span),
    /// The named workflow is not declared under `workflows`.
    UnknownWorkflow(Named),
}

/// What the engine does for `create` of `resource_type` with provider `p` (§4.8 steps 3.3–3.5).
pub(super) fn create_workflow(p: &Provider, resource_type: &str, doc_span: Span) -> Create {
    let name: Named = if !p.capabilities.is_empty() {
        let Some(entry) = capability_for(p, resource_type) else {
            let at = p
                .resource_types
                .iter()
                .find(|t| t.text == resource_type)
                .map_or(doc_span, |t| t.span);
            return Create::NotInCapabilities(at);
        };
        let entry_span = entry.resource_type.as_ref().map_or(doc_span, |t| t.span);
        let Some(op) = entry.operations.iter().find(|o| o.text == "create") else {
            return Create::NoCreateOperation(entry_span);
        };
        // `workflow`, else (no tags are ever passed) `default`, else the first option; the
        // model lists them in that order.
        match entry
            .references
            .iter()
            .find(|r| r.operation.text == "create" && !r.workflow.text.is_empty())
        {
            Some(r) => r.workflow.clone(),
            None => return Create::NoCreateWorkflow(op.span),
        }
    } else {
        let found = p.workflows.iter().find(|w| {
            let cat = w.category.as_ref().map_or("", |c| c.text.as_str());
            let op = w.operation.as_ref().map_or("", |o| o.text.as_str());
            matches!(cat, "" | "provisioner") && matches!(op, "" | "create")
        });
        match found {
            Some(_) => return Create::Runs,
            None => {
                let at = p
                    .resource_types
                    .iter()
                    .find(|t| t.text == resource_type)
                    .map_or(doc_span, |t| t.span);
                return Create::NoCreateWorkflow(at);
            }
        }
    };
    match p.workflow(&name.text) {
        Some(_) => Create::Runs,
        None => Create::UnknownWorkflow(name),
    }
}

/// Why the platform refuses to load a provider at all, with the place that causes it.
pub(super) struct LoadFailure {
    pub span: Span,
    pub reason: String,
}

/// The first reason the platform skips provider `p` at load (alias cycle, missing workflow
/// file), or `None` when it loads as far as these references go.
pub(super) fn load_failure(ws: &Workspace, p: &ProviderEntry) -> Option<LoadFailure> {
    if let Some((span, alias)) = alias_cycle(&p.model) {
        return Some(LoadFailure {
            span,
            reason: format!(
                "its `aliasFor` chain from `{alias}` loops (\"circular alias reference detected\")"
            ),
        });
    }
    for w in &p.model.workflows {
        let Some(file) = &w.file else { continue };
        if file.text.is_empty() {
            continue;
        }
        if !ws.exists(&join(&p.dir, &file.text)) {
            return Some(LoadFailure {
                span: file.span,
                reason: format!("its workflow file `{}` does not exist", file.text),
            });
        }
    }
    None
}

/// The first alias whose `aliasFor` chain comes back to a type already seen, as the load-time
/// validator walks it (`Provider.validateAliasReferences`): (span of its `type`, its name).
pub(super) fn alias_cycle(p: &Provider) -> Option<(Span, String)> {
    // The validator builds a map type → aliasFor; a later entry of the same type wins.
    let mut map: Vec<(&str, &str)> = Vec::new();
    for c in &p.capabilities {
        if let (Some(t), Some(a)) = (&c.resource_type, &c.alias_for) {
            if a.text.is_empty() {
                continue;
            }
            match map.iter_mut().find(|(k, _)| *k == t.text) {
                Some(slot) => slot.1 = &a.text,
                None => map.push((&t.text, &a.text)),
            }
        }
    }
    for c in &p.capabilities {
        let (Some(t), Some(_)) = (&c.resource_type, &c.alias_for) else {
            continue;
        };
        let mut seen: Vec<&str> = Vec::new();
        let mut current: &str = &t.text;
        loop {
            if seen.contains(&current) {
                return Some((t.span, t.text.clone()));
            }
            seen.push(current);
            match map.iter().find(|(k, _)| *k == current) {
                Some((_, next)) => current = next,
                None => break,
            }
        }
    }
    None
}

/// Every place provider `p` claims a resource type (§4.8 step 3.1): the simple list, and each
/// capability's `type` and `aliasFor`. Duplicates inside one provider are kept once.
pub(super) fn claims(p: &Provider) -> Vec<&Named> {
    let mut out: Vec<&Named> = Vec::new();
    let candidates = p.resource_types.iter().chain(
        p.capabilities
            .iter()
            .flat_map(|c| c.resource_type.iter().chain(c.alias_for.iter())),
    );
    for named in candidates {
        if named.text.is_empty() || out.iter().any(|n| n.text == named.text) {
            continue;
        }
        out.push(named);
    }
    out
}

/// Where provider `p` claims `resource_type` (the first place).
pub(super) fn claim_span(p: &Provider, resource_type: &str) -> Option<Span> {
    claims(p)
        .into_iter()
        .find(|n| n.text == resource_type)
        .map(|n| n.span)
}
