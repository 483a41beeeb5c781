//! Which of the platform's engines runs a workflow, and what each engine accepts
//! (FORMATS.md §1.4, §1.5, §4.1). Shared by the compatibility and policy rules.

use crate::kind::DocumentKind;
use crate::lint::LintContext;
use crate::model::{GoldenPath, Named, Reader, Step, Workflow};
use crate::syntax::NodeId;
use crate::text::Span;
use crate::workspace::{join, normalize, parent_dir, DocRef, ProviderEntry};

pub use crate::platform::step_types::{
    Runner, EXECUTOR_TYPES, LEGACY_TYPES, LOAD_TIME_TYPES, SIMULATED_TYPES,
};

/// Who reads a workflow, which decides the rules that apply to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Consumer {
    /// Loaded through a provider manifest (or shaped and labelled like one): checked by the
    /// load-time validator, run by the executor.
    Provider,
    /// A spec-shaped golden-path workflow: run by the executor.
    GoldenPath,
    /// A Score spec's `workflows.<name>`: run by the legacy runner at deploy.
    ScoreEmbedded,
    /// A flat `steps:` file without header that nothing references: a provider workflow or a
    /// retry file, so either engine may run it.
    Bare,
    /// Referenced only by a consumer that reads the steps from another place: zero steps run.
    NoSteps,
    /// Platform/product workflows: no live code path runs them.
    Dormant,
}

impl Consumer {
    pub fn runner(self) -> Option<Runner> {
        match self {
            Consumer::Provider | Consumer::GoldenPath => Some(Runner::Executor),
            Consumer::ScoreEmbedded => Some(Runner::Legacy),
            Consumer::Bare | Consumer::NoSteps | Consumer::Dormant => None,
        }
    }

    /// Whether the provider load-time validator checks the steps.
    pub fn load_validated(self) -> bool {
        self == Consumer::Provider
    }
}

/// A workflow of the document under check and who consumes it.
pub struct Checked {
    /// Where its model is in the workspace index: read there rather than copied for every
    /// check (a 5,000-line workflow's model was copied on every edit).
    model: ModelOf,
    pub consumer: Consumer,
    /// The `workflows.<name>` key of a Score-embedded workflow.
    pub label: Option<Named>,
}

/// Which model of the document under check a [`Checked`] is.
enum ModelOf {
    /// The workflow document's own.
    Document,
    /// The Score spec's `workflows` entry at this position.
    ScoreEntry(usize),
}

impl Checked {
    /// The workflow's model (`cx` is the check of the document it was found in).
    pub fn wf<'a>(&self, cx: &LintContext<'a>) -> &'a Workflow {
        let model = match self.model {
            ModelOf::Document => cx.workflow_model(),
            ModelOf::ScoreEntry(i) => cx.score().and_then(|s| s.workflows.get(i)).map(|(_, w)| w),
        };
        model.expect("`checked_workflows` keeps only workflows of the index")
    }

    /// How messages name the workflow: `workflow `deploy`` for Score entries, else `this workflow`.
    pub fn title(&self) -> String {
        match &self.label {
            Some(l) => format!("workflow `{}`", l.text),
            None => "this workflow".to_string(),
        }
    }
}

/// Every workflow of the document under check, with its consumer.
pub fn workflows(cx: &LintContext<'_>) -> std::rc::Rc<CheckedWorkflows> {
    cx.cached(|cx| CheckedWorkflows(checked_workflows(cx)))
}

/// The workflows of a document with their consumers, computed once for all rules.
pub struct CheckedWorkflows(Vec<Checked>);

impl std::ops::Deref for CheckedWorkflows {
    type Target = Vec<Checked>;
    fn deref(&self) -> &Vec<Checked> {
        &self.0
    }
}

fn checked_workflows(cx: &LintContext<'_>) -> Vec<Checked> {
    match cx.kind {
        DocumentKind::Score => cx
            .score()
            .map(|s| {
                s.workflows
                    .iter()
                    .enumerate()
                    .map(|(i, (label, _))| Checked {
                        model: ModelOf::ScoreEntry(i),
                        consumer: Consumer::ScoreEmbedded,
                        label: Some(label.clone()),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        DocumentKind::ProviderWorkflow
        | DocumentKind::GoldenPathWorkflow
        | DocumentKind::PlatformWorkflow => {
            if cx.workflow_model().is_none() {
                return Vec::new();
            }
            vec![Checked {
                model: ModelOf::Document,
                consumer: consumer_of(cx),
                label: None,
            }]
        }
        _ => Vec::new(),
    }
}

fn consumer_of(cx: &LintContext<'_>) -> Consumer {
    let by_provider = !referencing_providers(cx).is_empty();
    let by_golden_path = !referencing_golden_paths(cx).is_empty();
    match cx.kind {
        DocumentKind::ProviderWorkflow => {
            if by_provider {
                Consumer::Provider
            } else if by_golden_path {
                Consumer::NoSteps
            } else if has_header(cx) {
                Consumer::Provider
            } else {
                Consumer::Bare
            }
        }
        DocumentKind::GoldenPathWorkflow => {
            if by_provider && !by_golden_path {
                Consumer::NoSteps
            } else {
                Consumer::GoldenPath
            }
        }
        _ => Consumer::Dormant,
    }
}

/// Whether the document names itself (`apiVersion` or `kind`) rather than being a bare list.
fn has_header(cx: &LintContext<'_>) -> bool {
    let Some(root) = cx.doc.root else {
        return false;
    };
    cx.doc.get(root, "apiVersion").is_some() || cx.doc.get(root, "kind").is_some()
}

/// Providers whose `workflows[].file` points at the document under check (only the first
/// document of a file is ever read), with the `file` value that does.
pub fn referencing_providers<'w>(cx: &LintContext<'w>) -> Vec<(&'w ProviderEntry, Named)> {
    // A file alone (a folder of Score specs) has no provider to compare its path with.
    if cx.at.doc != 0 || cx.ws.providers.is_empty() {
        return Vec::new();
    }
    let here = normalize(cx.file());
    let ws = cx.ws;
    let mut out = Vec::new();
    for p in &ws.providers {
        for w in &p.model.workflows {
            if let Some(f) = &w.file {
                if join(&p.dir, &f.text) == here {
                    out.push((p, f.clone()));
                }
            }
        }
    }
    out
}

/// Golden paths whose workflow is the document under check: the server runs
/// `./workflows/<base name>.yaml` relative to the goldenpaths.yaml directory (its working
/// directory), and the CLI checks the path as written.
pub fn referencing_golden_paths<'w>(cx: &LintContext<'w>) -> Vec<(DocRef, &'w GoldenPath, Named)> {
    if cx.at.doc != 0 || cx.ws.golden_paths.is_empty() {
        return Vec::new();
    }
    let here = normalize(cx.file());
    let ws = cx.ws;
    let mut out = Vec::new();
    for (at, gps) in &ws.golden_paths {
        let dir = parent_dir(ws.path(at.file));
        for gp in &gps.paths {
            let Some(w) = &gp.workflow else { continue };
            let base = w.text.rsplit(['/', '\\']).next().unwrap_or(&w.text);
            let stem = base
                .strip_suffix(".yaml")
                .or_else(|| base.strip_suffix(".yml"))
                .unwrap_or(base);
            let served = join(&dir, &format!("workflows/{stem}.yaml"));
            if join(&dir, &w.text) == here || served == here {
                out.push((*at, gp, w.clone()));
            }
        }
    }
    out
}

/// A `[a, b, c]` list for messages, in backticks.
pub fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|t| format!("`{t}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Plain comma-separated list, as the platform prints it.
pub fn plain(items: &[&str]) -> String {
    items.join(", ")
}

/// Reads fields of one step that the model does not carry.
pub struct StepView<'d> {
    r: Reader<'d>,
    pub node: NodeId,
    pub config: Option<NodeId>,
}

impl<'d> StepView<'d> {
    pub fn new(cx: &LintContext<'d>, step: &Step) -> StepView<'d> {
        StepView {
            r: Reader::new(cx.doc),
            node: step.node,
            config: step.config,
        }
    }

    /// A top-level scalar field of the step.
    pub fn field(&self, key: &str) -> Option<Named> {
        self.r.string(self.node, key)
    }

    /// A top-level scalar field with non-blank text.
    pub fn text(&self, key: &str) -> Option<Named> {
        self.field(key).filter(|n| !n.text.trim().is_empty())
    }

    /// The key of a top-level field.
    pub fn key(&self, key: &str) -> Option<Named> {
        self.r.key(self.node, key)
    }

    pub fn has(&self, key: &str) -> bool {
        self.r.get(self.node, key).is_some()
    }

    /// A scalar under `config` with non-blank text, as the executors read it: they assert a
    /// Go string, so a number, boolean or unquoted date there is no value to them (checked
    /// with the oracle's `fidelity sim`; the loader's presence checks ask `unset_value`).
    pub fn config_text(&self, key: &str) -> Option<Named> {
        let node = self.config.and_then(|c| self.r.get(c, key))?;
        if !self
            .r
            .doc
            .scalar(node)
            .is_some_and(|s| s.decodes_to_go_string())
        {
            return None;
        }
        self.r.scalar(node).filter(|n| !n.text.trim().is_empty())
    }

    /// The key of a `config` entry.
    pub fn config_key(&self, key: &str) -> Option<Named> {
        self.config.and_then(|c| self.r.key(c, key))
    }

    /// The value node of a `config` entry.
    pub fn config_value(&self, key: &str) -> Option<NodeId> {
        self.config.and_then(|c| self.r.get(c, key))
    }

    /// The `config` key itself.
    pub fn config_key_span(&self) -> Option<Span> {
        self.r.key(self.node, "config").map(|k| k.span)
    }

    pub fn is_scalar(&self, node: NodeId) -> bool {
        self.r.scalar(node).is_some()
    }
}

/// An edit that adds `line` (e.g. `operation: destroy`) as a sibling entry right before the
/// block-mapping key at `key`, with the key's indentation. `None` for flow mappings.
pub fn insert_before_key(
    cx: &LintContext<'_>,
    key: Span,
    line: &str,
) -> Option<crate::diagnostic::Edit> {
    let text = cx.text();
    let line_start = text[..key.start].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..key.start];
    // Block style only: the key is preceded by indentation, optionally after `- `.
    if !before
        .trim_start()
        .trim_start_matches('-')
        .trim()
        .is_empty()
        || before.contains('{')
    {
        return None;
    }
    let indent = " ".repeat(before.chars().count());
    let newline = if file_uses_crlf(cx) { "\r\n" } else { "\n" };
    Some(crate::diagnostic::Edit {
        file: cx.file().clone(),
        span: Span::at(key.start),
        replacement: format!("{line}{newline}{indent}"),
    })
}

/// Whether the file under check has a CRLF line ending anywhere, asked once per check: a
/// rule offering this fix on every step of a long workflow scanned the whole text each time.
fn file_uses_crlf(cx: &LintContext<'_>) -> bool {
    struct UsesCrlf(bool);
    cx.cached(|cx| UsesCrlf(cx.text().contains("\r\n"))).0
}

/// An edit that deletes the whole line of a `key: value` entry written on one line of a block
/// mapping, when nothing else is on that line. `None` otherwise.
pub fn delete_entry_line(
    cx: &LintContext<'_>,
    key: Span,
    value: Span,
) -> Option<crate::diagnostic::Edit> {
    let text = cx.text();
    let line_start = text[..key.start].rfind('\n').map_or(0, |i| i + 1);
    if !text[line_start..key.start].trim().is_empty() {
        return None;
    }
    let line_end = text[value.end..]
        .find('\n')
        .map_or(text.len(), |i| value.end + i + 1);
    let rest = text[value.end..line_end].trim();
    if !(rest.is_empty() || rest.starts_with('#')) || text[key.start..value.end].contains('\n') {
        return None;
    }
    Some(crate::diagnostic::Edit {
        file: cx.file().clone(),
        span: Span::new(line_start, line_end),
        replacement: String::new(),
    })
}
