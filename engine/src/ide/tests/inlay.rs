//! Inlay hints: each step's place in the documented engine's plan.

use crate::ide::fixture::Fixture;
use crate::ide::inlay::inlay_hints;
use crate::text::Span;

/// The lines of `file` that carry hints, each hint written in `⟨…⟩` where it is shown.
fn hinted_lines(f: &Fixture, file: usize, range: Span) -> Vec<String> {
    let text = f.text(file);
    let hints = inlay_hints(&f.ws, file, range);
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let line_end = line_start + line.trim_end_matches('\n').len();
        let mut shown = String::new();
        let mut at = line_start;
        for h in hints
            .iter()
            .filter(|h| line_start <= h.offset && h.offset <= line_end)
        {
            shown.push_str(&text[at..h.offset]);
            shown.push_str(&format!("⟨{}⟩", h.label));
            at = h.offset;
        }
        if at > line_start {
            shown.push_str(&text[at..line_end]);
            out.push(shown);
        }
        line_start += line.len();
    }
    out
}

const PROVISION: &str = "
//- providers/db/workflows/provision.yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
steps:
  - name: validate-request
    type: policy
  - name: ensure-namespace
    type: policy
    dependsOn: [validate-request]
  - name: create-cluster
    type: kubernetes
    dependsOn: [ensure-namespace]
  - name: restrict-network
    type: kubernetes
    dependsOn: [create-cluster]
  - name: wait-for-ready
    type: policy
    dependsOn: [create-cluster]
  - name: label-app-secret
    type: policy
    dependsOn: [wait-for-ready]
";

#[test]
fn steps_are_numbered_in_plan_order_with_their_group() {
    let f = Fixture::new(PROVISION);
    let all = Span::new(0, f.text(0).len());
    assert_eq!(
        hinted_lines(&f, 0, all),
        [
            "  - name: validate-request⟨ #1 · group 1⟩",
            "  - name: ensure-namespace⟨ #2 · group 2⟩",
            "  - name: create-cluster⟨ #3 · group 3⟩",
            "  - name: restrict-network⟨ #4 · group 4⟩",
            "  - name: wait-for-ready⟨ #5 · group 5⟩",
            "  - name: label-app-secret⟨ #6 · group 6⟩"
        ]
    );
}

#[test]
fn only_the_steps_in_the_range_get_hints() {
    let f = Fixture::new(
        &PROVISION
            .replace("  - name: validate", "$0  - name: validate")
            .replace(
                "    dependsOn: [validate-request]",
                "    dependsOn: [validate-request]$0",
            ),
    );
    let (file, range) = f.selection();
    assert_eq!(
        hinted_lines(&f, file, range),
        [
            "  - name: validate-request⟨ #1 · group 1⟩",
            "  - name: ensure-namespace⟨ #2 · group 2⟩"
        ]
    );
}

#[test]
fn steps_of_one_parallel_group_share_it_and_say_so() {
    let f = Fixture::new(
        "
        //- providers/db/workflows/provision.yaml
        apiVersion: innominatus.io/v1alpha1
        kind: Workflow
        steps:
          - name: a
            type: policy
          - name: b
            type: policy
            parallelGroup: 1
          - name: c
            type: policy
            parallelGroup: 1
        ",
    );
    let all = Span::new(0, f.text(0).len());
    assert_eq!(
        hinted_lines(&f, 0, all),
        [
            "  - name: a⟨ #1 · group 1⟩",
            "  - name: b⟨ #2 · group 2⟩",
            "  - name: c⟨ #3 · group 2⟩"
        ]
    );
    let tooltips: Vec<String> = inlay_hints(&f.ws, 0, all)
        .into_iter()
        .map(|h| h.tooltip.unwrap_or_default())
        .collect();
    assert_eq!(
        tooltips,
        [
            "documented engine: starts 1 of 3, in group 1 of 2 (sequential)",
            "documented engine: starts 2 of 3, in group 2 of 2 (parallelGroup 1); starts together with c",
            "documented engine: starts 3 of 3, in group 2 of 2 (parallelGroup 1); starts together with b",
        ]
    );
}

#[test]
fn a_cycle_leaves_the_workflow_without_an_order() {
    let f = Fixture::new(
        "
        //- providers/db/workflows/provision.yaml
        apiVersion: innominatus.io/v1alpha1
        kind: Workflow
        steps:
          - name: a
            type: policy
            dependsOn: [b]
          - name: b
            type: policy
            dependsOn: [a]
        ",
    );
    let all = Span::new(0, f.text(0).len());
    assert_eq!(hinted_lines(&f, 0, all), ["steps⟨ no execution order⟩:"]);
    let hints = inlay_hints(&f.ws, 0, all);
    assert_eq!(
        hints[0].tooltip.as_deref(),
        Some("dependsOn cycle: a → b → a")
    );
}
