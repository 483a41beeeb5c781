//! Semantic tokens inside strings: Go template actions, placeholders and references.

use crate::ide::fixture::Fixture;
use crate::ide::tokens::semantic_tokens;

/// Every token of the fixture's only file: its kind and its text.
fn tokens(fixture: &str) -> Vec<String> {
    let f = Fixture::new(fixture);
    let tokens = semantic_tokens(&f.ws, 0);
    assert!(
        tokens.windows(2).all(|w| w[0].span.end <= w[1].span.start),
        "tokens are sorted and do not overlap: {tokens:?}"
    );
    tokens
        .iter()
        .map(|t| format!("{:?} `{}`", t.kind, f.slice(0, t.span)))
        .collect()
}

#[test]
fn template_actions_mark_delimiters_keywords_fields_and_functions() {
    let t = tokens(
        r#"
        //- providers/db/workflows/provision.yaml
        apiVersion: innominatus.io/v1alpha1
        kind: Workflow
        steps:
          - name: create
            type: kubernetes
            config:
              manifest: |
                name: {{ .parameters.app_name }}-db
                {{- if eq .parameters.tier "gold" }}
                replicas: {{ .parameters.replicas | default 3 }}
                {{- end }}
        "#,
    );
    assert_eq!(
        t,
        [
            "Operator `{{`",
            "Property `.parameters.app_name`",
            "Operator `}}`",
            "Operator `{{-`",
            "Keyword `if`",
            "Function `eq`",
            "Property `.parameters.tier`",
            "String `\"gold\"`",
            "Operator `}}`",
            "Operator `{{`",
            "Property `.parameters.replicas`",
            "Function `default`",
            "Number `3`",
            "Operator `}}`",
            "Operator `{{-`",
            "Keyword `end`",
            "Operator `}}`"
        ]
    );
}

#[test]
fn workflow_references_mark_their_root_and_path() {
    let t = tokens(
        "
        //- workflows/deploy-app.yaml
        apiVersion: workflow.dev/v1
        kind: Workflow
        spec:
          steps:
            - name: wait
              type: policy
              if: ${workflow.timeout} == 10m
        ",
    );
    assert_eq!(
        t,
        [
            "Operator `${`",
            "Variable `workflow`",
            "Property `.timeout`",
            "Operator `}`"
        ]
    );
}

#[test]
fn score_placeholders_mark_their_root_and_path() {
    let t = tokens(
        "
        //- apps/orders-api/score.yaml
        apiVersion: score.dev/v1b1
        metadata:
          name: orders-api
        containers:
          api:
            image: nginx
            variables:
              DB_HOST: ${resources.db.host}
              PLAIN: $${not-a-placeholder}
        ",
    );
    assert_eq!(
        t,
        [
            "Operator `${`",
            "Variable `resources`",
            "Property `.db.host`",
            "Operator `}`"
        ]
    );
}

#[test]
fn tokens_of_a_double_quoted_string_skip_its_escapes() {
    let t = tokens(
        r#"
        //- providers/db/workflows/provision.yaml
        apiVersion: innominatus.io/v1alpha1
        kind: Workflow
        steps:
          - name: create
            type: policy
            config:
              script: "echo \"{{ .parameters.a }}\""
        "#,
    );
    assert_eq!(
        t,
        ["Operator `{{`", "Property `.parameters.a`", "Operator `}}`"]
    );
}
