//! Property: on any YAML-ish text, every range a diagnostic, related location or fix edit
//! names lies inside the file and on character boundaries, so no renderer or editor ever
//! slices a character in half.

use crate::rules::lint_file;
use crate::rules::Rule;
use crate::source::SourceFile;
use crate::workspace::Workspace;
use proptest::prelude::*;
use std::sync::Arc;

/// A start that makes the engine treat the text as a given kind, so schema and semantic
/// rules run, not only the syntax layer.
const HEADS: &[&str] = &[
    "",
    "apiVersion: score.dev/v1b1\nmetadata:\n  name: app\n",
    "apiVersion: innominatus.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: wf\nsteps:\n",
    "apiVersion: v1\nkind: Provider\nmetadata:\n  name: p\n",
    "goldenpaths:\n",
];

/// Pieces of YAML, templates, placeholders and multi-byte text, in any order.
const PIECES: &[&str] = &[
    "\n",
    "  ",
    "    ",
    "- ",
    ": ",
    "name: ",
    "type: ",
    "steps:",
    "dependsOn: [",
    "]",
    "{",
    "}",
    "\"",
    "'",
    "&a ",
    "*a",
    "<<: *a",
    "? ",
    "|\n",
    ">-\n",
    "---\n",
    "# c",
    "\t",
    "\r\n",
    "é",
    "日本",
    "😀",
    "${resources.db.host}",
    "${",
    "{{ .parameters.x }}",
    "{{",
    "$$",
    "when: ",
    "if: ",
    "== ",
    "x",
    "1",
    "true",
    "null",
    "containers:",
    "resources:",
    "image: nginx",
    "workflow: ./w.yaml",
    "parallelGroup: 2",
    "!!str ",
];

fn yamlish() -> impl Strategy<Value = (String, String)> {
    (
        prop::sample::select(HEADS),
        prop::collection::vec(prop::sample::select(PIECES), 0..60),
        prop::sample::select(vec![
            "score.yaml",
            "providers/p/provider.yaml",
            "providers/p/workflows/w.yaml",
            "goldenpaths.yaml",
        ]),
    )
        .prop_map(|(head, body, name)| (name.to_string(), format!("{head}{}", body.concat())))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    #[test]
    fn every_range_is_inside_the_text_on_character_boundaries((name, text) in yamlish()) {
        let src = SourceFile::parse(Arc::from(name.as_str()), text.as_bytes());
        let ws = Workspace::new(vec![src], None, Box::new(|_: &str| false));
        let all = |_: &Rule| true;
        for d in lint_file(&ws, 0, &all) {
            let mut spans = vec![d.span];
            spans.extend(d.related.iter().filter(|r| *r.file == *name).map(|r| r.span));
            spans.extend(d.fix.iter().flat_map(|f| &f.edits).map(|e| e.span));
            for s in spans {
                prop_assert!(s.start <= s.end && s.end <= text.len(), "{} {:?}", d.code, s);
                prop_assert!(
                    text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
                    "{} {:?} cuts a character", d.code, s
                );
            }
        }
    }
}
