//! Writing a string back as a YAML scalar, for fixes that put a name or value in place of
//! one: the replacement must read back as that string and leave the document's structure as
//! it was, wherever the scalar stands (block or flow, key or value).

use super::scalar::resolve_plain;
use super::tree::{ScalarStyle, ScalarValue};

/// `value` written as a YAML string scalar that may replace a whole scalar anywhere, in block
/// or flow context: as is when it reads back as the same plain string, otherwise
/// double-quoted. Fixes that put a name found elsewhere (a step, a workflow, a directory) in
/// place of a scalar use it: a name such as `a: b` or `x]` written plain would change the
/// structure of the document or stop it parsing (found by fuzzing `--fix`).
pub fn yaml_string(value: &str) -> String {
    let plain_safe = !value.is_empty()
        && !value.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace())
        && !value.ends_with(|c: char| c.is_whitespace() || c == ':')
        && !value.contains(|c: char| ",[]{}".contains(c) || c.is_control())
        && !value.contains(": ")
        && !value.contains(" #")
        && resolve_plain(value) == ScalarValue::String;
    if plain_safe {
        value.to_string()
    } else {
        double_quoted(value)
    }
}

/// `value` written in the style the author used for the scalar it replaces (a quoted key
/// stays quoted), falling back to double quotes where that style cannot hold it. `None` for
/// block scalars: their text runs to the end of their lines, so a replacement would have to
/// rewrite the layout around them.
pub fn yaml_string_like(style: ScalarStyle, value: &str) -> Option<String> {
    match style {
        ScalarStyle::Plain => Some(yaml_string(value)),
        // A single-quoted scalar folds line breaks and has no escapes but `''`.
        ScalarStyle::SingleQuoted if !value.contains(|c: char| c.is_control()) => {
            Some(format!("'{}'", value.replace('\'', "''")))
        }
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Some(double_quoted(value)),
        ScalarStyle::Literal | ScalarStyle::Folded => None,
    }
}

/// A JSON string is a valid YAML double-quoted scalar with the same value.
fn double_quoted(value: &str) -> String {
    serde_json::Value::from(value).to_string()
}
