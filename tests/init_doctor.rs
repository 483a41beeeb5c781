//! `innominatus init` and `innominatus doctor` through the real binary: every template lints
//! clean on its own and together, nothing is overwritten without `--force`, a golden path is
//! added to an existing `goldenpaths.yaml`, and doctor reports what is in a workspace.

mod support;

use support::copy_tree;

use serde_json::Value;
use std::path::{Path, PathBuf};

const TEMPLATES: &[&str] = &[
    "score",
    "provider",
    "workflow",
    "golden-path",
    "workflow-test",
    "config",
];

fn scratch(tag: &str) -> PathBuf {
    support::scratch_dir("init", tag)
}

/// Runs the binary in `dir`; returns stdout, stderr and the exit status.
fn run(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = support::run(dir, args);
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

fn init(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let mut all = vec!["init"];
    all.extend_from_slice(args);
    run(dir, &all)
}

/// The findings of `lint` (concise lines, any severity) with the configuration `dir` holds
/// (if any) and `selection` added; asserts lint exits 0.
fn findings(dir: &Path, selection: &[&str], what: &str) -> Vec<String> {
    let mut args = vec!["lint", "--no-cache", "--format", "concise"];
    args.extend_from_slice(selection);
    args.push(".");
    let (stdout, stderr, code) = run(dir, &args);
    assert_eq!(
        code, 0,
        "{what} ({selection:?}): lint exit {code}:\n{stdout}\n{stderr}"
    );
    stdout
        .lines()
        .filter(|l| {
            ["error", "warning", "info", "hint"]
                .iter()
                .any(|s| l.contains(&format!(": {s}[")))
        })
        .map(str::to_string)
        .collect()
}

/// Asserts no finding at all, not even an informational one, with the default selection and
/// with every rule.
fn assert_lints_clean(dir: &Path, what: &str) {
    for selection in [&[][..], &["--select", "ALL"][..]] {
        let found = findings(dir, selection, what);
        assert!(
            found.is_empty(),
            "{what} ({selection:?}):\n{}",
            found.join("\n")
        );
    }
}

#[test]
fn list_names_every_template() {
    let (stdout, _, code) = init(&std::env::temp_dir(), &["--list"]);
    assert_eq!(code, 0);
    let names: Vec<&str> = stdout
        .lines()
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(names, TEMPLATES);
}

#[test]
fn every_template_lints_clean_alone() {
    for template in TEMPLATES {
        let dir = scratch(&format!("alone-{template}"));
        if *template == "workflow-test" {
            // A test needs its workflow.
            let (_, stderr, code) = init(&dir, &["-t", "workflow", "-n", "build"]);
            assert_eq!(code, 0, "{stderr}");
        }
        let (stdout, stderr, code) = init(&dir, &["--template", template, "--name", "build"]);
        assert_eq!(code, 0, "{template}: {stdout}{stderr}");
        assert!(stdout.contains("created "), "{template}: {stdout}");
        assert_lints_clean(&dir, template);
    }
}

#[test]
fn all_templates_together_lint_clean_and_the_score_type_resolves() {
    let dir = scratch("together");
    for (template, name) in [
        ("config", ""),
        ("provider", "cache"),
        ("workflow", "rotate-keys"),
        ("workflow-test", "rotate-keys"),
        ("golden-path", "deploy"),
        ("golden-path", "preview"),
        ("score", "shop"),
    ] {
        let mut args = vec!["-t", template];
        if !name.is_empty() {
            args.extend(["-n", name]);
        }
        let (stdout, stderr, code) = init(&dir, &args);
        assert_eq!(code, 0, "{template}: {stdout}{stderr}");
    }
    // The second golden path was added to the file the first one created.
    let gp = std::fs::read_to_string(dir.join("goldenpaths.yaml")).unwrap();
    assert!(
        gp.contains("\n  deploy:\n") && gp.contains("\n  preview:\n"),
        "{gp}"
    );
    // A Score resource of the provider's type resolves to its create workflow.
    let score = dir.join("score.yaml");
    let text = std::fs::read_to_string(&score).unwrap();
    std::fs::write(
        &score,
        format!("{text}\nresources:\n  cache:\n    type: cache\n"),
    )
    .unwrap();
    assert_lints_clean(&dir, "all templates");
    let (stdout, _, code) = run(&dir, &["doctor", "--format", "json"]);
    assert_eq!(code, 0, "{stdout}");
    let doctor: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doctor["providers"][0]["name"], "cache");
    assert_eq!(
        doctor["providers"][0]["resourceTypes"][0]["createWorkflow"],
        "provision-cache"
    );
    assert_eq!(doctor["unresolvedResourceTypes"], Value::Array(vec![]));
    // The lint above ran with --no-cache; the test harness turns the cache off.
    assert_eq!(doctor["workspace"]["cache"], Value::Null);
    assert!(doctor["config"]["path"]
        .as_str()
        .unwrap()
        .ends_with(".innominatus.toml"));
}

#[test]
fn refuses_to_overwrite_without_force_and_writes_nothing() {
    let dir = scratch("force");
    let (_, _, code) = init(&dir, &["-t", "provider", "-n", "queue"]);
    assert_eq!(code, 0);
    let manifest = dir.join("providers/queue/provider.yaml");
    let create = dir.join("providers/queue/workflows/provision-queue.yaml");
    let original = std::fs::read_to_string(&create).unwrap();
    std::fs::write(&manifest, "# mine\n").unwrap();
    std::fs::remove_file(&create).unwrap();
    let (_, stderr, code) = init(&dir, &["-t", "provider", "-n", "queue"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("provider.yaml") && stderr.contains("--force"),
        "{stderr}"
    );
    // All or nothing: the missing workflow was not written either.
    assert!(!create.exists());
    assert_eq!(std::fs::read_to_string(&manifest).unwrap(), "# mine\n");
    let (_, _, code) = init(&dir, &["-t", "provider", "-n", "queue", "--force"]);
    assert_eq!(code, 0);
    assert_eq!(std::fs::read_to_string(&create).unwrap(), original);
    assert!(std::fs::read_to_string(&manifest)
        .unwrap()
        .contains("name: queue"));
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(dir.join("providers/queue"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn usage_mistakes_exit_2() {
    let dir = scratch("usage");
    // Not a terminal and no --template: nothing to ask, nothing written.
    let (_, stderr, code) = init(&dir, &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--template"), "{stderr}");
    let (_, stderr, code) = init(&dir, &["-t", "scroe"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("score"), "{stderr}");
    let (_, stderr, code) = init(&dir, &["-t", "score", "-n", "My App"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not a valid name"), "{stderr}");
    let (_, stderr, code) = init(&dir, &["-t", "workflow-test", "-n", "missing"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("create it first"), "{stderr}");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
}

#[test]
fn golden_path_is_added_to_the_example_goldenpaths_file() {
    let dir = scratch("example-gp");
    copy_tree(&support::repo_root().join("examples"), &dir);
    let before = std::fs::read_to_string(dir.join("goldenpaths.yaml")).unwrap();
    let findings_before = findings(&dir, &["--select", "ALL"], "examples");
    let (stdout, stderr, code) = init(&dir, &["-t", "golden-path", "-n", "rollback"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("updated goldenpaths.yaml"), "{stdout}");
    let after = std::fs::read_to_string(dir.join("goldenpaths.yaml")).unwrap();
    // Every byte of the old file is kept; the entry follows.
    assert!(after.starts_with(before.trim_end()), "{after}");
    assert!(after.ends_with("\n  rollback:\n    workflow: ./workflows/rollback.yaml\n    description: Describe what the rollback golden path does for a developer\n    category: deployment\n    tags: [rollback]\n    estimated_duration: 2-5 minutes\n    parameters:\n      requested_by:\n        type: string\n        required: true\n        description: User name of the person running the golden path\n        pattern: '^[a-z][a-z0-9._-]{1,31}$'\n"), "{after}");
    // The new golden path and its workflow add no finding to those the examples have.
    assert_eq!(
        findings(
            &dir,
            &["--select", "ALL"],
            "examples with a new golden path"
        ),
        findings_before
    );
    // The same name again is refused, even with --force (the entry is not overwritten).
    let (_, stderr, code) = init(&dir, &["-t", "golden-path", "-n", "rollback", "--force"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("already has a golden path `rollback`"),
        "{stderr}"
    );
}

#[test]
fn workflow_test_template_matches_the_test_file_schema() {
    let dir = scratch("wt-schema");
    // Tests for the example's golden-path workflow: every step is listed.
    copy_tree(&support::repo_root().join("examples"), &dir);
    let (_, stderr, code) = init(
        &dir,
        &["-t", "workflow-test", "-n", "ephemeral-env", "--force"],
    );
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(dir.join("workflows/ephemeral-env.test.yaml")).unwrap();
    for step in [
        "mark-namespace",
        "apply-quota",
        "copy-pull-secret",
        "report",
    ] {
        assert!(
            text.contains(&format!("        {step}: succeeded\n")),
            "{text}"
        );
    }
    // seed-databases runs only `if: seed_data`: its fate depends on the parameters, so the
    // scaffold leaves it out of the "every step succeeds" case.
    assert!(!text.contains("seed-databases: succeeded"), "{text}");
    assert!(
        text.contains("        mark-namespace: simulated failure\n"),
        "{text}"
    );
    let schema_text =
        std::fs::read_to_string(support::repo_root().join("schemas/workflow-test.schema.json"))
            .unwrap();
    let schema: Value = serde_json::from_str(&schema_text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    // The test file as JSON: the YAML is simple, so the engine's decoder view is exact.
    let src = innominatus_engine::source::SourceFile::parse(
        std::sync::Arc::from("ephemeral-env.test.yaml"),
        text.as_bytes(),
    );
    assert!(src.diagnostics.is_empty(), "{:?}", src.diagnostics);
    let doc = &src.parsed.documents[0];
    let instance = innominatus_engine::syntax::json::to_json(doc, doc.root.unwrap());
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}\n{text}");
    // And the runner passes both scaffolded cases on the real workflow.
    let (stdout, stderr, code) = run(
        &dir,
        &["workflow", "test", "workflows/ephemeral-env.test.yaml"],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("ok: 2 passed, 0 failed"), "{stdout}");
}

#[test]
fn doctor_describes_the_example_workspace() {
    let root = support::repo_root();
    let (stdout, stderr, code) = run(
        &root,
        &["doctor", "--isolated", "examples", "--format", "json"],
    );
    assert_eq!(code, 0, "{stderr}");
    let d: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(d["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(d["config"]["path"], Value::Null);
    assert_eq!(d["workspace"]["root"], "examples");
    assert_eq!(d["workspace"]["files"], 21);
    assert_eq!(d["workspace"]["documents"]["score"], 3);
    assert_eq!(d["workspace"]["documents"]["provider"], 3);
    assert_eq!(d["workspace"]["documents"]["golden-paths"], 1);
    assert_eq!(d["workspace"]["documents"]["admin-config"], 1);
    assert_eq!(d["workspace"]["documents"]["workflow-test"], 3);
    let providers: Vec<&str> = d["providers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(providers.len(), 3);
    for name in ["container-team", "database-team", "storage-team"] {
        assert!(providers.contains(&name), "{providers:?}");
    }
    let storage = d["providers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "storage-team")
        .unwrap();
    assert_eq!(storage["resourceTypes"][0]["type"], "s3-bucket");
    assert_eq!(
        storage["resourceTypes"][0]["createWorkflow"],
        "provision-s3-bucket"
    );
    assert_eq!(
        storage["location"]["file"],
        "examples/providers/storage-team/provider.yaml"
    );
    assert_eq!(storage["location"]["line"], 4);
    assert_eq!(d["unresolvedResourceTypes"], Value::Array(vec![]));
    for editor in ["innominatus", "vscode", "neovim"] {
        assert!(d["editors"][editor]["hint"]
            .as_str()
            .is_some_and(|h| !h.is_empty()));
    }
    // The text form says the same for people.
    let (text, _, code) = run(&root, &["doctor", "--isolated", "examples"]);
    assert_eq!(code, 0);
    assert!(
        text.starts_with(&format!("innominatus {}\n", env!("CARGO_PKG_VERSION"))),
        "{text}"
    );
    assert!(
        text.contains("Workspace root: examples\n  21 YAML files\n"),
        "{text}"
    );
    assert!(
        text.contains("    s3-bucket -> create: provision-s3-bucket\n"),
        "{text}"
    );
    assert!(
        text.contains("Resource types without a provider: none\n"),
        "{text}"
    );
    assert!(
        text.contains("Editor integration:\n  innominatus on PATH: "),
        "{text}"
    );
}

#[test]
fn doctor_advises_cargo_install_only_inside_a_clone_of_this_repository() {
    let hint = |dir: &Path| -> String {
        let (stdout, stderr, code) = run(dir, &["doctor", "--isolated", "--format", "json"]);
        assert_eq!(code, 0, "{stderr}");
        let d: Value = serde_json::from_str(&stdout).unwrap();
        d["editors"]["innominatus"]["hint"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // A platform repository elsewhere: general advice, nothing about "this repository".
    let elsewhere = scratch("doctor-elsewhere");
    std::fs::write(
        elsewhere.join("Cargo.toml"),
        "[package]\nname = \"other\"\n",
    )
    .unwrap();
    let outside = hint(&elsewhere);
    assert!(!outside.contains("this repository"), "{outside}");
    assert!(!outside.contains("--path ."), "{outside}");
    assert!(
        outside.contains("cargo install --path /path/to/innominatus-tools"),
        "{outside}"
    );
    // Without a clone, the release artifacts come first: no Rust toolchain needed.
    assert!(
        outside.contains("`pip install` the release wheel"),
        "{outside}"
    );
    // Anywhere inside this clone: the command that installs from it, by its path.
    let root = support::repo_root();
    let inside = hint(&root.join("examples/apps"));
    let expected = format!("cargo install --path {}", root.display());
    assert!(inside.contains(&expected), "{inside}");
}

#[test]
fn doctor_reports_a_broken_config_and_unprovided_types() {
    let dir = scratch("doctor-broken");
    copy_tree(
        &support::repo_root().join("tests/fixtures/broken-workspace"),
        &dir,
    );
    std::fs::write(
        dir.join(".innominatus.toml"),
        "dialect = \"innominatus\"\n[lint]\nignroe = [\"INN604\"]\n",
    )
    .unwrap();
    std::fs::write(dir.join("broken.yaml"), "steps: [unclosed\n").unwrap();
    std::fs::write(
        dir.join("apps/orders/cache.score.yaml"),
        "apiVersion: score.dev/v1b1\nmetadata:\n  name: orders-cache\ncontainers:\n  redis:\n    image: redis:7\nresources:\n  store:\n    type: redis\n",
    )
    .unwrap();
    let (stdout, _, code) = run(&dir, &["doctor", "--format", "json"]);
    assert_eq!(code, 1, "{stdout}");
    let d: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        d["config"]["origin"],
        "found upwards from the working directory"
    );
    let problem = &d["config"]["problems"][0];
    assert_eq!(problem["code"], "INN020");
    assert_eq!(problem["location"]["line"], 3);
    assert_eq!(problem["location"]["column"], 1);
    assert!(
        problem["message"].as_str().unwrap().contains("ignroe"),
        "{problem}"
    );
    assert_eq!(
        d["workspace"]["brokenFiles"],
        serde_json::json!(["broken.yaml"])
    );
    // `postgres` has the fixture's provider; nobody provides `redis`.
    let unresolved = d["unresolvedResourceTypes"].as_array().unwrap();
    let types: Vec<(&str, &str)> = unresolved
        .iter()
        .map(|u| {
            (
                u["type"].as_str().unwrap(),
                u["location"]["file"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(types, vec![("redis", "apps/orders/cache.score.yaml")]);
    assert_eq!(unresolved[0]["application"], "orders-cache");
    assert_eq!(unresolved[0]["location"]["line"], 9);
    assert_eq!(unresolved[0]["location"]["column"], 11);
    let (text, _, code) = run(&dir, &["doctor"]);
    assert_eq!(code, 1);
    assert!(
        text.contains(".innominatus.toml:3:1: error[INN020 invalid-config]"),
        "{text}"
    );
    assert!(
        text.contains("files that do not parse (1):\n    broken.yaml\n"),
        "{text}"
    );
}

#[test]
fn asks_on_a_terminal() {
    // `script` (util-linux) runs the binary on a pseudo-terminal, as a person would.
    let dir = scratch("tty");
    let command = format!("{} init", env!("CARGO_BIN_EXE_innominatus"));
    let mut child = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(&dir)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("`script` from util-linux runs");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"golden-path\nrelease\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{shown}");
    assert!(shown.contains("Template [1]: "), "{shown}");
    assert!(shown.contains("Name [my-golden-path]: "), "{shown}");
    assert!(dir.join("workflows/release.yaml").is_file(), "{shown}");
    assert_lints_clean(&dir, "interactive golden path");
}
