use super::*;
use crate::kind;
use crate::syntax::{self, Document};
use std::path::{Path, PathBuf};

const GITHUB_ACTIONS: &str = "name: ci\non:\n  push:\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: cargo test\n";
const HELM_VALUES: &str =
    "replicaCount: 1\nimage:\n  repository: nginx\n  tag: stable\nsteps: []\n";
const SCORE: &str =
    "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: nginx\n";
const GOLDEN_PATH_WORKFLOW: &str =
    "apiVersion: workflow.dev/v1\nkind: Workflow\nmetadata:\n  name: deploy\nspec:\n  steps: []\n";

fn verdict(path: &str, text: &str) -> Verdict {
    let source = SourceFile::parse(Arc::from(path), text.as_bytes());
    classify_source(path, &source)
}

fn what(v: Verdict) -> String {
    match v {
        Verdict::Excluded(rule) => format!("excluded: {}", rule.what),
        Verdict::Named(rule) => format!("named: {}", rule.what),
        Verdict::Marked(marker) => format!("marked: {}", marker.what),
        Verdict::Detected(kind) => format!("detected: {}", kind.as_str()),
        Verdict::Unreadable => "unreadable".into(),
        Verdict::Other => "other".into(),
    }
}

#[test]
fn other_tools_files_are_left_alone_whatever_they_hold() {
    for (path, text) in [
        ("/r/.github/workflows/ci.yml", GITHUB_ACTIONS),
        // An exclusion wins over a name and over content.
        ("/r/.github/workflows/score.yaml", SCORE),
        ("/r/.github/dependabot.yml", "version: 2\n"),
        ("/r/.gitlab-ci.yml", "stages: [test]\n"),
        (
            "/r/docker-compose.yml",
            "services:\n  web:\n    image: nginx\n",
        ),
        ("/r/docker-compose.override.yaml", "services: {}\n"),
        ("/r/compose.yaml", "services: {}\n"),
        ("/r/charts/web/Chart.yaml", "apiVersion: v2\nname: web\n"),
        // Helm values with a top-level `steps:` would be a provider workflow by content.
        ("/r/charts/web/values.yaml", HELM_VALUES),
        ("/r/providers/db/workflows/values.yaml", HELM_VALUES),
        ("/r/charts/web/values-prod.yaml", HELM_VALUES),
        ("/r/charts/web/values.prod.yml", HELM_VALUES),
        ("/home/me/.kube/config", "apiVersion: v1\nkind: Config\n"),
        (
            "/r/deploy/kubeconfig.yaml",
            "apiVersion: v1\nkind: Config\n",
        ),
        ("/r/deploy/dev-kubeconfig", "apiVersion: v1\nkind: Config\n"),
        ("C:\\r\\.github\\workflows\\ci.yml", GITHUB_ACTIONS),
    ] {
        let v = verdict(path, text);
        assert!(matches!(v, Verdict::Excluded(_)), "{path}: {}", what(v));
        assert!(!v.is_ours() && !v.editors_send(), "{path}");
    }
}

#[test]
fn the_platform_s_names_and_folders_are_ours_even_while_empty() {
    for (path, schema) in [
        ("/r/apps/web/score.yaml", Some(DocumentKind::Score)),
        ("/r/apps/web/score-worker.yml", Some(DocumentKind::Score)),
        ("/r/apps/web/score2.yaml", Some(DocumentKind::Score)),
        ("/r/apps/web.score.yaml", Some(DocumentKind::Score)),
        (
            "/r/providers/db/provider.yaml",
            Some(DocumentKind::Provider),
        ),
        ("/r/examples/platform.yml", Some(DocumentKind::Provider)),
        (
            "/r/providers/db/workflows/provision.yaml",
            Some(DocumentKind::ProviderWorkflow),
        ),
        (
            "/r/workflows/platform/scan.yaml",
            Some(DocumentKind::PlatformWorkflow),
        ),
        (
            "/r/workflows/products/shop/db.yml",
            Some(DocumentKind::PlatformWorkflow),
        ),
        ("/r/workflows/deploy.yaml", None),
        ("/r/workflows/archive/dummy.yaml", None),
        ("/r/workflows/deploy.test.yaml", None),
        ("/r/goldenpaths.yaml", Some(DocumentKind::GoldenPaths)),
        ("/r/admin-config.yml", Some(DocumentKind::AdminConfig)),
        ("/r/tests/provision.test.yaml", None),
        (
            "C:\\r\\providers\\db\\workflows\\x.yaml",
            Some(DocumentKind::ProviderWorkflow),
        ),
    ] {
        let v = verdict(path, "");
        let Verdict::Named(rule) = v else {
            panic!("{path}: {}", what(v));
        };
        assert_eq!(rule.schema, schema, "{path}: {}", rule.what);
        assert!(v.is_ours() && v.editors_send(), "{path}");
    }
    // Not by name: these need their content.
    for path in [
        "/r/ci/pipeline.yaml",
        "/r/deploy/app.yaml",
        "/r/my-score.yaml",
        "/r/providers/db/notes.yaml",
        "/r/.hidden/workflows/x.yaml",
        "/r/workflows.yaml",
    ] {
        assert_eq!(verdict(path, ""), Verdict::Other, "{path}");
    }
}

#[test]
fn content_makes_a_file_ours_whatever_its_name() {
    for (text, marker) in [
        (SCORE, "Score spec"),
        (
            "apiVersion: \"score.dev/v1b1\"\r\nmetadata: {}\r\n",
            "Score spec",
        ),
        ("# a comment\napiVersion: 'score.sh/v1b1'\n", "Score spec"),
        ("kind: Provider\n", "provider manifest"),
        ("kind: Platform  # legacy\n", "provider manifest"),
        ("kind: \"Provider\"\r\n", "provider manifest"),
        (
            "apiVersion: innominatus.io/v1alpha1\nkind: Workflow\nsteps: []\n",
            "workflow (innominatus.io)",
        ),
        (GOLDEN_PATH_WORKFLOW, "workflow (workflow.dev)"),
        (
            "apiVersion: orchestrator.innominatus.dev/v1\nkind: Workflow\nspec:\n  steps: []\n",
            "workflow (orchestrator.innominatus.dev)",
        ),
        (
            "workflow: deploy-app.yaml\ncases:\n  - name: ok\n",
            "workflow test file",
        ),
        ("cases: []\nworkflow: \"x.yaml\"\n", "workflow test file"),
        ("workflow:\ncases:\n", "workflow test file"),
    ] {
        let v = verdict("/r/deploy/renamed.yaml", text);
        assert!(
            matches!(v, Verdict::Marked(m) if m.what == marker),
            "{text:?}: {}",
            what(v)
        );
        assert!(v.is_ours() && v.editors_send());
    }
    for text in [
        GITHUB_ACTIONS,
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n",
        "description: |\n  apiVersion: score.dev/v1b1 is in the docs\n",
        "apiVersion:score.dev/v1b1\n",
        "kind: Providers\n",
        "kind: Provider-ish\n",
        "kind: Provider#x\n",
        "workflow: x.yaml\ncases-old: []\n",
    ] {
        assert_eq!(
            verdict("/r/deploy/renamed.yaml", text),
            Verdict::Other,
            "{text:?}"
        );
    }
    // Markers are read in the first lines only.
    let late = format!(
        "{}apiVersion: score.dev/v1b1\n",
        "# note\n".repeat(MARKER_LINES)
    );
    assert_eq!(marked(&late), None);
    let in_time = format!(
        "{}apiVersion: score.dev/v1b1\n",
        "# note\n".repeat(MARKER_LINES - 1)
    );
    assert!(marked(&in_time).is_some());
}

#[test]
fn what_the_engine_recognises_is_ours_to_the_server_not_text_is_the_client_s_choice() {
    // A workflow without a marker (another tool's `kind: Workflow` reads the same).
    let v = verdict(
        "/r/argo/deploy.yaml",
        "kind: Workflow\nspec:\n  steps: []\n",
    );
    assert_eq!(v, Verdict::Detected(DocumentKind::GoldenPathWorkflow));
    assert!(v.is_ours() && !v.editors_send());
    let v = verdict("/r/misc/x.yaml", "metadata: {}\ncontainers: {}\n");
    assert_eq!(v, Verdict::Detected(DocumentKind::Score));
    // An indented root mapping: no marker at the start of a line, but a Score spec.
    let v = verdict("/r/misc/x.yaml", "  apiVersion: score.dev/v1b1\n");
    assert_eq!(v, Verdict::Detected(DocumentKind::Score));
    assert_eq!(
        classify("/r/misc/blob.yaml", None, &[]),
        Verdict::Unreadable
    );
    assert!(is_platform_file(
        "/r/misc/blob.yaml",
        "kind: Work\u{0}flow\n"
    ));
    assert!(!is_platform_file("/r/misc/blob.yaml", "name: x\n"));
    assert!(!is_platform_file(
        "/r/.github/blob.yaml",
        "kind: Work\u{0}flow\n"
    ));
}

fn empty_document_named(path: &str) -> DocumentKind {
    let parsed = syntax::parse(&Arc::from(path), "");
    kind::detect(
        parsed.documents.first().unwrap_or(&Document::default()),
        path,
    )
}

#[test]
fn every_name_the_kind_detection_knows_is_a_path_convention() {
    // The file names `kind::detect` decides by when the content is silent.
    for name in [
        "provider.yaml",
        "provider.yml",
        "platform.yaml",
        "platform.yml",
        "goldenpaths.yaml",
        "goldenpaths.yml",
        "admin-config.yaml",
        "admin-config.yml",
        "score.yaml",
        "score.yml",
        "score-web.yaml",
        "web.score.yml",
        "deploy.test.yaml",
        "deploy.test.yml",
    ] {
        let path = format!("/r/x/{name}");
        assert_ne!(empty_document_named(&path), DocumentKind::Unknown, "{name}");
        assert!(named(&path).is_some(), "{name}");
    }
    for name in ["ci.yml", "values.yaml", "deploy.yaml", "scores.json"] {
        assert_eq!(
            empty_document_named(&format!("/r/x/{name}")),
            DocumentKind::Unknown
        );
    }
}

fn corpus_dir() -> PathBuf {
    match std::env::var_os("INNOMINATUS_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"),
    }
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

/// Real files at the path they have in their repository: `examples/` of this repository
/// and the corpus (whose file names are the repository paths with `/` written `__`).
fn real_files() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut files = Vec::new();
    yaml_files(&examples, &mut files);
    for file in files {
        let rel = file
            .strip_prefix(&examples)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        out.push((format!("/repo/{rel}"), std::fs::read(&file).unwrap()));
    }
    let corpus = corpus_dir();
    if !corpus.is_dir() {
        // A fresh clone has no ../shared beside it; CI sets INNOMINATUS_REQUIRE_CORPUS.
        let why = format!("the corpus is not at {}", corpus.display());
        if std::env::var_os("INNOMINATUS_REQUIRE_CORPUS").is_some() {
            panic!("{why}");
        }
        println!("skipped for the corpus: {why}; checked examples/ only");
        return out;
    }
    let mut files = Vec::new();
    yaml_files(&corpus, &mut files);
    for file in files {
        let name = file
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace("__", "/");
        out.push((format!("/repo/{name}"), std::fs::read(&file).unwrap()));
    }
    out
}

#[test]
fn the_editors_send_every_real_file_the_engine_recognises() {
    let files = real_files();
    assert!(files.len() >= 20, "only {} real files", files.len());
    let mut recognised = 0;
    for (path, bytes) in &files {
        let source = SourceFile::parse(Arc::from(path.as_str()), bytes);
        let v = classify_source(path, &source);
        if source.kinds.iter().any(|k| *k != DocumentKind::Unknown) {
            recognised += 1;
            assert!(v.editors_send(), "{path} ({:?}): {}", source.kinds, what(v));
        }
        // A marker speaks for the engine: the documents it marks have a kind, except the
        // policies file the platform never reads (`kind: WorkflowPolicies`, FORMATS.md §1),
        // which carries a workflow apiVersion.
        if let Some(marker) = source.text.as_deref().and_then(marked) {
            let policies = source
                .text
                .as_deref()
                .is_some_and(|t| t.contains("\nkind: WorkflowPolicies"));
            assert!(
                policies || source.kinds.iter().any(|k| *k != DocumentKind::Unknown),
                "{path}: marked as {} but the engine sees {:?}",
                marker.what,
                source.kinds
            );
        }
    }
    assert!(recognised >= 20, "only {recognised} recognised files");
}

#[test]
fn braces_are_written_out_and_every_rule_renders() {
    assert_eq!(
        render::expand_braces("**/{provider,platform}.{yaml,yml}"),
        [
            "**/provider.yaml",
            "**/provider.yml",
            "**/platform.yaml",
            "**/platform.yml"
        ]
    );
    for rule in OURS.iter().chain(EXCLUDED) {
        assert!(
            Regex::new(&render::glob_regex(rule.glob)).is_ok(),
            "{}",
            rule.glob
        );
        for pattern in render::glob_lua(rule.glob) {
            assert!(
                !pattern.contains("**") && !pattern.contains('{'),
                "{pattern}"
            );
        }
    }
    // What the editors import is what the engine matches with.
    let module = render::vscode_module();
    for rule in OURS.iter().chain(EXCLUDED) {
        let regex = serde_json::to_string(&render::glob_regex(rule.glob)).unwrap();
        assert!(module.contains(&regex), "{}", rule.glob);
    }
}
