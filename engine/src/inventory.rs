//! What a workspace holds, summarised for `innominatus doctor`: documents by kind, the
//! providers with the workflow the platform would run for each resource type they claim,
//! and the resource types Score specs use that no provider claims.

use crate::kind::DocumentKind;
use crate::platform::resolution;
use crate::text::Span;
use crate::workspace::Workspace;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One resource type a provider claims, and how `create` resolves for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimedType {
    pub resource_type: String,
    /// The workflow the engine runs to create it, or why there is none.
    pub create_workflow: Result<String, String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderSummary {
    /// `metadata.name` (empty when missing).
    pub name: String,
    pub file: Arc<str>,
    pub span: Span,
    pub types: Vec<ClaimedType>,
    /// How many workflows the manifest lists.
    pub workflows: usize,
}

/// A resource of a Score spec whose type no provider claims.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnresolvedResource {
    pub resource_type: String,
    /// `metadata.name` of the Score spec (empty when missing).
    pub application: String,
    pub resource: String,
    pub file: Arc<str>,
    pub span: Span,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inventory {
    pub files: usize,
    /// Documents by kind name (`score`, `provider`, ...), unknown YAML included.
    pub documents: BTreeMap<&'static str, usize>,
    /// Files that do not parse completely.
    pub broken_files: Vec<Arc<str>>,
    pub providers: Vec<ProviderSummary>,
    pub unresolved: Vec<UnresolvedResource>,
}

impl Inventory {
    pub fn of(ws: &Workspace) -> Inventory {
        let mut inv = Inventory {
            files: ws.files.len(),
            ..Inventory::default()
        };
        for file in ws.files.iter() {
            if file.parsed.failed || file.text.is_none() {
                inv.broken_files.push(file.file.clone());
            }
            for kind in &file.kinds {
                *inv.documents.entry(kind.as_str()).or_default() += 1;
            }
        }
        for p in &ws.providers {
            let model = &p.model;
            let mut names: Vec<&str> = model
                .resource_types
                .iter()
                .map(|t| t.text.as_str())
                .collect();
            for c in &model.capabilities {
                names.extend(c.resource_type.iter().map(|t| t.text.as_str()));
            }
            let doc_span = ws.document_span(p.at);
            let mut types: Vec<ClaimedType> = Vec::new();
            for name in names {
                if types.iter().any(|t| t.resource_type == name) {
                    continue;
                }
                types.push(ClaimedType {
                    resource_type: name.to_string(),
                    create_workflow: resolution::create_workflow(model, name, doc_span)
                        .map(|n| n.text.to_string())
                        .map_err(|why| why.describe()),
                });
            }
            let doc = &ws.files[p.at.file].parsed.documents[p.at.doc];
            inv.providers.push(ProviderSummary {
                name: model.name_text().unwrap_or_default().to_string(),
                file: ws.files[p.at.file].file.clone(),
                span: model.name.as_ref().map_or(doc.span, |n| n.span),
                types,
                workflows: model.workflows.len(),
            });
        }
        for (at, spec) in &ws.scores {
            for resource in &spec.resources {
                let Some(rt) = &resource.resource_type else {
                    continue;
                };
                if !ws.providers_for(&rt.text).is_empty() {
                    continue;
                }
                inv.unresolved.push(UnresolvedResource {
                    resource_type: rt.text.to_string(),
                    application: spec
                        .name
                        .as_ref()
                        .map(|n| n.text.to_string())
                        .unwrap_or_default(),
                    resource: resource.name.text.to_string(),
                    file: ws.files[at.file].file.clone(),
                    span: rt.span,
                });
            }
        }
        inv
    }

    /// The number of documents of `kind`.
    pub fn count(&self, kind: DocumentKind) -> usize {
        self.documents.get(kind.as_str()).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn workspace(files: &[(&str, &str)]) -> Workspace {
        let files = files
            .iter()
            .map(|(name, text)| SourceFile::parse(Arc::from(*name), text.as_bytes()))
            .collect();
        Workspace::new(files, None, Box::new(|_: &str| false))
    }

    #[test]
    fn counts_kinds_and_finds_unclaimed_types() {
        let ws = workspace(&[
            (
                "providers/db/provider.yaml",
                "apiVersion: v1\nkind: Provider\nmetadata:\n  name: db\ncapabilities:\n  resourceTypes: [postgres]\nworkflows:\n  - name: make-db\n    file: ./workflows/make-db.yaml\n    category: provisioner\n    operation: create\n",
            ),
            (
                "score.yaml",
                "apiVersion: score.dev/v1b1\nmetadata:\n  name: shop\ncontainers:\n  web:\n    image: nginx:1\nresources:\n  db:\n    type: postgres\n  cache:\n    type: redis\n",
            ),
            ("broken.yaml", "key: [unclosed\n"),
        ]);
        let inv = Inventory::of(&ws);
        assert_eq!(inv.files, 3);
        assert_eq!(inv.count(DocumentKind::Provider), 1);
        assert_eq!(inv.count(DocumentKind::Score), 1);
        assert_eq!(inv.broken_files, vec![Arc::<str>::from("broken.yaml")]);
        assert_eq!(inv.providers.len(), 1);
        assert_eq!(inv.providers[0].name, "db");
        assert_eq!(
            inv.providers[0].types,
            vec![ClaimedType {
                resource_type: "postgres".into(),
                create_workflow: Ok("make-db".into())
            }]
        );
        assert_eq!(inv.unresolved.len(), 1);
        let u = &inv.unresolved[0];
        assert_eq!(
            (
                u.resource_type.as_str(),
                u.application.as_str(),
                u.resource.as_str()
            ),
            ("redis", "shop", "cache")
        );
        let text = ws.files[1].text.as_deref().unwrap();
        assert_eq!(&text[u.span.start..u.span.end], "redis");
    }
}
