//! Bad input never crashes anything: every real corpus file, cut short and damaged in the
//! ways people damage YAML (stray quotes, brackets, tabs, colons, anchors, binary bytes), goes
//! through the whole pipeline; every diagnostic range stays inside the text, on character
//! boundaries.

mod support;

use innominatus_engine::dialect::Dialect;
use innominatus_engine::rules::lint_file;
use innominatus_engine::source::SourceFile;
use innominatus_engine::workspace::Workspace;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

const DAMAGE: &[&[u8]] = &[
    b"\t",
    b"\"",
    b"'",
    b"[",
    b"{",
    b"]",
    b": ",
    b"- ",
    b"&a ",
    b"*a ",
    b"*undefined ",
    b"<<: *a\n",
    b"? ",
    b"!!str ",
    b"%YAML 1.2\n",
    b"@",
    b"`",
    b"|\n",
    b">-\n",
    b"---\n",
    b"...\n",
    b"#",
    b"\xff\xfe",
    b"\xe9",
    b"\x00",
    b"key: [a, {b: c\n",
    b"\"unterminated",
    b"\r\n",
    b"\xc3",
];

/// Every semantic rule on a damaged file (with the corpus file beside it as workspace).
fn lint_damaged(name: &str, bytes: &[u8]) {
    let src = SourceFile::parse(Arc::from(name), bytes);
    let ws = Workspace::new(vec![src], None, Box::new(|_: &str| false));
    let all = |_: &innominatus_engine::rules::Rule| true;
    for d in lint_file(&ws, 0, &all) {
        assert!(
            d.span.start <= d.span.end && d.span.end <= bytes.len(),
            "{name}: {:?} ({})",
            d.span,
            d.message
        );
    }
}

fn check(name: &str, bytes: &[u8]) {
    let src = SourceFile::parse(Arc::from(name), bytes);
    for dialect in [Dialect::Score, Dialect::Innominatus] {
        let diags = src.validate(dialect);
        let len = bytes.len();
        for d in &diags {
            assert!(
                d.span.start <= d.span.end && d.span.end <= len,
                "{name}: {:?} outside 0..{len} ({})",
                d.span,
                d.message
            );
            if let Some(text) = &src.text {
                assert!(
                    text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end),
                    "{name}: {:?} splits a character ({})",
                    d.span,
                    d.message
                );
            }
            assert!(!d.message.is_empty());
        }
    }
}

#[test]
fn damaged_corpus_files_never_crash_and_ranges_stay_valid() {
    let mut files = Vec::new();
    let Some(corpus) = support::corpus_or_skip() else {
        return;
    };
    yaml_files(&corpus, &mut files);
    files.sort();
    assert!(files.len() >= 180, "{} corpus files", files.len());
    let mut variants = 0;
    for path in &files {
        let original = std::fs::read(path).unwrap();
        let name = path.to_string_lossy();
        check(&name, &original);
        let len = original.len();
        // Truncated at ten places, as an interrupted save or a bad merge leaves a file.
        lint_damaged(&name, &original);
        for k in 1..10 {
            check(&name, &original[..len * k / 10]);
            lint_damaged(&name, &original[..len * k / 10]);
            variants += 1;
        }
        // Damaged at three places: the start of a line near 1/4, 1/2 and 3/4 of the file.
        for k in 1..4 {
            let mut at = len * k / 4;
            while at > 0 && original[at - 1] != b'\n' {
                at -= 1;
            }
            for damage in DAMAGE {
                let mut bytes = original[..at].to_vec();
                bytes.extend_from_slice(damage);
                bytes.extend_from_slice(&original[at..]);
                check(&name, &bytes);
                lint_damaged(&name, &bytes);
                variants += 1;
            }
            // And a character deleted in the middle of the line.
            let mut bytes = original.clone();
            if let Some(pos) = (at..len).find(|&i| original[i] == b':') {
                bytes.remove(pos);
                check(&name, &bytes);
                variants += 1;
            }
        }
    }
    assert!(variants > 10_000, "only {variants} variants checked");
}

#[test]
fn hostile_shapes_are_diagnosed_not_crashed() {
    let deep_flow = "a: ".to_string() + &"[".repeat(5000) + &"]".repeat(5000);
    let deep_block: String = (0..2000)
        .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
        .collect();
    let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
    let long_line = format!(
        "apiVersion: score.dev/v1b1\nmetadata:\n  name: {}\n",
        "x".repeat(1 << 20)
    );
    for (name, text) in [
        ("deep-flow.yaml", deep_flow.as_str()),
        ("deep-block.yaml", deep_block.as_str()),
        ("bomb.yaml", bomb),
        ("long.yaml", long_line.as_str()),
    ] {
        check(name, text.as_bytes());
    }
    let src = SourceFile::parse(Arc::from("bomb.yaml"), bomb.as_bytes());
    assert!(src
        .validate(Dialect::Score)
        .iter()
        .any(|d| d.code == "INN011"));
}
