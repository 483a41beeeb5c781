use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};
use crate::schema::closest;
use crate::syntax::{Document, NodeId, NodeKind};
use crate::text::Span;

pub static UNDECLARED_RESOURCE_PLACEHOLDER: Rule = Rule {
    code: "INN210",
    name: "undeclared-resource-placeholder",
    group: Group::References,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::Unsafe,
    summary:
        "A `${resources.<name>…}` placeholder names a resource the Score spec does not declare",
    doc: r#"## What it does
Finds the `${resources.<name>…}` placeholders of a Score spec where placeholders are expanded
(container `variables`, file `content` unless `noExpand: true`, volume `source`, and any
string inside resource `params`) and reports each `<name>` that is not a key of `resources`,
pointing at the name inside the string and suggesting the closest declared resource.

## Why is this bad?
Score implementations resolve placeholders against the declared resources; score-compose
rejects the workload ("does not resolve to a resource") and other implementations fail when
they substitute it. innominatus never resolves placeholders: it only scans them to draw
container→resource dependencies and silently drops names it does not know, so the container
receives the literal `${resources.…}` text. A renamed resource is the usual cause.

A warning, not an error: the platform accepts and deploys the spec (checked with its own
code); only Score implementations refuse it.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  api:
    image: ghcr.io/acme/orders:1.4.2
    variables:
      DB_HOST: ${resources.database.host}
resources:
  db:
    type: postgres
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
      DB_HOST: ${resources.db.host}
resources:
  db:
    type: postgres
```

## Fix safety
When exactly one declared resource name is close and the name's position inside the string
is known exactly, the fix replaces the name. It is unsafe: the placeholder may be meant for a
resource that still has to be declared.
"#,
};

pub static LINT: Lint = Lint {
    rule: &UNDECLARED_RESOURCE_PLACEHOLDER,
    kinds: &[DocumentKind::Score],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let doc = cx.doc;
    let Some(root) = doc.root.filter(|r| doc.is_mapping(*r)) else {
        return;
    };
    // One pass over each mapping for the keys read of it (a look-up per key read every
    // key's text again).
    let r = crate::model::Reader::new(doc);
    let [containers, resources] = r.get_each(root, ["containers", "resources"]);
    let declared: Vec<&str> = resources
        .map(|r| {
            doc.entries(r)
                .iter()
                .filter(|e| !doc.is_merge_key(e.key))
                .filter_map(|e| doc.key_text(e.key))
                .collect()
        })
        .unwrap_or_default();
    // Looked up in a set: a long spec checks hundreds of placeholders against hundreds of
    // resources (the list keeps their order for messages). A spec's usual few resources
    // are scanned: building the set cost more than the scans it saved.
    // foldhash: SipHash's resistance to chosen keys buys nothing for one file's names.
    let set: Option<std::collections::HashSet<&str, foldhash::fast::RandomState>> =
        (declared.len() > SCANNED_UP_TO).then(|| declared.iter().copied().collect());
    let is_declared = |name: &str| match &set {
        Some(set) => set.contains(name),
        None => declared.contains(&name),
    };
    // Room for a spec's usual few dozen values: growing from empty reallocated the list
    // several times per spec.
    let mut values: Vec<NodeId> = Vec::with_capacity(32);
    if let Some(containers) = containers {
        for c in doc.entries(containers) {
            let [vars, files, volumes] = r.get_each(c.value, ["variables", "files", "volumes"]);
            if let Some(vars) = vars {
                values.extend(doc.entries(vars).iter().map(|e| e.value));
            }
            for file in collection(doc, files) {
                let [no_expand, content] = r.get_each(file, ["noExpand", "content"]);
                let no_expand = no_expand
                    .and_then(|n| doc.scalar(n))
                    .is_some_and(|s| s.text == "true");
                if !no_expand {
                    values.extend(content);
                }
            }
            for volume in collection(doc, volumes) {
                values.extend(doc.get(volume, "source"));
            }
        }
    }
    if let Some(resources) = resources {
        for r in doc.entries(resources) {
            if let Some(params) = doc.get(r.value, "params") {
                strings_under(doc, params, &mut values, 0);
            }
        }
    }
    let source = cx.text();
    // One list of placeholders, refilled for each value: most values hold none, and a list
    // per value was an allocation each for those that do.
    let mut found: Vec<Placeholder<'_>> = Vec::new();
    for value in values {
        let value = doc.resolve(value);
        let Some(scalar) = doc.scalar(value) else {
            continue;
        };
        let span = doc.node(value).span;
        found.clear();
        placeholders(&scalar.text, &mut found);
        for p in &found {
            let Some((name, name_offset, name_raw_len)) = resource_name(p.content) else {
                continue;
            };
            if is_declared(name.as_ref()) {
                continue;
            }
            let token = &scalar.text[p.start..p.end];
            let exact = locate(source, span, &scalar.text, p.start, token).map(|at| {
                let start = at + 2 + name_offset;
                Span::new(start, start + name_raw_len)
            });
            let suggestion = closest(&name, declared.iter().copied());
            let file = cx.file().clone();
            let d = cx.report(
                exact.unwrap_or(span),
                format!(
                    "placeholder `{token}` refers to resource `{name}`, which is not declared under `resources`"
                ),
            );
            match suggestion {
                Some(s) => {
                    d.help = Some(format!("did you mean `{s}`?"));
                    // The name goes into the string as written: only a name that needs no
                    // escaping in any scalar style (a quote would end a quoted string).
                    if let Some(at) = exact.filter(|_| insertable_verbatim(s)) {
                        d.fix = Some(Box::new(Fix {
                            applicability: Applicability::Unsafe,
                            suggestion: true,
                            message: format!("refer to resource `{s}`"),
                            edits: vec![Edit {
                                file,
                                span: at,
                                replacement: s.to_string(),
                            }],
                        }));
                    }
                }
                None if declared.is_empty() => {
                    d.help = Some(format!(
                        "declare the resource under `resources` (e.g. `{name}: {{type: <type>}}`)"
                    ));
                }
                None => {
                    d.help = Some(format!(
                        "the declared resources are: {}; declare `{name}` under `resources` or use one of them",
                        declared
                            .iter()
                            .map(|n| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
            }
        }
    }
}

/// Whether `name` can replace text inside any YAML scalar without escaping.
fn insertable_verbatim(name: &str) -> bool {
    name.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
}

/// How many declared resources are looked up by scanning their list rather than a set.
const SCANNED_UP_TO: usize = 16;

/// The items of a `files`/`volumes` collection: the values of its map form, or the items of
/// the deprecated list form (read in place: a list of them was an allocation per container).
fn collection(doc: &Document, node: Option<NodeId>) -> impl Iterator<Item = NodeId> + '_ {
    let (entries, items) = match node {
        None => (&[][..], &[][..]),
        Some(node) if doc.is_mapping(node) => (doc.entries(node), &[][..]),
        Some(node) => (&[][..], doc.items(node)),
    };
    entries.iter().map(|e| e.value).chain(items.iter().copied())
}

/// Every scalar inside `node` (mapping values and list items; keys are not expanded).
fn strings_under(doc: &Document, node: NodeId, out: &mut Vec<NodeId>, depth: usize) {
    // Trees are never deeper (`crate::limits`); a guard for trees built otherwise.
    if depth > crate::limits::MAX_NESTING {
        return;
    }
    let node = doc.resolve(node);
    match &doc.node(node).kind {
        NodeKind::Scalar(_) => out.push(node),
        NodeKind::Mapping(entries) => {
            for e in entries {
                strings_under(doc, e.value, out, depth + 1);
            }
        }
        NodeKind::Sequence(items) => {
            for i in items {
                strings_under(doc, *i, out, depth + 1);
            }
        }
        NodeKind::Alias { .. } => {}
    }
}

/// A `${…}` placeholder: byte range of the whole token in the value, and its content.
struct Placeholder<'t> {
    start: usize,
    end: usize,
    content: &'t str,
}

/// Adds to `out` the placeholders of a string as Score implementations find them: `$$` is an
/// escaped `$` (so `$${x}` is literal text), `${` runs to the first `}`, an unclosed `${` is
/// no placeholder.
fn placeholders<'t>(text: &'t str, out: &mut Vec<Placeholder<'t>>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        // Most of a long text (a file's `content`) has no `$` at all.
        match find_byte(b'$', &bytes[i..]) {
            Some(n) if i + n + 1 < bytes.len() => i += n,
            _ => break,
        }
        match bytes[i + 1] {
            b'$' => i += 2,
            // `}` is one byte: a byte search finds it where `str::find` would, faster.
            b'{' => match find_byte(b'}', &bytes[i + 2..]) {
                Some(len) => {
                    let end = i + 2 + len + 1;
                    out.push(Placeholder {
                        start: i,
                        end,
                        content: &text[i + 2..i + 2 + len],
                    });
                    i = end;
                }
                None => break,
            },
            _ => i += 1,
        }
    }
}

/// Where `byte` first is in `text`. Most values are a few words (variables, params), where
/// a plain scan ends before `memchr`'s vector search is set up; long ones (a file's
/// `content`) get the vector search.
fn find_byte(byte: u8, text: &[u8]) -> Option<usize> {
    if text.len() < 64 {
        text.iter().position(|&b| b == byte)
    } else {
        memchr::memchr(byte, text)
    }
}

/// For `resources.<name>…` content: the name (with `\.` unescaped), its byte offset inside
/// the content and its length as written.
fn resource_name(content: &str) -> Option<(std::borrow::Cow<'_, str>, usize, usize)> {
    let rest = content.strip_prefix("resources.")?;
    let offset = "resources.".len();
    let bytes = rest.as_bytes();
    let mut end = 0;
    while end < bytes.len() {
        match bytes[end] {
            b'\\' if bytes.get(end + 1) == Some(&b'.') => end += 2,
            b'.' => break,
            _ => end += 1,
        }
    }
    let raw = &rest[..end];
    if raw.is_empty() {
        return None;
    }
    let name = if raw.contains('\\') {
        std::borrow::Cow::Owned(raw.replace("\\.", "."))
    } else {
        std::borrow::Cow::Borrowed(raw)
    };
    Some((name, offset, raw.len()))
}

/// Where the placeholder starting at `start` of the scalar's value is written in the file: the
/// n-th occurrence of `token` in the value maps to the n-th occurrence in the scalar's source
/// text when both hold it equally often (plain, quoted without escapes, block scalars);
/// otherwise the position is not known exactly.
fn locate(source: &str, span: Span, value: &str, start: usize, token: &str) -> Option<usize> {
    let raw = source.get(span.start..span.end)?;
    let in_value: Vec<usize> = value.match_indices(token).map(|(i, _)| i).collect();
    let in_raw: Vec<usize> = raw.match_indices(token).map(|(i, _)| i).collect();
    if in_value.len() != in_raw.len() {
        return None;
    }
    let n = in_value.iter().position(|&i| i == start)?;
    Some(span.start + in_raw[n])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names a spec's INN210 findings point at, with `count` resources declared
    /// (`r0`, `r1`…) and placeholders naming `r0`, `r<count-1>` and an undeclared `rx`.
    fn undeclared_names(count: usize) -> Vec<String> {
        let resources: String = (0..count)
            .map(|i| format!("  r{i}:\n    type: t\n"))
            .collect();
        let last = count - 1;
        let text = format!(
            "apiVersion: score.dev/v1b1\nmetadata:\n  name: a\ncontainers:\n  c:\n    image: i\n    variables:\n      A: ${{resources.r0.host}} ${{resources.r{last}.port}} ${{resources.rx.host}}\nresources:\n{resources}"
        );
        let file =
            crate::source::SourceFile::parse(std::sync::Arc::from("s.yaml"), text.as_bytes());
        let ws = crate::workspace::Workspace::new(
            vec![file],
            Some(crate::dialect::Dialect::Score),
            Box::new(|_: &str| false),
        );
        let only = |r: &Rule| r.code == UNDECLARED_RESOURCE_PLACEHOLDER.code;
        crate::rules::lint_file(&ws, 0, &only)
            .iter()
            .filter(|d| d.code == UNDECLARED_RESOURCE_PLACEHOLDER.code)
            .map(|d| ws.files[0].text.as_deref().unwrap()[d.span.start..d.span.end].to_string())
            .collect()
    }

    /// A few declared resources are scanned, many are looked up in a set: the same verdicts.
    #[test]
    fn declared_names_are_found_in_short_and_long_lists() {
        for count in [1, SCANNED_UP_TO, SCANNED_UP_TO + 1, 3 * SCANNED_UP_TO] {
            assert_eq!(undeclared_names(count), vec!["rx"], "{count} resources");
        }
    }

    #[test]
    fn finds_placeholders_like_score_go() {
        let mut found = Vec::new();
        let text = "a ${resources.db.host} $${resources.x.y} $$ ${metadata.name} ${open";
        placeholders(text, &mut found);
        let contents: Vec<&str> = found.iter().map(|p| p.content).collect();
        assert_eq!(contents, vec!["resources.db.host", "metadata.name"]);
    }

    /// Short and long texts find the same placeholders (a plain scan below 64 bytes).
    #[test]
    fn finds_placeholders_in_short_and_long_texts() {
        for pad in [0, 10, 40, 63, 64, 100] {
            let text = format!("{}${{resources.db.host}}$${{x}} ${{a}}", "x".repeat(pad));
            let mut found = Vec::new();
            placeholders(&text, &mut found);
            let at: Vec<(usize, &str)> = found.iter().map(|p| (p.start, p.content)).collect();
            assert_eq!(
                at,
                vec![(pad, "resources.db.host"), (pad + 26, "a")],
                "{pad}"
            );
        }
        assert_eq!(find_byte(b'$', b"abc"), None);
        assert_eq!(find_byte(b'$', &[b'a'; 70]), None);
        let mut long = vec![b'a'; 70];
        long[66] = b'$';
        assert_eq!(find_byte(b'$', &long), Some(66));
    }

    #[test]
    fn reads_resource_names() {
        assert_eq!(
            resource_name("resources.db.host"),
            Some(("db".into(), 10, 2))
        );
        assert_eq!(
            resource_name("resources.my\\.db.host"),
            Some(("my.db".into(), 10, 6))
        );
        assert_eq!(resource_name("resources"), None);
        assert_eq!(resource_name("metadata.name"), None);
    }

    #[test]
    fn maps_positions_only_when_unambiguous() {
        let source = "X: \"${resources.a.b} \\u0024{resources.a.b}\"";
        let span = Span::new(3, source.len());
        let value = "${resources.a.b} ${resources.a.b}";
        assert_eq!(locate(source, span, value, 0, "${resources.a.b}"), None);
        let source = "X: \"${resources.a.b}\"";
        let span = Span::new(3, source.len());
        assert_eq!(
            locate(source, span, "${resources.a.b}", 0, "${resources.a.b}"),
            Some(4)
        );
    }
}
