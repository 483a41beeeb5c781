//! Maps each validator error back to the exact YAML node, in words a person understands.

use super::describe::{closest, found, literal, one_of, shorten, type_name};
use super::locate::{display_path, locate, place_of, segments, Located};
use crate::catalog::{self as rules, Rule};
use crate::diagnostic::Diagnostic;
use crate::syntax::{Document, NodeId, NodeKind, Opaque};
use crate::text::Span;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::ValidationError;
use serde_json::Value;
use std::sync::Arc;

/// What every mapping needs to know about the document being checked.
pub struct Context<'a> {
    pub file: &'a Arc<str>,
    pub doc: &'a Document,
    pub root: NodeId,
    pub schema: &'a Value,
}

impl Context<'_> {
    fn at(&self, pointer: &str) -> Located {
        locate(self.doc, self.root, pointer)
    }

    fn value_span(&self, at: Located) -> Span {
        self.doc.node(at.node).span
    }

    /// A place for messages: the path, plus the `name` of the list item it is in (steps are
    /// known by their names, not their positions).
    pub(super) fn place(&self, pointer: &str) -> String {
        let mut shown = display_path(pointer);
        let segs = segments(pointer);
        let last_index = segs.iter().rposition(|s| s.parse::<usize>().is_ok());
        if let Some(i) = last_index {
            let item_ptr: String = segs[..=i]
                .iter()
                .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
                .collect();
            let item = locate(self.doc, self.root, &item_ptr);
            if let Some(name) = self
                .doc
                .get(item.node, "name")
                .and_then(|n| self.doc.str_value(n))
            {
                if !name.is_empty() {
                    shown.push_str(&format!(" (name: {name})"));
                }
            }
        }
        shown
    }

    /// The text of a plain scalar as written in the file (for numbers and booleans).
    pub(super) fn written(&self, at: Located) -> Option<&str> {
        self.doc
            .scalar(at.node)
            .filter(|s| s.style == crate::syntax::ScalarStyle::Plain)
            .map(|s| s.text.as_str())
    }

    fn diag(&self, rule: &Rule, span: Span, message: String) -> Diagnostic {
        Diagnostic::new(rule, self.file, span, message)
    }

    /// The schema object that holds the failing keyword (the keyword location minus the
    /// keyword itself), following the validator's absolute location into our schema.
    fn schema_at_keyword(&self, err: &ValidationError<'_>) -> Option<&Value> {
        let fragment = keyword_pointer(err)?;
        let parent = fragment.rsplit_once('/').map_or("", |(p, _)| p);
        self.schema.pointer(parent)
    }
}

/// The JSON pointer, into our schema document, of the keyword that failed.
pub fn keyword_pointer(err: &ValidationError<'_>) -> Option<String> {
    let uri = err.absolute_keyword_location()?;
    let fragment = uri.fragment()?.as_str();
    Some(percent_decode(fragment))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Names of `properties` a schema object defines, following a `$ref` once.
fn known_properties<'v>(root: &'v Value, schema: &'v Value) -> Vec<&'v str> {
    let mut names: Vec<&str> = Vec::new();
    let mut add = |s: &'v Value| {
        if let Some(Value::Object(props)) = s.get("properties") {
            names.extend(props.keys().map(String::as_str));
        }
    };
    add(schema);
    if let Some(target) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
    {
        if let Some(t) = root.pointer(target) {
            add(t);
        }
    }
    names
}

/// Whether `err` is about a value the parser's budgets left out (`syntax::Opaque`, reported
/// by `nesting-too-deep` or `alias-expansion-limit` where the budget was crossed) rather than
/// about the file. Such a value is validated as an empty value of its type: a type error is
/// real (a list where a string belongs is one whatever the list holds), any other complaint
/// (a missing key, a pattern, a length, no matching variant) would be about the emptiness we
/// put there. The same holds for required keys of a mapping that merges such a value in.
fn about_what_was_left_out(doc: &Document, node: NodeId, err: &ValidationError<'_>) -> bool {
    let is_type = matches!(err.kind(), ValidationErrorKind::Type { .. });
    match doc.opaque(node) {
        Some(Opaque::Alias { stands_for: None }) => true,
        Some(_) => !is_type,
        None => {
            matches!(err.kind(), ValidationErrorKind::Required { .. })
                && doc.entries(node).iter().any(|e| {
                    doc.is_merge_key(e.key)
                        && match &doc.node(e.value).kind {
                            NodeKind::Sequence(items) => {
                                items.iter().any(|&i| doc.opaque(i).is_some())
                            }
                            _ => doc.opaque(e.value).is_some(),
                        }
                })
        }
    }
}

/// Well-known mix-ups: Kubernetes or Compose vocabulary, removed Score fields.
fn known_mixup(key: &str, known: &[&str]) -> Option<String> {
    let hint = match key {
        "env" | "environment" if known.contains(&"variables") => {
            "Score calls environment variables `variables` (a mapping NAME: value); `env` is dropped by the platform"
        }
        "ports" if known.contains(&"image") => {
            "ports are declared once per workload under `service.ports`, not per container"
        }
        "properties" if known.contains(&"params") => {
            "`properties` was removed from Score in 2023; use `params`"
        }
        "initialDelaySeconds" | "periodSeconds" | "timeoutSeconds" | "failureThreshold" | "successThreshold"
            if known.contains(&"httpGet") =>
        {
            "Score probes have no timing fields (only `httpGet` or `exec`); tune timing in the platform's deployment settings"
        }
        "build" if known.contains(&"image") => "Score has no `build`; give a built `image` (or `.` to supply it at deploy time)",
        "workflows" | "environment" if known.contains(&"containers") => {
            "this is an innominatus extension, not portable Score; if the file is meant for the innominatus platform, validate with `--dialect innominatus` (or `dialect = \"innominatus\"` in .innominatus.toml)"
        }
        "retry" | "retries" | "onError" | "continueOnError" | "rollback" | "onFailure" if known.contains(&"dependsOn") => {
            "workflow steps have no retry or error-handling field: the platform ignores it and a failed step stops the workflow"
        }
        _ => return None,
    };
    Some(hint.to_string())
}

pub fn map_error(cx: &Context<'_>, err: &ValidationError<'_>, out: &mut Vec<Diagnostic>) {
    let pointer = err.instance_path().as_str().to_string();
    let at = cx.at(&pointer);
    if about_what_was_left_out(cx.doc, at.node, err) {
        return;
    }
    let instance = err.instance();
    match err.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            let holder = cx.schema_at_keyword(err);
            let known = holder
                .map(|h| known_properties(cx.schema, h))
                .unwrap_or_default();
            // A key already present is no sensible "did you mean" for its neighbour.
            let absent: Vec<&str> = known
                .iter()
                .copied()
                .filter(|k| cx.doc.get_entry(at.node, k).is_none())
                .collect();
            for name in unexpected {
                let span = cx
                    .doc
                    .get_entry(at.node, name)
                    .map_or_else(|| place_of(cx.doc, at), |e| cx.doc.node(e.key).span);
                out.push(unknown_key(cx, span, name, &pointer, &known, &absent));
            }
        }
        ValidationErrorKind::FalseSchema => {
            let segs = segments(&pointer);
            let name = segs.last().cloned().unwrap_or_default();
            let span = at
                .key
                .map_or_else(|| cx.value_span(at), |k| cx.doc.node(k).span);
            let parent = pointer.rsplit_once('/').map_or("", |(p, _)| p);
            out.push(unknown_key(cx, span, &name, parent, &[], &[]));
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            let mut d = cx.diag(
                &rules::MISSING_REQUIRED_KEY,
                place_of(cx.doc, at),
                format!("missing required key `{name}` in {}", cx.place(&pointer)),
            );
            if let Some(desc) = cx
                .schema_at_keyword(err)
                .and_then(|h| property_description(cx.schema, h, name))
            {
                d = d.with_help(format!("`{name}`: {desc}"));
            }
            out.push(d);
        }
        ValidationErrorKind::Type { kind } => {
            let expected: Vec<String> = match kind {
                TypeKind::Single(t) => vec![type_name(&t.to_string()).to_string()],
                TypeKind::Multiple(set) => set
                    .iter()
                    .map(|t| type_name(&t.to_string()).to_string())
                    .collect(),
            };
            let mut d = cx.diag(
                &rules::WRONG_TYPE,
                cx.value_span(at),
                format!(
                    "expected {} for {}, found {}",
                    one_of(&expected),
                    cx.place(&pointer),
                    found(instance, cx.written(at))
                ),
            );
            if expected.iter().any(|e| e == "a string")
                && matches!(instance.as_ref(), Value::Number(_) | Value::Bool(_))
            {
                d = d.with_help(format!(
                    "quote the value to make it a string: \"{}\"",
                    cx.written(at)
                        .map_or_else(|| instance.to_string(), str::to_string)
                ));
            } else if expected.iter().any(|e| e == "a list") && instance.is_string() {
                d = d.with_help(format!(
                    "write a list: [{}] or one `- item` per line",
                    instance.as_str().unwrap_or("")
                ));
            } else if instance.is_null() {
                d = d.with_help("give a value, or remove the key");
            } else if let Some(number) = expected
                .iter()
                .any(|e| e == "an integer" || e == "a number")
                .then(|| instance.as_str().and_then(leading_number))
                .flatten()
            {
                d = d.with_help(format!("write the number without quotes or unit: {number}"));
            }
            out.push(d);
        }
        ValidationErrorKind::Enum { options } => {
            let allowed: Vec<String> = options
                .as_array()
                .map(|a| a.iter().map(literal).collect())
                .unwrap_or_default();
            let mut d = cx.diag(
                &rules::INVALID_VALUE,
                cx.value_span(at),
                format!(
                    "{} is not allowed for {}; expected {}",
                    literal(instance),
                    cx.place(&pointer),
                    one_of(&allowed)
                ),
            );
            if let (Some(s), Some(opts)) = (instance.as_str(), options.as_array()) {
                let names: Vec<&str> = opts.iter().filter_map(Value::as_str).collect();
                if let Some(best) = closest(s, names) {
                    d = d.with_help(format!("did you mean `{best}`?"));
                }
            }
            out.push(d);
        }
        ValidationErrorKind::Constant { expected_value } => out.push(cx.diag(
            &rules::INVALID_VALUE,
            cx.value_span(at),
            format!(
                "{} is not allowed for {}; expected {}",
                literal(instance),
                cx.place(&pointer),
                literal(expected_value)
            ),
        )),
        ValidationErrorKind::Pattern { pattern } => {
            let value = literal(&Value::String(shorten(
                instance.as_str().unwrap_or_default(),
            )));
            let what = cx.schema_at_keyword(err).and_then(format_description);
            out.push(pattern_diagnostic(
                cx.diag(&rules::PATTERN_MISMATCH, cx.value_span(at), String::new()),
                format!("{value} is not a valid value for {}", cx.place(&pointer)),
                what,
                pattern,
            ));
        }
        ValidationErrorKind::MinLength { .. }
        | ValidationErrorKind::MaxLength { .. }
        | ValidationErrorKind::Minimum { .. }
        | ValidationErrorKind::Maximum { .. }
        | ValidationErrorKind::ExclusiveMinimum { .. }
        | ValidationErrorKind::ExclusiveMaximum { .. }
        | ValidationErrorKind::MinItems { .. }
        | ValidationErrorKind::MaxItems { .. }
        | ValidationErrorKind::MinProperties { .. }
        | ValidationErrorKind::MaxProperties { .. }
        | ValidationErrorKind::MultipleOf { .. }
        | ValidationErrorKind::UniqueItems => {
            let span = match instance.as_ref() {
                Value::Object(_) | Value::Array(_) => place_of(cx.doc, at),
                _ => cx.value_span(at),
            };
            out.push(cx.diag(
                &rules::OUT_OF_RANGE,
                span,
                bound_message(err.kind(), instance, &pointer),
            ));
        }
        ValidationErrorKind::PropertyNames { error } => {
            let key_text = error.instance().as_str().unwrap_or_default().to_string();
            let span = cx
                .doc
                .get_entry(at.node, &key_text)
                .map_or_else(|| place_of(cx.doc, at), |e| cx.doc.node(e.key).span);
            let base = cx.diag(&rules::INVALID_KEY_NAME, span, String::new());
            let subject = format!("`{key_text}` is not a valid name in {}", cx.place(&pointer));
            // The name's own rules are described where its pattern is (usually a `$defs` entry).
            let holder = keyword_pointer(error)
                .and_then(|p| p.rsplit_once('/').map(|(h, _)| h.to_string()))
                .and_then(|h| cx.schema.pointer(&h));
            let what = holder.and_then(format_description);
            let d = match error.kind() {
                ValidationErrorKind::Pattern { pattern } => {
                    pattern_diagnostic(base, subject, what, pattern)
                }
                ValidationErrorKind::MinLength { limit } => Diagnostic {
                    message: format!("{subject}: it must be at least {limit} characters long"),
                    ..base
                },
                ValidationErrorKind::MaxLength { limit } => Diagnostic {
                    message: format!("{subject}: it must be at most {limit} characters long"),
                    ..base
                },
                _ => Diagnostic {
                    message: format!("{subject}: {error}"),
                    ..base
                },
            };
            out.push(d);
        }
        ValidationErrorKind::Not { schema } => {
            let forbidden: Vec<&str> = schema
                .get("required")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if let Some(name) = forbidden.first() {
                let span = cx
                    .doc
                    .get_entry(at.node, name)
                    .map_or_else(|| place_of(cx.doc, at), |e| cx.doc.node(e.key).span);
                let mut d = cx.diag(
                    &rules::NO_MATCHING_VARIANT,
                    span,
                    format!(
                        "`{name}` must not be given in {}: this form does not take it",
                        cx.place(&pointer)
                    ),
                );
                if let Some(desc) = cx
                    .schema_at_keyword(err)
                    .and_then(|h| h.get("description"))
                    .and_then(Value::as_str)
                {
                    d = d.with_help(desc.to_string());
                }
                out.push(d);
            } else {
                out.push(cx.diag(
                    &rules::NO_MATCHING_VARIANT,
                    cx.value_span(at),
                    format!("{} has a form that is not allowed here", cx.place(&pointer)),
                ));
            }
        }
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            super::variants::no_variant(cx, err, at, &pointer, context, out);
        }
        ValidationErrorKind::OneOfMultipleValid { .. } => {
            super::variants::several_variants(cx, err, at, &pointer, out);
        }
        _ => out.push(cx.diag(
            &rules::WRONG_TYPE,
            cx.value_span(at),
            format!("{} is not valid here: {err}", cx.place(&pointer)),
        )),
    }
}

fn unknown_key(
    cx: &Context<'_>,
    span: Span,
    name: &str,
    parent_pointer: &str,
    known: &[&str],
    absent: &[&str],
) -> Diagnostic {
    let mut message = format!("unknown key `{name}` in {}", cx.place(parent_pointer));
    let suggestion = known_mixup(name, known)
        .or_else(|| closest(name, absent.iter().copied()).map(|k| format!("did you mean `{k}`?")));
    if let Some(s) = closest(name, absent.iter().copied()) {
        message.push_str(&format!("; did you mean `{s}`?"));
    }
    let mut d = cx.diag(&rules::UNKNOWN_KEY, span, message);
    match suggestion {
        Some(hint) if !hint.starts_with("did you mean") => d = d.with_help(hint),
        // The message already names the likely key.
        Some(_) => {}
        None if !known.is_empty() => {
            let mut names: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
            names.sort();
            let shown = names.len().min(16);
            let more = names.len() - shown;
            let mut list = names[..shown].join(", ");
            if more > 0 {
                list.push_str(&format!(" and {more} more"));
            }
            d = d.with_help(format!("known keys here: {list}"));
        }
        None => {}
    }
    d
}

/// The first sentence of a schema object's description: what a valid value looks like.
fn format_description(holder: &Value) -> Option<String> {
    let desc = holder.get("description")?.as_str()?;
    let mut end = desc.len();
    let mut search = 0;
    while let Some(i) = desc[search..].find(". ") {
        let at = search + i;
        // "e.g. " and "i.e. " do not end a sentence.
        if !(desc[..at].ends_with("e.g") || desc[..at].ends_with("i.e")) {
            end = at;
            break;
        }
        search = at + 2;
    }
    let first = desc[..end].trim_end_matches('.');
    // "Version of ..." reads better as "version of ..." after a colon; keep "RFC ...".
    let mut chars = first.chars();
    Some(match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase() => a
            .to_lowercase()
            .chain(first[a.len_utf8()..].chars())
            .collect(),
        _ => first.to_string(),
    })
}

/// "`x` is not a valid value for `y`: <what valid values look like>", with the regular
/// expression itself in the help (it is exact, but nobody should have to read it first).
fn pattern_diagnostic(
    base: Diagnostic,
    subject: String,
    what: Option<String>,
    pattern: &str,
) -> Diagnostic {
    match what {
        Some(what) => Diagnostic {
            message: format!("{subject}: {what}"),
            help: Some(format!("the value must match the pattern `{pattern}`")),
            ..base
        },
        None => Diagnostic {
            message: format!("{subject}: it must match `{pattern}`"),
            ..base
        },
    }
}

/// `30` from `"30"`, `"30s"` or `"30 seconds"`: what a number field probably meant.
fn leading_number(s: &str) -> Option<String> {
    let digits: String = s
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    (!digits.is_empty()).then_some(digits)
}

fn property_description(root: &Value, holder: &Value, name: &str) -> Option<String> {
    let direct = holder.get("properties").and_then(|p| p.get(name));
    let via_ref = holder
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
        .and_then(|r| root.pointer(r))
        .and_then(|t| t.get("properties"))
        .and_then(|p| p.get(name));
    let prop = direct.or(via_ref)?;
    let desc = prop
        .get("description")
        .and_then(Value::as_str)
        .or_else(|| {
            prop.get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix('#'))
                .and_then(|r| root.pointer(r))
                .and_then(|t| t.get("description"))
                .and_then(Value::as_str)
        })?;
    Some(desc.to_string())
}

fn bound_message(kind: &ValidationErrorKind, instance: &Value, pointer: &str) -> String {
    let place = display_path(pointer);
    match kind {
        ValidationErrorKind::MinLength { limit } => format!(
            "{} is too short for {place}: at least {limit} {} required",
            found(instance, None),
            if *limit == 1 {
                "character is"
            } else {
                "characters are"
            }
        ),
        ValidationErrorKind::MaxLength { limit } => format!(
            "{} is too long for {place}: at most {limit} characters are allowed",
            found(instance, None)
        ),
        ValidationErrorKind::Minimum { limit } => {
            format!("{instance} is too small for {place}: the minimum is {limit}")
        }
        ValidationErrorKind::Maximum { limit } => {
            format!("{instance} is too large for {place}: the maximum is {limit}")
        }
        ValidationErrorKind::ExclusiveMinimum { limit } => {
            format!("{instance} is too small for {place}: it must be greater than {limit}")
        }
        ValidationErrorKind::ExclusiveMaximum { limit } => {
            format!("{instance} is too large for {place}: it must be less than {limit}")
        }
        ValidationErrorKind::MinItems { limit } => {
            format!("{place} needs at least {limit} item(s)")
        }
        ValidationErrorKind::MaxItems { limit } => {
            format!("{place} allows at most {limit} item(s)")
        }
        ValidationErrorKind::MinProperties { limit } => format!(
            "{place} needs at least {limit} entr{}",
            if *limit == 1 { "y" } else { "ies" }
        ),
        ValidationErrorKind::MaxProperties { limit } => {
            format!("{place} allows at most {limit} entries")
        }
        ValidationErrorKind::MultipleOf { multiple_of } => {
            format!("{instance} in {place} must be a multiple of {multiple_of}")
        }
        _ => format!("{place} has duplicate items"),
    }
}
