//! The strings the platform renders as Go templates (FORMATS.md §2.1): `config.script` of
//! `policy` steps and `config.manifest` of `kubernetes` steps with operation `apply` (data
//! `{parameters: …}`) or `delete` (data: the step's own `config`), in workflows run by the
//! workflow executor (provider and golden-path workflows). Score-embedded workflows run on the
//! legacy runner, which renders nothing.

use crate::lint::LintContext;
use crate::model::{Named, Reader, Step, Workflow, WorkflowShape};
use crate::platform::fields::{self, KUBERNETES_DEFAULT_OPERATION};
use crate::syntax::{Document, NodeId};
use crate::template::memo::{DocumentTemplates, ParsedTemplate};
use crate::template::ScalarMap;
use crate::text::Span;
use std::sync::Arc;

/// What a rendered template sees as its data (`platform::fields`).
pub use crate::platform::fields::TemplateData as Data;

pub struct Rendered {
    pub step: Step,
    /// `config.script` or `config.manifest`.
    pub field: &'static str,
    /// "policy script", "kubernetes apply manifest", …
    pub what: &'static str,
    pub data: Data,
    /// The scalar holding the template.
    pub node: NodeId,
    pub text: String,
    /// Built on the first finding that needs a file span: most templates have none, and
    /// mapping a long manifest costs more than parsing it.
    map: std::cell::OnceCell<ScalarMap>,
    /// Shared with the document's template memo ([`crate::template::memo`]).
    pub template: Arc<ParsedTemplate>,
    /// Keys of the step's `config` (the roots a `delete` manifest can use).
    pub config_keys: Vec<String>,
}

impl Rendered {
    /// How the template text maps to the file (`cx` is the check that found this template).
    pub fn map(&self, cx: &LintContext<'_>) -> &ScalarMap {
        self.map.get_or_init(|| {
            ScalarMap::for_node(cx.doc, cx.text(), self.node)
                .expect("`compute` keeps only templates held by a scalar")
        })
    }

    /// The file span of a range of the template text.
    pub fn span(&self, cx: &LintContext<'_>, range: Span) -> Span {
        self.map(cx).span(range)
    }
}

/// The workflows of the document under check, with whether the executor renders templates
/// in them.
pub fn workflows<'a>(cx: &LintContext<'a>) -> crate::lint::DocWorkflows<'a> {
    cx.workflows()
}

/// Whether the workflow executor (which renders templates) runs this workflow.
pub fn rendered_by_executor(wf: &Workflow) -> bool {
    !matches!(wf.shape, WorkflowShape::ScoreEmbedded)
}

/// The kubernetes operation of a step: top-level `operation`, else `config.operation`, else
/// `apply`.
pub fn kubernetes_operation(doc: &Document, step: &Step) -> String {
    let r = Reader::new(doc);
    r.string(step.node, "operation")
        .or_else(|| step.config.and_then(|c| r.string(c, "operation")))
        .map_or_else(
            || KUBERNETES_DEFAULT_OPERATION.to_string(),
            |n| n.text.into(),
        )
}

/// The rendered template of a step, if the executor renders one.
pub fn rendered_field(
    doc: &Document,
    step: &Step,
) -> Option<(&'static str, &'static str, Data, Named, NodeId)> {
    let (field, node) = rendered_place(doc, step)?;
    let value = Reader::new(doc).scalar(node)?;
    Some((field.label, field.what, field.data, value, node))
}

/// The field of a step the executor renders (`config.script`, …), without copying its text:
/// the rules that only skip that field ask for it on every step.
pub fn rendered_label(doc: &Document, step: &Step) -> Option<&'static str> {
    rendered_place(doc, step).map(|(field, _)| field.label)
}

/// Which field of `step` is rendered, and the scalar that holds it.
pub fn rendered_place(doc: &Document, step: &Step) -> Option<(fields::RenderedField, NodeId)> {
    let config = step.config?;
    let step_type = step.type_text()?;
    let operation = match step_type {
        "kubernetes" => kubernetes_operation(doc, step),
        _ => String::new(),
    };
    let field = fields::rendered_field(step_type, &operation)?;
    let node = Reader::new(doc).get(config, field.key)?;
    doc.scalar(node)?;
    Some((field, node))
}

/// The rendered templates of a document, parsed once for all template rules.
struct AllRendered(Vec<Rendered>);

/// Every template the executor renders in the document under check.
pub fn rendered(cx: &LintContext<'_>) -> std::rc::Rc<impl std::ops::Deref<Target = Vec<Rendered>>> {
    cx.cached(|cx| AllRendered(compute(cx)))
}

impl std::ops::Deref for AllRendered {
    type Target = Vec<Rendered>;
    fn deref(&self) -> &Vec<Rendered> {
        &self.0
    }
}

fn compute(cx: &LintContext<'_>) -> Vec<Rendered> {
    let doc = cx.doc;
    let mut out = Vec::new();
    // Opened at the first template: most documents have none, and need no memo.
    let mut templates: Option<DocumentTemplates> = None;
    for wf in workflows(cx).iter() {
        if !rendered_by_executor(wf) {
            continue;
        }
        // Most steps render nothing: a step is copied only for a template it holds.
        for step in &wf.steps {
            let Some((field, what, data, value, node)) = rendered_field(doc, step) else {
                continue;
            };
            // `rendered_field` read the node as a scalar, so it can be mapped (`Rendered::map`).
            if doc.scalar(node).is_none() {
                continue;
            }
            let config_keys = step
                .config
                .map(|c| {
                    Reader::new(doc)
                        .map_entries(c)
                        .into_iter()
                        .map(|(k, _)| k.text.into())
                        .collect()
                })
                .unwrap_or_default();
            out.push(Rendered {
                template: templates
                    .get_or_insert_with(|| {
                        DocumentTemplates::for_document(&cx.source.file, cx.at.doc)
                    })
                    .parse(&value.text),
                text: value.text.into(),
                field,
                what,
                data,
                node,
                map: std::cell::OnceCell::new(),
                config_keys,
                step: step.clone(),
            });
        }
    }
    out
}

/// Whether a data reference is a chain with a `-` name, which Go does not parse (only the
/// non-identifier-field rule reports those).
pub fn is_unparsed_chain(data_ref: &crate::template::go::DataRef, written: &str) -> bool {
    !written.starts_with("index") && data_ref.path.iter().any(|(n, _)| n.contains('-'))
}
