//! Workflows of every shape and their steps.

use super::{shrink_all, Named, Reader};
use crate::kind::DocumentKind;
use crate::syntax::{Document, NodeId};
use crate::text::Span;

/// Where the steps live and which engine runs them (FORMATS.md §1.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkflowShape {
    /// Flat: top-level `steps` (provider workflows, retry files).
    Provider,
    /// `spec.steps` (golden paths).
    GoldenPath,
    /// `spec.steps` with triggers/phase (dormant multi-tier engine).
    Platform,
    /// A `workflows.<name>` entry of a Score spec (legacy runner).
    ScoreEmbedded,
}

#[derive(Clone, Debug)]
pub struct Step {
    pub node: NodeId,
    /// Position in the step list, from 0.
    pub index: usize,
    pub name: Option<Named>,
    pub step_type: Option<Named>,
    pub depends_on: Vec<Named>,
    pub parallel_group: Option<(i64, Span)>,
    pub parallel: Option<bool>,
    pub when: Option<Named>,
    pub condition_if: Option<Named>,
    pub condition_unless: Option<Named>,
    pub timeout: Option<(i64, Span)>,
    /// `config` mapping, when present.
    pub config: Option<NodeId>,
}

impl Step {
    /// Where to point for the step as a whole: its name, else its first line.
    pub fn anchor(&self, doc: &Document) -> Span {
        match &self.name {
            Some(n) => n.span,
            None => {
                let span = doc.node(self.node).span;
                Span::new(span.start, span.start.min(span.end))
            }
        }
    }

    pub fn name_text(&self) -> Option<&str> {
        self.name.as_ref().map(|n| n.text.as_str())
    }

    pub fn type_text(&self) -> Option<&str> {
        self.step_type.as_ref().map(|n| n.text.as_str())
    }
}

#[derive(Clone, Debug)]
pub struct Workflow {
    pub shape: WorkflowShape,
    /// The mapping that holds `steps` (root, `spec`, or a Score `workflows` entry).
    pub holder: NodeId,
    /// The `steps` key, when present.
    pub steps_key: Option<Named>,
    pub steps: Vec<Step>,
    /// Workflow variables (`variables` or `spec.variables`): names.
    pub variables: Vec<Named>,
    /// `outputs` entries: (name, value node).
    pub outputs: Vec<(Named, NodeId)>,
    /// The documentation-only `parameters` list of provider workflows: names.
    pub parameters: Vec<Named>,
    /// The names in that list marked `required: true` with no `default`.
    pub required_parameters: Vec<Named>,
    pub name: Option<Named>,
}

impl Workflow {
    /// The workflow of a workflow document (`None` for other kinds).
    pub fn from_document(doc: &Document, kind: DocumentKind) -> Option<Workflow> {
        let root = doc.root?;
        let r = Reader::sharing(doc);
        if !r.is_mapping(root) {
            return None;
        }
        let (shape, holder) = match kind {
            DocumentKind::ProviderWorkflow => (WorkflowShape::Provider, root),
            DocumentKind::GoldenPathWorkflow => (WorkflowShape::GoldenPath, r.get(root, "spec")?),
            DocumentKind::PlatformWorkflow => (WorkflowShape::Platform, r.get(root, "spec")?),
            _ => return None,
        };
        let mut wf = Workflow::read(doc, shape, holder);
        wf.name = r.get(root, "metadata").and_then(|m| r.string(m, "name"));
        for p in r.items(root, "parameters") {
            let Some(name) = r.string(p, "name") else {
                continue;
            };
            let required = r.bool(p, "required") == Some(true) && r.get(p, "default").is_none();
            if required {
                wf.required_parameters.push(name.clone());
            }
            wf.parameters.push(name);
        }
        Some(wf)
    }

    /// Reads steps, variables and outputs from the mapping that holds them.
    pub fn read(doc: &Document, shape: WorkflowShape, holder: NodeId) -> Workflow {
        let r = Reader::sharing(doc);
        let steps = r
            .items(holder, "steps")
            .into_iter()
            .enumerate()
            .filter(|(_, s)| r.is_mapping(*s))
            .map(|(index, node)| Step {
                node,
                index,
                name: r.string(node, "name"),
                step_type: r.string(node, "type"),
                depends_on: r.strings(node, "dependsOn"),
                parallel_group: r.int(node, "parallelGroup"),
                parallel: r.bool(node, "parallel"),
                when: r.string(node, "when"),
                condition_if: r.string(node, "if"),
                condition_unless: r.string(node, "unless"),
                timeout: r.int(node, "timeout"),
                config: r.get(node, "config").filter(|c| r.is_mapping(*c)),
            })
            .collect();
        Workflow {
            shape,
            holder,
            steps_key: r.key(holder, "steps"),
            steps,
            variables: r
                .entries_of(r.get(holder, "variables"))
                .map(|(k, _)| k)
                .collect(),
            outputs: r.entries(holder, "outputs"),
            parameters: Vec::new(),
            required_parameters: Vec::new(),
            name: None,
        }
    }

    /// Gives back the spare capacity of every list (see [`super::shrink_all`]).
    pub(crate) fn shrink_to_fit(&mut self) {
        shrink_all(&mut self.steps, |s| s.depends_on.shrink_to_fit());
        self.variables.shrink_to_fit();
        self.outputs.shrink_to_fit();
        self.parameters.shrink_to_fit();
        self.required_parameters.shrink_to_fit();
    }

    pub fn step(&self, name: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.name_text() == Some(name))
    }
}
