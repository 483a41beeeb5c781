//! The golden-path start-up validator's step-field checks (FORMATS.md §3.2.2, rules 13-18):
//! part of `missing-step-config`. The validator reads the *top-level* fields of the
//! *top-level* `steps` of each golden path's workflow file — not `config`, which the executor
//! reads, and not `spec.steps`, which the executor runs — and an error there stops the server
//! at start-up and the CLI before every command.

use super::engines;
use crate::lint::LintContext;
use crate::syntax::NodeId;
use crate::syntax::ScalarValue;

/// Step type, the top-level fields of which at least one must be set, and the platform's
/// message when none is.
const REQUIRED: &[(&str, &[&str], &str)] = &[
    (
        "terraform",
        &["path"],
        "terraform step requires 'path' field",
    ),
    (
        "ansible",
        &["playbook"],
        "ansible step requires 'playbook' field",
    ),
    (
        "gitea-repo",
        &["repoName"],
        "gitea-repo step requires 'repoName' field",
    ),
    (
        "argocd-app",
        &["appName", "repoName", "repoURL"],
        "argocd-app step requires at least one of: appName, repoName, or repoURL",
    ),
    (
        "git-commit-manifests",
        &["repoName"],
        "git-commit-manifests step requires 'repoName' field",
    ),
];

/// Reports every top-level step of a golden path's workflow that lacks the field its type
/// requires at start-up. These findings block: the server does not start.
pub fn check(cx: &mut LintContext<'_>) {
    let paths: Vec<String> = engines::referencing_golden_paths(cx)
        .iter()
        .map(|(_, gp, _)| format!("`{}`", gp.name.text))
        .collect();
    let (Some(root), false) = (cx.doc.root, paths.is_empty()) else {
        return;
    };
    let Some(steps) = cx.doc.get(root, "steps") else {
        return;
    };
    for step in cx.doc.items(steps).to_vec() {
        let Some(ty) = cx.doc.get(step, "type") else {
            continue;
        };
        let Some(t) = cx.doc.scalar(ty).map(|s| s.text.to_string()) else {
            continue;
        };
        let Some((_, fields, platform)) = REQUIRED.iter().find(|(rt, _, _)| *rt == t) else {
            continue;
        };
        if fields.iter().any(|f| is_set(cx, step, f)) {
            continue;
        }
        let in_config: Vec<&str> = fields
            .iter()
            .copied()
            .filter(|f| cx.doc.get(step, "config").is_some_and(|c| is_set(cx, c, f)))
            .collect();
        let name = cx
            .doc
            .get(step, "name")
            .and_then(|n| cx.doc.scalar(n))
            .map_or_else(|| "?".to_string(), |s| s.text.to_string());
        let wanted = engines::list(fields);
        let missing = if fields.len() == 1 {
            format!("no top-level {wanted}")
        } else {
            format!("none of the top-level fields {wanted}")
        };
        let under_config = if in_config.is_empty() {
            String::new()
        } else {
            format!(
                " (only the step's own fields count, not {})",
                in_config
                    .iter()
                    .map(|f| format!("`config.{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let span = cx.doc.node(ty).span;
        let d = cx.report(
            span,
            format!(
                "{t} step `{name}` in the top-level `steps` of this workflow of golden path {} has {missing}{under_config}: the golden-path start-up validator refuses it (`{platform}`), so the server does not start and the CLI refuses to run",
                paths.join(", "),
            ),
        );
        d.help = Some(format!(
            "add {} to the step beside `type`",
            if fields.len() == 1 {
                wanted.clone()
            } else {
                format!("one of {wanted}")
            }
        ));
        d.blocks_loading = true;
    }
}

/// Whether `key` of the mapping `node` holds what the platform decodes as a non-empty string:
/// a null or an empty text decodes to "", any other scalar (even blank) is kept.
fn is_set(cx: &LintContext<'_>, node: NodeId, key: &str) -> bool {
    cx.doc
        .get(node, key)
        .and_then(|v| cx.doc.scalar(v))
        .is_some_and(|s| s.value != ScalarValue::Null && !s.text.is_empty())
}
