//! Score specs: containers, resources and the platform's embedded workflows.

use super::workflow::{Workflow, WorkflowShape};
use super::{shrink_all, Named, Reader};
use crate::syntax::{Document, NodeId};

#[derive(Clone, Debug)]
pub struct Container {
    pub name: Named,
    pub node: NodeId,
    pub image: Option<Named>,
    /// `variables` entries: (name, value as written).
    pub variables: Vec<(Named, Named)>,
}

#[derive(Clone, Debug)]
pub struct ScoreResource {
    pub name: Named,
    pub node: NodeId,
    pub resource_type: Option<Named>,
    /// Keys of `params` and `properties` (the workflow inputs they become).
    pub param_keys: Vec<Named>,
}

#[derive(Clone, Debug)]
pub struct ScoreSpec {
    pub root: NodeId,
    pub name: Option<Named>,
    pub containers: Vec<Container>,
    pub resources: Vec<ScoreResource>,
    pub workflows: Vec<(Named, Workflow)>,
}

impl ScoreSpec {
    pub fn from_document(doc: &Document) -> Option<ScoreSpec> {
        let root = doc.root?;
        let r = Reader::sharing(doc);
        if !r.is_mapping(root) {
            return None;
        }
        // Containers' variables are most of a spec's texts, and only the graph reads them
        // (the index drops them, `drop_tree_readers_parts`): sharing equal texts, a look-up
        // per text, cost `lint` more than the rest of the model while saving nothing there.
        let unshared = Reader::new(doc);
        let containers = r
            .entries(root, "containers")
            .into_iter()
            .filter(|(_, n)| r.is_mapping(*n))
            .map(|(name, node)| Container {
                image: r.string(node, "image"),
                variables: unshared
                    .entries(node, "variables")
                    .into_iter()
                    .filter_map(|(k, v)| unshared.scalar(v).map(|v| (k, v)))
                    .collect(),
                name,
                node,
            })
            .collect();
        let resources = r
            .entries(root, "resources")
            .into_iter()
            .filter(|(_, n)| r.is_mapping(*n))
            .map(|(name, node)| {
                let mut param_keys: Vec<Named> = r
                    .entries(node, "params")
                    .into_iter()
                    .map(|(k, _)| k)
                    .collect();
                param_keys.extend(r.entries(node, "properties").into_iter().map(|(k, _)| k));
                ScoreResource {
                    resource_type: r.string(node, "type"),
                    param_keys,
                    name,
                    node,
                }
            })
            .collect();
        let workflows = r
            .entries(root, "workflows")
            .into_iter()
            .filter(|(_, n)| r.is_mapping(*n))
            .map(|(name, node)| {
                (
                    name,
                    Workflow::read(doc, WorkflowShape::ScoreEmbedded, node),
                )
            })
            .collect();
        Some(ScoreSpec {
            root,
            name: r.get(root, "metadata").and_then(|m| r.string(m, "name")),
            containers,
            resources,
            workflows,
        })
    }

    /// Gives back the spare capacity of every list (see [`super::shrink_all`]).
    pub(crate) fn shrink_to_fit(&mut self) {
        shrink_all(&mut self.containers, |c| c.variables.shrink_to_fit());
        shrink_all(&mut self.resources, |r| r.param_keys.shrink_to_fit());
        shrink_all(&mut self.workflows, |(_, w)| w.shrink_to_fit());
    }

    /// Drops what only a reader holding the tree uses: containers' `variables`, which the
    /// graph reads beside the file's text (for placeholders) and no rule reads from the
    /// index (rules read a spec's variables from its tree). See
    /// the workspace index's `FileModels::for_index_alone`.
    pub(crate) fn drop_tree_readers_parts(&mut self) {
        for c in &mut self.containers {
            c.variables = Vec::new();
        }
    }

    pub fn resource(&self, name: &str) -> Option<&ScoreResource> {
        self.resources.iter().find(|r| r.name.text == name)
    }
}
