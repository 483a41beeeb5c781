//! Provider manifests (`kind: Provider`).

use super::{Named, Reader};
use crate::syntax::{Document, NodeId};

#[derive(Clone, Debug)]
pub struct ProviderWorkflow {
    pub node: NodeId,
    pub name: Option<Named>,
    pub file: Option<Named>,
    pub category: Option<Named>,
    pub operation: Option<Named>,
}

/// `operations.<op>.workflow` (or `default`, or a tagged option) of a capability.
#[derive(Clone, Debug)]
pub struct OperationRef {
    pub operation: Named,
    pub workflow: Named,
}

#[derive(Clone, Debug)]
pub struct Capability {
    pub node: NodeId,
    pub resource_type: Option<Named>,
    pub alias_for: Option<Named>,
    pub operations: Vec<Named>,
    pub references: Vec<OperationRef>,
}

#[derive(Clone, Debug)]
pub struct Provider {
    pub root: NodeId,
    pub name: Option<Named>,
    pub version: Option<Named>,
    pub min_core_version: Option<Named>,
    pub max_core_version: Option<Named>,
    /// `capabilities.resourceTypes` (the simple list).
    pub resource_types: Vec<Named>,
    /// `capabilities.resourceTypeCapabilities`.
    pub capabilities: Vec<Capability>,
    pub workflows: Vec<ProviderWorkflow>,
    pub has_provisioners: bool,
}

impl Provider {
    pub fn from_document(doc: &Document) -> Option<Provider> {
        let root = doc.root?;
        let r = Reader::new(doc);
        if !r.is_mapping(root) {
            return None;
        }
        let metadata = r.get(root, "metadata");
        let compatibility = r.get(root, "compatibility");
        let caps = r.get(root, "capabilities");
        let capabilities = caps
            .map(|c| r.items(c, "resourceTypeCapabilities"))
            .unwrap_or_default()
            .into_iter()
            .filter(|n| r.is_mapping(*n))
            .map(|node| {
                let mut operations = Vec::new();
                let mut references = Vec::new();
                for (op, value) in r.entries(node, "operations") {
                    let mut refs: Vec<Named> = Vec::new();
                    refs.extend(r.string(value, "workflow"));
                    refs.extend(r.string(value, "default"));
                    refs.extend(
                        r.items(value, "workflows")
                            .into_iter()
                            .filter_map(|w| r.string(w, "name")),
                    );
                    references.extend(refs.into_iter().map(|workflow| OperationRef {
                        operation: op.clone(),
                        workflow,
                    }));
                    operations.push(op);
                }
                Capability {
                    node,
                    resource_type: r.string(node, "type"),
                    alias_for: r.string(node, "aliasFor"),
                    operations,
                    references,
                }
            })
            .collect();
        let workflows = r
            .items(root, "workflows")
            .into_iter()
            .filter(|n| r.is_mapping(*n))
            .map(|node| ProviderWorkflow {
                node,
                name: r.string(node, "name"),
                file: r.string(node, "file"),
                category: r.string(node, "category"),
                operation: r.string(node, "operation"),
            })
            .collect();
        Some(Provider {
            root,
            name: metadata.and_then(|m| r.string(m, "name")),
            version: metadata.and_then(|m| r.string(m, "version")),
            min_core_version: compatibility.and_then(|c| r.string(c, "minCoreVersion")),
            max_core_version: compatibility.and_then(|c| r.string(c, "maxCoreVersion")),
            resource_types: caps
                .map(|c| r.strings(c, "resourceTypes"))
                .unwrap_or_default(),
            capabilities,
            workflows,
            has_provisioners: !r.items(root, "provisioners").is_empty(),
        })
    }

    pub fn name_text(&self) -> Option<&str> {
        self.name.as_ref().map(|n| n.text.as_str())
    }

    pub fn workflow(&self, name: &str) -> Option<&ProviderWorkflow> {
        self.workflows
            .iter()
            .find(|w| w.name.as_ref().is_some_and(|n| n.text == name))
    }

    /// Whether the provider claims `resource_type` (FORMATS.md §4.8 step 3.1): in the simple
    /// list, or as a capability's `type` or `aliasFor`.
    pub fn claims(&self, resource_type: &str) -> bool {
        self.resource_types.iter().any(|t| t.text == resource_type)
            || self.capabilities.iter().any(|c| {
                c.resource_type
                    .as_ref()
                    .is_some_and(|t| t.text == resource_type)
                    || c.alias_for
                        .as_ref()
                        .is_some_and(|t| t.text == resource_type)
            })
    }

    /// The workflow name the engine would run to `create` a `resource_type` (§4.8 steps 3.3
    /// and 3.4), or why there is none.
    pub fn create_workflow(&self, resource_type: &str) -> Result<String, String> {
        if !self.capabilities.is_empty() {
            let entry = self.capabilities.iter().find(|c| {
                c.resource_type
                    .as_ref()
                    .is_some_and(|t| t.text == resource_type)
                    || c.alias_for
                        .as_ref()
                        .is_some_and(|t| t.text == resource_type)
            });
            let Some(mut entry) = entry else {
                return Err("it is listed in `resourceTypes` but not in `resourceTypeCapabilities`, so the engine finds no operations for it".to_string());
            };
            if let Some(primary) = entry.alias_for.as_ref() {
                if let Some(p) = self.capabilities.iter().find(|c| {
                    c.alias_for.is_none()
                        && c.resource_type
                            .as_ref()
                            .is_some_and(|t| t.text == primary.text)
                }) {
                    entry = p;
                }
            }
            return match entry
                .references
                .iter()
                .find(|r| r.operation.text == "create")
            {
                Some(r) => Ok(r.workflow.text.clone()),
                None if entry.operations.iter().any(|o| o.text == "create") => {
                    Err("its `create` operation names no workflow".to_string())
                }
                None => Err("it has no `create` operation".to_string()),
            };
        }
        self.workflows
            .iter()
            .find(|w| {
                let cat = w.category.as_ref().map_or("", |c| c.text.as_str());
                let op = w.operation.as_ref().map_or("", |o| o.text.as_str());
                matches!(cat, "" | "provisioner") && matches!(op, "" | "create")
            })
            .and_then(|w| w.name.as_ref().map(|n| n.text.clone()))
            .ok_or_else(|| {
                "it declares no provisioner workflow with operation `create`".to_string()
            })
    }
}
