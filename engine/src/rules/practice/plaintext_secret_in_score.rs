use crate::diagnostic::Severity;
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};
use crate::syntax::{Document, NodeId, ScalarValue};
use crate::template::ScalarMap;
use crate::text::Span;
use regex::Regex;
use std::sync::LazyLock;

pub static PLAINTEXT_SECRET_IN_SCORE: Rule = Rule {
    code: "INN609",
    name: "plaintext-secret-in-score",
    group: Group::BestPractice,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "A credential written in clear text in a Score spec's container variables or files",
    doc: r#"## What it does
Reports credentials written literally in a Score spec's container `variables` values and
`files` `content`:
- live API key shapes: Stripe `sk_live_…`, AWS access key ids `AKIA…` (16 more capitals or
  digits), GitHub tokens `ghp_…`, Slack tokens `xoxb-…`/`xoxp-…`;
- private key blocks (`-----BEGIN … PRIVATE KEY-----`);
- variables named like a password, secret, token or API key (`DB_PASSWORD`, `S3_SECRET_KEY`,
  `GITHUB_TOKEN`, `API_KEY`) whose value is literal text rather than a `${…}` placeholder.

The finding points at the key shape inside the text, or at the variable's value; the value
itself is never printed.

## Why is this bad?
The spec is committed and sent to the platform with every deploy, and the built-in
Kubernetes provisioner copies container variables verbatim into the manifests it generates:
the credential ends up in the repository's history and in every generated manifest,
readable by anyone who can read those. Nothing fails, which is why nobody notices.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  api:
    image: ghcr.io/acme/orders:1.4.2
    variables:
      DB_PASSWORD: hunter2
      STRIPE_KEY: sk_live_4eC39HqLyjWDarjtT1zdp7dc
```

## Use instead
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  api:
    image: ghcr.io/acme/orders:1.4.2
    variables:
      DB_PASSWORD: ${resources.db.password}
      STRIPE_KEY: ${resources.payments.api-key}
resources:
  db:
    type: postgres
  payments:
    type: vault-space
```

## Fix safety
No fix: move the credential into a secret resource, refer to it with a placeholder, and
rotate it, since it is already in the repository's history.
"#,
};

pub static LINT: Lint = Lint {
    rule: &PLAINTEXT_SECRET_IN_SCORE,
    kinds: &[DocumentKind::Score],
    check,
};

/// Shapes of live credentials, each with its name for the message. Word boundaries keep a
/// longer identifier that merely contains the shape from matching.
static KEY_SHAPES: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    SHAPES
        .iter()
        .map(|(what, pattern)| (*what, Regex::new(pattern).expect("valid pattern")))
        .collect()
});

/// A literal that every shape's match contains, all searched together in one scan: almost
/// no value holds one, and those that hold none skip the scan for each shape (whose word
/// boundaries the fast literal search cannot take).
static ANY_SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"sk_live_|AKIA|ghp_|xox[bp]-|PRIVATE KEY-----").expect("valid pattern")
});

const SHAPES: [(&str, &str); 5] = [
    ("a Stripe live secret key", r"\bsk_live_[0-9A-Za-z]{16,}"),
    ("an AWS access key id", r"\bAKIA[0-9A-Z]{16}\b"),
    ("a GitHub personal access token", r"\bghp_[0-9A-Za-z]{36}\b"),
    ("a Slack token", r"\bxox[bp]-[0-9A-Za-z-]{10,}"),
    (
        "a private key",
        r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----",
    ),
];

/// A variable name that says its value is a credential: it ends in password, passwd,
/// secret, secret key, token or API key (`DB_PASSWORD`, `githubToken`, `S3_SECRET_KEY`), so
/// `TOKEN_URL` or `SECRET_NAME` do not count. An access key id names an account rather than
/// proving it (`S3_ACCESS_KEY` beside `S3_SECRET_KEY`): only its AWS shape is reported.
fn names_a_credential(key: &str) -> bool {
    // Asked of every variable of every spec: only the name's last letters are compared,
    // lower-cased, separators skipped, in a buffer as long as the longest ending.
    const ENDINGS: [&str; 6] = [
        "password",
        "passwd",
        "secret",
        "secretkey",
        "token",
        "apikey",
    ];
    const LONGEST: usize = {
        let (mut longest, mut i) = (0, 0);
        while i < ENDINGS.len() {
            if ENDINGS[i].len() > longest {
                longest = ENDINGS[i].len();
            }
            i += 1;
        }
        longest
    };
    let mut tail = [0u8; LONGEST];
    let mut n = 0;
    for b in key
        .bytes()
        .rev()
        .filter(|b| !matches!(b, b'_' | b'-' | b'.'))
    {
        if n == LONGEST {
            break;
        }
        tail[LONGEST - 1 - n] = b.to_ascii_lowercase();
        n += 1;
    }
    let tail = &tail[LONGEST - n..];
    ENDINGS.iter().any(|e| tail.ends_with(e.as_bytes()))
}

/// The length of the shortest text any of `SHAPES` matches (`xoxb-` and ten characters):
/// a shorter value, as most are, is not searched at all.
const SHORTEST_SHAPE: usize = 15;

/// A value the platform or a Score implementation fills in, or that holds nothing: empty,
/// or containing a `${…}` placeholder.
fn is_filled_in(value: &str) -> bool {
    value.trim().is_empty() || value.contains("${")
}

fn check(cx: &mut LintContext<'_>) {
    let doc = cx.doc;
    let Some(root) = doc.root.filter(|r| doc.is_mapping(*r)) else {
        return;
    };
    let Some(containers) = doc.get(root, "containers").map(|c| doc.resolve(c)) else {
        return;
    };
    if !doc.is_mapping(containers) {
        return;
    }
    for c in doc.entries(containers) {
        let container = doc.key_text(c.key).unwrap_or("?").to_string();
        let c = doc.resolve(c.value);
        if let Some(vars) = doc.get(c, "variables").map(|v| doc.resolve(v)) {
            if doc.is_mapping(vars) {
                for e in doc.entries(vars) {
                    let Some(key) = doc.key_text(e.key) else {
                        continue;
                    };
                    let place = || format!("containers.{container}.variables.{key}");
                    check_value(cx, doc.resolve(e.value), &place, Some(key));
                }
            }
        }
        for (label, file) in file_items(doc, doc.get(c, "files")) {
            if let Some(content) = doc.get(file, "content") {
                let place = || format!("containers.{container}.files.{label}.content");
                check_value(cx, doc.resolve(content), &place, None);
            }
        }
    }
}

/// The items of `files` with a label for messages: the target (map form) or the position.
fn file_items(doc: &Document, node: Option<NodeId>) -> Vec<(String, NodeId)> {
    let Some(node) = node.map(|n| doc.resolve(n)) else {
        return Vec::new();
    };
    if doc.is_mapping(node) {
        doc.entries(node)
            .iter()
            .filter(|e| !doc.is_merge_key(e.key))
            .map(|e| (doc.key_text(e.key).unwrap_or("?").to_string(), e.value))
            .collect()
    } else {
        doc.items(node)
            .iter()
            .enumerate()
            .map(|(i, n)| (format!("[{i}]"), *n))
            .collect()
    }
}

/// Reports the key shapes inside the string at `node`, or, when there is none and the
/// variable's name says it holds a credential, the literal value as a whole.
/// `place` names the value for messages (built only for a finding).
fn check_value(
    cx: &mut LintContext<'_>,
    node: NodeId,
    place: &dyn Fn() -> String,
    name: Option<&str>,
) {
    let doc = cx.doc;
    let Some(scalar) = doc.scalar(node) else {
        return;
    };
    let text = scalar.text.as_str();
    let help = || {
        "keep the credential out of the spec: declare a secret resource (a vault or secret store type) and refer to its output with a `${resources.<name>.<output>}` placeholder; rotate the credential, it is in the repository's history".to_string()
    };
    let mut found = false;
    let mut map: Option<ScalarMap> = None;
    let shapes = if text.len() >= SHORTEST_SHAPE && ANY_SHAPE.is_match(text) {
        KEY_SHAPES.as_slice()
    } else {
        &[]
    };
    for (what, shape) in shapes {
        for m in shape.find_iter(text) {
            let map =
                map.get_or_insert_with(|| ScalarMap::new(cx.text(), doc.node(node).span, scalar));
            let span = map.span(Span::new(m.start(), m.end()));
            let d = cx.report(span, format!("`{}` holds {what} in clear text", place()));
            d.help = Some(help());
            found = true;
        }
    }
    let Some(name) = name else { return };
    // Only a string: `DB_PASSWORD: 5` is no credential worth a finding, nor `null`.
    if found
        || scalar.value != ScalarValue::String
        || !names_a_credential(name)
        || is_filled_in(text)
    {
        return;
    }
    let d = cx.report(
        doc.node(node).span,
        format!("variable `{}` is named like a credential and holds literal text; a secret belongs in a secret resource, not in the spec", place()),
    );
    d.help = Some(help());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_names() {
        for yes in [
            "DB_PASSWORD",
            "githubToken",
            "S3_SECRET_KEY",
            "API_KEY",
            "client-secret",
            "TOKEN",
            "my.Api-Key",
            "ÜBER_PASS_WD",
        ] {
            assert!(names_a_credential(yes), "{yes}");
        }
        for no in [
            "TOKEN_URL",
            "SECRET_NAME",
            "PASSWORD_FILE",
            "DB_HOST",
            "S3_ACCESS_KEY",
            "OKEN",
            "",
            "_",
            "PASSWORDÜ",
        ] {
            assert!(!names_a_credential(no), "{no}");
        }
    }

    /// No shape matches a text shorter than `SHORTEST_SHAPE` (the search is skipped for
    /// those): each pattern's shortest match, in bytes, as the regex parser computes it.
    #[test]
    fn no_shape_matches_a_shorter_text() {
        let shortest = SHAPES
            .iter()
            .map(|(_, pattern)| {
                let hir = regex_syntax::parse(pattern).expect("valid pattern");
                hir.properties()
                    .minimum_len()
                    .expect("a pattern that can match")
            })
            .min();
        assert_eq!(shortest, Some(SHORTEST_SHAPE));
    }

    #[test]
    fn key_shapes() {
        let hits = |t: &str| KEY_SHAPES.iter().filter(|(_, r)| r.is_match(t)).count();
        assert_eq!(hits("AKIAIOSFODNN7EXAMPLE"), 1);
        assert_eq!(hits("xAKIAIOSFODNN7EXAMPLE"), 0);
        assert_eq!(hits("-----BEGIN RSA PRIVATE KEY-----\nMII"), 1);
        assert_eq!(hits("-----BEGIN PRIVATE KEY-----"), 1);
        assert_eq!(hits("-----BEGIN PUBLIC KEY-----"), 0);
        assert_eq!(hits("sk_test_4eC39HqLyjWDarjtT1zdp7dc"), 0);
        assert_eq!(hits("xoxb-1234567890-abcdef"), 1);
    }

    /// The one scan for all shapes must let every match through: each shape's matches,
    /// wherever they sit in a value, hold one of its literals.
    #[test]
    fn every_match_passes_the_scan_for_all_shapes() {
        let keys = [
            "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
            "AKIAIOSFODNN7EXAMPLE",
            "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
            "xoxb-1234567890-abcdef",
            "xoxp-1234567890-abcdef",
            "-----BEGIN OPENSSH PRIVATE KEY-----",
        ];
        for key in keys {
            for text in [
                key.to_string(),
                format!("user:{key} tail"),
                format!("é {key}"),
            ] {
                let shapes = KEY_SHAPES.iter().filter(|(_, r)| r.is_match(&text)).count();
                assert_eq!(shapes, 1, "{text}");
                assert!(ANY_SHAPE.is_match(&text), "{text}");
            }
        }
        assert!(!ANY_SHAPE.is_match("postgres://db:5432/orders ${resources.db.host}"));
    }

    #[test]
    fn placeholders_are_filled_in() {
        assert!(is_filled_in("${resources.db.password}"));
        assert!(is_filled_in("  "));
        assert!(!is_filled_in("hunter2"));
    }
}
