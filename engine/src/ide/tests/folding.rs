//! Folding ranges: multi-line entries and items, and runs of comment lines.

use crate::ide::fixture::Fixture;
use crate::ide::folding::folding_ranges;

/// Each fold as `first-last kind: first line` (lines counted from 1).
fn folds(fixture: &str) -> Vec<String> {
    let f = Fixture::new(fixture);
    let lines: Vec<&str> = f.text(0).lines().collect();
    folding_ranges(&f.ws, 0)
        .iter()
        .map(|r| {
            format!(
                "{}-{} {:?}: {}",
                r.start_line + 1,
                r.end_line + 1,
                r.kind,
                lines[r.start_line].trim()
            )
        })
        .collect()
}

#[test]
fn entries_items_block_scalars_and_comment_runs_fold() {
    let folds = folds(
        "
        # Provision a database.
        # Called by the database-team provider.
        apiVersion: innominatus.io/v1alpha1
        kind: Workflow
        steps:
          - name: validate
            type: policy
            config:
              script: |
                echo one
                echo two

          # a lone comment
          - name: create
            type: kubernetes
        ",
    );
    assert_eq!(
        folds,
        [
            "1-2 Comment: # Provision a database.",
            "5-15 Region: steps:",
            "6-11 Region: - name: validate",
            "8-11 Region: config:",
            "9-11 Region: script: |",
            "14-15 Region: - name: create"
        ]
    );
}
