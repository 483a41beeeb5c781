//! Typing plain scalars by the YAML 1.2 core schema, as the platform's Go decoder does.
//!
//! Only plain (unquoted) scalars are typed; quoted and block scalars are always strings.
//! `yes`/`no`/`on`/`off` stay strings (YAML 1.1 booleans are not core-schema booleans).

use super::tree::ScalarValue;

pub fn resolve_plain(text: &str) -> ScalarValue {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return ScalarValue::Null,
        "true" | "True" | "TRUE" => return ScalarValue::Bool(true),
        "false" | "False" | "FALSE" => return ScalarValue::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return ScalarValue::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return ScalarValue::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return ScalarValue::Float(f64::NAN),
        _ => {}
    }
    let first = text.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return ScalarValue::String;
    }
    if let Some(v) = resolve_int(text) {
        return v;
    }
    if is_core_float(text) {
        if let Ok(f) = text.parse::<f64>() {
            return ScalarValue::Float(f);
        }
    }
    ScalarValue::String
}

fn resolve_int(text: &str) -> Option<ScalarValue> {
    if let Some(oct) = text.strip_prefix("0o") {
        return parse_radix(oct, 8);
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return parse_radix(hex, 16);
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(match text.parse::<i64>() {
        Ok(i) => ScalarValue::Int(i),
        // Too large for 64 bits: still a number for the schema.
        Err(_) => ScalarValue::Float(text.parse::<f64>().ok()?),
    })
}

fn parse_radix(digits: &str, radix: u32) -> Option<ScalarValue> {
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    Some(match i64::from_str_radix(digits, radix) {
        Ok(i) => ScalarValue::Int(i),
        Err(_) => ScalarValue::Float(f64::INFINITY),
    })
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_core_float(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    let mut frac_digits = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let s = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        frac_digits = i - s;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        let s = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == s {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_schema_types() {
        assert_eq!(resolve_plain("~"), ScalarValue::Null);
        assert_eq!(resolve_plain("True"), ScalarValue::Bool(true));
        assert_eq!(resolve_plain("yes"), ScalarValue::String);
        assert_eq!(resolve_plain("on"), ScalarValue::String);
        assert_eq!(resolve_plain("8080"), ScalarValue::Int(8080));
        assert_eq!(resolve_plain("-3"), ScalarValue::Int(-3));
        assert_eq!(resolve_plain("0o17"), ScalarValue::Int(15));
        assert_eq!(resolve_plain("0x1F"), ScalarValue::Int(31));
        assert_eq!(resolve_plain("0.5"), ScalarValue::Float(0.5));
        assert_eq!(resolve_plain("1e3"), ScalarValue::Float(1000.0));
        assert_eq!(resolve_plain(".5"), ScalarValue::Float(0.5));
        assert_eq!(resolve_plain("1."), ScalarValue::Float(1.0));
        assert_eq!(resolve_plain("0644"), ScalarValue::Int(644));
        for s in [
            "250m", "1.5Gi", "1.2.3", "-", "+", ".", "1e", "v1", "12:30", "0x", "0o8",
        ] {
            assert_eq!(resolve_plain(s), ScalarValue::String, "{s}");
        }
    }
}
