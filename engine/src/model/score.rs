//! Score specs: containers, resources and the platform's embedded workflows.

use super::workflow::{Workflow, WorkflowShape};
use super::{shrink_all, Named, Reader};
use crate::syntax::{Document, NodeId};

#[derive(Clone, Debug)]
pub struct Container {
    pub name: Named,
    pub node: NodeId,
    pub image: Option<Named>,
}

impl Container {
    /// The `variables` entries of this container in `doc` (the document it was read from):
    /// (name, value as written). Read from the tree when asked, not kept in the model: only
    /// the graph reads them, beside the file's text, while the index of every `lint` and
    /// `validate` run would build and drop them for nothing (they are most of a spec's texts).
    pub fn variables(&self, doc: &Document) -> Vec<(Named, Named)> {
        let r = Reader::new(doc);
        r.entries(self.node, "variables")
            .into_iter()
            .filter_map(|(k, v)| r.scalar(v).map(|v| (k, v)))
            .collect()
    }
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
        let [metadata, containers, resources, workflows] =
            r.get_each(root, ["metadata", "containers", "resources", "workflows"]);
        let containers = r
            .entries_of(containers)
            .filter(|(_, n)| r.is_mapping(*n))
            .map(|(name, node)| Container {
                image: r.string(node, "image"),
                name,
                node,
            })
            .collect();
        let resources = r
            .entries_of(resources)
            .filter(|(_, n)| r.is_mapping(*n))
            .map(|(name, node)| {
                let [resource_type, params, properties] =
                    r.get_each(node, ["type", "params", "properties"]);
                let param_keys: Vec<Named> = r
                    .entries_of(params)
                    .chain(r.entries_of(properties))
                    .map(|(k, _)| k)
                    .collect();
                ScoreResource {
                    resource_type: resource_type.and_then(|t| r.scalar(t)),
                    param_keys,
                    name,
                    node,
                }
            })
            .collect();
        let workflows = r
            .entries_of(workflows)
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
            name: metadata.and_then(|m| r.string(m, "name")),
            containers,
            resources,
            workflows,
        })
    }

    /// Gives back the spare capacity of every list (see [`super::shrink_all`]).
    pub(crate) fn shrink_to_fit(&mut self) {
        self.containers.shrink_to_fit();
        shrink_all(&mut self.resources, |r| r.param_keys.shrink_to_fit());
        shrink_all(&mut self.workflows, |(_, w)| w.shrink_to_fit());
    }

    pub fn resource(&self, name: &str) -> Option<&ScoreResource> {
        self.resources.iter().find(|r| r.name.text == name)
    }
}
