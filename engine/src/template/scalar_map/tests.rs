use super::*;
use crate::syntax::{parse, NodeKind};
use std::sync::Arc;

/// The map of the value of top-level key `key` in `yaml`.
fn map_of(yaml: &str, key: &str) -> (ScalarMap, String) {
    let parsed = parse(&Arc::from("t.yaml"), yaml);
    let doc = &parsed.documents[0];
    let value = doc.get(doc.root.unwrap(), key).expect("key");
    let text = match &doc.node(doc.resolve(value)).kind {
        NodeKind::Scalar(s) => s.text.to_string(),
        other => panic!("not a scalar: {other:?}"),
    };
    (ScalarMap::for_node(doc, yaml, value).unwrap(), text)
}

/// Every occurrence of `needle` in the decoded text maps to the same text in the file.
fn assert_maps(yaml: &str, key: &str, needles: &[&str]) {
    let (map, text) = map_of(yaml, key);
    assert!(map.is_exact(), "not exact for {key}: {text:?}");
    for needle in needles {
        let mut from = 0;
        let mut found = false;
        while let Some(i) = text[from..].find(needle) {
            let dec = Span::new(from + i, from + i + needle.len());
            let src = map.span(dec);
            assert_eq!(&yaml[src.start..src.end], *needle, "{needle} at {dec:?}");
            from += i + needle.len();
            found = true;
        }
        assert!(found, "{needle} not in {text:?}");
    }
}

#[test]
fn literal_block_strips_indentation_per_line() {
    let yaml = "steps:\n  x: 1\nscript: |\n  #!/bin/bash\n  echo \"{{ .parameters.app_name }}\"\n\n    indented {{ .x }}\n  last\nnext: 1\n";
    assert_maps(
        yaml,
        "script",
        &[
            "#!/bin/bash",
            "{{ .parameters.app_name }}",
            "{{ .x }}",
            "last",
            "  indented",
        ],
    );
    let (map, text) = map_of(yaml, "script");
    // The end of the text maps after its last character (before the final line break).
    let end = map.offset(text.len());
    assert!(yaml[..end].ends_with("last") || yaml[..end].ends_with("last\n"));
}

#[test]
fn literal_block_with_non_ascii_text() {
    let yaml = "script: |\n  echo \"Größe: {{ .parameters.größe }}\" # ✓ naïve\n  echo 日本語 {{ now }}\n  emoji 🚀 {{ .parameters.x }}\n";
    assert_maps(
        yaml,
        "script",
        &[
            "{{ .parameters.größe }}",
            "日本語",
            "{{ now }}",
            "🚀",
            "{{ .parameters.x }}",
            "✓ naïve",
        ],
    );
}

#[test]
fn block_scalars_inside_sequences_and_with_chomping() {
    let yaml = "steps:\n  - name: a\n    config:\n      script: |-\n        echo ünï {{ .a }}\n\n        echo {{ .b }}\n\n\nother: |+\n  keep {{ .k }}\n\n";
    let parsed = parse(&Arc::from("t.yaml"), yaml);
    let doc = &parsed.documents[0];
    let steps = doc.get(doc.root.unwrap(), "steps").unwrap();
    let step = doc.items(steps)[0];
    let config = doc.get(step, "config").unwrap();
    let script = doc.get(config, "script").unwrap();
    let map = ScalarMap::for_node(doc, yaml, script).unwrap();
    assert!(map.is_exact());
    let text = doc.scalar(script).unwrap().text.clone();
    let i = text.find("{{ .b }}").unwrap();
    let s = map.span(Span::new(i, i + 8));
    assert_eq!(&yaml[s.start..s.end], "{{ .b }}");
    assert_maps(yaml, "other", &["keep {{ .k }}"]);
}

#[test]
fn folded_block() {
    let yaml =
        "text: >\n  first {{ .a }}\n  second ü {{ .b }}\n\n  third\n    more {{ .c }}\n  last\n";
    assert_maps(
        yaml,
        "text",
        &[
            "{{ .a }}",
            "second ü {{ .b }}",
            "third",
            "more {{ .c }}",
            "last",
        ],
    );
}

#[test]
fn explicit_indentation_indicator() {
    let yaml = "text: |2\n    lead {{ .a }}\n  base\n";
    assert_maps(yaml, "text", &["  lead {{ .a }}", "base"]);
}

#[test]
fn plain_and_quoted_scalars() {
    let yaml = "a: plain {{ .x }} ü\nb: 'it''s {{ .y }}'\nc: \"tab\\t{{ .z }} é\"\nd: multi\n  line {{ .w }}\n";
    assert_maps(yaml, "a", &["{{ .x }}", "ü"]);
    assert_maps(yaml, "b", &["{{ .y }}"]);
    assert_maps(yaml, "c", &["{{ .z }} é"]);
    assert_maps(yaml, "d", &["multi", "line {{ .w }}"]);
    // A decoded character produced by an escape maps to the whole escape.
    let (map, text) = map_of(yaml, "c");
    let tab = text.find('\t').unwrap();
    let s = map.span(Span::new(tab, tab + 1));
    assert_eq!(&yaml[s.start..s.end], "\\t");
    // So does the quote of `''`.
    let (map, text) = map_of(yaml, "b");
    let q = text.find('\'').unwrap();
    let s = map.span(Span::new(q, q + 1));
    assert_eq!(&yaml[s.start..s.end], "''");
}

#[test]
fn double_quoted_over_lines() {
    let yaml = "a: \"one {{ .x }}\n  two\\\n  three {{ .y }}\"\n";
    assert_maps(yaml, "a", &["{{ .x }}", "three {{ .y }}"]);
}

#[test]
fn falls_back_to_the_scalar_span() {
    let yaml = "a: &anchor value\nb: *anchor\n";
    let (map, _) = map_of(yaml, "b");
    // An alias resolves to the anchored scalar, whose text maps exactly.
    assert!(map.is_exact());
    let scalar = Scalar {
        text: "something else".into(),
        style: ScalarStyle::Plain,
        value: crate::syntax::ScalarValue::String,
    };
    let map = ScalarMap::new(yaml, Span::new(11, 16), &scalar);
    assert!(!map.is_exact());
    assert_eq!(map.span(Span::new(2, 4)), Span::new(11, 16));
}

/// The one-line shortcut gives exactly the segments of decoding line by line, for every
/// flow scalar of a file with quotes, escapes, folded lines, empty and non-ASCII values; and
/// it declines every scalar it cannot map byte for byte.
#[test]
fn one_line_shortcut_equals_decoding() {
    let yaml = "a: plain {{ .x }} ü\nb: 'it''s'\nc: \"tab\\t\"\nd: multi\n  line\n\
                e: ''\nf: \"\"\ng: 'quoted ${workflow.x}'\nh: \"dq {{ .y }} é\"\n\
                i: \"two\n  lines\"\nj: x\nk: 'a\"b'\nl: \"a'b\"\n";
    let parsed = parse(&Arc::from("t.yaml"), yaml);
    let doc = &parsed.documents[0];
    let (mut shortcut, mut declined) = (0, 0);
    for entry in doc.entries(doc.root.unwrap()) {
        let NodeKind::Scalar(s) = &doc.node(entry.value).kind else {
            panic!("a scalar");
        };
        let span = doc.node(entry.value).span;
        let quote = match s.style {
            ScalarStyle::Plain => None,
            ScalarStyle::SingleQuoted => Some('\''),
            ScalarStyle::DoubleQuoted => Some('"'),
            _ => panic!("a flow scalar"),
        };
        let q = usize::from(quote.is_some());
        let (start, end) = (span.start + q, span.end - q);
        let decoded = decode_flow_lines(yaml, start, end, quote, &s.text);
        match one_line_as_written(&yaml[start..end], start, quote, &s.text) {
            Some(segments) => {
                shortcut += 1;
                assert_eq!(Some(segments), decoded, "{:?}", s.text);
            }
            None => declined += 1,
        }
        // Whichever way, the map is the decoding's.
        assert_eq!(decode_flow(yaml, span, quote, &s.text), decoded);
    }
    // a, e, f, g, h, j, k, l take the shortcut; b and c (escapes), d and i (lines) do not.
    assert_eq!((shortcut, declined), (8, 4));
}
