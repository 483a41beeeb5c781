//! The YAML fast path (`engine/src/syntax/fast.rs`) against saphyr-parser: on every real file
//! of the corpus, the golden cases and the examples — and on variants of them with one line
//! changed — wherever the fast path accepts a text its tree equals saphyr's, node for node
//! and span for span. And it does accept the plain files that make up most workspaces, or it
//! would be no faster.

mod support;

use innominatus_engine::syntax::trees_from_both_parsers;

/// Checks one text; returns whether the fast path accepted it.
fn agrees(text: &str, what: &str) -> bool {
    let (fast, saphyr) = trees_from_both_parsers(text);
    match fast {
        None => false,
        Some(fast) => {
            assert!(
                fast == saphyr,
                "{what}: the fast path's tree differs from saphyr's\n--- text\n{text}\n--- fast\n{fast}\n--- saphyr\n{saphyr}"
            );
            true
        }
    }
}

#[test]
fn fast_path_trees_equal_saphyr_trees_on_real_files() {
    let mut accepted = 0;
    let files = support::real_yaml_texts();
    for (path, text) in &files {
        if agrees(text, path) {
            accepted += 1;
        }
    }
    eprintln!("fast path: {accepted} of {} files", files.len());
    // Most real files are plain block YAML; if the fast path stopped taking them it would
    // silently stop being fast.
    assert!(
        accepted * 2 > files.len(),
        "the fast path accepted only {accepted} of {} files",
        files.len()
    );
}

/// Every file again with one line changed at a time: indented one more or one less, cut in
/// half, doubled, or removed. Most variants are invalid or outside the fast path; the rest
/// must still agree with saphyr.
#[test]
fn fast_path_trees_equal_saphyr_trees_on_edited_files() {
    let mut checked = 0;
    for (path, text) in support::real_yaml_texts() {
        support::for_each_line_edit(&text, 40, |edited, what| {
            if agrees(edited, &format!("{path} {what}")) {
                checked += 1;
            }
        });
    }
    eprintln!("fast path: {checked} edited texts");
    assert!(
        checked > 1000,
        "only {checked} edited texts were inside the fast path"
    );
}

/// Hand-written texts for the corners of what the fast path takes (spans of empty values,
/// indentless sequences, block scalar chomping and folding, flow sequences, quoting).
#[test]
fn fast_path_trees_equal_saphyr_trees_on_corner_cases() {
    let cases = [
        "a:\nb:   # c\n\nc:\n  - x\n  -\n  - \n  -   # c\n  - y\n",
        "# lead\n\nk:   plain text   # c\nempty:\nlit: |-\n  a\n   b\n\n  c\n\n# cm\nfold: >\n  x\n  y\n\n  z\nq: 'it''s'\nkeep: |+\n  k\n\nlast: end\n",
        "x:\n  a: |\n    t\n\n  b: >+\n    m\n\n  # c\n  g: |-\n    q\ny:\n  h: {}\n  i: [ ]\n  j: [a , \"b\" ]\n  \"k l\": 'v'\n",
        "# c\n---  # x\nk:\n  - a\n  - b: 1\n    c: 2\nm:\n- n: 1\n  o:\n  - p\n- -1\nq: -1\n",
        "d: |\n\n  x\ne: \"a\\\"b\\\\c\\n\"\nf: 'a''b'\ng: [\"x, y\", 'z', 1, true, null]\n",
        "- a\n- b: c\n  d:\n-\n- |\n  lit\n- e\n",
        "k: v\n  continued\n",
        "k: [a,\n  b]\n",
        "a: 1\n---\nb: 2\n",
        "a: &x 1\nb: *x\n",
        "url: http://example.com:8080/x#y\nspaced key : v\n'q' : 1\n",
        "a: b: c\n",
        "a:\n  - x\n - y\n",
        "top:\n    deep: 1\n  odd: 2\n",
        "k: |\n  one\n two\n",
        "k: >\n  a\n    b\n  c\n",
        "k: |2\n   x\n",
        "k: |\n    \n  x\n",
        "k: [a, b\"c] # c\"\nj: {}  # d\n",
    ];
    let mut accepted = 0;
    for (i, text) in cases.iter().enumerate() {
        if agrees(text, &format!("case {i}")) {
            accepted += 1;
        }
    }
    eprintln!("fast path: {accepted} of {} corner cases", cases.len());
    assert!(
        accepted >= 6,
        "only {accepted} corner cases were inside the fast path"
    );
}
