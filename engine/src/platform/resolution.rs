//! Resource type → provider → workflow, as the orchestration engine resolves it
//! (FORMATS.md §4.8; the platform's `Resolver.ResolveWorkflowForOperation`,
//! `Provider.CanProvisionResourceType`, `SupportsOperation` and `GetWorkflowForOperation`).
//! Every rule, the dry run, the graph, hover, completion and `doctor` ask here, so they
//! cannot disagree on which workflow a resource runs.

use crate::model::{Capability, Named, Provider};
use crate::text::Span;

/// The operation the engine always resolves: its polling query never selects another
/// (FORMATS.md §4.8 step 2).
pub const CREATE: &str = "create";

/// Whether `p` claims `resource_type` (§4.8 step 3.1): in the simple `resourceTypes` list,
/// or as a capability's `type` or `aliasFor`.
pub fn claims(p: &Provider, resource_type: &str) -> bool {
    p.resource_types.iter().any(|t| t.text == resource_type)
        || p.capabilities.iter().any(|c| {
            text_is(&c.resource_type, resource_type) || text_is(&c.alias_for, resource_type)
        })
}

/// Every place provider `p` claims a resource type: the simple list, and each capability's
/// `type` and `aliasFor`. A type claimed twice inside one provider is kept once (its first
/// place).
pub fn claimed_types(p: &Provider) -> Vec<&Named> {
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

/// Where provider `p` first claims `resource_type`.
pub fn claim_span(p: &Provider, resource_type: &str) -> Option<Span> {
    claimed_types(p)
        .into_iter()
        .find(|n| n.text == resource_type)
        .map(|n| n.span)
}

/// The primary (non-alias) capability entry of `resource_type`.
pub fn primary<'p>(p: &'p Provider, resource_type: &str) -> Option<&'p Capability> {
    p.capabilities
        .iter()
        .find(|c| alias_target(c).is_none() && text_is(&c.resource_type, resource_type))
}

/// The first capability entry that names `resource_type` as its `type` or its `aliasFor`.
pub fn first_entry<'p>(p: &'p Provider, resource_type: &str) -> Option<&'p Capability> {
    p.capabilities
        .iter()
        .find(|c| text_is(&c.resource_type, resource_type) || text_is(&c.alias_for, resource_type))
}

/// The capability entry whose operations decide whether `resource_type` supports an
/// operation (`SupportsOperation`): the first entry naming the type; when that entry is an
/// alias, the primary entry of its target if there is one.
pub fn capability_for<'p>(p: &'p Provider, resource_type: &str) -> Option<&'p Capability> {
    let entry = first_entry(p, resource_type)?;
    match alias_target(entry) {
        Some(target) => Some(primary(p, target).unwrap_or(entry)),
        None => Some(entry),
    }
}

/// The type an entry is an alias for (`aliasFor`; empty means none, as in Go).
pub fn alias_target(c: &Capability) -> Option<&str> {
    c.alias_for
        .as_ref()
        .map(|a| a.text.as_str())
        .filter(|a| !a.is_empty())
}

/// The entry whose operations name the workflow (`GetWorkflowForOperation`). It differs from
/// [`capability_for`] in one case: when the first entry names the type only as its
/// `aliasFor` (an alias pointing at the requested type), the platform looks for the type's
/// primary entry and, finding none, has no workflow — although `SupportsOperation` read the
/// alias entry's own operations and said yes.
fn workflow_entry<'p>(p: &'p Provider, resource_type: &str) -> Option<&'p Capability> {
    let entry = first_entry(p, resource_type)?;
    let entry = if text_is(&entry.resource_type, resource_type) {
        entry
    } else {
        primary(p, resource_type)?
    };
    match alias_target(entry) {
        Some(target) => Some(primary(p, target).unwrap_or(entry)),
        None => Some(entry),
    }
}

/// Why a provider that claims a type cannot run `create` for it (each with the place in the
/// manifest that decides it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoWorkflow {
    /// Capabilities are in use but the type is only in the simple `resourceTypes` list.
    NotInCapabilities(Span),
    /// The capability entry has no `create` key under `operations`.
    NoCreateOperation(Span),
    /// The `create` operation names no workflow: `workflow` empty and no options list (a
    /// `default` without `workflows` options is never read).
    NoCreateWorkflow(Span),
    /// The named workflow is not declared under the provider's `workflows`.
    UnknownWorkflow(Named),
}

impl NoWorkflow {
    /// The platform's own error text for this outcome.
    pub fn platform_error(&self, provider: &str, resource_type: &str) -> String {
        match self {
            NoWorkflow::NotInCapabilities(_) | NoWorkflow::NoCreateOperation(_) => format!(
                "provider '{provider}' does not support operation '{CREATE}' for resource type '{resource_type}'"
            ),
            NoWorkflow::NoCreateWorkflow(_) => format!(
                "provider '{provider}' declares capability for '{resource_type}' but has no workflow for operation '{CREATE}'"
            ),
            NoWorkflow::UnknownWorkflow(name) => format!(
                "provider '{provider}' references workflow '{}' but it does not exist",
                name.text
            ),
        }
    }

    /// Why, in a clause about the type ("it has no `create` operation"), for summaries that
    /// look at one provider (`doctor`, completion, hover).
    pub fn describe(&self) -> String {
        match self {
            NoWorkflow::NotInCapabilities(_) => "it is listed in `resourceTypes` but not in `resourceTypeCapabilities`, so the engine finds no operations for it".into(),
            NoWorkflow::NoCreateOperation(_) => "it has no `create` operation".into(),
            NoWorkflow::NoCreateWorkflow(_) => "no workflow is named to `create` it".into(),
            NoWorkflow::UnknownWorkflow(name) => format!(
                "its create workflow `{}` is not declared in `workflows[]`",
                name.text
            ),
        }
    }

    /// Where the manifest decides it.
    pub fn span(&self) -> Span {
        match self {
            NoWorkflow::NotInCapabilities(s)
            | NoWorkflow::NoCreateOperation(s)
            | NoWorkflow::NoCreateWorkflow(s) => *s,
            NoWorkflow::UnknownWorkflow(n) => n.span,
        }
    }
}

/// The workflow provider `p` runs to create `resource_type` — its name as written where the
/// manifest chooses it — or why there is none (§4.8 steps 3.3–3.5). `fallback` is the span to
/// use when the manifest has no better place (the document).
pub fn create_workflow(
    p: &Provider,
    resource_type: &str,
    fallback: Span,
) -> Result<Named, NoWorkflow> {
    let claim_at = || {
        p.resource_types
            .iter()
            .find(|t| t.text == resource_type)
            .map_or(fallback, |t| t.span)
    };
    let name = if p.capabilities.is_empty() {
        // The simple format: the first provisioner workflow whose operation is create.
        let found = p.workflows.iter().find(|w| {
            let category = w.category.as_ref().map_or("", |c| c.text.as_str());
            let operation = w.operation.as_ref().map_or("", |o| o.text.as_str());
            matches!(category, "" | "provisioner") && matches!(operation, "" | CREATE)
        });
        match found
            .and_then(|w| w.name.clone())
            .filter(|n| !n.text.is_empty())
        {
            Some(name) => name,
            None => return Err(NoWorkflow::NoCreateWorkflow(claim_at())),
        }
    } else {
        let Some(supporting) = capability_for(p, resource_type) else {
            return Err(NoWorkflow::NotInCapabilities(claim_at()));
        };
        let entry_at = supporting
            .resource_type
            .as_ref()
            .map_or(fallback, |t| t.span);
        let Some(supported) = supporting.operation(CREATE) else {
            return Err(NoWorkflow::NoCreateOperation(entry_at));
        };
        let chosen = workflow_entry(p, resource_type)
            .and_then(|e| e.operation(CREATE))
            .and_then(|op| {
                let single = op.workflow.clone().filter(|w| !w.text.is_empty());
                // Options decide only when there are some; no tags are ever passed, so the
                // default wins, else the first option.
                let from_options = || {
                    if op.options.is_empty() {
                        return None;
                    }
                    op.default
                        .clone()
                        .filter(|d| !d.text.is_empty())
                        .or_else(|| op.options.first().cloned())
                };
                single.or_else(from_options)
            })
            .filter(|n| !n.text.is_empty());
        match chosen {
            Some(name) => name,
            None => return Err(NoWorkflow::NoCreateWorkflow(supported.name.span)),
        }
    };
    match p.workflow(&name.text) {
        Some(_) => Ok(name),
        None => Err(NoWorkflow::UnknownWorkflow(name)),
    }
}

/// Why a resource type resolves to no workflow across the providers of a workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unresolved<P> {
    /// No provider claims the type.
    NoProvider,
    /// Several claim it: the platform refuses to choose (their handles, in order).
    Ambiguous(Vec<P>),
    /// The one provider that claims it cannot create it.
    NoWorkflow(P, NoWorkflow),
}

impl<P> Unresolved<P> {
    /// The platform's own error text, given a way to name a provider.
    pub fn platform_error(&self, resource_type: &str, name_of: impl Fn(&P) -> String) -> String {
        match self {
            Unresolved::NoProvider => {
                format!("no provider found for resource type '{resource_type}'")
            }
            Unresolved::Ambiguous(all) => format!(
                "multiple providers claim resource type '{resource_type}': [{}] (disambiguation needed)",
                all.iter().map(&name_of).collect::<Vec<_>>().join(" ")
            ),
            Unresolved::NoWorkflow(p, why) => why.platform_error(&name_of(p), resource_type),
        }
    }
}

/// Resolves `resource_type` over `providers` (a handle and the manifest of each): exactly
/// one must claim it, and it must have a create workflow. Returns the handle and the
/// workflow's name as written.
pub fn resolve<'p, P: Clone>(
    providers: impl IntoIterator<Item = (P, Span, &'p Provider)>,
    resource_type: &str,
) -> Result<(P, Named), Unresolved<P>> {
    let candidates: Vec<(P, Span, &'p Provider)> = providers
        .into_iter()
        .filter(|(_, _, p)| claims(p, resource_type))
        .collect();
    match candidates.as_slice() {
        [] => Err(Unresolved::NoProvider),
        [(handle, doc_span, p)] => match create_workflow(p, resource_type, *doc_span) {
            Ok(name) => Ok((handle.clone(), name)),
            Err(why) => Err(Unresolved::NoWorkflow(handle.clone(), why)),
        },
        many => Err(Unresolved::Ambiguous(
            many.iter().map(|(h, _, _)| h.clone()).collect(),
        )),
    }
}

pub(crate) fn text_is(named: &Option<Named>, text: &str) -> bool {
    named.as_ref().is_some_and(|n| n.text == text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;
    use std::sync::Arc;

    fn provider(capabilities: &str) -> Provider {
        let text = format!(
            "kind: Provider\nmetadata:\n  name: db\nworkflows:\n  - name: make\n    file: make.yaml\n  - name: other\n    file: other.yaml\ncapabilities:\n{capabilities}"
        );
        let parsed = parse(&Arc::from("provider.yaml"), &text);
        Provider::from_document(&parsed.documents[0]).expect("a provider")
    }

    fn create(capabilities: &str, ty: &str) -> Result<String, String> {
        let p = provider(capabilities);
        create_workflow(&p, ty, Span::at(0))
            .map(|n| n.text.into())
            .map_err(|e| e.platform_error("db", ty))
    }

    #[test]
    fn a_default_counts_only_beside_an_options_list() {
        let no_options = "  resourceTypeCapabilities:\n    - type: pg\n      operations:\n        create:\n          workflow: \"\"\n          default: make\n";
        assert_eq!(
            create(no_options, "pg"),
            Err("provider 'db' declares capability for 'pg' but has no workflow for operation 'create'".into())
        );
        let with_options = "  resourceTypeCapabilities:\n    - type: pg\n      operations:\n        create:\n          workflow: \"\"\n          default: other\n          workflows:\n            - name: make\n            - name: other\n";
        assert_eq!(create(with_options, "pg"), Ok("other".into()));
        let first_option = "  resourceTypeCapabilities:\n    - type: pg\n      operations:\n        create:\n          workflows:\n            - name: other\n            - name: make\n";
        assert_eq!(create(first_option, "pg"), Ok("other".into()));
        let null_workflow = "  resourceTypeCapabilities:\n    - type: pg\n      operations:\n        create:\n          workflow: ~\n          workflows: [{name: make}]\n";
        assert_eq!(create(null_workflow, "pg"), Ok("make".into()));
    }

    #[test]
    fn aliases_follow_the_platform_s_two_lookups() {
        let alias_then_primary = "  resourceTypeCapabilities:\n    - type: postgresql\n      aliasFor: pg\n    - type: pg\n      operations:\n        create: {workflow: make}\n";
        assert_eq!(create(alias_then_primary, "postgresql"), Ok("make".into()));
        assert_eq!(create(alias_then_primary, "pg"), Ok("make".into()));
        // An alias pointing at a type with no primary entry: SupportsOperation reads the
        // alias's own operations, GetWorkflowForOperation finds no primary and no workflow.
        let orphan = "  resourceTypeCapabilities:\n    - type: postgresql\n      aliasFor: pg\n      operations:\n        create: {workflow: make}\n";
        assert_eq!(
            create(orphan, "pg"),
            Err("provider 'db' declares capability for 'pg' but has no workflow for operation 'create'".into())
        );
        assert_eq!(create(orphan, "postgresql"), Ok("make".into()));
    }

    #[test]
    fn missing_operations_and_workflows_are_the_platform_s_errors() {
        let simple_only = "  resourceTypes: [pg]\n  resourceTypeCapabilities:\n    - type: mysql\n      operations: {create: {workflow: make}}\n";
        assert_eq!(
            create(simple_only, "pg"),
            Err("provider 'db' does not support operation 'create' for resource type 'pg'".into())
        );
        let no_create = "  resourceTypeCapabilities:\n    - type: pg\n      operations: {delete: {workflow: make}}\n";
        assert_eq!(
            create(no_create, "pg"),
            Err("provider 'db' does not support operation 'create' for resource type 'pg'".into())
        );
        let undeclared = "  resourceTypeCapabilities:\n    - type: pg\n      operations: {create: {workflow: nope}}\n";
        assert_eq!(
            create(undeclared, "pg"),
            Err("provider 'db' references workflow 'nope' but it does not exist".into())
        );
        assert_eq!(create("  resourceTypes: [pg]\n", "pg"), Ok("make".into()));
    }
}
