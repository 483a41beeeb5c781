//! Schema validation reading the syntax tree in place (`engine/src/schema/tree_json.rs`)
//! against validation of the converted JSON copy, which every document got before: on every
//! real file of the corpus, the golden cases and the examples, and on variants of them with
//! one line changed, each document read in place gets the same diagnostics (schema errors
//! and deprecated forms) under every kind's schema in both dialects.

mod support;

use innominatus_engine::schema::checks_in_place_and_converted;

/// Checks one text; returns how many (document, schema) pairs were read in place and how
/// many of them had findings.
fn agrees(text: &str, what: &str) -> (usize, usize) {
    let checks = checks_in_place_and_converted(text);
    let mut with_findings = 0;
    for (which, in_place, converted) in &checks {
        assert!(
            in_place == converted,
            "{what}, {which}: reading in place differs from reading a converted copy\n\
             --- text\n{text}\n--- in place\n{in_place:#?}\n--- converted\n{converted:#?}"
        );
        with_findings += usize::from(!in_place.is_empty());
    }
    (checks.len(), with_findings)
}

#[test]
fn reading_in_place_finds_what_reading_a_copy_finds_on_real_files() {
    let (mut checked, mut with_findings) = (0, 0);
    for (path, text) in support::real_yaml_texts() {
        let (c, f) = agrees(&text, &path);
        checked += c;
        with_findings += f;
    }
    eprintln!("in place: {checked} document × schema pairs, {with_findings} with findings");
    // Most real documents are plain data; if they stopped being read in place, this test
    // would compare nothing and validation would silently be slower.
    assert!(checked > 5000, "only {checked} pairs were read in place");
    assert!(with_findings * 2 > checked, "too few findings to compare");
}

#[test]
fn reading_in_place_finds_what_reading_a_copy_finds_on_edited_files() {
    let (mut checked, mut with_findings) = (0, 0);
    for (path, text) in support::real_yaml_texts() {
        // Fewer lines than the syntax test: every variant is validated 16 times.
        support::for_each_line_edit(&text, 10, |edited, what| {
            let (c, f) = agrees(edited, &format!("{path} {what}"));
            checked += c;
            with_findings += f;
        });
    }
    eprintln!("in place: {checked} edited document × schema pairs, {with_findings} with findings");
    assert!(checked > 50_000, "only {checked} pairs were read in place");
}

/// Texts for the corners where JSON and YAML disagree: non-finite floats, keys that are
/// numbers or booleans, empty values, non-ASCII strings and lengths, deprecated list forms.
#[test]
fn reading_in_place_finds_what_reading_a_copy_finds_on_corner_cases() {
    let cases = [
        "apiVersion: score.dev/v1b1\nmetadata:\n  name: .inf\ncontainers:\n  main:\n    image: .nan\n",
        "apiVersion: score.dev/v1b1\nmetadata:\n  name: x\n  1: 2\n  true: false\ncontainers:\n  main:\n    image: ~\n",
        "apiVersion: score.dev/v1b1\nmetadata:\n  name: ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé\ncontainers: {}\n",
        "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: nginx\n    files:\n      - target: /etc/x\n        content: hi\n    volumes:\n      - source: v\n        target: /data\nservice:\n  ports:\n    www:\n      port: 8080.0\n      protocol: TCP\n",
        "apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: nginx\nservice:\n  ports:\n    www:\n      port: 1e3\n      protocol: tcp\nresources:\n  db:\n    type: postgres\n    params: [1, 2]\n",
    ];
    let mut checked = 0;
    for (i, text) in cases.iter().enumerate() {
        checked += agrees(text, &format!("case {i}")).0;
    }
    assert_eq!(checked, cases.len() * 16, "every case is read in place");
}
