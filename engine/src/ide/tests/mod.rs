//! The editor features on inline fixtures (`super::fixture`): each test holds the files it
//! needs, marks the cursor with `$0` and compares the whole result. A fixture several tests
//! share is a constant, and each test puts its cursor in with `replace` (a replacement that
//! finds nothing leaves no cursor, which the fixture reports). `examples.rs` runs the
//! features over realistic repositories (the example repository, the platform's corpus).

mod completion;
mod cursor;
mod examples;
mod folding;
mod hover;
mod inlay;
mod navigate;
mod symbols;
mod tokens;

use super::completion::CompletionItem;

/// The labels of completion items, in the order they are offered.
fn labels(items: &[CompletionItem]) -> Vec<&str> {
    items.iter().map(|i| i.label.as_str()).collect()
}

/// The item labelled `label`.
fn item<'i>(items: &'i [CompletionItem], label: &str) -> &'i CompletionItem {
    items
        .iter()
        .find(|i| i.label == label)
        .unwrap_or_else(|| panic!("`{label}` is not offered: {:?}", labels(items)))
}

/// Two providers and their workflows: database-team claims `postgres` (and `postgresql` as
/// its alias) with the operation format, storage-team claims `s3-bucket` with the simple
/// format.
const PROVIDERS: &str = "
//- providers/database-team/provider.yaml
apiVersion: v1
kind: Provider
metadata:
  name: database-team
capabilities:
  resourceTypeCapabilities:
    - type: postgres
      operations:
        create:
          workflow: provision-postgres
        delete:
          workflow: delete-postgres
    - type: postgresql
      aliasFor: postgres
workflows:
  - name: provision-postgres
    file: ./workflows/provision-postgres.yaml
    category: provisioner
    operation: create
  - name: delete-postgres
    file: ./workflows/delete-postgres.yaml
    category: provisioner
    operation: delete
//- providers/database-team/workflows/provision-postgres.yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-postgres
steps:
  - name: create-cluster
    type: kubernetes
    config: {operation: apply, namespace: db}
outputs:
  host: <app>-<resource>-rw
  port: \"5432\"
  password: key 'password' of secret <app>-<resource>-app
//- providers/database-team/workflows/delete-postgres.yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: delete-postgres
steps:
  - name: delete-cluster
    type: kubernetes
    config: {operation: delete, namespace: db}
//- providers/storage-team/provider.yaml
apiVersion: v1
kind: Provider
metadata:
  name: storage-team
capabilities:
  resourceTypes:
    - s3-bucket
workflows:
  - name: provision-s3-bucket
    file: ./workflows/provision-s3-bucket.yaml
    category: provisioner
    operation: create
//- providers/storage-team/workflows/provision-s3-bucket.yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-s3-bucket
steps:
  - name: create-bucket
    type: policy
    config: {script: x}
";
