//! Every Score resource resolves, in `lint`, the dry run, the graph and hover, to the provider
//! workflow the platform's own resolver picks (`../shared/oracle`, driven by
//! `tests/oracle/resolve`), or fails where the platform fails — with the platform's error text
//! in the dry run. Over the examples, the platform's own repository from the corpus, and
//! generated variants of provider manifests that probe the edges of the resolution
//! (`workflow: ""` beside `default:`, options lists, nulls, aliases, missing operations,
//! several claimants, providers the platform does not load).
//!
//! Skipped, with one line, when Go or `../shared` is missing; `.ci/run` sets
//! `INNOMINATUS_REQUIRE_ORACLE=1` so that CI fails instead.

mod support;

use innominatus_engine::kind::DocumentKind;
use innominatus_engine::source::SourceFile;
use innominatus_engine::workspace::Workspace;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a resource resolves to: `Ok((provider, workflow))` or the platform's error text.
type Outcome = Result<(String, String), String>;

/// (Score file relative to the root, resource name) → outcome.
type Answers = BTreeMap<(String, String), Outcome>;

fn yaml_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap().display().to_string()
}

/// The workspace as the engine sees it, with file names relative to `root` (as the CLI run
/// from `root` names them).
fn engine_workspace(root: &Path) -> Workspace {
    let files = yaml_files(root)
        .iter()
        .map(|p| SourceFile::parse(Arc::from(relative(root, p)), &std::fs::read(p).unwrap()))
        .collect();
    let base = root.to_path_buf();
    Workspace::new(files, None, Box::new(move |p: &str| base.join(p).exists()))
}

/// The Score specs of the workspace: files whose first document the engine reads as one.
fn score_files(ws: &Workspace) -> Vec<String> {
    ws.files
        .iter()
        .filter(|f| f.kinds.first() == Some(&DocumentKind::Score))
        .map(|f| f.file.to_string())
        .collect()
}

fn oracle_answers(oracle: &Path, root: &Path, scores: &[String]) -> Answers {
    let out = std::process::Command::new(oracle.join("resolve"))
        .arg(root)
        .args(scores.iter().map(|s| root.join(s)))
        .output()
        .expect("the oracle driver runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let all: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    all.into_iter()
        .map(|a| {
            let file = relative(root, Path::new(a["file"].as_str().unwrap()));
            let key = (file, a["resource"].as_str().unwrap().to_string());
            let outcome = match a["error"].as_str() {
                Some(e) => Err(e.to_string()),
                None => Ok((
                    a["provider"].as_str().unwrap().to_string(),
                    a["workflow"].as_str().unwrap().to_string(),
                )),
            };
            (key, outcome)
        })
        .collect()
}

/// Score specs `fidelity check` rejected, over every workspace of a test (printed at its end).
static DEPLOY_REJECTIONS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The platform's own verdict on deploying each Score spec (`fidelity check`, the deploy
/// handler's checks): the resources it names as unresolvable, by file.
fn deploy_rejections(oracle: &Path, root: &Path) -> BTreeMap<String, Vec<String>> {
    let out = std::process::Command::new(oracle.join("fidelity"))
        .arg("check")
        .arg(root)
        .output()
        .expect("fidelity runs");
    let records: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let mut rejected = BTreeMap::new();
    for r in records.iter().filter(|r| r["kind"] == "score") {
        let deploy = r["checks"].as_array().into_iter().flatten().find(|c| {
            c["name"]
                .as_str()
                .is_some_and(|n| n.contains("handleDeploySpec"))
        });
        let mut names = Vec::new();
        for e in deploy
            .into_iter()
            .flat_map(|c| c["errors"].as_array().into_iter().flatten())
        {
            // "Resource validation failed: unknown resource types (no provider registered):
            // db (type: postgres) [why], cache (type: redis) [why]"
            let Some(list) = e
                .as_str()
                .and_then(|e| e.split("(no provider registered): ").nth(1))
            else {
                continue;
            };
            // Each name stands before " (type: "; what precedes it is the previous reason.
            for item in list.split(" (type: ") {
                let name = item.rsplit(", ").next().unwrap_or(item);
                if !name.contains('[') && !name.is_empty() {
                    names.push(name.to_string());
                }
            }
        }
        names.sort();
        rejected.insert(r["file"].as_str().unwrap_or("").to_string(), names);
    }
    rejected
}

/// The dry run of each Score spec: every run's resource and its provider and workflow, or
/// its error.
fn dry_run_answers(root: &Path, scores: &[String]) -> Answers {
    let mut out = Answers::new();
    for score in scores {
        let run = support::run(
            root,
            &[
                "--isolated",
                "workflow",
                "test",
                score,
                "--dry-run",
                "--format",
                "json",
            ],
        );
        let Ok(report) = serde_json::from_slice::<Value>(&run.stdout) else {
            continue;
        };
        for r in report["runs"].as_array().into_iter().flatten() {
            let resource = &r["resource"];
            let Some(name) = resource["name"].as_str() else {
                continue;
            };
            let outcome = match (resource["provider"].as_str(), resource["workflow"].as_str()) {
                (Some(p), Some(w)) => Ok((p.to_string(), w.to_string())),
                _ => Err(r["error"].as_str().unwrap_or("").to_string()),
            };
            out.insert((score.clone(), name.to_string()), outcome);
        }
    }
    out
}

/// Which resources `lint` says cannot be resolved (INN208 names the resource).
fn lint_unresolved(root: &Path) -> Vec<(String, String)> {
    let run = support::run(
        root,
        &[
            "lint",
            "--isolated",
            "--select",
            "INN208",
            "--format",
            "json",
            ".",
        ],
    );
    let report: Value = serde_json::from_slice(&run.stdout).unwrap();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "INN208" && d["severity"] == "error")
        .filter_map(|d| {
            let message = d["message"].as_str()?;
            let name = message.split("(resource `").nth(1)?.split('`').next()?;
            Some((d["file"].as_str()?.to_string(), name.to_string()))
        })
        .collect()
}

/// The graph's `provisions` edges: resource node id → workflow name.
fn graph_provisions(root: &Path) -> BTreeMap<String, Vec<String>> {
    let run = support::run(root, &["--isolated", "graph", "--format", "json", "."]);
    let graph: Value = serde_json::from_slice(&run.stdout).unwrap();
    let labels: BTreeMap<&str, &str> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap(), n["label"].as_str().unwrap()))
        .collect();
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in graph["edges"].as_array().unwrap() {
        if e["kind"] == "provisions" {
            let from = e["from"].as_str().unwrap();
            out.entry(e["to"].as_str().unwrap().to_string())
                .or_default()
                .push(labels.get(from).copied().unwrap_or(from).to_string());
        }
    }
    out
}

/// The platform lists the providers of an ambiguous type in the order of a Go map, which
/// changes from run to run: compare the list as a set.
fn canonical(outcome: &Outcome) -> Outcome {
    let Err(text) = outcome else {
        return outcome.clone();
    };
    let (Some(open), Some(close)) = (text.find('['), text.find(']')) else {
        return outcome.clone();
    };
    let mut names: Vec<&str> = text[open + 1..close].split(' ').collect();
    names.sort_unstable();
    Err(format!(
        "{}{}{}",
        &text[..=open],
        names.join(" "),
        &text[close..]
    ))
}

/// Compares every surface with the oracle on the workspace at `root`; returns the number of
/// resources compared.
fn compare(oracle: &Path, root: &Path, label: &str) -> usize {
    let ws = engine_workspace(root);
    let scores = score_files(&ws);
    let expected = oracle_answers(oracle, root, &scores);
    let dry = dry_run_answers(root, &scores);
    let unresolved = lint_unresolved(root);
    let provisions = graph_provisions(root);
    // Several Score specs of one application share graph nodes: compare those only once
    // the application name is unique.
    let mut apps: BTreeMap<String, usize> = BTreeMap::new();
    for (_, spec) in &ws.scores {
        if let Some(n) = &spec.name {
            *apps.entry(n.text.to_string()).or_default() += 1;
        }
    }
    let mut problems = Vec::new();
    // `fidelity check` (the deploy handler) rejects exactly the specs with a resource the
    // resolver cannot resolve, naming those resources.
    let rejected = deploy_rejections(oracle, root);
    for file in &scores {
        let mut failing: Vec<String> = expected
            .iter()
            .filter(|((f, _), want)| f == file && want.is_err())
            .map(|((_, r), _)| r.clone())
            .collect();
        failing.sort();
        let deploy = rejected.get(file).cloned().unwrap_or_default();
        if !rejected.contains_key(file) && !failing.is_empty() {
            problems.push(format!("{label}: {file}: no fidelity record"));
        } else if deploy != failing {
            problems.push(format!(
                "{label}: {file}: fidelity check rejects {deploy:?}, the resolver fails {failing:?}"
            ));
        }
        if !deploy.is_empty() {
            DEPLOY_REJECTIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    }
    for ((file, resource), want) in &expected {
        let at = format!("{label}: {file} resource `{resource}`");
        // Dry run: the same provider and workflow, or the platform's own error text.
        match dry.get(&(file.clone(), resource.clone())) {
            Some(got) if canonical(got) == canonical(want) => {}
            got => problems.push(format!("{at}: dry run {got:?}, platform {want:?}")),
        }
        // Lint: an INN208 error exactly where the platform fails.
        let flagged = unresolved.contains(&(file.clone(), resource.clone()));
        if flagged != want.is_err() {
            problems.push(format!(
                "{at}: lint {} INN208, platform {want:?}",
                if flagged {
                    "reports"
                } else {
                    "does not report"
                }
            ));
        }
        let fi = ws.file_index(file).expect("parsed");
        let Some((_, spec)) = ws.scores.iter().find(|(a, _)| a.file == fi && a.doc == 0) else {
            problems.push(format!("{at}: the engine has no Score model"));
            continue;
        };
        // Graph: a `provisions` edge from the platform's workflow, and no other.
        if let Some(app) = spec.name.as_ref().filter(|n| apps[n.text.as_str()] == 1) {
            let edges = provisions
                .get(&format!("resource:{}/{resource}", app.text))
                .cloned()
                .unwrap_or_default();
            let wanted: Vec<String> = want.iter().map(|(_, w)| w.clone()).collect();
            if edges != wanted {
                problems.push(format!(
                    "{at}: graph provisions {edges:?}, platform {want:?}"
                ));
            }
        }
        // Hover on the resource's type: names the platform's workflow, and only on success.
        let Some(ty) = spec
            .resource(resource)
            .and_then(|r| r.resource_type.as_ref())
        else {
            problems.push(format!("{at}: the engine's model has no such resource"));
            continue;
        };
        let hover = innominatus_engine::ide::hover::hover(&ws, fi, ty.span.start)
            .map(|h| h.markdown)
            .unwrap_or_default();
        let says = |w: &str| hover.contains(&format!("creates it with workflow `{w}`"));
        let agrees = match want {
            Ok((p, w)) => says(w) && hover.contains(&format!("Provider `{p}`")),
            Err(_) => !hover.contains("creates it with workflow"),
        };
        if !agrees {
            problems.push(format!("{at}: hover {hover:?}, platform {want:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    expected.len()
}

fn copy_tree(from: &Path, to: &Path) {
    for file in yaml_files(from) {
        let target = to.join(file.strip_prefix(from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&file, &target).unwrap();
    }
}

fn scratch(tag: &str) -> PathBuf {
    support::scratch_dir("oracle", tag)
}

#[test]
fn the_examples_and_the_platform_s_own_repository_resolve_as_the_platform_resolves() {
    let Some(oracle) = support::oracle_or_skip() else {
        return;
    };
    let examples = support::repo_root().join("examples");
    let mut compared = compare(&oracle, &examples, "examples");
    // The platform's repository, rebuilt from the flattened corpus names.
    let corpus = support::shared_dir().unwrap().join("corpus/innominatus");
    let root = scratch("platform-repo");
    for entry in std::fs::read_dir(&corpus).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".yaml") {
            let target = root.join(name.replace("__", "/"));
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(corpus.join(&name), &target).unwrap();
        }
    }
    compared += compare(&oracle, &root, "platform repository");
    std::fs::remove_dir_all(&root).unwrap();
    println!("{compared} resources compared");
    assert!(compared > 20, "too few resources compared: {compared}");
}

/// The capability blocks of `operations.create` that the variants try on the examples'
/// database provider (whose `create` is `workflow: provision-postgres`).
const CREATE_VARIANTS: &[(&str, &str)] = &[
    ("empty-workflow-beside-default", "workflow: \"\"\n          default: provision-postgres"),
    (
        "default-with-options",
        "workflow: \"\"\n          default: provision-postgres\n          workflows:\n            - name: delete-postgres\n            - name: provision-postgres",
    ),
    (
        "options-without-default",
        "workflows:\n            - name: provision-postgres\n              tags: [ha]\n            - name: delete-postgres",
    ),
    (
        "null-workflow-with-options",
        "workflow: ~\n          workflows: [{name: provision-postgres}]",
    ),
    ("default-only-empty-options", "default: provision-postgres\n          workflows: []"),
    (
        "undeclared-default-with-options",
        "default: provision-postgress\n          workflows: [{name: provision-postgres}]",
    ),
    ("undeclared-workflow", "workflow: provision-postgress"),
    ("null-workflow", "workflow: null"),
];

fn examples_variant(tag: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    examples_variant_of(tag, "database-team", edit)
}

/// The examples with the manifest of provider directory `provider` edited.
fn examples_variant_of(tag: &str, provider: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let root = scratch(tag);
    copy_tree(&support::repo_root().join("examples"), &root);
    let manifest = root.join(format!("providers/{provider}/provider.yaml"));
    let text = std::fs::read_to_string(&manifest).unwrap();
    let edited = edit(&text);
    assert_ne!(edited, text, "variant {tag} changed nothing");
    std::fs::write(&manifest, edited).unwrap();
    root
}

/// A text edit of the database provider's manifest.
type Edit = Box<dyn Fn(&str) -> String>;

#[test]
fn edited_provider_manifests_resolve_as_the_platform_resolves() {
    let Some(oracle) = support::oracle_or_skip() else {
        return;
    };
    const CREATE: &str = "        create:\n          workflow: provision-postgres\n";
    let mut compared = 0;
    let mut variants: Vec<(String, Edit)> = Vec::new();
    for (tag, block) in CREATE_VARIANTS {
        let replacement = format!("        create:\n          {block}\n");
        variants.push((
            tag.to_string(),
            Box::new(move |t: &str| t.replace(CREATE, &replacement)),
        ));
    }
    // `create:` with no value, and no `create` at all.
    variants.push((
        "null-create".into(),
        Box::new(|t: &str| t.replace(CREATE, "        create:\n")),
    ));
    variants.push((
        "no-create".into(),
        Box::new(|t: &str| t.replace(CREATE, "")),
    ));
    // The alias listed before its primary; an alias whose primary is gone (with operations of
    // its own); the type only in the simple list beside capabilities.
    variants.push((
        "alias-first".into(),
        Box::new(|t: &str| {
            let alias = "    - type: postgresql\n      aliasFor: postgres\n";
            t.replace(alias, "").replace(
                "  resourceTypeCapabilities:\n",
                &format!("  resourceTypeCapabilities:\n{alias}"),
            )
        }),
    ));
    variants.push((
        "orphan-alias-with-operations".into(),
        Box::new(|t: &str| {
            t.replace("    - type: postgres\n", "    - type: postgres-old\n").replace(
                "      aliasFor: postgres\n",
                "      aliasFor: postgres\n      operations:\n        create: {workflow: provision-postgres}\n",
            )
        }),
    ));
    variants.push((
        "simple-list-beside-capabilities".into(),
        Box::new(|t: &str| {
            t.replace(
                "  resourceTypeCapabilities:\n",
                "  resourceTypes: [postgres, pgvector]\n  resourceTypeCapabilities:\n",
            )
        }),
    ));
    // An alias loop: the platform does not load the provider at all.
    variants.push((
        "alias-cycle".into(),
        Box::new(|t: &str| {
            t.replace(
                "      aliasFor: postgres\n",
                "      aliasFor: postgres\n    - type: postgres\n      aliasFor: postgresql\n",
            )
        }),
    ));
    // A second provider claiming the same type.
    variants.push((
        "claimed-twice".into(),
        Box::new(|t: &str| t.replace("- type: postgresql\n      aliasFor: postgres", "- type: postgresql\n      aliasFor: postgres\n    - type: s3-bucket\n      operations: {create: {workflow: provision-postgres}}")),
    ));
    // One type in two capability entries: the first entry decides, the second is dead.
    variants.push((
        "type-twice-in-capabilities".into(),
        Box::new(|t: &str| {
            t.replace(
                "      aliasFor: postgres\n",
                "      aliasFor: postgres\n    - type: postgres\n      operations: {create: {workflow: delete-postgres}}\n",
            )
        }),
    ));
    // The simple format only: the first provisioner workflow creates every listed type.
    variants.push((
        "simple-format".into(),
        Box::new(|t: &str| {
            let start = t.find("  resourceTypeCapabilities:").unwrap();
            let end = t.find("\nworkflows:").unwrap();
            format!(
                "{}  resourceTypes: [postgres, postgresql]\n{}",
                &t[..start],
                &t[end..]
            )
        }),
    ));
    for (tag, edit) in &variants {
        let root = examples_variant(tag, edit);
        compared += compare(&oracle, &root, tag);
        std::fs::remove_dir_all(&root).unwrap();
    }
    // Two providers with one name: the registry keeps the first registered (the admin
    // configuration lists database-team before container-team, the paths sort the other way)
    // and refuses the other, whose types then resolve nowhere.
    let root = examples_variant_of("duplicate-provider-name", "container-team", |t| {
        t.replacen("name: container-team", "name: database-team", 1)
    });
    compared += compare(&oracle, &root, "duplicate-provider-name");
    std::fs::remove_dir_all(&root).unwrap();
    println!(
        "{} variants, {compared} resources compared, {} deploys rejected by fidelity check in this process",
        variants.len() + 1,
        DEPLOY_REJECTIONS.load(std::sync::atomic::Ordering::Relaxed)
    );
}
