//! `admin-config.yaml`: provider sources and policies.

use super::{Named, Reader};
use crate::syntax::{Document, NodeId};

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
    /// `workflowPolicies.allowedStepTypes`.
    pub allowed_step_types: Vec<Named>,
    /// `workflowPolicies.maxStepsPerWorkflow`.
    pub max_steps: Option<i64>,
}

impl AdminConfig {
    pub fn from_document(doc: &Document) -> Option<AdminConfig> {
        let root = doc.root?;
        let r = Reader::new(doc);
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
            allowed_step_types: policies
                .map(|p| r.strings(p, "allowedStepTypes"))
                .unwrap_or_default(),
            max_steps: policies
                .and_then(|p| r.int(p, "maxStepsPerWorkflow"))
                .map(|(i, _)| i),
        })
    }
}
