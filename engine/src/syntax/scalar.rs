//! Typing plain scalars as the platform's Go decoder (yaml.v3) types them.
//!
//! Only plain (unquoted) scalars are typed; quoted and block scalars are always strings.
//! `yes`/`no`/`on`/`off` stay strings (YAML 1.1 booleans are not core-schema booleans).
//! yaml.v3 goes beyond the core schema for numbers, and the platform's verdicts follow it
//! (checked with the oracle): `_` between digits is dropped (`1_000` is 1000), Go's integer
//! prefixes are read in any case (`0x1F`, `0X1F`, `0o17`, `0b101`), a leading zero means
//! octal (`0644` is 420), and a digit string that is no such integer but fits the float
//! pattern is a float (`08`, `99999999999999999999`).

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
    match text.as_bytes()[0] {
        // A leading dot: only a float can follow (`.5`, `.5e3`), no `_`, no prefix.
        b'.' => match is_core_float(text) {
            true => text
                .parse::<f64>()
                .map_or(ScalarValue::String, ScalarValue::Float),
            false => ScalarValue::String,
        },
        b'0'..=b'9' | b'-' | b'+' => resolve_number(&text.replace('_', "")),
        _ => ScalarValue::String,
    }
}

/// A scalar that starts with a digit or a sign, its `_` already dropped: an integer in Go's
/// notation (sign, `0x`/`0o`/`0b` prefix or leading-zero octal), else a core-schema float,
/// else text.
fn resolve_number(plain: &str) -> ScalarValue {
    if let Some(value) = go_integer(plain) {
        return value;
    }
    if is_core_float(plain) {
        if let Ok(f) = plain.parse::<f64>() {
            return ScalarValue::Float(f);
        }
    }
    ScalarValue::String
}

/// Go's `ParseInt(s, 0, 64)`, then `ParseUint(s, 0, 64)`: an integer too large for `i64` but
/// within `u64` is still an integer to the decoder (one an `int` field cannot hold); it is
/// kept as a number beyond `i64`'s range, which the schemas' integer bounds reject.
fn go_integer(plain: &str) -> Option<ScalarValue> {
    let (negative, unsigned) = match plain.as_bytes()[0] {
        b'-' => (true, &plain[1..]),
        b'+' => (false, &plain[1..]),
        _ => (false, plain),
    };
    let lower = unsigned.get(..2).map(str::to_ascii_lowercase);
    let (radix, digits) = match lower.as_deref() {
        Some("0x") => (16, &unsigned[2..]),
        Some("0o") => (8, &unsigned[2..]),
        Some("0b") => (2, &unsigned[2..]),
        _ if unsigned.len() > 1 && unsigned.starts_with('0') => (8, &unsigned[1..]),
        _ => (10, unsigned),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u128::from_str_radix(digits, radix).ok()?;
    let value = if negative {
        -(magnitude as i128)
    } else {
        magnitude as i128
    };
    if let Ok(i) = i64::try_from(value) {
        return Some(ScalarValue::Int(i));
    }
    if !negative && value <= i128::from(u64::MAX) {
        return Some(ScalarValue::Float(value as f64));
    }
    None
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
        for s in [
            "250m", "1.5Gi", "1.2.3", "-", "+", ".", "1e", "v1", "12:30", "0x", "0o8", "_1",
            "0x1G", "._5",
        ] {
            assert_eq!(resolve_plain(s), ScalarValue::String, "{s}");
        }
    }

    /// Texts the oracle's yaml.v3 reads as numbers where the core schema alone would not.
    #[test]
    fn numbers_as_yaml_v3_reads_them() {
        assert_eq!(resolve_plain("1_000"), ScalarValue::Int(1000));
        assert_eq!(resolve_plain("0X1F"), ScalarValue::Int(31));
        assert_eq!(resolve_plain("-0x1F"), ScalarValue::Int(-31));
        assert_eq!(resolve_plain("0b101"), ScalarValue::Int(5));
        assert_eq!(resolve_plain("0644"), ScalarValue::Int(420));
        assert_eq!(resolve_plain("+12"), ScalarValue::Int(12));
        assert_eq!(resolve_plain("0"), ScalarValue::Int(0));
        assert_eq!(resolve_plain("08"), ScalarValue::Float(8.0));
        assert_eq!(resolve_plain("1_0.5"), ScalarValue::Float(10.5));
        assert_eq!(
            resolve_plain("18446744073709551615"),
            ScalarValue::Float(18446744073709551615.0)
        );
        assert_eq!(
            resolve_plain("99999999999999999999"),
            ScalarValue::Float(1e20)
        );
        assert_eq!(
            resolve_plain("-9223372036854775808"),
            ScalarValue::Int(i64::MIN)
        );
    }
}
