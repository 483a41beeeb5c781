use super::*;
use crate::text::Span;

/// Go's verdict (`go1.19 text/template`, `template.New("manifest").Parse`): the first error
/// message without its `template: manifest:LINE: ` prefix, or `OK`.
fn verdict(text: &str) -> String {
    let t = Template::parse(text);
    match t.first_error() {
        Some(e) => e.message.clone(),
        None => "OK".to_string(),
    }
}

fn error_at(text: &str) -> (String, String, ErrorKind) {
    let t = Template::parse(text);
    let e = t.first_error().expect("an error");
    (
        e.message.clone(),
        text[e.span.start..e.span.end].to_string(),
        e.kind.clone(),
    )
}

#[test]
fn go_verdicts_on_common_mistakes() {
    // Each verdict checked against Go 1.19's text/template.
    let cases = [
        ("{{ .parameters.app_name }}", "OK"),
        ("{{ now }}", "function \"now\" not defined"),
        ("{{ .x }", "unexpected \"}\" in operand"),
        ("{{ if .x }}a", "unexpected EOF"),
        ("{{ .x", "unclosed action"),
        ("{{ end }}", "unexpected {{end}}"),
        ("{{ }}", "missing value for command"),
        ("{{ $x }}", "undefined variable \"$x\""),
        (
            "{{ .steps.create-git-repo.output.clone_url }}",
            "bad character U+002D '-'",
        ),
        ("{{ -git }}", "bad number syntax: \"-g\""),
        ("{{/* unclosed", "unclosed comment"),
        (
            "{{ .x | \"s\" }}",
            "non executable command in pipeline stage 2",
        ),
        ("{{ ( .x }}", "unclosed left paren"),
        (
            "{{ .Values.foo | default \"x\" }}",
            "function \"default\" not defined",
        ),
        ("{{- .x -}}", "OK"),
        ("{{ if .a }}x{{ else if .b }}y{{ else }}z{{ end }}", "OK"),
        ("{{ range $i, $x := .a }}{{ $i }}{{ $x }}{{ end }}", "OK"),
        ("{{ \"\\q\" }}", "invalid syntax"),
        ("{{ .a - }}", "illegal number syntax: \"-\""),
        (
            "{{ range .x }}{{ break }}{{ end }}{{ break }}",
            "{{break}} outside {{range}}",
        ),
    ];
    for (text, want) in cases {
        assert_eq!(verdict(text), want, "{text}");
    }
}

#[test]
fn errors_point_at_the_offending_text() {
    let (msg, at, kind) = error_at("echo {{ .steps.create-git-repo.output.clone_url }}");
    assert_eq!(msg, "bad character U+002D '-'");
    assert_eq!(at, ".create-git-repo");
    assert_eq!(kind, ErrorKind::NonIdentifierField);

    let (msg, at, kind) = error_at("date: {{ now | printf \"%s\" }}");
    assert_eq!(msg, "function \"now\" not defined");
    assert_eq!(at, "now");
    assert_eq!(kind, ErrorKind::UndefinedFunction("now".into()));

    let (_, at, _) = error_at("a\n{{ if .parameters.x }}\nb\n");
    assert_eq!(at, "{{ if .parameters.x }}");

    let (_, at, _) = error_at("x {{ .a } y");
    assert_eq!(at, "}");

    let (_, at, _) = error_at("x {{ .a \n y");
    assert_eq!(at, "{{");
}

#[test]
fn recoverable_errors_are_all_reported() {
    let t = Template::parse("{{ now }} {{ .a.b-c }} {{ .x.y-z }} {{ upper .q }}");
    assert!(!t.fatal);
    let kinds: Vec<&ErrorKind> = t.errors.iter().map(|e| &e.kind).collect();
    assert_eq!(
        kinds,
        [
            &ErrorKind::UndefinedFunction("now".into()),
            &ErrorKind::NonIdentifierField,
            &ErrorKind::NonIdentifierField,
            &ErrorKind::UndefinedFunction("upper".into()),
        ]
    );
    // A syntax error ends parsing: errors after it are not known.
    let t = Template::parse("{{ now }} {{ .x } {{ upper }}");
    assert!(t.fatal);
    assert_eq!(t.errors.len(), 2);
}

fn refs(text: &str) -> Vec<(String, Usage, String)> {
    let t = Template::parse(text);
    assert!(t.errors.is_empty(), "{:?}", t.errors);
    t.data_refs()
        .into_iter()
        .map(|r| {
            let path: Vec<&str> = r.path.iter().map(|(n, _)| n.as_str()).collect();
            (
                path.join("."),
                r.usage,
                text[r.span.start..r.span.end].to_string(),
            )
        })
        .collect()
}

#[test]
fn data_references_follow_dot() {
    let got = refs(concat!(
        "{{ .parameters.a }}{{ if .parameters.flag }}{{ end }}",
        "{{ with .parameters }}{{ .b }}{{ end }}",
        "{{ range .parameters.list }}{{ .ignored }}{{ end }}",
        "{{ $p := .parameters }}{{ $p.c }}{{ $.steps.x }}",
        "{{ index .parameters \"d-e\" }}{{ if not .parameters.g }}{{ end }}",
        "{{ if and .parameters.h (eq .parameters.i \"x\") }}{{ end }}",
    ));
    let want = [
        ("parameters.a", Usage::Value, ".parameters.a"),
        ("parameters.flag", Usage::Truth, ".parameters.flag"),
        ("parameters", Usage::Truth, ".parameters"),
        ("parameters.b", Usage::Value, ".b"),
        ("parameters.list", Usage::Ranged, ".parameters.list"),
        ("parameters", Usage::Value, ".parameters"),
        ("parameters.c", Usage::Value, "$p.c"),
        ("steps.x", Usage::Value, "$.steps.x"),
        ("parameters.d-e", Usage::Value, "index .parameters \"d-e\""),
        ("parameters.g", Usage::Truth, ".parameters.g"),
        ("parameters.h", Usage::Truth, ".parameters.h"),
        ("parameters.i", Usage::Value, ".parameters.i"),
    ];
    let want: Vec<(String, Usage, String)> = want
        .iter()
        .map(|(p, u, s)| (p.to_string(), *u, s.to_string()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn names_carry_their_spans() {
    let text = "{{ .parameters.db_name }}";
    let t = Template::parse(text);
    let r = &t.data_refs()[0];
    assert_eq!(r.span_of(0), Span::new(4, 14));
    assert_eq!(&text[r.span_of(1).start..r.span_of(1).end], "db_name");
}

/// Thousands of nested blocks or parentheses stop the parser with a `TooDeep` error where
/// the limit is crossed, instead of recursing until the stack overflows; ordinary nesting
/// still parses.
#[test]
fn deeply_nested_blocks_and_parentheses_stop_the_parser_not_the_stack() {
    use crate::limits::MAX_TEMPLATE_NESTING;
    for (open, close) in [
        ("{{if 1}}", "{{end}}"),
        ("{{with .a}}", "{{end}}"),
        ("{{range .a}}", "{{end}}"),
        ("{{block \"b\" .}}", "{{end}}"),
    ] {
        let deep = open.repeat(5000) + "1" + &close.repeat(5000);
        let t = Template::parse(&deep);
        assert!(t.fatal, "{open}");
        let e = t.first_error().unwrap();
        assert_eq!(e.kind, ErrorKind::TooDeep, "{open}: {}", e.message);
        assert!(
            e.message.contains("nested more than"),
            "{open}: {}",
            e.message
        );
        assert!(e.span.end <= deep.len());
        let fine = open.repeat(20) + "1" + &close.repeat(20);
        assert!(Template::parse(&fine).errors.is_empty(), "{open}");
    }
    // Parentheses alone: the error is at the parenthesis that opens level 101.
    let n = 8_000;
    let text = format!("{{{{ {}1{} }}}}", "(".repeat(n), ")".repeat(n));
    let t = Template::parse(&text);
    let e = t.first_error().unwrap();
    assert_eq!(e.kind, ErrorKind::TooDeep);
    assert_eq!(
        e.span,
        Span::new(3 + MAX_TEMPLATE_NESTING, 4 + MAX_TEMPLATE_NESTING)
    );
    // Blocks and parentheses count together.
    let mixed = format!(
        "{}{{{{ {}1{} }}}}{}",
        "{{if 1}}".repeat(60),
        "(".repeat(60),
        ")".repeat(60),
        "{{end}}".repeat(60)
    );
    assert_eq!(
        Template::parse(&mixed).first_error().unwrap().kind,
        ErrorKind::TooDeep
    );
    // The deepest accepted expression parses without errors.
    let m = MAX_TEMPLATE_NESTING;
    let text = format!("{{{{ {}.x{} }}}}", "(".repeat(m), ")".repeat(m));
    assert!(Template::parse(&text).errors.is_empty());
}
