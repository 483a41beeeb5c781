//! `oneOf`/`anyOf` failures: report the alternative that fits best and why, never
//! "matches none of the schemas".

use super::describe::{found, one_of, type_name};
use super::locate::{place_of, Located};
use super::mapping::{map_error, Context};
use crate::catalog as rules;
use crate::catalog::schema::{no_matching_variant, wrong_type};
use crate::diagnostic::Diagnostic;
use jsonschema::error::ValidationErrorKind;
use jsonschema::ValidationError;
use serde_json::Value;

/// Whether the alternatives are the schemas' Go boolean (`goBool`): a boolean, or one of the
/// YAML 1.1 spellings yaml.v3 also decodes into a Go `bool`.
fn is_go_bool(branches: &[Value]) -> bool {
    matches!(branches, [b, words]
        if b["type"] == "boolean"
            && words["enum"].as_array().is_some_and(|e| e.iter().any(|w| w == "yes")))
}

/// When every alternative only requires one key (`oneOf: [{required: [a]}, {required: [b]}]`),
/// the names of those keys.
fn exclusive_keys(branches: &[Value]) -> Option<Vec<String>> {
    branches
        .iter()
        .map(|b| {
            let req = b.get("required")?.as_array()?;
            let only_required = b
                .as_object()?
                .keys()
                .all(|k| k == "required" || k == "description" || k == "title");
            (req.len() == 1 && only_required).then(|| req[0].as_str().map(str::to_string))?
        })
        .collect()
}

fn branches_of<'a>(cx: &'a Context<'_>, err: &ValidationError<'_>) -> &'a [Value] {
    super::mapping::keyword_pointer(err)
        .and_then(|p| cx.schema.pointer(&p))
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn branch_title(cx: &Context<'_>, branch: &Value) -> Option<String> {
    let direct = branch.get("title").or_else(|| branch.get("description"));
    let via_ref = || {
        branch
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|r| cx.schema.pointer(r))
            .and_then(|t| t.get("title").or_else(|| t.get("description")))
    };
    direct.or_else(via_ref).and_then(Value::as_str).map(|s| {
        s.split(". ")
            .next()
            .unwrap_or(s)
            .trim_end_matches('.')
            .to_string()
    })
}

pub fn no_variant(
    cx: &Context<'_>,
    err: &ValidationError<'_>,
    at: Located,
    pointer: &str,
    context: &[Vec<ValidationError<'static>>],
    out: &mut Vec<Diagnostic>,
) {
    let branches = branches_of(cx, err);
    let instance = err.instance();
    // A Go boolean field (`true`/`false`, or a YAML 1.1 spelling the decoder also takes):
    // anything else is one decode error, not a list of forms.
    if is_go_bool(branches) {
        let expected = ["a boolean".to_string()];
        let mut message = wrong_type::message(
            "a boolean (or y, yes, on, n, no, off)",
            &cx.place(pointer),
            &found(instance, cx.written(at)),
        );
        if let Some(reason) = cx.decoder_rejection(at, &expected) {
            message = format!("{message}: {reason}");
        }
        out.push(cx.diag(&rules::WRONG_TYPE, cx.doc.node(at.node).span, message));
        return;
    }
    if let Some(keys) = exclusive_keys(branches) {
        let names: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
        let how_many = if matches!(err.kind(), ValidationErrorKind::AnyOf { .. }) {
            "at least one"
        } else {
            "exactly one"
        };
        out.push(cx.diag(
            &rules::NO_MATCHING_VARIANT,
            place_of(cx.doc, at),
            no_matching_variant::none_of(&cx.place(pointer), how_many, &one_of(&names)),
        ));
        return;
    }
    let depth = |e: &ValidationError<'_>| e.instance_path().as_str().matches('/').count();
    let here = pointer.matches('/').count();
    let is_type_miss = |errs: &Vec<ValidationError<'static>>| {
        errs.len() == 1
            && matches!(errs[0].kind(), ValidationErrorKind::Type { .. })
            && depth(&errs[0]) == here
    };
    if !context.is_empty() && context.iter().all(is_type_miss) {
        let mut expected: Vec<String> = Vec::new();
        for errs in context {
            if let ValidationErrorKind::Type { kind } = errs[0].kind() {
                let names: Vec<String> = match kind {
                    jsonschema::error::TypeKind::Single(t) => {
                        vec![type_name(&t.to_string()).to_string()]
                    }
                    jsonschema::error::TypeKind::Multiple(set) => set
                        .iter()
                        .map(|t| type_name(&t.to_string()).to_string())
                        .collect(),
                };
                for n in names {
                    if !expected.contains(&n) {
                        expected.push(n);
                    }
                }
            }
        }
        out.push(cx.diag(
            &rules::WRONG_TYPE,
            cx.doc.node(at.node).span,
            wrong_type::message(
                &one_of(&expected),
                &cx.place(pointer),
                &found(instance, cx.written(at)),
            ),
        ));
        return;
    }
    // The alternative that got furthest: not a plain type mismatch, deepest errors, fewest.
    let best = context
        .iter()
        .enumerate()
        .max_by_key(|(_, errs)| {
            let deepest = errs.iter().map(depth).max().unwrap_or(0);
            (!is_type_miss(errs), deepest, std::cmp::Reverse(errs.len()))
        })
        .map(|(i, _)| i);
    let Some(best) = best else { return };
    let mut produced = Vec::new();
    for e in &context[best] {
        map_error(cx, e, &mut produced);
    }
    let form = branches
        .get(best)
        .and_then(|b| branch_title(cx, b))
        .map(|t| format!(" ({t})"))
        .unwrap_or_default();
    let note = format!(
        "{} can take {} forms; this value is closest to form {}{form}",
        cx.place(pointer),
        context.len(),
        best + 1
    );
    for mut d in produced {
        d.help = Some(match d.help.take() {
            Some(h) => format!("{h}\n{note}"),
            None => note.clone(),
        });
        out.push(d);
    }
}

pub fn several_variants(
    cx: &Context<'_>,
    err: &ValidationError<'_>,
    at: Located,
    pointer: &str,
    out: &mut Vec<Diagnostic>,
) {
    let branches = branches_of(cx, err);
    if let Some(keys) = exclusive_keys(branches) {
        let present: Vec<&String> = keys
            .iter()
            .filter(|k| cx.doc.get_entry(at.node, k).is_some())
            .collect();
        let span = present
            .get(1)
            .and_then(|k| cx.doc.get_entry(at.node, k))
            .map_or_else(|| place_of(cx.doc, at), |e| cx.doc.node(e.key).span);
        let names: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
        let given: Vec<String> = present.iter().map(|k| format!("`{k}`")).collect();
        out.push(
            cx.diag(
                &rules::NO_MATCHING_VARIANT,
                span,
                no_matching_variant::several_of(
                    &cx.place(pointer),
                    &one_of(&names),
                    &given.join(" and "),
                ),
            )
            .with_help(no_matching_variant::SEVERAL_HELP),
        );
        return;
    }
    out.push(cx.diag(
        &rules::NO_MATCHING_VARIANT,
        place_of(cx.doc, at),
        no_matching_variant::fits_several(&cx.place(pointer)),
    ));
}
