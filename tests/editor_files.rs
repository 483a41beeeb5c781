//! The editors' copies of which files are ours: the patterns of VS Code and Neovim and the
//! `yamlValidation` lists are rendered from the engine's rules (engine/src/project/files.rs)
//! and committed; this test renders them again and fails when a committed copy differs
//! (`UPDATE_EXPECT=1` rewrites them). It also writes the engine's verdicts on a set of
//! probe files (`editors/test-fixtures/file-verdicts.json`), which the editors' own tests
//! reproduce with their copies (`editors/vscode/test/unit.test.mjs`, `editors/nvim/test/e2e.lua`).

mod support;

use innominatus_engine::project::files::{self, render, Verdict};
use serde_json::{json, Value};
use std::path::Path;
use support::{compare, repo_root};

const GITHUB_ACTIONS: &str = "name: ci\non:\n  push:\n    branches: [main]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: cargo test\n";
const HELM_VALUES: &str = "replicaCount: 1\nimage:\n  repository: nginx\n  tag: stable\n";
const COMPOSE: &str = "services:\n  web:\n    image: nginx\n";
const KUBECONFIG: &str = "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\n";
const SCORE: &str =
    "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: nginx\n";

/// Paths and texts the editors must decide as the engine does.
fn probes() -> Vec<(&'static str, String)> {
    let mut out: Vec<(&str, String)> = vec![
        // Other tools' files.
        ("/repo/.github/workflows/ci.yml", GITHUB_ACTIONS.into()),
        (
            "/repo/.github/workflows/release.yaml",
            GITHUB_ACTIONS.into(),
        ),
        ("/repo/.github/workflows/score.yaml", SCORE.into()),
        ("/repo/.github/dependabot.yml", "version: 2\n".into()),
        ("/repo/.gitlab-ci.yml", "stages: [test]\n".into()),
        ("/repo/docker-compose.yml", COMPOSE.into()),
        ("/repo/docker-compose.override.yaml", COMPOSE.into()),
        ("/repo/compose.yaml", COMPOSE.into()),
        (
            "/repo/charts/web/Chart.yaml",
            "apiVersion: v2\nname: web\n".into(),
        ),
        ("/repo/charts/web/values.yaml", HELM_VALUES.into()),
        ("/repo/charts/web/values-prod.yaml", HELM_VALUES.into()),
        ("/repo/charts/web/values.prod.yml", HELM_VALUES.into()),
        (
            "/repo/providers/db/workflows/values.yaml",
            format!("{HELM_VALUES}steps: []\n"),
        ),
        ("/home/me/.kube/config", KUBECONFIG.into()),
        ("/repo/deploy/kubeconfig.yaml", KUBECONFIG.into()),
        ("/repo/testdata/provider-k8s.yaml", KUBECONFIG.into()),
        (
            "C:\\repo\\.github\\workflows\\ci.yml",
            GITHUB_ACTIONS.into(),
        ),
        // The platform's names and folders.
        ("/repo/apps/web/score.yaml", String::new()),
        ("/repo/apps/web/score-worker.yml", String::new()),
        ("/repo/apps/web/score2.yaml", String::new()),
        ("/repo/apps/web.score.yaml", String::new()),
        ("/repo/providers/db/provider.yaml", String::new()),
        ("/repo/examples/platform.yml", String::new()),
        ("/repo/providers/db/workflows/provision.yaml", String::new()),
        (
            "/repo/providers/db/workflows/provision.test.yaml",
            String::new(),
        ),
        ("/repo/workflows/deploy.yaml", String::new()),
        ("/repo/workflows/deploy.test.yml", String::new()),
        ("/repo/workflows/platform/scan.yaml", String::new()),
        ("/repo/workflows/products/shop/db.yml", String::new()),
        ("/repo/workflows/archive/dummy.yaml", "steps: []\n".into()),
        ("/repo/goldenpaths.yaml", String::new()),
        ("/repo/admin-config.yml", String::new()),
        ("C:\\repo\\providers\\db\\workflows\\x.yaml", String::new()),
        // Not by name.
        ("/repo/.hidden/workflows/x.yaml", String::new()),
        ("/repo/workflows.yaml", String::new()),
        ("/repo/my-score.yaml", String::new()),
        ("/repo/providers/db/notes.yaml", "notes: []\n".into()),
        ("/repo/ci/pipeline.yaml", GITHUB_ACTIONS.into()),
        (
            "/repo/k8s/web.yaml",
            "apiVersion: apps/v1\nkind: Deployment\n".into(),
        ),
        // By content.
        ("/repo/deploy/app.yaml", SCORE.into()),
        (
            "/repo/deploy/crlf.yaml",
            "apiVersion: \"score.dev/v1b1\"\r\nmetadata:\r\n  name: web\r\n".into(),
        ),
        (
            "/repo/deploy/old.yaml",
            "# old\napiVersion: 'score.sh/v1b1'\n".into(),
        ),
        ("/repo/infra/p.yaml", "kind: Provider\nname: db\n".into()),
        (
            "/repo/infra/legacy.yaml",
            "kind: Platform  # legacy\n".into(),
        ),
        ("/repo/infra/quoted.yaml", "kind: \"Provider\"\r\n".into()),
        ("/repo/infra/plural.yaml", "kind: Providers\n".into()),
        ("/repo/infra/hash.yaml", "kind: Provider#x\n".into()),
        (
            "/repo/infra/wf.yaml",
            "apiVersion: innominatus.io/v1alpha1\nkind: Workflow\nsteps: []\n".into(),
        ),
        (
            "/repo/infra/gp.yaml",
            "apiVersion: workflow.dev/v1\nkind: Workflow\nspec:\n  steps: []\n".into(),
        ),
        (
            "/repo/infra/pw.yaml",
            "apiVersion: orchestrator.innominatus.dev/v1\nkind: Workflow\n".into(),
        ),
        (
            "/repo/tests/t.yaml",
            "workflow: deploy.yaml\ncases:\n  - name: ok\n".into(),
        ),
        ("/repo/tests/t2.yaml", "cases: []\nworkflow:\n".into()),
        (
            "/repo/tests/t3.yaml",
            "workflow: a.yaml\ncases-old: []\n".into(),
        ),
        (
            "/repo/docs/note.yaml",
            "description: |\n  apiVersion: score.dev/v1b1 is in the docs\n".into(),
        ),
        (
            "/repo/docs/nospace.yaml",
            "apiVersion:score.dev/v1b1\n".into(),
        ),
        // Recognised by the engine without a marker: the server's, not sent by the editors.
        (
            "/repo/argo/wf.yaml",
            "kind: Workflow\nspec:\n  steps: []\n".into(),
        ),
    ];
    let late = |n: usize| format!("{}apiVersion: score.dev/v1b1\n", "# note\n".repeat(n));
    out.push(("/repo/deploy/late.yaml", late(files::MARKER_LINES)));
    out.push(("/repo/deploy/in-time.yaml", late(files::MARKER_LINES - 1)));
    out
}

fn verdict_name(v: Verdict) -> String {
    match v {
        Verdict::Excluded(rule) => format!("excluded: {}", rule.what),
        Verdict::Named(rule) => format!("named: {}", rule.what),
        Verdict::Marked(marker) => format!("marked: {}", marker.what),
        Verdict::Detected(kind) => format!("detected: {}", kind.as_str()),
        Verdict::Unreadable => "unreadable".into(),
        Verdict::Other => "other".into(),
    }
}

fn verdicts() -> String {
    let list: Vec<Value> = probes()
        .into_iter()
        .map(|(path, text)| {
            let source = innominatus_engine::source::SourceFile::parse(
                std::sync::Arc::from(path),
                text.as_bytes(),
            );
            let v = files::classify_source(path, &source);
            json!({"path": path, "text": text, "send": v.editors_send(), "ours": v.is_ours(), "verdict": verdict_name(v)})
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&json!({
        "note": "Generated by tests/editor_files.rs (UPDATE_EXPECT=1 rewrites it): the engine's verdicts. `send`: the editors hand the file to the server; `ours`: the server answers for it.",
        "probes": list,
    }))
    .unwrap();
    out.push('\n');
    out
}

/// The end of the JSON value starting at `at` (strings and nesting followed).
fn value_end(text: &str, at: usize) -> usize {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, c) in text[at..].char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => depth += 1,
            ']' | '}' => {
                depth -= 1;
                if depth == 0 {
                    return at + i + 1;
                }
            }
            _ => {}
        }
    }
    panic!("unterminated JSON value")
}

/// `package.json` with its `contributes.yamlValidation` replaced (the rest kept as written).
fn with_yaml_validation(package: &str, list: &Value) -> String {
    let key = "\n    \"yamlValidation\": ";
    let start = package
        .find(key)
        .expect("package.json has contributes.yamlValidation")
        + key.len();
    let end = value_end(package, start);
    let rendered = serde_json::to_string_pretty(list)
        .unwrap()
        .replace('\n', "\n    ");
    format!("{}{rendered}{}", &package[..start], &package[end..])
}

#[test]
fn the_editors_decide_with_the_engine_s_rules() {
    let root = repo_root();
    let mut diffs = Vec::new();
    let mut check = |path: &Path, actual: &str| diffs.extend(compare(path, actual));
    check(
        &root.join("editors/vscode/src/generated/patterns.ts"),
        &render::vscode_module(),
    );
    check(
        &root.join("editors/nvim/lua/innominatus/patterns.lua"),
        &render::nvim_module(),
    );
    let package = root.join("editors/vscode/package.json");
    let text = std::fs::read_to_string(&package).unwrap();
    let updated = with_yaml_validation(&text, &render::yaml_validation());
    serde_json::from_str::<Value>(&updated).expect("package.json stays JSON");
    check(&package, &updated);
    check(
        &root.join("editors/test-fixtures/file-verdicts.json"),
        &verdicts(),
    );
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

#[test]
fn no_convention_of_the_editors_takes_the_issue_s_files() {
    // The editors cannot exclude (VS Code's document filters have no negation): their
    // conventions alone must leave these files out.
    for path in [
        "/repo/.github/workflows/ci.yml",
        "/repo/.github/workflows/deploy.yaml",
        "/repo/charts/web/values.yaml",
        "/repo/charts/web/Chart.yaml",
        "/repo/docker-compose.yml",
        "/repo/compose.yaml",
        "/repo/deploy/kubeconfig.yaml",
        "/repo/.gitlab-ci.yml",
    ] {
        assert!(files::excluded(path).is_some(), "{path}");
        assert_eq!(files::named(path), None, "{path}");
    }
}
