//! The examples in every rule's documentation are executed: the first ```yaml block must
//! trigger the rule, the block after "Use instead" must not.

use innominatus_engine::rules;
use innominatus_engine::source::{auto_dialect, SourceFile};
use std::sync::Arc;

/// The ```yaml blocks of a rule's doc, with the file name a block names (`# file: x`).
fn yaml_blocks(doc: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut rest = doc;
    while let Some(start) = rest.find("```yaml\n") {
        let body_start = start + "```yaml\n".len();
        let Some(len) = rest[body_start..].find("```") else {
            break;
        };
        let body = rest[body_start..body_start + len].to_string();
        let name = body
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# file: "))
            .unwrap_or("example.yaml")
            .to_string();
        blocks.push((name, body));
        rest = &rest[body_start + len + 3..];
    }
    blocks
}

fn codes_for(name: &str, text: &str) -> Vec<&'static str> {
    let src = SourceFile::parse(Arc::from(name), text.as_bytes());
    let dialect = auto_dialect([&src]);
    src.validate(dialect).iter().map(|d| d.code).collect()
}

#[test]
fn documented_examples_behave_as_documented() {
    let mut problems = Vec::new();
    let mut executed = 0;
    for rule in rules::all() {
        let blocks = yaml_blocks(rule.doc);
        if let Some((name, failing)) = blocks.first() {
            executed += 1;
            let codes = codes_for(name, failing);
            if !codes.contains(&rule.code) {
                problems.push(format!(
                    "{}: the example does not trigger it (got {codes:?})",
                    rule.code
                ));
            }
        }
        if let Some((name, fixed)) = blocks.get(1) {
            executed += 1;
            let codes = codes_for(name, fixed);
            if codes.contains(&rule.code) {
                problems.push(format!(
                    "{}: the fixed example still triggers it",
                    rule.code
                ));
            }
            let errors: Vec<_> = codes
                .iter()
                .filter(|c| !c.starts_with("INN0") || **c == rule.code)
                .collect();
            if !errors.is_empty() && rule.code.starts_with("INN1") {
                problems.push(format!(
                    "{}: the fixed example has other schema findings {errors:?}",
                    rule.code
                ));
            }
        }
    }
    assert!(executed >= 30, "only {executed} examples found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
