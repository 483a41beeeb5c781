//! The dormant engine's strict check of a step's `$VARS` before it runs (the platform's
//! `ValidateStepVariables` in strict mode, its default): every `${…}` or `$NAME` written in
//! the step must name something the run already knows, or the step fails without running.
//! Bash variables in a policy script are references too, which is why so many real steps
//! would fail on that engine.

use super::context::Context;
use super::spec::StepSpec;
use crate::platform::fields::STRING_FIELDS;

/// The references in `text` as the platform finds them: `${` up to the next `}` (at least one
/// character between), or `$` followed by a letter or `_` and then letters, digits and `_`.
pub(super) fn references(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'$' {
            i += 1;
            continue;
        }
        let braced = (bytes.get(i + 1) == Some(&b'{'))
            .then(|| text[i + 2..].find('}'))
            .flatten()
            .filter(|&n| n > 0)
            .map(|n| i + 2 + n + 1);
        if let Some(end) = braced {
            out.push(&text[i..end]);
            i = end;
            continue;
        }
        let starts_name = bytes
            .get(i + 1)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_');
        if starts_name {
            let mut end = i + 2;
            while bytes
                .get(end)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
            {
                end += 1;
            }
            out.push(&text[i..end]);
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// Every text of `step` the check reads, in the platform's order (maps in key order: the
/// platform's own order there is Go's random map order).
fn texts(step: &StepSpec) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    out.extend(step.config.values().map(String::as_str));
    out.extend(step.config_nested.iter().map(String::as_str));
    out.extend(step.env.values().map(String::as_str));
    out.extend(step.set_variables.values().map(String::as_str));
    out.extend(
        // The same top-level fields, in the same order, as the pre-flight scan reads.
        STRING_FIELDS
            .iter()
            .filter_map(|f| step.fields.get(*f).map(String::as_str)),
    );
    out.extend(step.outputs.iter().map(String::as_str));
    out.extend(step.depends_on.iter().map(String::as_str));
    out.extend(step.variables.values().map(String::as_str));
    out
}

/// The first reference of `step` the run cannot resolve, as the platform words the step's
/// failure; `None` when every reference resolves. A plain `$NAME` the server's own
/// environment defines would pass there: a dry run cannot know that environment, so it
/// counts as undefined (the caller says so in a note).
pub(super) fn undefined_reference(step: &StepSpec, cx: &Context) -> Option<(String, String)> {
    for text in texts(step) {
        for reference in references(text) {
            if let Err(why) = check(reference, step, cx) {
                return Some((
                    reference.to_string(),
                    format!(
                        "step validation failed: step '{}' validation failed: {why}",
                        step.name
                    ),
                ));
            }
        }
    }
    None
}

fn check(reference: &str, step: &StepSpec, cx: &Context) -> Result<(), String> {
    let bare = &reference[1..];
    let name = bare
        .strip_prefix('{')
        .and_then(|b| b.strip_suffix('}'))
        .unwrap_or(bare);
    if name.is_empty() {
        return Err("undefined variable: empty variable reference".into());
    }
    if let Some(key) = name.strip_prefix("workflow.") {
        return match cx.variables.contains_key(key) {
            true => Ok(()),
            false => Err(format!(
                "undefined variable: {reference} (workflow variable '{key}' not found)"
            )),
        };
    }
    if let Some(rest) = name.strip_prefix("resources.") {
        if let Some((resource, attribute)) = rest.split_once('.') {
            let prefix = format!("{resource}.");
            let known = cx.resource_outputs.keys().any(|k| k.starts_with(&prefix));
            return match (known, cx.resource_outputs.contains_key(rest)) {
                (_, true) => Ok(()),
                (true, false) => Err(format!(
                    "undefined variable: {reference} (resource '{resource}' has no attribute \
                     '{attribute}')"
                )),
                (false, _) => Err(format!(
                    "undefined variable: {reference} (resource '{resource}' outputs not available)"
                )),
            };
        }
    } else if let Some((holder, output)) = name.split_once('.') {
        return match cx.step_outputs.get(holder) {
            Some(outputs) if outputs.contains_key(output) => Ok(()),
            Some(_) => Err(format!(
                "undefined variable: {reference} (step '{holder}' has no output '{output}')"
            )),
            None => Err(format!(
                "undefined variable: {reference} (step '{holder}' outputs not available)"
            )),
        };
    }
    if step.env.contains_key(name) {
        return Ok(());
    }
    Err(format!("undefined variable: {reference}"))
}
