//! Completion: schema keys and values, names from the workspace, template parameters and
//! placeholders.

use super::{item, labels, PROVIDERS};
use crate::ide::completion::{complete, CompletionItem, ItemKind};
use crate::ide::fixture::Fixture;
use crate::platform::inputs::ENGINE_INPUTS;

/// The fixture and the items offered at its cursor.
fn complete_at(fixture: &str) -> (Fixture, Vec<CompletionItem>) {
    let f = Fixture::new(fixture);
    let at = f.cursor();
    let items = complete(&f.ws, at.file, at.offset);
    (f, items)
}

/// The text an item replaces.
fn replaced<'f>(f: &'f Fixture, item: &CompletionItem) -> &'f str {
    f.slice(f.cursor().file, item.replace)
}

#[test]
fn step_keys_complete_on_a_half_typed_line_without_the_keys_already_there() {
    let (f, items) = complete_at(
        "
        //- providers/db/workflows/provision.yaml
        apiVersion: innominatus.io/v1alpha1
        kind: Workflow
        metadata:
          name: provision
        steps:
          - name: validate
            type: policy
          - name: ensure-namespace
            type: policy
            par$0
            dependsOn: [validate]
            config:
              script: echo
        ",
    );
    // Neither `name` and `type` above the cursor nor `dependsOn` and `config` below it.
    // Sorted: schema keys come in the order of serde_json's maps, which is the schema's own
    // order when a crate of the build enables `preserve_order` and alphabetical otherwise.
    let mut keys = labels(&items);
    keys.sort_unstable();
    assert_eq!(
        keys.join(" "),
        "appName branch commitMessage description env gitBranch if manifestPath namespace \
         operation outputDir outputFile outputs owner parallel parallelGroup parameters \
         path playbook private project repo repoName repoURL resource setVariables \
         syncPolicy targetPath timeout unless variables waitForSync when workflow \
         workingDir workspace"
    );
    assert!(items.iter().all(|i| i.kind == ItemKind::Key));
    let pg = item(&items, "parallelGroup");
    assert_eq!(replaced(&f, pg), "par");
    assert_eq!(pg.detail.as_deref(), Some("value"));
    assert_eq!(
        pg.documentation.as_deref(),
        Some(
            "Documented as: steps with the same positive number run together. Only the dormant \
             multi-tier engine reads it; there grouped steps run after all ungrouped ones and a \
             gap in the numbering drops the higher groups."
        )
    );
    assert_eq!(
        (pg.insert_text.as_str(), pg.is_snippet),
        ("parallelGroup: $0", true)
    );
    let env = item(&items, "env");
    assert_eq!(
        (env.insert_text.as_str(), env.is_snippet),
        ("env:\n      $0", true)
    );
}

#[test]
fn depends_on_completes_the_other_steps_of_a_half_typed_workflow() {
    let (f, items) = complete_at(
        "
        steps:
          - name: validate-request
            type: policy
          - name: ensure-namespace
            type: policy
            dependsOn: [va$0
          - name: create-cluster
            type: kubernetes
            dependsOn: [ensure-namespace]
          - name: wait-for-ready
            type: policy
        ",
    );
    // Not the step being edited: a step does not depend on itself.
    assert_eq!(
        labels(&items),
        ["validate-request", "create-cluster", "wait-for-ready"]
    );
    assert!(items.iter().all(|i| i.kind == ItemKind::Step));
    assert!(items.iter().all(|i| replaced(&f, i) == "va"));
}

#[test]
fn depends_on_completes_the_other_steps_of_a_workflow_that_parses() {
    let (_, items) = complete_at(
        "
        steps:
          - name: validate-request
            type: policy
          - name: ensure-namespace
            type: policy
            dependsOn: [va$0]
          - name: create-cluster
            type: kubernetes
        ",
    );
    let shown: Vec<(&str, Option<&str>)> = items
        .iter()
        .map(|i| (i.label.as_str(), i.detail.as_deref()))
        .collect();
    assert_eq!(
        shown,
        [
            ("validate-request", Some("step 1 (policy)")),
            ("create-cluster", Some("step 3 (kubernetes)"))
        ]
    );
}

#[test]
fn resource_types_come_from_the_providers() {
    let (f, items) = complete_at(&format!(
        "{PROVIDERS}
//- apps/orders-api/score.yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders-api
containers:
  api:
    image: nginx
resources:
  db:
    type: po$0
"
    ));
    assert_eq!(labels(&items), ["postgres", "postgresql", "s3-bucket"]);
    let pg = item(&items, "postgres");
    assert_eq!(pg.kind, ItemKind::ResourceType);
    assert_eq!(pg.detail.as_deref(), Some("provider database-team"));
    assert_eq!(
        pg.documentation.as_deref(),
        Some("created by workflow `provision-postgres` of provider `database-team`")
    );
    assert_eq!(replaced(&f, pg), "po");
}

#[test]
fn resource_placeholders_complete_the_resources_of_the_spec() {
    let (f, items) = complete_at(&format!(
        "{PROVIDERS}
//- apps/orders-api/score.yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders-api
containers:
  api:
    image: nginx
    variables:
      DB_HOST: ${{resources.$0
resources:
  namespace:
    type: namespace
  db:
    type: postgres
  invoices:
    type: s3-bucket
"
    ));
    let shown: Vec<(&str, Option<&str>)> = items
        .iter()
        .map(|i| (i.label.as_str(), i.detail.as_deref()))
        .collect();
    assert_eq!(
        shown,
        [
            ("namespace", Some("resource of type namespace")),
            ("db", Some("resource of type postgres")),
            ("invoices", Some("resource of type s3-bucket")),
        ]
    );
    assert!(items.iter().all(|i| i.kind == ItemKind::Resource));
    assert!(items.iter().all(|i| replaced(&f, i).is_empty()));
}

#[test]
fn resource_placeholders_complete_the_outputs_of_the_workflow_that_creates_the_resource() {
    let (f, items) = complete_at(&format!(
        "{PROVIDERS}
//- apps/orders-api/score.yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders-api
containers:
  api:
    image: nginx
    variables:
      DB_HOST: ${{resources.db.h$0
resources:
  db:
    type: postgres
"
    ));
    let shown: Vec<(&str, Option<&str>, Option<&str>)> = items
        .iter()
        .map(|i| {
            (
                i.label.as_str(),
                i.detail.as_deref(),
                i.documentation.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            (
                "host",
                Some("output of provision-postgres"),
                Some("published as `<app>-<resource>-rw`")
            ),
            (
                "port",
                Some("output of provision-postgres"),
                Some("published as `5432`")
            ),
            (
                "password",
                Some("output of provision-postgres"),
                Some("published as `key 'password' of secret <app>-<resource>-app`")
            ),
        ]
    );
    assert!(items.iter().all(|i| i.kind == ItemKind::Output));
    assert!(items.iter().all(|i| replaced(&f, i) == "h"));
}

#[test]
fn score_placeholders_start_with_resources_and_metadata() {
    let (_, items) = complete_at(
        "
        apiVersion: score.dev/v1b1
        metadata:
          name: orders-api
          team: checkout
        containers:
          api:
            image: nginx
            variables:
              A: ${$0
        ",
    );
    assert_eq!(labels(&items), ["resources", "metadata"]);
    let (_, items) = complete_at(
        "
        apiVersion: score.dev/v1b1
        metadata:
          name: orders-api
          team: checkout
        containers:
          api:
            image: nginx
            variables:
              B: ${metadata.t$0
        ",
    );
    assert_eq!(labels(&items), ["name", "team"]);
}

#[test]
fn template_parameters_complete_with_their_sources() {
    let (f, items) = complete_at(
        "
        //- providers/database-team/provider.yaml
        apiVersion: v1
        kind: Provider
        metadata:
          name: database-team
        capabilities:
          resourceTypes: [postgres]
        workflows:
          - name: provision-postgres
            file: ./workflows/provision-postgres.yaml
            category: provisioner
            operation: create
        //- providers/database-team/workflows/provision-postgres.yaml
        apiVersion: innominatus.io/v1alpha1
        kind: Workflow
        metadata:
          name: provision-postgres
        parameters:
          - name: storage_size
            description: Volume size per instance, in Gi
          - name: owner
            description: Who to page
        variables:
          pg_storage_class: ssd-retain
        steps:
          - name: create-cluster
            type: kubernetes
            config:
              operation: apply
              manifest: |
                storageClass: {{ .parameters.$0
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
            params:
              instances: \"2\"
              storage_size: 20Gi
        ",
    );
    // The workflow's variables, the engine's inputs, the params of the Score resources the
    // workflow creates, then the names only the `parameters` list documents.
    let mut want = vec!["pg_storage_class"];
    want.extend(ENGINE_INPUTS.iter().map(|i| i.name));
    want.extend(["instances", "storage_size", "owner"]);
    assert_eq!(labels(&items), want);
    assert!(items.iter().all(|i| i.kind == ItemKind::Parameter));
    assert!(items.iter().all(|i| replaced(&f, i).is_empty()));
    let doc = |label: &str| item(&items, label).documentation.as_deref().unwrap();
    assert_eq!(
        doc("pg_storage_class"),
        "workflow variable (applied last: it wins over every other input)\n\nvalue: `ssd-retain`"
    );
    assert_eq!(
        doc("app_name"),
        "supplied by the orchestration engine: the application's name (Score `metadata.name`)"
    );
    // A Score param with the description the `parameters` list gives it.
    assert_eq!(
        doc("storage_size"),
        "param of resource `db` in apps/orders-api/score.yaml\n\nvalue: `20Gi`\n\nVolume size per instance, in Gi"
    );
    assert_eq!(
        doc("owner"),
        "documented in this workflow's `parameters` list only\n\nWho to page"
    );
}

#[test]
fn an_open_template_action_offers_the_parameters_root() {
    let (f, items) = complete_at(
        "
        steps:
          - name: a
            type: policy
            config:
              script: echo {{ .par$0
        ",
    );
    assert_eq!(labels(&items), [".parameters."]);
    assert_eq!(replaced(&f, &items[0]), ".par");
}

#[test]
fn provider_operations_complete_the_provider_s_workflow_names() {
    let (f, items) = complete_at(
        "
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
                  workflow: $0
        workflows:
          - name: provision-postgres
            file: ./workflows/provision-postgres.yaml
          - name: delete-postgres
            file: ./workflows/delete-postgres.yaml
        ",
    );
    let shown: Vec<(&str, Option<&str>)> = items
        .iter()
        .map(|i| (i.label.as_str(), i.detail.as_deref()))
        .collect();
    assert_eq!(
        shown,
        [
            (
                "provision-postgres",
                Some("./workflows/provision-postgres.yaml")
            ),
            ("delete-postgres", Some("./workflows/delete-postgres.yaml")),
        ]
    );
    assert!(items.iter().all(|i| replaced(&f, i).is_empty()));
}

#[test]
fn provider_workflow_files_complete_own_files_first() {
    let (f, items) = complete_at(
        "
        //- providers/container-team/workflows/provision-container.yaml
        apiVersion: innominatus.io/v1alpha1
        kind: Workflow
        metadata:
          name: provision-container
        steps:
          - name: apply
            type: kubernetes
        //- providers/database-team/workflows/provision-postgres.yaml
        apiVersion: innominatus.io/v1alpha1
        kind: Workflow
        metadata:
          name: provision-postgres
        steps:
          - name: create-cluster
            type: kubernetes
        //- providers/database-team/workflows/delete-postgres.yaml
        apiVersion: innominatus.io/v1alpha1
        kind: Workflow
        steps:
          - name: drop
            type: kubernetes
        //- providers/database-team/provider.yaml
        apiVersion: v1
        kind: Provider
        metadata:
          name: database-team
        workflows:
          - name: provision-postgres
            file: ./w$0
        ",
    );
    let shown: Vec<(&str, Option<&str>)> = items
        .iter()
        .map(|i| (i.label.as_str(), i.detail.as_deref()))
        .collect();
    assert_eq!(
        shown,
        [
            ("./workflows/delete-postgres.yaml", Some("workflow file")),
            (
                "./workflows/provision-postgres.yaml",
                Some("workflow provision-postgres")
            ),
            (
                "../container-team/workflows/provision-container.yaml",
                Some("workflow provision-container")
            ),
        ]
    );
    assert!(items.iter().all(|i| i.kind == ItemKind::File));
    assert!(items.iter().all(|i| replaced(&f, i) == "./w"));
}

#[test]
fn golden_path_defaults_complete_from_allowed_values() {
    let (_, items) = complete_at(
        "
        //- goldenpaths.yaml
        goldenpaths:
          deploy-app:
            workflow: ./workflows/deploy-app.yaml
            parameters:
              environment:
                type: enum
                default: $0
                allowed_values: [development, staging, production]
        ",
    );
    assert_eq!(labels(&items), ["development", "staging", "production"]);
}

/// A golden-paths file naming `deploy-app` and the two golden-path workflows beside it.
const GOLDEN_PATH_WORKFLOWS: &str = "
//- workflows/deploy-app.yaml
apiVersion: workflow.dev/v1
kind: Workflow
metadata:
  name: deploy-app
spec:
  variables:
    workload_timeout: 10m
  steps:
    - name: preflight
      type: policy
    - name: wait-for-workload
      type: policy
      if: ${workflow.$0
//- workflows/ephemeral-env.yaml
apiVersion: workflow.dev/v1
kind: Workflow
metadata:
  name: ephemeral-env
spec:
  steps:
    - name: create
      type: policy
";

#[test]
fn golden_path_names_complete_from_the_workflows_no_golden_path_names() {
    let (f, items) = complete_at(&format!(
        "{}
//- goldenpaths.yaml
goldenpaths:
  deploy-app:
    workflow: ./workflows/deploy-app.yaml
  eph$0",
        GOLDEN_PATH_WORKFLOWS.replace("$0", "")
    ));
    // Not deploy-app: it is a golden path already.
    assert_eq!(labels(&items), ["ephemeral-env"]);
    let eph = &items[0];
    assert_eq!(eph.kind, ItemKind::Workflow);
    assert_eq!(
        eph.detail.as_deref(),
        Some("golden path running ./workflows/ephemeral-env.yaml")
    );
    assert_eq!(
        (eph.insert_text.as_str(), eph.is_snippet),
        (
            "ephemeral-env:\n    workflow: ./workflows/ephemeral-env.yaml\n    description: $0",
            true
        )
    );
    assert_eq!(replaced(&f, eph), "eph");
}

#[test]
fn workflow_variables_complete_from_the_workflow_and_its_golden_path() {
    let (_, items) = complete_at(&format!(
        "{GOLDEN_PATH_WORKFLOWS}
//- goldenpaths.yaml
goldenpaths:
  deploy-app:
    workflow: ./workflows/deploy-app.yaml
    parameters:
      requested_by:
        type: string
        description: Who asked
      change_ticket:
        type: string
        default: none
"
    ));
    let shown: Vec<(&str, Option<&str>)> = items
        .iter()
        .map(|i| (i.label.as_str(), i.documentation.as_deref()))
        .collect();
    assert_eq!(
        shown,
        [
            ("workload_timeout", Some("value: `10m`")),
            ("requested_by", None),
            ("change_ticket", Some("value: `none`")),
        ]
    );
    assert!(items.iter().all(|i| i.kind == ItemKind::Variable));
    for name in ["requested_by", "change_ticket"] {
        assert_eq!(
            item(&items, name).detail.as_deref(),
            Some("parameter of golden path `deploy-app`")
        );
    }
}

#[test]
fn an_empty_file_offers_the_keys_every_document_starts_with() {
    let (_, items) = complete_at("$0");
    assert_eq!(labels(&items), ["apiVersion", "kind", "metadata"]);
}
