//! `innominatus impact` on a real git history: a repository made by the test from the
//! bundled examples, one commit per change, and the binary run inside it.

mod support;

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use support::{copy_tree, repo_root, run, scratch_dir};

fn git_available() -> bool {
    Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether git is there; if not, the one line that says why the calling test does nothing
/// (with `INNOMINATUS_REQUIRE_GIT` set, as `.ci/run` sets it, a failure instead).
fn git_or_skip() -> bool {
    if git_available() {
        return true;
    }
    let why = "git is not installed; `impact --base` reads revisions with it";
    if std::env::var_os("INNOMINATUS_REQUIRE_GIT").is_some() {
        panic!("{why}");
    }
    println!("skipped: {why}");
    false
}

/// git in `dir` with an identity of its own and no signing, whatever the machine's setup.
fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=impact test",
            "-c",
            "user.email=impact@test.invalid",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "core.hooksPath=/dev/null",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A git repository holding the examples as its first commit, or `None` (after the one line
/// that says why) when git is not installed.
fn example_repository(tag: &str) -> Option<PathBuf> {
    if !git_or_skip() {
        return None;
    }
    let dir = scratch_dir("impact", tag);
    copy_tree(&repo_root().join("examples"), &dir);
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-q", "-m", "examples"]);
    Some(dir)
}

/// Replaces `from` by `to` in one file (exactly once) and commits.
fn edit_and_commit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{from:?} once in {file}");
    std::fs::write(&path, text.replace(from, to)).unwrap();
    git(dir, &["commit", "-q", "-a", "-m", &format!("edit {file}")]);
}

/// storage-team claims `object-storage` instead of `s3-bucket`.
fn drop_s3_claim(dir: &Path) {
    edit_and_commit(
        dir,
        "providers/storage-team/provider.yaml",
        "    - s3-bucket\n",
        "    - object-storage\n",
    );
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The `name`s of the affected nodes whose kind is `kind` or `kind.<subtype>`.
fn affected(report: &Value, kind: &str) -> BTreeSet<String> {
    report["affected"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| {
            let k = a["kind"].as_str().unwrap();
            k == kind || k.starts_with(&format!("{kind}."))
        })
        .map(|a| a["name"].as_str().unwrap().to_string())
        .collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|n| n.to_string()).collect()
}

#[test]
fn a_dropped_claim_names_exactly_the_specs_that_used_it_and_adds_their_errors() {
    let Some(dir) = example_repository("claim") else {
        return;
    };
    drop_s3_claim(&dir);
    let out = run(
        &dir,
        &[
            "impact", "--base", "HEAD~1", "--head", "HEAD", "--format", "json",
        ],
    );
    let report = json_of(&out);
    // Only storage-team claimed `s3-bucket`. The Score specs with a resource of that type
    // are orders-api (`invoices`) and invoice-worker (`archive`); storefront-web has only a
    // namespace and a container. Nothing links a golden path to a provider: deploy-app and
    // ephemeral-env run workflows/*.yaml, which no provider lists, so none is affected.
    assert_eq!(
        affected(&report, "application"),
        set(&["invoice-worker", "orders-api"])
    );
    assert_eq!(affected(&report, "golden-path"), set(&[]));
    assert_eq!(
        affected(&report, "resource"),
        set(&["invoice-worker/archive", "orders-api/invoices"])
    );
    assert_eq!(affected(&report, "provider"), set(&["storage-team"]));
    let changed: Vec<(&str, &str)> = report["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["file"].as_str().unwrap(), c["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        changed,
        vec![("providers/storage-team/provider.yaml", "modified")]
    );
    // The dependency exists only before the change: the path is the base graph's.
    let app = report["affected"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "application:orders-api")
        .unwrap();
    assert_eq!(app["beforeChange"], true);
    assert_eq!(app["root"], "provider:storage-team");
    let edges: Vec<&str> = app["path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["edge"].as_str().unwrap())
        .collect();
    assert_eq!(edges, vec!["requires", "defines"]);
    // The resource itself says how its resolution changed.
    let invoices = report["affected"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "resource:orders-api/invoices")
        .unwrap();
    assert_eq!(
        invoices["resolution"],
        serde_json::json!({
            "before": "storage-team → provision-s3-bucket",
            "after": "no provider",
        })
    );

    // Each of those resources now resolves to no provider: one new error each, so exit 1.
    let new: BTreeSet<(String, String)> = report["newFindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            assert_eq!(f["severity"], "error");
            (
                f["code"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        new,
        BTreeSet::from([
            (
                "INN208".to_string(),
                "apps/invoice-worker/score.yaml".to_string()
            ),
            (
                "INN208".to_string(),
                "apps/orders-api/score.yaml".to_string()
            ),
        ])
    );
    assert_eq!(report["goneFindings"].as_array().unwrap().len(), 0);
    assert_eq!(out.status.code(), Some(1), "the change adds errors");

    // The working tree (clean, at HEAD) as the head says the same.
    let worktree = run(&dir, &["impact", "--base", "HEAD~1", "--format", "json"]);
    assert_eq!(json_of(&worktree), report);
    assert_eq!(worktree.status.code(), Some(1));

    // Reverting the change: the errors are gone, none is new, exit 0.
    let back = run(
        &dir,
        &[
            "impact", "--base", "HEAD", "--head", "HEAD~1", "--format", "json",
        ],
    );
    let back_report = json_of(&back);
    assert_eq!(back_report["newFindings"].as_array().unwrap().len(), 0);
    assert_eq!(back_report["goneFindings"].as_array().unwrap().len(), 2);
    assert_eq!(back.status.code(), Some(0));
}

#[test]
fn moved_lines_are_not_new_findings() {
    let Some(dir) = example_repository("moved") else {
        return;
    };
    drop_s3_claim(&dir);
    // The INN208 finding of orders-api moves down two lines; it is not new.
    edit_and_commit(
        &dir,
        "apps/orders-api/score.yaml",
        "apiVersion: score.dev/v1b1\n",
        "#\n#\napiVersion: score.dev/v1b1\n",
    );
    let out = run(&dir, &["impact", "--base", "HEAD~1", "--format", "json"]);
    let report = json_of(&out);
    assert_eq!(report["newFindings"].as_array().unwrap().len(), 0);
    assert_eq!(report["goneFindings"].as_array().unwrap().len(), 0);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(affected(&report, "application"), set(&["orders-api"]));
}

#[test]
fn a_golden_path_workflow_change_names_its_golden_path_only() {
    let Some(dir) = example_repository("golden") else {
        return;
    };
    edit_and_commit(
        &dir,
        "workflows/deploy-app.yaml",
        "          echo \"$APP_NAME answers on",
        "          echo \"$APP_NAME is up on",
    );
    let out = run(&dir, &["impact", "--base", "HEAD~1", "--format", "json"]);
    let report = json_of(&out);
    // goldenpaths.yaml runs deploy-app from workflows/deploy-app.yaml and ephemeral-env
    // from workflows/ephemeral-env.yaml; no provider lists either file and no Score spec
    // embeds them, so the one golden path is the only dependent outside the file.
    assert_eq!(affected(&report, "golden-path"), set(&["deploy-app"]));
    assert_eq!(affected(&report, "application"), set(&[]));
    assert_eq!(affected(&report, "provider"), set(&[]));
    assert_eq!(
        affected(&report, "workflow"),
        set(&["workflows/deploy-app.yaml"])
    );
    assert_eq!(out.status.code(), Some(0), "{report}");
}

#[test]
fn changed_files_without_a_base_give_the_head_radius_and_no_findings() {
    // No git needed: the working tree is the head.
    let dir = scratch_dir("impact", "named");
    copy_tree(&repo_root().join("examples"), &dir);
    let out = run(
        &dir,
        &[
            "impact",
            "--changed",
            "./providers/storage-team/provider.yaml",
            "--format",
            "json",
        ],
    );
    let report = json_of(&out);
    // In the examples storage-team serves the s3-bucket resources of the same two specs.
    assert_eq!(
        affected(&report, "application"),
        set(&["invoice-worker", "orders-api"])
    );
    assert_eq!(report["compared"], false);
    assert_eq!(
        report["changed"][0]["file"],
        "providers/storage-team/provider.yaml"
    );
    assert_eq!(report["changed"][0]["status"], "named");
    assert_eq!(out.status.code(), Some(0));
}

/// The cells of a Markdown table row (`| a | b \| c |` → `a`, `b | c`).
fn cells(row: &str) -> Vec<String> {
    let inner = row
        .trim()
        .strip_prefix('|')
        .unwrap()
        .strip_suffix('|')
        .unwrap();
    let mut cells = vec![String::new()];
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => cells.last_mut().unwrap().extend(chars.next()),
            '|' => cells.push(String::new()),
            c => cells.last_mut().unwrap().push(c),
        }
    }
    cells.iter().map(|c| c.trim().to_string()).collect()
}

/// The rows of the table under the heading that starts with `heading`: header, then body.
fn table(markdown: &str, heading: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let lines: Vec<&str> = markdown.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with(heading))
        .unwrap_or_else(|| panic!("no {heading:?} in:\n{markdown}"));
    let rows: Vec<&str> = lines[start + 1..]
        .iter()
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| l.starts_with('|'))
        .copied()
        .collect();
    assert!(rows.len() >= 2, "a table under {heading}:\n{markdown}");
    assert!(
        cells(rows[1]).iter().all(|c| c == "---"),
        "second row separates: {}",
        rows[1]
    );
    let header = cells(rows[0]);
    let body: Vec<Vec<String>> = rows[2..].iter().map(|r| cells(r)).collect();
    for row in &body {
        assert_eq!(row.len(), header.len(), "{row:?}");
    }
    (header, body)
}

#[test]
fn markdown_is_one_table_per_kind_and_tables_of_findings() {
    let Some(dir) = example_repository("markdown") else {
        return;
    };
    drop_s3_claim(&dir);
    let out = run(
        &dir,
        &["impact", "--base", "HEAD~1", "--format", "markdown"],
    );
    assert_eq!(out.status.code(), Some(1));
    let markdown = String::from_utf8(out.stdout).unwrap();
    let (header, apps) = table(&markdown, "### Applications");
    assert_eq!(header, ["Kind", "Name", "File:line", "Why (edge path)"]);
    let names: BTreeSet<&str> = apps.iter().map(|r| r[1].trim_matches('`')).collect();
    assert_eq!(names, BTreeSet::from(["invoice-worker", "orders-api"]));
    let orders = apps.iter().find(|r| r[1] == "`orders-api`").unwrap();
    assert_eq!(orders[0], "application");
    assert_eq!(orders[2], "`apps/orders-api/score.yaml:12`");
    assert!(
        orders[3].starts_with("provider:storage-team ← requires ← resource:orders-api/invoices"),
        "{}",
        orders[3]
    );
    let (_, resources) = table(&markdown, "### Score resources");
    assert_eq!(resources.len(), 2);
    assert!(resources.iter().all(|r| r[0] == "resource.s3-bucket"));
    let (header, new) = table(&markdown, "### New findings");
    assert_eq!(header, ["Severity", "Code", "File:line", "Message"]);
    assert_eq!(new.len(), 2);
    assert!(new.iter().all(|r| r[0] == "error" && r[1] == "`INN208`"));
    assert!(!markdown.contains("### Golden paths"));
}

#[test]
fn usage_errors_exit_2() {
    let dir = scratch_dir("impact", "usage");
    copy_tree(&repo_root().join("examples"), &dir);
    // Neither --base nor --changed.
    assert_eq!(run(&dir, &["impact"]).status.code(), Some(2));
    // --head without --base.
    assert_eq!(
        run(&dir, &["impact", "--head", "HEAD", "--changed", "a.yaml"])
            .status
            .code(),
        Some(2)
    );
    if !git_or_skip() {
        return;
    }
    // A revision the repository does not have (a fresh one has no HEAD yet).
    git(&dir, &["init", "-q"]);
    let out = run(&dir, &["impact", "--base", "HEAD"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a commit"));
}

/// The `data-id` of every `<g class="node …">` of a graph page whose classes include `class`.
fn nodes_with_class(html: &str, class: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (at, _) in html.match_indices("<g class=\"node") {
        let tag = &html[at..at + html[at..].find('>').unwrap()];
        let classes = tag["<g class=\"".len()..].split('"').next().unwrap();
        let id = tag
            .split("data-id=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        if classes.split(' ').any(|c| c == class) {
            out.insert(id.to_string());
        }
    }
    out
}

#[test]
fn html_is_the_graph_page_with_the_affected_nodes_highlighted() {
    let Some(dir) = example_repository("html") else {
        return;
    };
    drop_s3_claim(&dir);
    let json = json_of(&run(
        &dir,
        &["impact", "--base", "HEAD~1", "--format", "json"],
    ));
    let expected: BTreeSet<String> = json["affected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    let out = run(
        &dir,
        &[
            "impact",
            "--base",
            "HEAD~1",
            "--format",
            "html",
            "-o",
            "impact.html",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let html = std::fs::read_to_string(dir.join("impact.html")).unwrap();
    let highlighted = nodes_with_class(&html, "affected");
    // Every node of the report is in the head graph here (no document was deleted).
    assert_eq!(highlighted, expected);
    assert!(highlighted.contains("application:orders-api"));
    assert!(!highlighted.contains("application:storefront-web"));
    assert!(nodes_with_class(&html, "node").contains("application:storefront-web"));
}

#[test]
fn a_deleted_workflow_is_removed_and_its_golden_path_breaks() {
    let Some(dir) = example_repository("deleted") else {
        return;
    };
    git(&dir, &["rm", "-q", "workflows/ephemeral-env.yaml"]);
    git(&dir, &["commit", "-q", "-m", "drop ephemeral-env"]);
    let out = run(&dir, &["impact", "--base", "HEAD~1", "--format", "json"]);
    let report = json_of(&out);
    assert_eq!(report["changed"][0]["status"], "deleted");
    // The file's nodes come from the base graph: the workflow and its five steps, removed.
    let causes: BTreeSet<(String, String)> = report["affected"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["file"] == "workflows/ephemeral-env.yaml")
        .map(|a| {
            (
                a["kind"]
                    .as_str()
                    .unwrap()
                    .split('.')
                    .next()
                    .unwrap()
                    .to_string(),
                a["cause"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        causes,
        BTreeSet::from([
            ("step".to_string(), "removed".to_string()),
            ("workflow".to_string(), "removed".to_string()),
        ])
    );
    assert_eq!(affected(&report, "step").len(), 5);
    // goldenpaths.yaml runs ephemeral-env from that file; nothing else used it.
    assert_eq!(affected(&report, "golden-path"), set(&["ephemeral-env"]));
    assert_eq!(affected(&report, "application"), set(&[]));
    // The golden path's file is now missing: a new error in goldenpaths.yaml, exit 1.
    let new = report["newFindings"].as_array().unwrap();
    assert!(
        new.iter()
            .any(|f| f["file"] == "goldenpaths.yaml" && f["severity"] == "error"),
        "{new:?}"
    );
    assert_eq!(out.status.code(), Some(1));
}
