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

#[cfg(test)]
mod tests {
    use super::yaml_string_like;
    use crate::syntax::{self, ScalarStyle};
    use std::sync::Arc;

    /// A key or value written in each style, replaced in place, reads back as the new string
    /// in the same style (or double-quoted where that style cannot hold it), in block and in
    /// flow context.
    #[test]
    fn a_replacement_keeps_the_quoting_and_the_document_valid() {
        let styles = [
            ("x", ScalarStyle::Plain),
            ("'x'", ScalarStyle::SingleQuoted),
            ("\"x\"", ScalarStyle::DoubleQuoted),
        ];
        for value in [
            "image",
            "it's",
            "say \"hi\"",
            "a: b",
            "x]",
            "true",
            "tab\there",
        ] {
            for (written, style) in styles {
                let Some(new) = yaml_string_like(style, value) else {
                    panic!("{style:?} has a replacement");
                };
                for doc in [
                    format!("{written}: 1\nk: {written}\n"),
                    format!("{{{written}: 1, k: [{written}]}}\n"),
                ] {
                    let doc = doc.replace(written, &new);
                    let parsed = syntax::parse(&Arc::from("t.yaml"), &doc);
                    assert!(!parsed.failed, "{doc:?} does not parse");
                    let d = &parsed.documents[0];
                    let root = d.root.unwrap();
                    let entries = d.entries(root);
                    assert_eq!(d.key_text(entries[0].key), Some(value), "{doc:?}");
                    let mut v = entries[1].value;
                    if !d.items(v).is_empty() {
                        v = d.items(v)[0];
                    }
                    let s = d.scalar(v).unwrap();
                    assert_eq!(s.text, value, "{doc:?}");
                    let kept = s.style == style
                        || (style != ScalarStyle::Plain && s.style == ScalarStyle::DoubleQuoted)
                        || (style == ScalarStyle::Plain && s.style == ScalarStyle::DoubleQuoted);
                    assert!(kept, "{doc:?}: {:?} became {:?}", style, s.style);
                }
            }
        }
        assert_eq!(
            yaml_string_like(ScalarStyle::SingleQuoted, "image").as_deref(),
            Some("'image'")
        );
        assert_eq!(
            yaml_string_like(ScalarStyle::DoubleQuoted, "image").as_deref(),
            Some("\"image\"")
        );
        assert_eq!(yaml_string_like(ScalarStyle::Literal, "image"), None);
    }
}
