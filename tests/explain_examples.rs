//! The examples in every rule's documentation are executed. The ```yaml blocks under
//! "## Example" form a workspace that must trigger the rule; the blocks under "## Use instead"
//! form one that must not. A block names its file with a first line `# file: <path>`
//! (default `example.yaml`), so cross-file rules can show several files.

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
    let files: Vec<SourceFile> = blocks
        .iter()
        .map(|(name, text)| SourceFile::parse(Arc::from(name.as_str()), text.as_bytes()))
        .collect();
    let mut ws = Workspace::new(files, None, Box::new(|_: &str| false));
    ws.policy = policy.clone();
    let all = |_: &Rule| true;
    (0..ws.files.len())
        .flat_map(|i| lint_file(&ws, i, &all))
        .map(|d| d.code)
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
