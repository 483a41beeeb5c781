//! Maps each validator error back to the exact YAML node, in words a person understands.

use super::describe::{closest, found, literal, one_of, shorten, type_name};
use super::locate::{display_path, locate, place_of, segments, Located};
use crate::catalog::schema::{
    fraction_truncated, invalid_key_name, invalid_value, missing_required_key, no_matching_variant,
    out_of_range, pattern_mismatch, unknown_key, wrong_type,
};
use crate::catalog::{self as rules, Rule};
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::syntax::{yaml_string_like, Document, NodeId, NodeKind, Opaque};
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
    /// Whether the platform's Go decoder reads this document (platform documents, not Score
    /// specs): a null of the wrong type then leaves the field's zero value and a float in an
    /// integer field loses its fraction, neither of them a type mismatch.
    pub decoded_by_go: bool,
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

    /// yaml.v3's complaint when it decodes the value at `at` into a field of the one type
    /// `expected` names (an integer, a boolean, a list or a mapping), on a document the
    /// platform's Go decoder reads: the whole document is rejected (checked with the oracle,
    /// `tests/oracle/probes/step-field-types`). `None` where any value decodes (a string
    /// field takes every scalar) or the expectation is not one Go type.
    pub(super) fn decoder_rejection(&self, at: Located, expected: &[String]) -> Option<String> {
        if !self.decoded_by_go {
            return None;
        }
        let node = self.doc.resolve(at.node);
        let collection = matches!(
            self.doc.node(node).kind,
            NodeKind::Sequence(_) | NodeKind::Mapping(_)
        );
        // A Go string field takes any scalar as its text (the schemas' `goText`: a string, a
        // number or a boolean), but no list or mapping.
        let text_field = expected.iter().any(|e| e == "a string")
            && expected
                .iter()
                .all(|e| matches!(e.as_str(), "a string" | "a number" | "a boolean"));
        let into = match expected {
            _ if text_field && collection => "string",
            [one] => match one.as_str() {
                "an integer" => "int",
                "a boolean" => "bool",
                "a list" => "a list",
                "a mapping" => "a mapping",
                _ => return None,
            },
            _ => return None,
        };
        let (tag, written) = match &self.doc.node(node).kind {
            NodeKind::Sequence(_) => ("!!seq", None),
            NodeKind::Mapping(_) => ("!!map", None),
            _ => {
                let s = self.doc.scalar(node)?;
                let tag = match s.value {
                    crate::syntax::ScalarValue::Null => return None,
                    crate::syntax::ScalarValue::Bool(_) => "!!bool",
                    crate::syntax::ScalarValue::Int(_) => "!!int",
                    crate::syntax::ScalarValue::Float(_) => "!!float",
                    crate::syntax::ScalarValue::String => "!!str",
                };
                (tag, Some(s.text.as_str()))
            }
        };
        Some(wrong_type::decoder_rejects(tag, written, into))
    }

    /// Who reads this document, for the severity of its findings.
    fn reader(&self) -> rules::Reader {
        match self.decoded_by_go {
            true => rules::Reader::PlatformDecoder,
            false => rules::Reader::ScoreTooling,
        }
    }

    /// A finding of `rule` on this document, at the severity its reader gives it.
    pub(super) fn diag(&self, rule: &Rule, span: Span, message: String) -> Diagnostic {
        let mut d = Diagnostic::new(rule, self.file, span, message);
        d.severity = rule.severity_for(self.reader());
        d
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
            // Two unknown keys that both look like the same known key: renaming both would
            // write it twice, and which one was meant is not known.
            let meant: Vec<Option<&str>> = unexpected
                .iter()
                .map(|name| closest(name, absent.iter().copied()))
                .collect();
            for (name, m) in unexpected.iter().zip(&meant) {
                let key = cx.doc.get_entry(at.node, name).map(|e| e.key);
                let span = key.map_or_else(|| place_of(cx.doc, at), |k| cx.doc.node(k).span);
                let shared = m.is_some() && meant.iter().filter(|o| *o == m).count() > 1;
                let key = key.filter(|_| !shared);
                out.push(unknown_key(cx, span, key, name, &pointer, &known, &absent));
            }
        }
        ValidationErrorKind::FalseSchema => {
            let segs = segments(&pointer);
            let name = segs.last().cloned().unwrap_or_default();
            let span = at
                .key
                .map_or_else(|| cx.value_span(at), |k| cx.doc.node(k).span);
            let parent = pointer.rsplit_once('/').map_or("", |(p, _)| p);
            out.push(unknown_key(cx, span, at.key, &name, parent, &[], &[]));
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            let mut d = cx.diag(
                &rules::MISSING_REQUIRED_KEY,
                place_of(cx.doc, at),
                missing_required_key::message(name, &cx.place(&pointer)),
            );
            if let Some(desc) = cx
                .schema_at_keyword(err)
                .and_then(|h| property_description(cx.schema, h, name))
            {
                d = d.with_help(missing_required_key::help(name, &desc));
            }
            out.push(d);
        }
        ValidationErrorKind::Type { .. }
            if cx.decoded_by_go && matches!(instance.as_ref(), Value::Null) => {}
        // The same decoder truncates a float into an integer field (`1.5` is read as 1): the
        // document is accepted, so this is a warning of its own, not a type error.
        ValidationErrorKind::Type {
            kind: TypeKind::Single(t),
        } if cx.decoded_by_go
            && type_name(&t.to_string()) == "an integer"
            && truncated_by_go(instance.as_ref()).is_some() =>
        {
            let truncated = truncated_by_go(instance.as_ref()).unwrap_or_default();
            let written = cx
                .written(at)
                .map_or_else(|| instance.to_string(), str::to_string);
            out.push(
                cx.diag(
                    &rules::FRACTION_TRUNCATED,
                    cx.value_span(at),
                    fraction_truncated::message(&written, &cx.place(&pointer), truncated),
                )
                .with_help(fraction_truncated::help(truncated)),
            );
        }
        ValidationErrorKind::Type { kind } => {
            let expected: Vec<String> = match kind {
                TypeKind::Single(t) => vec![type_name(&t.to_string()).to_string()],
                TypeKind::Multiple(set) => set
                    .iter()
                    .map(|t| type_name(&t.to_string()).to_string())
                    .collect(),
            };
            let mut message = wrong_type::message(
                &one_of(&expected),
                &cx.place(&pointer),
                &found(instance, cx.written(at)),
            );
            if let Some(reason) = cx.decoder_rejection(at, &expected) {
                message = format!("{message}: {reason}");
            }
            let mut d = cx.diag(&rules::WRONG_TYPE, cx.value_span(at), message);
            if expected.iter().any(|e| e == "a string")
                && matches!(instance.as_ref(), Value::Number(_) | Value::Bool(_))
            {
                d = d.with_help(wrong_type::quote_help(
                    &cx.written(at)
                        .map_or_else(|| instance.to_string(), str::to_string),
                ));
            } else if expected.iter().any(|e| e == "a list") && instance.is_string() {
                d = d.with_help(wrong_type::list_help(instance.as_str().unwrap_or("")));
            } else if instance.is_null() {
                d = d.with_help(wrong_type::NULL_HELP);
            } else if let Some(number) = expected
                .iter()
                .any(|e| e == "an integer" || e == "a number")
                .then(|| instance.as_str().and_then(leading_number))
                .flatten()
            {
                d = d.with_help(wrong_type::number_help(&number));
            }
            out.push(d);
        }
        ValidationErrorKind::Enum { options } => {
            let allowed: Vec<String> = options
                .as_array()
                .map(|a| a.iter().map(literal).collect())
                .unwrap_or_default();
            let mut message =
                invalid_value::message(&literal(instance), &cx.place(&pointer), &one_of(&allowed));
            // A field the platform's decoder reads and the platform then skips when it does
            // not know the value: surprising, not failing.
            let skipped = cx.decoded_by_go
                && cx
                    .schema_at_keyword(err)
                    .is_some_and(|h| h["x-platform-skips-unknown"] == Value::Bool(true));
            if skipped {
                message = format!("{message}: {}", invalid_value::SKIPPED_NOTE);
            }
            let mut d = cx.diag(&rules::INVALID_VALUE, cx.value_span(at), message);
            if skipped {
                d.severity = invalid_value::SKIPPED_BY_PLATFORM;
            }
            if let (Some(s), Some(opts)) = (instance.as_str(), options.as_array()) {
                let names: Vec<&str> = opts.iter().filter_map(Value::as_str).collect();
                if let Some(best) = closest(s, names) {
                    d = d.with_help(invalid_value::did_you_mean(best));
                    if let Some(fix) = rename_fix(cx, at.node, s, best, format!("use `{best}`")) {
                        d = d.with_fix(fix);
                    }
                }
            }
            out.push(d);
        }
        ValidationErrorKind::Constant { expected_value } => out.push(cx.diag(
            &rules::INVALID_VALUE,
            cx.value_span(at),
            invalid_value::message(
                &literal(instance),
                &cx.place(&pointer),
                &literal(expected_value),
            ),
        )),
        ValidationErrorKind::Pattern { pattern } => {
            let value = literal(&Value::String(shorten(
                instance.as_str().unwrap_or_default(),
            )));
            let what = cx.schema_at_keyword(err).and_then(format_description);
            out.push(pattern_diagnostic(
                cx.diag(&rules::PATTERN_MISMATCH, cx.value_span(at), String::new()),
                pattern_mismatch::subject(&value, &cx.place(&pointer)),
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
            let message = out_of_range::message(
                bound(err.kind()),
                &instance.to_string(),
                &found(instance, None),
                &display_path(&pointer),
            );
            out.push(cx.diag(&rules::OUT_OF_RANGE, span, message));
        }
        ValidationErrorKind::PropertyNames { error } => {
            let key_text = error.instance().as_str().unwrap_or_default().to_string();
            let span = cx
                .doc
                .get_entry(at.node, &key_text)
                .map_or_else(|| place_of(cx.doc, at), |e| cx.doc.node(e.key).span);
            let base = cx.diag(&rules::INVALID_KEY_NAME, span, String::new());
            let subject = invalid_key_name::subject(&key_text, &cx.place(&pointer));
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
                    message: invalid_key_name::too_short(&subject, *limit),
                    ..base
                },
                ValidationErrorKind::MaxLength { limit } => Diagnostic {
                    message: invalid_key_name::too_long(&subject, *limit),
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
                    no_matching_variant::forbidden_key(name, &cx.place(&pointer)),
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
                    no_matching_variant::forbidden_form(&cx.place(&pointer)),
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
            wrong_type::other(&cx.place(&pointer), &err.to_string()),
        )),
    }
}

/// The unknown key `name`, written at `key` when the tree has it there and it may be renamed
/// (the fix needs the key node).
fn unknown_key(
    cx: &Context<'_>,
    span: Span,
    key: Option<NodeId>,
    name: &str,
    parent_pointer: &str,
    known: &[&str],
    absent: &[&str],
) -> Diagnostic {
    let close = closest(name, absent.iter().copied());
    let message = unknown_key::message(name, &cx.place(parent_pointer), close);
    let suggestion =
        known_mixup(name, known).or_else(|| close.map(|k| format!("did you mean `{k}`?")));
    let mut d = cx.diag(&rules::UNKNOWN_KEY, span, message);
    // The message names the likely key; the fix renames it.
    let fix = key.zip(close).and_then(|(node, k)| {
        rename_fix(cx, node, name, k, format!("rename key `{name}` to `{k}`"))
    });
    if let Some(fix) = fix {
        d = d.with_fix(fix);
    }
    match suggestion {
        Some(hint) if !hint.starts_with("did you mean") => d = d.with_help(hint),
        Some(_) => {}
        None if !known.is_empty() => {
            let mut names: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
            names.sort();
            d = d.with_help(unknown_key::known_keys(&names));
        }
        None => {}
    }
    d
}

/// The "did you mean" of a key or value: replace scalar `node`, which reads `written`, with
/// `meant`, in the quoting style the author used. Unsafe: a renamed key or a corrected value
/// changes what the platform does with the document (`explain INN101`, `INN104`). Nothing
/// when the node is not that scalar as written (an alias, a block scalar).
fn rename_fix(
    cx: &Context<'_>,
    node: NodeId,
    written: &str,
    meant: &str,
    message: String,
) -> Option<Fix> {
    let NodeKind::Scalar(scalar) = &cx.doc.node(node).kind else {
        return None;
    };
    if scalar.text != written {
        return None;
    }
    let replacement = yaml_string_like(scalar.style, meant)?;
    Some(Fix::suggestion(
        Applicability::Unsafe,
        message,
        cx.file,
        cx.doc.node(node).span,
        replacement,
    ))
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
    let (message, help) = pattern_mismatch::message_and_help(&subject, what.as_deref(), pattern);
    Diagnostic {
        message,
        help: help.or(base.help),
        ..base
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

/// The bound an error of these kinds crosses, in the catalog's terms (the last of them,
/// `uniqueItems`, for any other).
fn bound(kind: &ValidationErrorKind) -> out_of_range::Bound {
    use out_of_range::Bound;
    match kind {
        ValidationErrorKind::MinLength { limit } => Bound::MinLength(*limit),
        ValidationErrorKind::MaxLength { limit } => Bound::MaxLength(*limit),
        ValidationErrorKind::Minimum { limit } => Bound::Minimum(limit.to_string()),
        ValidationErrorKind::Maximum { limit } => Bound::Maximum(limit.to_string()),
        ValidationErrorKind::ExclusiveMinimum { limit } => {
            Bound::ExclusiveMinimum(limit.to_string())
        }
        ValidationErrorKind::ExclusiveMaximum { limit } => {
            Bound::ExclusiveMaximum(limit.to_string())
        }
        ValidationErrorKind::MinItems { limit } => Bound::MinItems(*limit),
        ValidationErrorKind::MaxItems { limit } => Bound::MaxItems(*limit),
        ValidationErrorKind::MinProperties { limit } => Bound::MinProperties(*limit),
        ValidationErrorKind::MaxProperties { limit } => Bound::MaxProperties(*limit),
        ValidationErrorKind::MultipleOf { multiple_of } => {
            Bound::MultipleOf(multiple_of.to_string())
        }
        _ => Bound::UniqueItems,
    }
}

/// What Go's YAML decoder stores for a float decoded into an `int` field: the value without
/// its fraction, when it fits (larger values fail to decode and stay a type error).
fn truncated_by_go(value: &Value) -> Option<i64> {
    let f = value
        .as_f64()
        .filter(|_| !value.is_i64() && !value.is_u64())?;
    // i64::MAX as f64 rounds up to 2^63, which does not fit: the bound is exclusive.
    (f.is_finite() && f >= i64::MIN as f64 && f < i64::MAX as f64).then(|| f.trunc() as i64)
}

#[cfg(test)]
mod tests {
    use crate::dialect::Dialect;
    use crate::kind::DocumentKind;
    use crate::syntax;
    use std::sync::Arc;

    /// The fixes of the findings of `code` in Score spec `text`, as (replaced text,
    /// replacement).
    fn fixes(text: &str, code: &str) -> Vec<(String, String)> {
        let file: Arc<str> = Arc::from("score.yaml");
        let parsed = syntax::parse(&file, text);
        let doc = &parsed.documents[0];
        super::super::check(&file, doc, DocumentKind::Score, Dialect::Innominatus)
            .iter()
            .filter(|d| d.code == code)
            .filter_map(|d| d.fix.as_ref())
            .flat_map(|f| &f.edits)
            .map(|e| {
                (
                    text[e.span.start..e.span.end].to_string(),
                    e.replacement.clone(),
                )
            })
            .collect()
    }

    const HEAD: &str = "apiVersion: score.dev/v1b1\nmetadata:\n  name: x\ncontainers:\n  main:\n";

    #[test]
    fn an_unknown_key_is_renamed_in_its_own_quotes_unless_another_wants_the_same_name() {
        let one = format!("{HEAD}    imgae: nginx\n");
        assert_eq!(fixes(&one, "INN101"), [("imgae".into(), "image".into())]);
        let quoted = format!("{HEAD}    'imgae': nginx\n");
        assert_eq!(
            fixes(&quoted, "INN101"),
            [("'imgae'".into(), "'image'".into())]
        );
        // Two keys that both look like `image`: renaming both would write it twice.
        let two = format!("{HEAD}    imgae: nginx\n    imaeg: nginx\n");
        assert_eq!(fixes(&two, "INN101"), []);
        // A key through an alias is not rewritten where it is used.
        let aliased = format!("{HEAD}    image: nginx\n    args: [a]\nservice:\n  ports:\n    http: {{port: 80, protocol: &p tcp}}\n    other: {{port: 81, protocol: *p}}\n");
        assert_eq!(fixes(&aliased, "INN104"), [("tcp".into(), "TCP".into())]);
    }
}
