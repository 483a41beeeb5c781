//! Which plain scalars yaml.v3 reads as timestamps.
//!
//! A timestamp is still text wherever the platform decodes into a Go `string` (a step's
//! `name`, `path`, …: the decoder keeps the scalar as written), but inside a map of
//! `interface{}` — a step's `config` — it becomes a `time.Time`, which is no string: a policy
//! step's `config.script: 2024-01-01` fails the loader's and the executor's string checks
//! (checked with the oracle's `fidelity check` and `fidelity sim`).
//!
//! yaml.v3 tries a plain scalar as a timestamp when it starts with four digits and a `-`, and
//! accepts it when Go's `time.Parse` reads it in one of four layouts: a date (`2006-1-2`), a
//! date and time separated by a space without a zone (`2006-1-2 15:4:5.999999999`), or by `T`
//! or `t` with a zone (`Z` or `±hh:mm`). Month and day may have one or two digits, and the
//! date must exist (`2023-02-29` is text).

/// Whether yaml.v3 reads the plain scalar `text` as a timestamp.
pub fn is_timestamp(text: &str) -> bool {
    let Some((date, rest)) = date(text) else {
        return false;
    };
    if !date {
        return false;
    }
    if rest.is_empty() {
        return true;
    }
    let (separator, time) = rest.split_at(1);
    match separator {
        " " => clock(time).is_some_and(str::is_empty),
        "T" | "t" => clock(time).is_some_and(zone),
        _ => false,
    }
}

/// Reads `YYYY-M-D` at the start of `text`: whether that date exists, and what follows.
fn date(text: &str) -> Option<(bool, &str)> {
    let bytes = text.as_bytes();
    if bytes.len() < 5 || !bytes[..4].iter().all(u8::is_ascii_digit) || bytes[4] != b'-' {
        return None;
    }
    let year: u32 = text[..4].parse().ok()?;
    let (month, rest) = number(&text[5..])?;
    let rest = rest.strip_prefix('-')?;
    let (day, rest) = number(rest)?;
    let exists = (1..=12).contains(&month) && day >= 1 && day <= days_in(month, year);
    Some((exists, rest))
}

fn days_in(month: u32, year: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `H:M:S` with an optional fraction (`.` or `,` and digits), each field one or two digits
/// within its range; what follows it.
fn clock(text: &str) -> Option<&str> {
    let (hour, rest) = number(text)?;
    let (minute, rest) = number(rest.strip_prefix(':')?)?;
    let (second, mut rest) = number(rest.strip_prefix(':')?)?;
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    if let Some(fraction) = rest.strip_prefix(['.', ',']) {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            rest = &fraction[digits..];
        }
    }
    Some(rest)
}

/// Whether `text` is exactly a zone: `Z`, or a sign, two-digit hours and minutes with a colon.
fn zone(text: &str) -> bool {
    let b = text.as_bytes();
    text == "Z"
        || (b.len() == 6
            && matches!(b[0], b'+' | b'-')
            && b[1..3].iter().all(u8::is_ascii_digit)
            && b[3] == b':'
            && b[4..6].iter().all(u8::is_ascii_digit))
}

/// One or two digits at the start of `text`, and what follows.
fn number(text: &str) -> Option<(u32, &str)> {
    let digits = text.bytes().take(2).take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    Some((text[..digits].parse().ok()?, &text[digits..]))
}

#[cfg(test)]
mod tests {
    use super::is_timestamp;

    #[test]
    fn dates_and_date_times_as_yaml_v3_reads_them() {
        for yes in [
            "2024-01-01",
            "2024-1-1",
            "2024-02-29",
            "2024-01-01T10:00:00Z",
            "2024-01-01t10:00:00+01:00",
            "2024-01-01T10:00:00.123Z",
            "2024-01-01 10:00:00",
            "2024-01-01 1:2:3.5",
        ] {
            assert!(is_timestamp(yes), "{yes}");
        }
        for no in [
            "2023-02-29",
            "2024-13-01",
            "2024-01-32",
            "24-01-01",
            "2024-01",
            "2024-01-01x",
            "2024-01-01T10:00:00",
            "2024-01-01 10:00:00Z",
            "2024-01-01T25:00:00Z",
            "2024-01-01T10:00:00+0100",
            "2024-001-01",
            "20240101",
        ] {
            assert!(!is_timestamp(no), "{no}");
        }
    }
}
