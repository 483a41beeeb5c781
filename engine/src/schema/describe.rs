//! Words for JSON values and types in messages.

use serde_json::Value;

/// "a number (8080)", "a boolean (true)", "a mapping"...
/// Describes a value; `written` is its text in the file when it is a plain scalar, so that
/// `3.10` is not shown as `3.1`.
pub fn found(value: &Value, written: Option<&str>) -> String {
    match value {
        Value::Null => "null (an empty value)".to_string(),
        Value::Bool(b) => format!("a boolean (`{}`)", written.unwrap_or(&b.to_string())),
        Value::Number(n) => format!("a number (`{}`)", written.unwrap_or(&n.to_string())),
        Value::String(s) => format!("a string (`{}`)", shorten(s)),
        Value::Array(_) => "a list".to_string(),
        Value::Object(_) => "a mapping".to_string(),
    }
}

pub fn type_name(name: &str) -> &'static str {
    match name {
        "string" => "a string",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "a boolean",
        "object" => "a mapping",
        "array" => "a list",
        "null" => "null",
        _ => "a value",
    }
}

pub fn shorten(s: &str) -> String {
    let one_line = s.lines().next().unwrap_or("");
    if one_line.chars().count() > 60 || one_line.len() < s.len() {
        format!("{}…", one_line.chars().take(60).collect::<String>())
    } else {
        one_line.to_string()
    }
}

/// A value as it would be written in YAML, for "expected one of" lists.
pub fn literal(value: &Value) -> String {
    match value {
        Value::String(s) if s.is_empty() => "`\"\"` (empty)".to_string(),
        Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

/// `a`, `b` or `c`
pub fn one_of(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// The Damerau-Levenshtein distance of `a` and `b` when it is at most `max`. Strings whose
/// lengths differ by more are not compared: the distance is quadratic in time and memory, and
/// a megabyte value (hostile or not) compared with every name would take seconds and
/// gigabytes to find what the lengths already say.
pub fn within_edits(a: &str, b: &str, max: usize) -> Option<usize> {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    // Character counts, read no further than they can matter.
    let short_chars = short.chars().count();
    if long.chars().nth(short_chars + max).is_some() {
        return None;
    }
    Some(strsim::damerau_levenshtein(a, b)).filter(|&d| d <= max)
}

/// The closest candidate to `wanted`, if it is close enough to be a likely typo and no other
/// candidate is as close: a "did you mean" names one correction (and its fix applies it), so
/// two equally likely names suggest neither.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = wanted.to_ascii_lowercase();
    let wanted_chars = lower.chars().count();
    let mut best: Option<(&str, f64)> = None;
    let mut tied = false;
    for c in candidates {
        if c.to_ascii_lowercase() == lower {
            return Some(c);
        }
        // Neither test below can pass for a name more than four times shorter (and two
        // edits shorter): Jaro-Winkler is at most 0.4 + 0.6 × (2 + shorter/longer) / 3, below
        // 0.85 when shorter/longer < 1/4. Comparing a megabyte value costs seconds.
        if wanted_chars > 4 * c.chars().count() + 2 {
            continue;
        }
        let score = strsim::jaro_winkler(&lower, &c.to_ascii_lowercase());
        let distance = strsim::damerau_levenshtein(&lower, &c.to_ascii_lowercase());
        let plausible = score >= 0.85 || (distance <= 2 && c.len() > 3);
        if !plausible {
            continue;
        }
        match best {
            Some((b, s)) if score == s && b != c => tied = true,
            Some((_, s)) if score <= s => {}
            _ => {
                best = Some((c, score));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied).map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn one_close_candidate_is_suggested_two_equally_close_are_not() {
        assert_eq!(
            closest("imgae", ["image", "command", "args"]),
            Some("image")
        );
        assert_eq!(closest("Image", ["image"]), Some("image"));
        // One letter from both: neither is the correction.
        assert_eq!(closest("step-x", ["step-a", "step-b"]), None);
        // The same name listed twice is still one candidate.
        assert_eq!(closest("step-x", ["step-a", "step-a"]), Some("step-a"));
        assert_eq!(closest("zzzzzz", ["image", "command"]), None);
    }
}
