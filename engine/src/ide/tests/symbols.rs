//! The outline, workspace symbols and document links.

use super::PROVIDERS;
use crate::ide::fixture::Fixture;
use crate::ide::symbols::{document_links, document_symbols, workspace_symbols, DocumentSymbol};

/// The outline of `file`, one line per symbol: indentation for depth, name, kind, detail and
/// the text it selects when that is not its name (a document selects an empty span).
fn outline(f: &Fixture, file: usize) -> Vec<String> {
    fn walk(
        f: &Fixture,
        file: usize,
        symbols: &[DocumentSymbol],
        depth: usize,
        out: &mut Vec<String>,
    ) {
        for s in symbols {
            let mut line = format!("{}{} {:?}", "  ".repeat(depth), s.name, s.kind);
            if let Some(d) = &s.detail {
                line.push_str(&format!(" ({d})"));
            }
            let selected = f.slice(file, s.selection);
            if !selected.is_empty() && selected != s.name {
                line.push_str(&format!(" selects `{selected}`"));
            }
            out.push(line);
            walk(f, file, &s.children, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(f, file, &document_symbols(&f.ws, file), 0, &mut out);
    out
}

#[test]
fn the_outline_lists_steps_by_name_with_their_type() {
    let f = Fixture::new(
        "
        //- providers/db/workflows/provision.yaml
        apiVersion: innominatus.io/v1alpha1
        kind: Workflow
        metadata:
          name: provision
        steps:
          - name: validate-request
            type: policy
          - name: ensure-namespace
            type: policy
            dependsOn: [validate-request]
        ",
    );
    assert_eq!(
        outline(&f, 0),
        [
            "apiVersion Field (innominatus.io/v1alpha1)",
            "kind Field (Workflow)",
            "metadata Mapping",
            "  name Field (provision)",
            "steps List",
            "  validate-request Step (policy)",
            "    name Field (validate-request)",
            "    type Field (policy)",
            "  ensure-namespace Step (policy)",
            "    name Field (ensure-namespace)",
            "    type Field (policy)",
            "    dependsOn List",
            "      validate-request Field"
        ]
    );
}

#[test]
fn a_file_of_several_documents_has_one_symbol_per_document() {
    let f = Fixture::new(
        "
        //- platform.yaml
        kind: Provider
        metadata:
          name: database-team
        ---
        apiVersion: innominatus.io/v1alpha1
        kind: Workflow
        steps:
          - name: a
            type: policy
        ",
    );
    assert_eq!(
        outline(&f, 0),
        [
            "provider manifest database-team Document (provider)",
            "  kind Field (Provider)",
            "  metadata Mapping",
            "    name Field (database-team)",
            "provider workflow Document (provider-workflow)",
            "  apiVersion Field (innominatus.io/v1alpha1)",
            "  kind Field (Workflow)",
            "  steps List",
            "    a Step (policy)",
            "      name Field (a)",
            "      type Field (policy)"
        ]
    );
}

/// Workspace symbols matching `query`: name, kind, container and place.
fn symbols(f: &Fixture, query: &str) -> Vec<String> {
    workspace_symbols(&f.ws, query)
        .iter()
        .map(|s| {
            format!(
                "{} {:?} in {} at {}",
                s.name,
                s.kind,
                s.container.as_deref().unwrap_or("-"),
                f.show(&s.location)
            )
        })
        .collect()
}

const APP: &str = "
//- apps/orders-api/score.yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders-api
containers:
  api:
    image: nginx
resources:
  db:
    type: postgres
";

#[test]
fn workspace_symbols_match_the_query_s_characters_in_order() {
    let f = Fixture::new(&format!("{PROVIDERS}{APP}"));
    assert_eq!(
        symbols(&f, "provpostgres"),
        [
            "provision-postgres Workflow in provider-workflow at providers/database-team/workflows/provision-postgres.yaml:4:9 `provision-postgres`",
            "provision-postgres Workflow in database-team at providers/database-team/provider.yaml:16:11 `provision-postgres`",
        ]
    );
    assert_eq!(
        symbols(&f, "ORDERS"),
        ["orders-api Application in - at apps/orders-api/score.yaml:3:9 `orders-api`"]
    );
}

#[test]
fn an_empty_query_lists_every_named_thing() {
    let f = Fixture::new(&format!("{PROVIDERS}{APP}"));
    assert_eq!(
        symbols(&f, ""),
        [
            "provision-postgres Workflow in provider-workflow at providers/database-team/workflows/provision-postgres.yaml:4:9 `provision-postgres`",
            "create-cluster Step in provision-postgres at providers/database-team/workflows/provision-postgres.yaml:6:11 `create-cluster`",
            "delete-postgres Workflow in provider-workflow at providers/database-team/workflows/delete-postgres.yaml:4:9 `delete-postgres`",
            "delete-cluster Step in delete-postgres at providers/database-team/workflows/delete-postgres.yaml:6:11 `delete-cluster`",
            "provision-s3-bucket Workflow in provider-workflow at providers/storage-team/workflows/provision-s3-bucket.yaml:4:9 `provision-s3-bucket`",
            "create-bucket Step in provision-s3-bucket at providers/storage-team/workflows/provision-s3-bucket.yaml:6:11 `create-bucket`",
            "database-team Provider in - at providers/database-team/provider.yaml:4:9 `database-team`",
            "provision-postgres Workflow in database-team at providers/database-team/provider.yaml:16:11 `provision-postgres`",
            "delete-postgres Workflow in database-team at providers/database-team/provider.yaml:20:11 `delete-postgres`",
            "storage-team Provider in - at providers/storage-team/provider.yaml:4:9 `storage-team`",
            "provision-s3-bucket Workflow in storage-team at providers/storage-team/provider.yaml:9:11 `provision-s3-bucket`",
            "orders-api Application in - at apps/orders-api/score.yaml:3:9 `orders-api`",
            "db Resource in orders-api at apps/orders-api/score.yaml:8:3 `db`",
            "api Container in orders-api at apps/orders-api/score.yaml:5:3 `api`",
        ]
    );
}

#[test]
fn manifests_link_their_workflow_files() {
    let f = Fixture::new(&format!(
        "{PROVIDERS}{APP}
//- goldenpaths.yaml
goldenpaths:
  deploy-app:
    workflow: ./workflows/deploy-app.yaml
  ephemeral-env:
    workflow: ./workflows/ephemeral-env.yaml
//- workflows/deploy-app.yaml
apiVersion: workflow.dev/v1
kind: Workflow
spec:
  steps:
    - name: roll-out
      type: policy
"
    ));
    let links = |name: &str| -> Vec<String> {
        let file = f.file(name);
        document_links(&f.ws, file)
            .iter()
            .map(|l| {
                format!(
                    "`{}` -> {}{}",
                    f.slice(file, l.span),
                    l.target,
                    if l.exists { "" } else { " (missing)" }
                )
            })
            .collect()
    };
    assert_eq!(
        links("providers/database-team/provider.yaml"),
        [
            "`./workflows/provision-postgres.yaml` -> providers/database-team/workflows/provision-postgres.yaml",
            "`./workflows/delete-postgres.yaml` -> providers/database-team/workflows/delete-postgres.yaml",
        ]
    );
    assert_eq!(
        links("goldenpaths.yaml"),
        [
            "`./workflows/deploy-app.yaml` -> workflows/deploy-app.yaml",
            "`./workflows/ephemeral-env.yaml` -> workflows/ephemeral-env.yaml (missing)"
        ]
    );
    assert_eq!(links("apps/orders-api/score.yaml"), [] as [&str; 0]);
}
