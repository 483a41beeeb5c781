//! The examples in every rule's documentation are executed. The ```yaml blocks under
//! "## Example" form a workspace that must trigger the rule; the blocks under "## Use instead"
//! form one that must not. A block names its file with a first line `# file: <path>`
//! (default `example.yaml`), so cross-file rules can show several files.
//!
//! Each rule's declared fixability (`explain --list`) is held to the fixes it really produces:
//! over its own example, the golden cases and the example workspace.

mod support;

use innominatus_engine::diagnostic::{Applicability, Diagnostic};
use innominatus_engine::rules::lint_file;
use innominatus_engine::rules::{self, Rule};
use innominatus_engine::source::SourceFile;
use innominatus_engine::workspace::{Policy, Workspace};
use std::sync::Arc;

/// The ```yaml blocks of one `## ` section of a rule's doc, with their file names.
fn yaml_blocks(doc: &str, section: &str) -> Vec<(String, String)> {
    let Some(start) = doc.find(section) else {
        return Vec::new();
    };
    let body = &doc[start + section.len()..];
    let body = &body[..body.find("\n## ").unwrap_or(body.len())];
    let mut blocks = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find("```yaml\n") {
        let from = open + "```yaml\n".len();
        let Some(len) = rest[from..].find("```") else {
            break;
        };
        let text = rest[from..from + len].to_string();
        let name = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# file: "))
            .unwrap_or("example.yaml")
            .to_string();
        blocks.push((name, text));
        rest = &rest[from + len + 3..];
    }
    blocks
}

/// The team policy a rule's doc shows in a ```toml block (`[policy]` of .innominatus.toml).
fn policy_of(doc: &str) -> Policy {
    let Some(open) = doc.find("```toml\n") else {
        return Policy::default();
    };
    let body = &doc[open + "```toml\n".len()..];
    let body = &body[..body.find("```").unwrap_or(body.len())];
    let value: toml::Table = body.parse().expect("the toml example parses");
    let list = |key: &str| -> Vec<String> {
        value
            .get("policy")
            .and_then(|p| p.get(key))
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    Policy {
        allowed_step_types: list("allowed-step-types"),
        required_labels: list("required-labels"),
        forbidden_image_tags: list("forbidden-image-tags"),
    }
}

/// Every code reported on the files of a workspace made of `blocks`, all rules enabled.
fn codes(blocks: &[(String, String)], policy: &Policy) -> Vec<&'static str> {
    findings(blocks, policy)
        .into_iter()
        .map(|d| d.code)
        .collect()
}

/// Every finding on the files of a workspace made of `blocks`, all rules enabled.
fn findings(blocks: &[(String, String)], policy: &Policy) -> Vec<Diagnostic> {
    let files: Vec<SourceFile> = blocks
        .iter()
        .map(|(name, text)| SourceFile::parse(Arc::from(name.as_str()), text.as_bytes()))
        .collect();
    let mut ws = Workspace::new(files, None, Box::new(|_: &str| false));
    ws.policy = policy.clone();
    let all = |_: &Rule| true;
    (0..ws.files.len())
        .flat_map(|i| lint_file(&ws, i, &all))
        .collect()
}

#[test]
fn documented_examples_behave_as_documented() {
    let mut problems = Vec::new();
    let mut executed = 0;
    for rule in rules::all() {
        let policy = policy_of(rule.doc);
        let failing = yaml_blocks(rule.doc, "## Example");
        if !failing.is_empty() {
            executed += 1;
            let got = codes(&failing, &policy);
            if !got.contains(&rule.code) {
                problems.push(format!(
                    "{}: the example does not trigger it (got {got:?})",
                    rule.code
                ));
            }
        }
        let fixed = yaml_blocks(rule.doc, "## Use instead");
        if !fixed.is_empty() {
            executed += 1;
            let got = codes(&fixed, &policy);
            if got.contains(&rule.code) {
                problems.push(format!(
                    "{}: the fixed example still triggers it",
                    rule.code
                ));
            }
            let errors: Vec<_> = got
                .iter()
                .filter(|c| c.starts_with("INN1") || c.starts_with("INN0"))
                .collect();
            if !errors.is_empty() && !rule.code.starts_with("INN0") {
                problems.push(format!(
                    "{}: the fixed example has syntax or schema findings {errors:?}",
                    rule.code
                ));
            }
        }
    }
    assert!(executed >= 40, "only {executed} examples found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `safe` or `unsafe`, as the JSON output spells an applicability.
fn applicability_name(applicability: Applicability) -> &'static str {
    match applicability {
        Applicability::Safe => "safe",
        Applicability::Unsafe => "unsafe",
    }
}

/// The fixes `innominatus lint --select ALL --format json` offers in `dir` (relative `args`),
/// as (code, applicability) pairs.
fn fixes_from_binary(dir: &std::path::Path, args: &[&str]) -> Vec<(String, String)> {
    let mut argv = vec!["lint", "--select", "ALL", "--format", "json"];
    argv.extend(args);
    let out = support::run(dir, &argv);
    let Ok(report) = serde_json::from_slice::<serde_json::Value>(&out.stdout) else {
        // A case about a broken configuration stops before linting: no findings to read.
        return Vec::new();
    };
    report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| {
            let applicability = d["fix"]["applicability"].as_str()?;
            Some((d["code"].as_str()?.to_string(), applicability.to_string()))
        })
        .collect()
}

#[test]
fn declared_fixability_matches_the_fixes_rules_produce() {
    use innominatus_engine::catalog::Fixability;
    use std::collections::{BTreeMap, BTreeSet};
    // code → the applicabilities of every fix seen for it, and where one was first seen.
    let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut first_seen: BTreeMap<String, String> = BTreeMap::new();
    let mut record = |code: String, applicability: String, place: &str| {
        first_seen
            .entry(code.clone())
            .or_insert_with(|| place.to_string());
        seen.entry(code).or_default().insert(applicability);
    };
    let mut problems = Vec::new();
    for rule in rules::all() {
        let failing = yaml_blocks(rule.doc, "## Example");
        let own_fixes: Vec<Applicability> = findings(&failing, &policy_of(rule.doc))
            .into_iter()
            .filter(|d| d.code == rule.code)
            .filter_map(|d| d.fix.map(|f| f.applicability))
            .collect();
        for applicability in own_fixes {
            let place = format!("the explain example of {}", rule.code);
            record(
                rule.code.to_string(),
                applicability_name(applicability).into(),
                &place,
            );
        }
    }
    let root = support::repo_root();
    let mut cases: Vec<_> = std::fs::read_dir(root.join("tests/cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() > 100, "only {} golden cases", cases.len());
    for dir in &cases {
        let own_config = dir.join(".innominatus.toml").exists();
        let args: &[&str] = if own_config {
            &["."]
        } else {
            &["--isolated", "."]
        };
        for (code, applicability) in fixes_from_binary(dir, args) {
            record(code, applicability, &dir.display().to_string());
        }
    }
    for (code, applicability) in fixes_from_binary(&root, &["examples"]) {
        record(code, applicability, "examples/");
    }
    for rule in rules::all() {
        let got = seen.get(rule.code).cloned().unwrap_or_default();
        let allowed: &[&str] = match rule.fix {
            Fixability::None => &[],
            Fixability::Safe => &["safe"],
            Fixability::Unsafe => &["unsafe"],
            Fixability::Sometimes => &["safe", "unsafe"],
        };
        if let Some(other) = got.iter().find(|a| !allowed.contains(&a.as_str())) {
            problems.push(format!(
                "{}: declared `{}` but produces {other} fixes (e.g. in {})",
                rule.code,
                rule.fix.as_str(),
                first_seen[rule.code]
            ));
        }
        if rule.fix != Fixability::None && got.is_empty() {
            problems.push(format!(
                "{}: declared `{}` but no fix is seen in its explain example, the golden cases or examples/",
                rule.code,
                rule.fix.as_str()
            ));
        }
        if rule.fix == Fixability::Sometimes && got.len() < 2 {
            problems.push(format!(
                "{}: declared `sometimes` but only {got:?} fixes are seen",
                rule.code
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
