//! `admin-config.yaml`: provider sources and policies.

use super::{Named, Reader};
use crate::syntax::{Document, NodeId};
use crate::text::Span;

#[derive(Clone, Debug)]
pub struct AdminProvider {
    pub node: NodeId,
    pub name: Option<Named>,
    pub source_type: Option<Named>,
    pub path: Option<Named>,
    pub enabled: bool,
}

#[derive(Clone, Debug)]
pub struct AdminConfig {
    pub root: NodeId,
    pub providers: Vec<AdminProvider>,
    /// `workflowPolicies`, when the file has that mapping.
    pub workflow_policies: Option<WorkflowPolicies>,
}

/// `workflowPolicies` of an admin configuration: stored by the platform, enforced by our
/// policy rules (which read it from the workspace index, for files other than their own).
#[derive(Clone, Debug)]
pub struct WorkflowPolicies {
    /// `allowedStepTypes` items, and the list's key.
    pub allowed_step_types: Vec<Named>,
    pub allowed_key: Option<Span>,
    /// `maxStepsPerWorkflow` and its value's span.
    pub max_steps: Option<(i64, Span)>,
}

impl AdminConfig {
    /// Gives back the spare capacity of every list (see [`super::shrink_all`]).
    pub(crate) fn shrink_to_fit(&mut self) {
        self.providers.shrink_to_fit();
        if let Some(p) = &mut self.workflow_policies {
            p.allowed_step_types.shrink_to_fit();
        }
    }

    pub fn from_document(doc: &Document) -> Option<AdminConfig> {
        let root = doc.root?;
        let r = Reader::sharing(doc);
        if !r.is_mapping(root) {
            return None;
        }
        let policies = r.get(root, "workflowPolicies");
        Some(AdminConfig {
            root,
            providers: r
                .items(root, "providers")
                .into_iter()
                .filter(|n| r.is_mapping(*n))
                .map(|node| AdminProvider {
                    node,
                    name: r.string(node, "name"),
                    source_type: r.string(node, "type"),
                    path: r.string(node, "path"),
                    enabled: r.bool(node, "enabled").unwrap_or(false),
                })
                .collect(),
            workflow_policies: policies.map(|p| WorkflowPolicies {
                allowed_step_types: r.strings(p, "allowedStepTypes"),
                allowed_key: r.key(p, "allowedStepTypes").map(|k| k.span),
                max_steps: r.int(p, "maxStepsPerWorkflow"),
            }),
        })
    }
}
