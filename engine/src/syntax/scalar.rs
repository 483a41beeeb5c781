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
use std::borrow::Cow;

#[inline]
pub fn resolve_plain(text: &str) -> ScalarValue {
    // Most plain scalars are words (`postgres`, `app`, `${resources.db.host}`): only these
    // first bytes can begin a null, a boolean or a number, and a word that begins like
    // `null`, `true` or `false` (`name`, `type`, `files`) is one only with its length; any
    // other is a string without a look at the names [`resolve_by_rules`] compares (the test
    // holds the two to the same answers).
    match (text.as_bytes().first(), text.len()) {
        (None, _) => ScalarValue::Null,
        (Some(b'n' | b'N' | b't' | b'T'), 4)
        | (Some(b'f' | b'F'), 5)
        | (Some(b'~' | b'.' | b'+' | b'-' | b'0'..=b'9'), _) => resolve_by_rules(text),
        (Some(_), _) => ScalarValue::String,
    }
}

/// The typing rules in full, for any plain scalar. Kept out of line: the exit above runs for
/// every plain scalar, these rules for few.
#[inline(never)]
fn resolve_by_rules(text: &str) -> ScalarValue {
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
        b'0'..=b'9' | b'-' | b'+' => {
            // A copy without the `_` only when there is one: most numbers have none.
            let plain = match text.contains('_') {
                true => Cow::Owned(text.replace('_', "")),
                false => Cow::Borrowed(text),
            };
            resolve_number(&plain)
        }
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
    // The prefix in either case, compared byte by byte (no lower-cased copy).
    let (radix, digits) = match unsigned.as_bytes() {
        [b'0', b'x' | b'X', ..] => (16, &unsigned[2..]),
        [b'0', b'o' | b'O', ..] => (8, &unsigned[2..]),
        [b'0', b'b' | b'B', ..] => (2, &unsigned[2..]),
        [b'0', _, ..] => (8, &unsigned[1..]),
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

    /// The first-byte exit of `resolve_plain` against the full rules: every text of one or
    /// two printable ASCII bytes, every name the rules know, and numbers in each notation,
    /// as written and with a byte before or after them.
    #[test]
    fn the_first_byte_exit_agrees_with_the_full_rules() {
        let printable: Vec<char> = (0x20u8..0x7f)
            .map(char::from)
            .chain(['é', '\u{a0}'])
            .collect();
        let mut texts: Vec<String> = Vec::new();
        for &a in &printable {
            texts.push(a.to_string());
            for &b in &printable {
                texts.push(format!("{a}{b}"));
            }
        }
        let known = [
            "~",
            "null",
            "Null",
            "NULL",
            "true",
            "True",
            "TRUE",
            "false",
            "False",
            "FALSE",
            ".inf",
            ".Inf",
            ".INF",
            "+.inf",
            "+.Inf",
            "+.INF",
            "-.inf",
            "-.Inf",
            "-.INF",
            ".nan",
            ".NaN",
            ".NAN",
            "nULL",
            "tRUE",
            "fALSE",
            "8080",
            "-3",
            "+12",
            "0o17",
            "0O17",
            "0x1F",
            "0X1f",
            "-0x1F",
            "0b101",
            "0B101",
            "0644",
            "08",
            "1_000",
            "1_0.5",
            "0.5",
            ".5",
            "1.",
            "1e3",
            "-1.5E-3",
            "+.5e+3",
            "18446744073709551615",
            "99999999999999999999",
            "-9223372036854775808",
            "0x",
            "0o8",
            "0é",
            "1é",
            "250m",
            "1.5Gi",
            "v1",
            "_1",
            "no",
            "yes",
            "on",
            "off",
            "nil",
            "none",
            "tru",
            "fals",
        ];
        for k in known {
            texts.push(k.to_string());
            for &c in &['a', 'Z', '_', '0', '.', ' ', 'é'] {
                texts.push(format!("{k}{c}"));
                texts.push(format!("{c}{k}"));
            }
        }
        texts.push(String::new());
        for t in &texts {
            // Debug, so that NaN equals NaN.
            assert_eq!(
                format!("{:?}", resolve_plain(t)),
                format!("{:?}", resolve_by_rules(t)),
                "{t:?}"
            );
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
