//! Which kind of platform document a YAML document is: by content first, file name second.

use crate::syntax::{Document, NodeId};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentKind {
    Score,
    Provider,
    ProviderWorkflow,
    GoldenPathWorkflow,
    PlatformWorkflow,
    GoldenPaths,
    AdminConfig,
    /// A workflow test file (`*.test.yaml`): cases run by `innominatus workflow test`.
    WorkflowTest,
    /// Not a document the platform reads (CI files, Helm values, kubeconfigs).
    Unknown,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 8] = [
        DocumentKind::Score,
        DocumentKind::Provider,
        DocumentKind::ProviderWorkflow,
        DocumentKind::GoldenPathWorkflow,
        DocumentKind::PlatformWorkflow,
        DocumentKind::GoldenPaths,
        DocumentKind::AdminConfig,
        DocumentKind::WorkflowTest,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Score => "score",
            DocumentKind::Provider => "provider",
            DocumentKind::ProviderWorkflow => "provider-workflow",
            DocumentKind::GoldenPathWorkflow => "golden-path-workflow",
            DocumentKind::PlatformWorkflow => "platform-workflow",
            DocumentKind::GoldenPaths => "golden-paths",
            DocumentKind::AdminConfig => "admin-config",
            DocumentKind::WorkflowTest => "workflow-test",
            DocumentKind::Unknown => "unknown",
        }
    }

    /// A person's name for the kind, used in messages.
    pub fn title(self) -> &'static str {
        match self {
            DocumentKind::Score => "Score spec",
            DocumentKind::Provider => "provider manifest",
            DocumentKind::ProviderWorkflow => "provider workflow",
            DocumentKind::GoldenPathWorkflow => "golden-path workflow",
            DocumentKind::PlatformWorkflow => "platform workflow",
            DocumentKind::GoldenPaths => "golden paths file",
            DocumentKind::AdminConfig => "admin config",
            DocumentKind::WorkflowTest => "workflow test file",
            DocumentKind::Unknown => "YAML document",
        }
    }

    pub fn parse(text: &str) -> Option<DocumentKind> {
        DocumentKind::ALL
            .into_iter()
            .chain([DocumentKind::Unknown])
            .find(|k| k.as_str() == text)
    }
}

/// Detects the kind of `doc` found in a file called `path`.
pub fn detect(doc: &Document, path: &str) -> DocumentKind {
    match doc.root.map(|r| doc.resolve(r)) {
        Some(root) if doc.is_mapping(root) => {
            by_content(doc, root).unwrap_or_else(|| by_file_name(path))
        }
        _ => by_file_name(path),
    }
}

fn by_content(doc: &Document, root: NodeId) -> Option<DocumentKind> {
    let text = |key: &str| doc.get(root, key).and_then(|v| doc.str_value(v));
    let has = |key: &str| doc.get(root, key).is_some();
    let api_version = text("apiVersion").unwrap_or("");
    let kind = text("kind").unwrap_or("");
    // A test file names the workflow it tests and holds cases; it has no `kind` of its own.
    if has("cases") && text("workflow").is_some() && !has("steps") {
        return Some(DocumentKind::WorkflowTest);
    }
    if api_version.starts_with("score.") {
        return Some(DocumentKind::Score);
    }
    if kind == "Provider" || kind == "Platform" {
        return Some(DocumentKind::Provider);
    }
    let spec = doc.get(root, "spec");
    let spec_has = |key: &str| spec.and_then(|s| doc.get(s, key)).is_some();
    let metadata_has = |key: &str| {
        doc.get(root, "metadata")
            .and_then(|m| doc.get(m, key))
            .is_some()
    };
    let workflowish = kind.contains("Workflow") && kind != "WorkflowPolicies";
    if workflowish || has("steps") || spec_has("steps") {
        if spec_has("triggers")
            || metadata_has("phase")
            || kind == "PlatformWorkflow"
            || kind == "ProductWorkflow"
        {
            return Some(DocumentKind::PlatformWorkflow);
        }
        if spec_has("steps") {
            return Some(DocumentKind::GoldenPathWorkflow);
        }
        if has("steps") {
            return Some(DocumentKind::ProviderWorkflow);
        }
        return Some(
            if api_version.starts_with("workflow.dev") || spec.is_some() {
                DocumentKind::GoldenPathWorkflow
            } else {
                DocumentKind::ProviderWorkflow
            },
        );
    }
    if has("goldenpaths") {
        return Some(DocumentKind::GoldenPaths);
    }
    if has("admin") && (has("providers") || has("gitea") || has("workflowPolicies")) {
        return Some(DocumentKind::AdminConfig);
    }
    if has("metadata") && has("containers") {
        return Some(DocumentKind::Score);
    }
    None
}

fn by_file_name(path: &str) -> DocumentKind {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = name
        .strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"))
        .unwrap_or(name);
    match stem {
        "provider" | "platform" => DocumentKind::Provider,
        "goldenpaths" => DocumentKind::GoldenPaths,
        "admin-config" => DocumentKind::AdminConfig,
        "score" => DocumentKind::Score,
        _ if stem.ends_with(".test") => DocumentKind::WorkflowTest,
        _ if stem.starts_with("score-") || stem.ends_with(".score") => DocumentKind::Score,
        _ => DocumentKind::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;
    use std::sync::Arc;

    fn kind_of(text: &str, path: &str) -> DocumentKind {
        let parsed = parse(&Arc::from(path), text);
        let empty = crate::syntax::Document::default();
        detect(parsed.documents.first().unwrap_or(&empty), path)
    }

    #[test]
    fn content_decides_before_file_name() {
        assert_eq!(
            kind_of("apiVersion: score.dev/v1b1\n", "x.yaml"),
            DocumentKind::Score
        );
        assert_eq!(
            kind_of("kind: Provider\n", "workflow.yaml"),
            DocumentKind::Provider
        );
        assert_eq!(
            kind_of("kind: Workflow\nsteps: []\n", "a.yaml"),
            DocumentKind::ProviderWorkflow
        );
        assert_eq!(
            kind_of("kind: Workflow\nspec:\n  steps: []\n", "a.yaml"),
            DocumentKind::GoldenPathWorkflow
        );
        assert_eq!(
            kind_of(
                "kind: Workflow\nmetadata:\n  phase: deployment\nspec:\n  steps: []\n",
                "a.yaml"
            ),
            DocumentKind::PlatformWorkflow
        );
        assert_eq!(
            kind_of("goldenpaths: {}\n", "x.yaml"),
            DocumentKind::GoldenPaths
        );
        assert_eq!(
            kind_of("admin: {}\nproviders: []\n", "x.yaml"),
            DocumentKind::AdminConfig
        );
        assert_eq!(
            kind_of("workflow: a.yaml\ncases: []\n", "x.yaml"),
            DocumentKind::WorkflowTest
        );
        assert_eq!(
            kind_of("metadata: {}\ncontainers: {}\n", "x.yaml"),
            DocumentKind::Score
        );
    }

    #[test]
    fn file_name_decides_when_content_is_silent() {
        assert_eq!(
            kind_of("", "providers/db/provider.yaml"),
            DocumentKind::Provider
        );
        assert_eq!(
            kind_of("gitea: {}\n", "admin-config.yaml"),
            DocumentKind::AdminConfig
        );
        assert_eq!(kind_of("name: x\n", "ci.yml"), DocumentKind::Unknown);
        assert_eq!(
            kind_of("cases: 3\n", "workflows/deploy.test.yaml"),
            DocumentKind::WorkflowTest
        );
        assert_eq!(
            kind_of("kind: WorkflowPolicies\n", "p.yaml"),
            DocumentKind::Unknown
        );
    }
}
