//! Provider manifests (`kind: Provider`).

use super::{shrink_all, Named, Reader, Text};
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

/// One entry of a capability's `operations` map, as the platform decodes it
/// (`sdk.OperationWorkflow`): a single workflow, or options with tags and a default.
#[derive(Clone, Debug)]
pub struct Operation {
    /// The key (`create`, `update`, …).
    pub name: Named,
    /// `workflow`; a null value decodes to the empty string, as in Go.
    pub workflow: Option<Named>,
    /// `default`: used only when `workflows` (the options) is not empty.
    pub default: Option<Named>,
    /// `workflows[].name`, in order.
    pub options: Vec<Named>,
}

#[derive(Clone, Debug)]
pub struct Capability {
    pub node: NodeId,
    pub resource_type: Option<Named>,
    pub alias_for: Option<Named>,
    pub operations: Vec<Operation>,
    /// Every workflow name the operations write (`workflow`, `default`, option names), for
    /// rules and navigation that look at names wherever they are written.
    pub references: Vec<OperationRef>,
}

impl Capability {
    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.name.text == name)
    }
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
        let r = Reader::sharing(doc);
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
                    let operation = Operation {
                        workflow: go_string(&r, value, "workflow"),
                        default: go_string(&r, value, "default"),
                        options: r
                            .items(value, "workflows")
                            .into_iter()
                            .filter_map(|w| go_string(&r, w, "name"))
                            .collect(),
                        name: op,
                    };
                    let written = operation.workflow.iter().chain(&operation.default);
                    references.extend(written.chain(&operation.options).map(|workflow| {
                        OperationRef {
                            operation: operation.name.clone(),
                            workflow: workflow.clone(),
                        }
                    }));
                    operations.push(operation);
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

    /// Gives back the spare capacity of every list (see [`super::shrink_all`]).
    pub(crate) fn shrink_to_fit(&mut self) {
        self.resource_types.shrink_to_fit();
        shrink_all(&mut self.capabilities, |c| {
            shrink_all(&mut c.operations, |o| o.options.shrink_to_fit());
            c.references.shrink_to_fit();
        });
        self.workflows.shrink_to_fit();
    }

    pub fn name_text(&self) -> Option<&str> {
        self.name.as_ref().map(|n| n.text.as_str())
    }

    pub fn workflow(&self, name: &str) -> Option<&ProviderWorkflow> {
        self.workflows
            .iter()
            .find(|w| w.name.as_ref().is_some_and(|n| n.text == name))
    }
}

/// A string field as Go decodes it: any scalar as its text, null as the empty string.
fn go_string(r: &Reader<'_>, node: NodeId, key: &str) -> Option<Named> {
    let value = r.get(node, key)?;
    let mut named = r.scalar(value)?;
    if r.doc
        .scalar(value)
        .is_some_and(|s| s.value == crate::syntax::ScalarValue::Null)
    {
        named.text = Text::default();
    }
    Some(named)
}
