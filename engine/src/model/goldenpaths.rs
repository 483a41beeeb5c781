//! `goldenpaths.yaml`: named paths, their workflow files and parameters.

use super::{shrink_all, Named, Reader};
use crate::syntax::{Document, NodeId};

#[derive(Clone, Debug)]
pub struct GoldenPathParam {
    pub name: Named,
    pub node: NodeId,
    pub param_type: Option<Named>,
    pub default: Option<Named>,
    pub required: Option<bool>,
}

#[derive(Clone, Debug)]
pub struct GoldenPath {
    pub name: Named,
    pub node: NodeId,
    /// The workflow file (short form: the value itself).
    pub workflow: Option<Named>,
    pub parameters: Vec<GoldenPathParam>,
    /// Legacy `required_params` and `optional_params` names.
    pub legacy_params: Vec<Named>,
}

#[derive(Clone, Debug)]
pub struct GoldenPaths {
    pub paths: Vec<GoldenPath>,
}

impl GoldenPaths {
    /// Gives back the spare capacity of every list (see [`super::shrink_all`]).
    pub(crate) fn shrink_to_fit(&mut self) {
        shrink_all(&mut self.paths, |p| {
            p.parameters.shrink_to_fit();
            p.legacy_params.shrink_to_fit();
        });
    }

    pub fn from_document(doc: &Document) -> Option<GoldenPaths> {
        let root = doc.root?;
        let r = Reader::sharing(doc);
        let paths = r
            .entries(root, "goldenpaths")
            .into_iter()
            .map(|(name, node)| {
                if !r.is_mapping(node) {
                    return GoldenPath {
                        workflow: r.scalar(node),
                        name,
                        node,
                        parameters: Vec::new(),
                        legacy_params: Vec::new(),
                    };
                }
                let mut legacy_params = r.strings(node, "required_params");
                legacy_params.extend(
                    r.entries(node, "optional_params")
                        .into_iter()
                        .map(|(k, _)| k),
                );
                GoldenPath {
                    workflow: r.string(node, "workflow"),
                    parameters: r
                        .entries(node, "parameters")
                        .into_iter()
                        .map(|(pname, pnode)| GoldenPathParam {
                            param_type: r.string(pnode, "type"),
                            default: r.string(pnode, "default"),
                            required: r.bool(pnode, "required"),
                            name: pname,
                            node: pnode,
                        })
                        .collect(),
                    legacy_params,
                    name,
                    node,
                }
            })
            .collect();
        Some(GoldenPaths { paths })
    }
}
