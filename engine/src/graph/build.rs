//! Building the workspace graph from the typed model of every document.
//!
//! Pass 1 creates one node per declared thing in file order (providers with their workflow
//! entries, workflow documents with their steps, Score specs with containers, resources,
//! environment and embedded workflows, golden paths); pass 2 adds the relations that cross
//! documents (resource → provider → workflow → resource, golden path → workflow).

use super::{Edge, EdgeKind, Location, Node, NodeKind, Position};
use crate::model::{Reader, ScoreSpec, Workflow};
use crate::platform::resolution;
use crate::syntax::Document;
use crate::text::{ColumnUnit, LineIndex, Span};
use crate::workspace::{join, normalize, parent_dir, DocRef, Workspace};
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::HashMap;

pub(super) fn build(ws: &Workspace) -> DiGraph<Node, Edge> {
    let mut b = Builder {
        ws,
        graph: DiGraph::new(),
        ids: HashMap::new(),
        lines: HashMap::new(),
        workflow_docs: HashMap::new(),
        providers: Vec::new(),
        apps: HashMap::new(),
    };
    b.declare();
    b.relate();
    b.graph
}

struct Builder<'w> {
    ws: &'w Workspace,
    graph: DiGraph<Node, Edge>,
    ids: HashMap<String, NodeIndex>,
    lines: HashMap<usize, LineIndex>,
    /// Workflow document (normalised path of a first document) → its node.
    workflow_docs: HashMap<String, NodeIndex>,
    /// Provider entries (index into `ws.providers`) with their node.
    providers: Vec<(usize, NodeIndex)>,
    /// Score document → the id suffix of its application (`orders-api`).
    apps: HashMap<DocRef, String>,
}

impl<'w> Builder<'w> {
    fn doc(&self, at: DocRef) -> &'w Document {
        &self.ws.files[at.file].parsed.documents[at.doc]
    }

    fn location(&mut self, file: usize, span: Span) -> Location {
        let source = &self.ws.files[file];
        let text = source.text.as_deref().unwrap_or("");
        let index = self
            .lines
            .entry(file)
            .or_insert_with(|| LineIndex::new(text));
        let position = |offset: usize| {
            let p = index.position(text, offset, ColumnUnit::Char);
            Position {
                line: p.line + 1,
                column: p.col + 1,
            }
        };
        Location {
            file: source.file.clone(),
            span,
            start: position(span.start),
            end: position(span.end),
        }
    }

    /// Adds a node; an id already taken gets `#2`, `#3`, … appended.
    fn node(
        &mut self,
        id: String,
        kind: NodeKind,
        label: String,
        file: usize,
        span: Span,
    ) -> NodeIndex {
        let mut unique = id.clone();
        let mut n = 2;
        while self.ids.contains_key(&unique) {
            unique = format!("{id}#{n}");
            n += 1;
        }
        let location = self.location(file, span);
        let index = self.graph.add_node(Node {
            id: unique.clone(),
            kind,
            label,
            location,
            missing: false,
        });
        self.ids.insert(unique, index);
        index
    }

    fn edge(&mut self, from: NodeIndex, to: NodeIndex, kind: EdgeKind, file: usize, span: Span) {
        let location = self.location(file, span);
        self.graph.add_edge(
            from,
            to,
            Edge {
                kind,
                location,
                cycle: false,
            },
        );
    }

    /// Pass 1: every declared thing, in file order.
    fn declare(&mut self) {
        let mut order: Vec<(DocRef, Item)> = Vec::new();
        for (i, p) in self.ws.providers.iter().enumerate() {
            order.push((p.at, Item::Provider(i)));
        }
        for (i, w) in self.ws.workflows.iter().enumerate() {
            order.push((w.at, Item::Workflow(i)));
        }
        for (i, (at, _)) in self.ws.scores.iter().enumerate() {
            order.push((*at, Item::Score(i)));
        }
        order.sort_by_key(|(at, _)| (at.file, at.doc));
        for (_, item) in order {
            match item {
                Item::Provider(i) => self.declare_provider(i),
                Item::Workflow(i) => self.declare_workflow_document(i),
                Item::Score(i) => self.declare_score(i),
            }
        }
    }

    fn declare_provider(&mut self, i: usize) {
        let entry = &self.ws.providers[i];
        let at = entry.at;
        let root_span = start_of(self.doc(at), entry.model.root);
        let (label, span) = match &entry.model.name {
            Some(n) => (n.text.to_string(), n.span),
            None => (file_stem(&self.ws.files[at.file].file), root_span),
        };
        let node = self.node(
            format!("provider:{label}"),
            NodeKind::Provider,
            label,
            at.file,
            span,
        );
        self.providers.push((i, node));
    }

    fn declare_workflow_document(&mut self, i: usize) {
        let entry = &self.ws.workflows[i];
        let at = entry.at;
        let file = self.ws.files[at.file].file.clone();
        let doc = self.doc(at);
        let (label, span) = match &entry.model.name {
            Some(n) => (n.text.to_string(), n.span),
            None => (file_stem(&file), start_of(doc, doc.root.unwrap_or(0))),
        };
        let mut id = format!("workflow:{}", normalize(&file));
        if at.doc > 0 {
            id.push_str(&format!("#doc{}", at.doc + 1));
        }
        let node = self.node(id, NodeKind::Workflow, label, at.file, span);
        if at.doc == 0 {
            self.workflow_docs.insert(normalize(&file), node);
        }
        let model = entry.model.clone();
        self.declare_steps(node, &model, at);
    }

    fn declare_steps(&mut self, workflow: NodeIndex, wf: &Workflow, at: DocRef) {
        let prefix = self.graph[workflow]
            .id
            .trim_start_matches("workflow:")
            .to_string();
        let mut by_name: HashMap<String, NodeIndex> = HashMap::new();
        let mut nodes = Vec::new();
        for step in &wf.steps {
            let anchor = step.anchor(self.doc(at));
            let (label, id) = match step.name_text() {
                Some(name) => (name.to_string(), format!("step:{prefix}/{name}")),
                None => (
                    format!("steps[{}]", step.index),
                    format!("step:{prefix}/steps[{}]", step.index),
                ),
            };
            let kind = NodeKind::Step(step.type_text().map(str::to_string));
            let node = self.node(id, kind, label, at.file, anchor);
            self.edge(workflow, node, EdgeKind::Contains, at.file, anchor);
            if let Some(name) = step.name_text() {
                by_name.entry(name.to_string()).or_insert(node);
            }
            nodes.push(node);
        }
        for (step, &node) in wf.steps.iter().zip(&nodes) {
            for dep in &step.depends_on {
                if let Some(&target) = by_name.get(dep.text.as_str()) {
                    self.edge(node, target, EdgeKind::DependsOn, at.file, dep.span);
                }
            }
        }
    }

    fn declare_score(&mut self, i: usize) {
        let (at, spec) = &self.ws.scores[i];
        let (at, spec) = (*at, spec.clone());
        let doc = self.doc(at);
        let root_span = start_of(doc, spec.root);
        let (label, span) = match &spec.name {
            Some(n) => (n.text.to_string(), n.span),
            None => (file_stem(&self.ws.files[at.file].file), root_span),
        };
        let app = self.node(
            format!("application:{label}"),
            NodeKind::Application,
            label.clone(),
            at.file,
            span,
        );
        let prefix = self.graph[app]
            .id
            .trim_start_matches("application:")
            .to_string();
        self.apps.insert(at, prefix.clone());

        if let Some((team, team_span)) = owning_team(doc, spec.root) {
            let id = format!("team:{team}");
            let node = match self.ids.get(&id) {
                Some(&n) => n,
                None => self.node(id, NodeKind::Team, team, at.file, team_span),
            };
            self.edge(node, app, EdgeKind::Owns, at.file, team_span);
        }

        let mut containers: HashMap<String, NodeIndex> = HashMap::new();
        for c in &spec.containers {
            let node = self.node(
                format!("container:{prefix}/{}", c.name.text),
                NodeKind::Container,
                c.name.text.to_string(),
                at.file,
                c.name.span,
            );
            self.edge(app, node, EdgeKind::Defines, at.file, c.name.span);
            containers.entry(c.name.text.to_string()).or_insert(node);
        }
        let mut resources: HashMap<String, NodeIndex> = HashMap::new();
        for r in &spec.resources {
            let node = self.node(
                format!("resource:{prefix}/{}", r.name.text),
                NodeKind::Resource(r.resource_type.as_ref().map(|t| t.text.to_string())),
                r.name.text.to_string(),
                at.file,
                r.name.span,
            );
            self.edge(app, node, EdgeKind::Defines, at.file, r.name.span);
            resources.entry(r.name.text.to_string()).or_insert(node);
        }
        let r = Reader::new(self.doc(at));
        if let Some(key) = r.key(spec.root, "environment") {
            let env_type = r
                .get(spec.root, "environment")
                .and_then(|e| r.string(e, "type"))
                .map(|t| t.text.to_string());
            let node = self.node(
                format!("environment:{prefix}"),
                NodeKind::Environment,
                env_type.unwrap_or_else(|| "environment".to_string()),
                at.file,
                key.span,
            );
            self.edge(app, node, EdgeKind::Defines, at.file, key.span);
        }

        // Container → resource placeholders, and `before` ordering between containers.
        let text = self.ws.files[at.file].text.clone().unwrap_or_default();
        for c in &spec.containers {
            let from = containers[c.name.text.as_str()];
            let mut seen = Vec::new();
            for (_, value) in &c.variables(self.doc(at)) {
                for (name, span) in resource_placeholders(&text, value.span, &value.text) {
                    if let Some(&to) = resources.get(&name) {
                        if !seen.contains(&to) {
                            seen.push(to);
                            self.edge(from, to, EdgeKind::Consumes, at.file, span);
                        }
                    }
                }
            }
            for (other, _) in before_entries(self.doc(at), c.node) {
                if let Some(&first) = containers.get(other.text.as_str()) {
                    // `c.before.other`: `c` starts before `other`, so `other` waits for `c`.
                    self.edge(first, from, EdgeKind::DependsOn, at.file, other.span);
                }
            }
        }

        for (name, wf) in &spec.workflows {
            let node = self.node(
                format!("workflow:{prefix}/{}", name.text),
                NodeKind::Workflow,
                name.text.to_string(),
                at.file,
                name.span,
            );
            self.edge(app, node, EdgeKind::Defines, at.file, name.span);
            self.declare_steps(node, wf, at);
        }
    }

    /// Pass 2: relations across documents.
    fn relate(&mut self) {
        // Provider → its workflows.
        let mut provider_workflows: HashMap<(usize, String), NodeIndex> = HashMap::new();
        for (pi, pnode) in self.providers.clone() {
            let entry = &self.ws.providers[pi];
            let at = entry.at;
            let dir = entry.dir.clone();
            for w in entry.model.workflows.clone() {
                let Some(file) = &w.file else { continue };
                let path = join(&dir, &file.text);
                let target = match self.workflow_docs.get(&path) {
                    Some(&n) => n,
                    None => {
                        let label = w
                            .name
                            .as_ref()
                            .map(|n| n.text.to_string())
                            .unwrap_or_else(|| file_stem(&path));
                        self.missing_workflow(&path, label, at.file, file.span)
                    }
                };
                self.edge(pnode, target, EdgeKind::Executes, at.file, file.span);
                if let Some(name) = &w.name {
                    provider_workflows
                        .entry((pi, name.text.to_string()))
                        .or_insert(target);
                }
            }
        }

        // Resource → provider(s) claiming its type → the create workflow → resource.
        let scores: Vec<(DocRef, ScoreSpec)> = self.ws.scores.clone();
        for (at, spec) in &scores {
            let app_id = self.apps.get(at).cloned().unwrap_or_default();
            for r in &spec.resources {
                let Some(t) = &r.resource_type else { continue };
                let Some(&res) = self.ids.get(&format!("resource:{app_id}/{}", r.name.text)) else {
                    continue;
                };
                for (pi, pnode) in self.providers.clone() {
                    let provider = &self.ws.providers[pi];
                    if resolution::claims(&provider.model, &t.text) {
                        self.edge(res, pnode, EdgeKind::Requires, at.file, t.span);
                    }
                }
                // The workflow the platform runs for it (one provider, its create workflow).
                let Ok(resolved) = self.ws.resolve(&t.text) else {
                    continue;
                };
                let Some(pi) = self
                    .ws
                    .providers
                    .iter()
                    .position(|p| std::ptr::eq(p, resolved.provider))
                else {
                    continue;
                };
                let Some(&wnode) =
                    provider_workflows.get(&(pi, resolved.workflow.text.to_string()))
                else {
                    continue;
                };
                let provider_file = resolved.provider.at.file;
                self.edge(
                    wnode,
                    res,
                    EdgeKind::Provisions,
                    provider_file,
                    resolved.workflow.span,
                );
            }
        }

        // Golden path → workflow file (relative to the golden paths file, as the CLI reads it).
        let golden: Vec<_> = self.ws.golden_paths.clone();
        for (at, gps) in &golden {
            let dir = parent_dir(&self.ws.files[at.file].file);
            for gp in &gps.paths {
                let node = self.node(
                    format!("golden-path:{}", gp.name.text),
                    NodeKind::GoldenPath,
                    gp.name.text.to_string(),
                    at.file,
                    gp.name.span,
                );
                let Some(wf) = &gp.workflow else { continue };
                let path = join(&dir, &wf.text);
                let target = match self.workflow_docs.get(&path) {
                    Some(&n) => n,
                    None => self.missing_workflow(&path, file_stem(&path), at.file, wf.span),
                };
                self.edge(node, target, EdgeKind::Triggers, at.file, wf.span);
            }
        }
    }

    /// A workflow that is referenced but whose file is not among the parsed ones.
    fn missing_workflow(
        &mut self,
        path: &str,
        label: String,
        file: usize,
        span: Span,
    ) -> NodeIndex {
        let id = format!("workflow:{path}");
        if let Some(&n) = self.ids.get(&id) {
            return n;
        }
        let node = self.node(id, NodeKind::Workflow, label, file, span);
        self.graph[node].missing = true;
        self.workflow_docs.insert(path.to_string(), node);
        node
    }
}

enum Item {
    Provider(usize),
    Workflow(usize),
    Score(usize),
}

/// An empty span at the start of a node (for things without a name).
fn start_of(doc: &Document, node: usize) -> Span {
    let span = doc.nodes.get(node).map(|n| n.span).unwrap_or_default();
    Span::at(span.start)
}

/// `dir/name.yaml` → `name`.
fn file_stem(path: &str) -> String {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name.rsplit_once('.')
        .map(|(s, _)| s)
        .unwrap_or(name)
        .to_string()
}

/// The team owning a Score spec: `metadata.team`, or an annotation named `team` or
/// `…-team` (such as `acme.example/owner-team`).
fn owning_team(doc: &Document, root: usize) -> Option<(String, Span)> {
    let r = Reader::new(doc);
    let metadata = r.get(root, "metadata")?;
    if let Some(team) = r.string(metadata, "team") {
        return Some((team.text.to_string(), team.span));
    }
    r.entries(metadata, "annotations")
        .into_iter()
        .find(|(k, _)| {
            let name = k.text.rsplit('/').next().unwrap_or(&k.text);
            name == "team" || name.ends_with("-team")
        })
        .and_then(|(_, v)| r.scalar(v))
        .filter(|v| !v.text.is_empty())
        .map(|v| (v.text.to_string(), v.span))
}

/// The entries of `containers.<c>.before` (map form): (other container as written, value).
pub(crate) fn before_entries(
    doc: &Document,
    container: usize,
) -> Vec<(crate::model::Named, usize)> {
    let r = Reader::new(doc);
    match r.get(container, "before") {
        Some(b) if r.is_mapping(b) => r.map_entries(b),
        _ => Vec::new(),
    }
}

/// `${resources.<name>…}` placeholders in a variable value (not `$${…}` escapes): the
/// resource name and the span of the placeholder (the whole value when the text is written
/// differently in the file, e.g. with escapes).
fn resource_placeholders(text: &str, span: Span, value: &str) -> Vec<(String, Span)> {
    let raw = text.get(span.start..span.end).unwrap_or("");
    let mut out = Vec::new();
    let bytes = value.as_bytes();
    let mut i = 0;
    while let Some(found) = value[i..].find("${") {
        let start = i + found;
        i = start + 2;
        if start > 0 && bytes[start - 1] == b'$' {
            continue; // `$${…}` is a literal `${…}`
        }
        let Some(close) = value[start..].find('}') else {
            break;
        };
        let inner = &value[start + 2..start + close];
        let placeholder = &value[start..=start + close];
        if let Some(rest) = inner.strip_prefix("resources.") {
            let name = rest.split('.').next().unwrap_or("").to_string();
            if !name.is_empty() {
                let at = raw
                    .find(placeholder)
                    .map(|o| Span::new(span.start + o, span.start + o + placeholder.len()))
                    .unwrap_or(span);
                out.push((name, at));
            }
        }
        i = start + close + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_with_their_spans() {
        let text = "X: ${resources.db.host}:${resources.cache.port} $${resources.no.x}";
        let span = Span::new(3, text.len());
        let found = resource_placeholders(text, span, &text[3..]);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0, "db");
        assert_eq!(
            &text[found[0].1.start..found[0].1.end],
            "${resources.db.host}"
        );
        assert_eq!(found[1].0, "cache");
    }

    #[test]
    fn file_stems() {
        assert_eq!(file_stem("a/b/deploy-app.yaml"), "deploy-app");
        assert_eq!(file_stem("x"), "x");
    }
}
