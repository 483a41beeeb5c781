//! Hover: schema documentation of keys, where types, resources and template names lead,
//! and rule documentation.

use super::PROVIDERS;
use crate::ide::fixture::Fixture;
use crate::ide::hover::{hover, rule_hover};

/// The hover at the fixture's cursor: the lines of its markdown and the text it is about.
fn hover_at(fixture: &str) -> (Vec<String>, String) {
    let f = Fixture::new(fixture);
    let at = f.cursor();
    let h = hover(&f.ws, at.file, at.offset).expect("a hover at the cursor");
    let lines = h.markdown.lines().map(str::to_string).collect();
    (lines, f.slice(at.file, h.span).to_string())
}

#[test]
fn a_key_shows_its_schema_documentation() {
    let (markdown, about) = hover_at(
        "
        //- providers/db/workflows/provision.yaml
        apiVersion: innominatus.io/v1alpha1
        kind: Workflow
        steps:
          - name: a
            type: policy
          - name: b
            type: policy
            depends$0On: [a]
        ",
    );
    assert_eq!(
        markdown,
        [
            "**`dependsOn`**",
            "",
            "Names of steps that must have succeeded before this one. Only the dormant multi-tier engine checks it, and even there it does not reorder steps or detect cycles; the live executor ignores it.",
        ]
    );
    assert_eq!(about, "dependsOn");
}

#[test]
fn a_key_with_few_allowed_values_lists_them() {
    let (markdown, about) = hover_at(
        "
        //- goldenpaths.yaml
        goldenpaths:
          deploy-app:
            workflow: ./workflows/deploy-app.yaml
            parameters:
              environment:
                ty$0pe: enum
        ",
    );
    assert_eq!(
        markdown,
        [
            "**`type`**",
            "",
            "Value type; empty means string. `int`/`integer` use min/max, `bool`/`boolean` accept true/false/yes/no/1/0/on/off, `duration` accepts Go durations plus `<n>d` and `<n>w`, `enum` needs `allowed_values`.",
            "",
            "Allowed: ``, `string`, `int`, `integer`, `bool`, `boolean`, `duration`, `enum`",
        ]
    );
    assert_eq!(about, "type");
}

#[test]
fn a_template_parameter_shows_its_source_and_value() {
    let (markdown, about) = hover_at(
        "
        //- providers/db/workflows/provision.yaml
        apiVersion: innominatus.io/v1alpha1
        kind: Workflow
        variables:
          pg_storage_class: ssd-retain
        steps:
          - name: create
            type: kubernetes
            config:
              manifest: |
                storageClass: {{ .parameters.pg_stor$0age_class }}
        ",
    );
    assert_eq!(
        markdown,
        [
            "**`.parameters.pg_storage_class`**",
            "",
            "source: workflow variable (applied last: it wins over every other input)",
            "",
            "value: `ssd-retain`",
        ]
    );
    assert_eq!(about, "pg_storage_class");
}

#[test]
fn a_template_parameter_nothing_supplies_says_so() {
    let (markdown, about) = hover_at(
        "
        //- providers/db/workflows/provision.yaml
        apiVersion: innominatus.io/v1alpha1
        kind: Workflow
        steps:
          - name: create
            type: policy
            config:
              script: echo {{ .parameters.nowh$0ere }}
        ",
    );
    assert_eq!(
        markdown,
        [
            "**`.parameters.nowhere`**",
            "",
            "No source in the workspace supplies this parameter: it renders as `<no value>` unless the caller passes it.",
        ]
    );
    assert_eq!(about, "nowhere");
}

#[test]
fn a_resource_type_shows_the_provider_and_workflow_that_create_it() {
    let (markdown, about) = hover_at(&format!(
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
    type: post$0gres
"
    ));
    assert_eq!(
        markdown,
        [
            "**resource type `postgres`**",
            "",
            "Provider `database-team` (providers/database-team/provider.yaml) creates it with workflow `provision-postgres` — `providers/database-team/workflows/provision-postgres.yaml` (1 steps)",
        ]
    );
    assert_eq!(about, "postgres");
}

#[test]
fn a_resource_type_no_provider_claims_says_the_platform_cannot_provision_it() {
    let (markdown, _) = hover_at(&format!(
        "{PROVIDERS}
//- apps/orders-api/score.yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders-api
containers:
  api:
    image: nginx
resources:
  cache:
    type: re$0dis
"
    ));
    assert_eq!(
        markdown,
        [
            "**resource type `redis`**",
            "",
            "No provider in the workspace claims this type: the platform cannot provision it.",
        ]
    );
}

#[test]
fn a_resource_placeholder_shows_the_resource_and_where_its_type_leads() {
    let (markdown, about) = hover_at(&format!(
        "{PROVIDERS}
//- apps/orders-api/score.yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders-api
containers:
  api:
    image: nginx
    variables:
      INVOICES_ENDPOINT: ${{resources.invo$0ices.endpoint}}
resources:
  invoices:
    type: s3-bucket
"
    ));
    assert_eq!(
        markdown,
        [
            "**resource `invoices`** of type `s3-bucket`",
            "",
            "**resource type `s3-bucket`**",
            "",
            "Provider `storage-team` (providers/storage-team/provider.yaml) creates it with workflow `provision-s3-bucket` — `providers/storage-team/workflows/provision-s3-bucket.yaml` (1 steps)",
        ]
    );
    assert_eq!(about, "invoices");
}

#[test]
fn a_workflow_reference_shows_the_source_of_its_variable() {
    let (markdown, about) = hover_at(
        "
        //- workflows/deploy-app.yaml
        apiVersion: workflow.dev/v1
        kind: Workflow
        metadata:
          name: deploy-app
        spec:
          variables:
            workload_timeout: 10m
          steps:
            - name: wait-for-workload
              type: policy
              if: ${workflow.workload$0_timeout} == 10m
        ",
    );
    assert_eq!(
        markdown,
        [
            "**`${workflow.workload_timeout}`**",
            "",
            "source: workflow variable (applied last: it wins over every other input)",
            "",
            "value: `10m`",
        ]
    );
    assert_eq!(about, "${workflow.workload_timeout}");
}

#[test]
fn rules_are_explained_by_code_or_name() {
    let doc = rule_hover("unknown-key").expect("a rule");
    assert!(doc.starts_with("**INN101 unknown-key**"), "{doc}");
    assert_eq!(rule_hover("INN101"), Some(doc));
    assert_eq!(rule_hover("INN999"), None);
}
