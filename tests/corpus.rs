//! Real files from public repositories (`../shared/corpus`): nothing crashes, and in the
//! `score` dialect our verdict equals the official Score schema's (`EXPECTED.tsv`) for every
//! document, with errors on the same lines and deprecated forms reported as warnings only.

mod support;

use innominatus_engine::diagnostic::Severity;
use innominatus_engine::dialect::Dialect;
use innominatus_engine::schema;
use innominatus_engine::source::SourceFile;
use innominatus_engine::text::{ColumnUnit, LineIndex};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

struct Row {
    file: String,
    valid: bool,
    doc: usize,
    deprecated: usize,
}

fn expected_rows(corpus: &Path) -> Vec<Row> {
    let text = std::fs::read_to_string(corpus.join("score/EXPECTED.tsv")).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            Row {
                file: cols[0].to_string(),
                valid: cols[1] == "true",
                doc: cols[4].parse().unwrap(),
                deprecated: cols
                    .get(7)
                    .map_or(0, |c| c.split(';').filter(|p| !p.is_empty()).count()),
            }
        })
        .collect()
}

/// (file, doc) → 1-based lines of the official schema's errors (0 for the document root).
fn expected_error_lines(corpus: &Path) -> BTreeMap<(String, usize), BTreeSet<usize>> {
    let text = std::fs::read_to_string(corpus.join("score/EXPECTED.errors.tsv")).unwrap();
    let mut out: BTreeMap<(String, usize), BTreeSet<usize>> = BTreeMap::new();
    for l in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = l.split('\t').collect();
        let line: usize = cols[2].split(':').next().unwrap().parse().unwrap();
        out.entry((cols[0].to_string(), cols[1].parse().unwrap()))
            .or_default()
            .insert(line);
    }
    out
}

#[test]
fn score_dialect_agrees_with_the_official_schema_document_by_document() {
    let Some(corpus) = support::corpus_or_skip() else {
        return;
    };
    let rows = expected_rows(&corpus);
    let error_lines = expected_error_lines(&corpus);
    assert!(rows.len() >= 120, "EXPECTED.tsv has {} rows", rows.len());
    let mut disagreements = Vec::new();
    for row in &rows {
        let bytes = std::fs::read(corpus.join(&row.file)).unwrap();
        let src = SourceFile::parse(Arc::from(row.file.as_str()), &bytes);
        let text = src.text.clone().unwrap();
        let lines = LineIndex::new(&text);
        let doc = &src.parsed.documents[row.doc];
        let line_of = |offset: usize| lines.position(&text, offset, ColumnUnit::Char).line + 1;
        // Every document's schema, later ones included: this compares our schema with the
        // official one, while `validate` checks only the first document (the platform's).
        let mut checked = src.diagnostics.clone();
        if !doc.incomplete {
            checked.extend(schema::check(
                &src.file,
                doc,
                src.kinds[row.doc],
                Dialect::Score,
            ));
        }
        let diags: Vec<_> = checked
            .into_iter()
            .filter(|d| doc.span.contains(d.span.start) || (d.span.start == doc.span.end))
            .collect();
        let schema_errors: Vec<_> = diags
            .iter()
            .filter(|d| d.code.starts_with("INN1") && d.severity == Severity::Error)
            .collect();
        let ours_valid = schema_errors.is_empty();
        if ours_valid != row.valid {
            disagreements.push(format!(
                "{} doc {}: official valid={}, ours valid={} {:?}",
                row.file,
                row.doc,
                row.valid,
                ours_valid,
                schema_errors.iter().map(|d| &d.message).collect::<Vec<_>>()
            ));
            continue;
        }
        let root_line = doc.root.map_or(1, |r| line_of(doc.node(r).span.start));
        let want: BTreeSet<usize> = error_lines
            .get(&(row.file.clone(), row.doc))
            .map(|s| {
                s.iter()
                    .map(|&l| if l == 0 { root_line } else { l })
                    .collect()
            })
            .unwrap_or_default();
        let got: BTreeSet<usize> = schema_errors
            .iter()
            .map(|d| line_of(d.span.start))
            .collect();
        if want != got {
            disagreements.push(format!(
                "{} doc {}: official error lines {want:?}, ours {got:?}",
                row.file, row.doc
            ));
        }
        let deprecated: Vec<_> = diags.iter().filter(|d| d.code == "INN108").collect();
        if deprecated.len() != row.deprecated {
            disagreements.push(format!(
                "{} doc {}: {} deprecated forms expected, {} reported",
                row.file,
                row.doc,
                row.deprecated,
                deprecated.len()
            ));
        }
        if deprecated.iter().any(|d| d.severity == Severity::Error) {
            disagreements.push(format!(
                "{} doc {}: a deprecated form is an error",
                row.file, row.doc
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreement(s):\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

/// The command-line verdict per file: exit 1 exactly when the file's first document is
/// invalid. `validate` reads the first document only, as the platform does (later ones get
/// one `INN007` warning); a file whose first document the official schema did not judge is
/// not compared.
#[test]
fn validate_command_exit_status_matches_the_official_verdict_per_file() {
    let Some(corpus) = support::corpus_or_skip() else {
        return;
    };
    let mut valid_by_file: BTreeMap<String, bool> = BTreeMap::new();
    for row in expected_rows(&corpus).into_iter().filter(|r| r.doc == 0) {
        *valid_by_file.entry(row.file).or_insert(true) &= row.valid;
    }
    let mut wrong = Vec::new();
    for (file, valid) in &valid_by_file {
        let out = support::run(
            &corpus,
            &[
                "validate",
                "--isolated",
                "--dialect",
                "score",
                "--format",
                "concise",
                file,
            ],
        );
        let expected = if *valid { 0 } else { 1 };
        if out.status.code() != Some(expected) {
            wrong.push(format!(
                "{file}: exit {:?}, expected {expected}\n{}",
                out.status.code(),
                String::from_utf8_lossy(&out.stdout)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every corpus file, in both dialects and every output format: no crash, no internal error.
#[test]
fn no_corpus_file_crashes_any_output_format() {
    let Some(corpus) = support::corpus_or_skip() else {
        return;
    };
    for dialect in ["score", "innominatus"] {
        for format in ["text", "concise", "json", "sarif", "github"] {
            let out = support::run(
                &corpus,
                &[
                    "validate",
                    "--isolated",
                    "--dialect",
                    dialect,
                    "--format",
                    format,
                    ".",
                ],
            );
            let code = out.status.code();
            assert!(
                matches!(code, Some(0 | 1)),
                "{dialect}/{format}: exit {code:?}\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let stdout = String::from_utf8(out.stdout).unwrap();
            // SARIF lists every rule's documentation, INN902 included; look at results there.
            let internal = if format == "sarif" {
                let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
                v["runs"][0]["results"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|r| r["ruleId"] == "INN902")
            } else {
                stdout.contains("INN902")
            };
            assert!(!internal, "internal error in {dialect}/{format}");
            assert!(
                out.stderr.is_empty(),
                "{dialect}/{format} wrote to stderr: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            if format == "json" {
                let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
                assert!(v["summary"]["files"].as_u64().unwrap() >= 180);
            }
        }
    }
}

/// The platform's own repository, rebuilt from the flattened corpus names
/// (`providers__db__provider.yaml` → `providers/db/provider.yaml`), linted as a user runs it
/// (the default selection: info-level style rules are opt-in).
/// The output is a reviewed snapshot: any change in findings on real files shows up here.
#[test]
fn lint_findings_on_the_platforms_own_files_match_the_reviewed_snapshot() {
    let Some(corpus) = support::corpus_or_skip() else {
        return;
    };
    let corpus = corpus.join("innominatus");
    let root = std::env::temp_dir().join(format!("inn-platform-repo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let mut names: Vec<String> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    for name in &names {
        let target = root.join(name.replace("__", "/"));
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(corpus.join(name), &target).unwrap();
    }
    let out = support::run(&root, &["lint", "--isolated", "--format", "concise", "."]);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    std::fs::remove_dir_all(&root).unwrap();
    let snapshot = support::repo_root().join("tests/snapshots/corpus-innominatus.lint.txt");
    if let Some(diff) = support::compare(&snapshot, &stdout) {
        panic!("{diff}");
    }
}

/// The Score half of the corpus (every file under `score/`, as published by the Score
/// project and its users), linted with every rule as a user would run it on that tree. Like
/// the platform snapshot above (default selection), the output is reviewed: a change in findings on real Score
/// files shows up as a diff of `tests/snapshots/corpus-score.lint.txt`.
#[test]
fn lint_findings_on_real_score_files_match_the_reviewed_snapshot() {
    let Some(corpus) = support::corpus_or_skip() else {
        return;
    };
    let corpus = corpus.join("score");
    let out = support::run(&corpus, &["lint", "--isolated", "--format", "concise", "."]);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains("INN902"), "internal error:\n{stdout}");
    let snapshot = support::repo_root().join("tests/snapshots/corpus-score.lint.txt");
    if let Some(diff) = support::compare(&snapshot, &stdout) {
        panic!("{diff}");
    }
    // The walk reached every file (a file the walk skipped would be missing from review).
    let json = support::run(&corpus, &["lint", "--isolated", "--format", "json", "."]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let mut files = Vec::new();
    yaml_files_under(&corpus, &mut files);
    assert_eq!(v["summary"]["files"].as_u64(), Some(files.len() as u64));
}

fn yaml_files_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            yaml_files_under(&p, out);
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(p);
        }
    }
}

/// Every YAML file of the corpus is covered by one of the two reviewed lint snapshots: the
/// platform repository (`innominatus/`) or the Score tree (`score/`). A file added to the
/// corpus elsewhere would escape review, so this fails until a snapshot covers it.
#[test]
fn every_corpus_file_is_covered_by_a_lint_snapshot() {
    let Some(corpus) = support::corpus_or_skip() else {
        return;
    };
    let mut files = Vec::new();
    yaml_files_under(&corpus, &mut files);
    assert!(files.len() >= 180, "only {} corpus files", files.len());
    let outside: Vec<_> = files
        .iter()
        .filter(|p| {
            !p.starts_with(corpus.join("innominatus")) && !p.starts_with(corpus.join("score"))
        })
        .collect();
    assert!(
        outside.is_empty(),
        "not covered by a lint snapshot: {outside:?}"
    );
}
