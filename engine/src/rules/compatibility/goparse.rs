//! The platform's value parsers, reproduced: Go's `strconv.Atoi`, `time.ParseDuration` (plus
//! the golden-path `<n>d`/`<n>w` forms), and Masterminds `semver.NewVersion`.

/// `strconv.Atoi`: optional sign, ASCII digits, fits in 64 bits.
pub fn atoi(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<i64>().ok()
}

/// Go's `time.ParseDuration`: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+` with units ns, us, µs, ms, s,
/// m, h; a bare `0` is allowed.
pub fn go_duration(text: &str) -> bool {
    let s = text.strip_prefix(['+', '-']).unwrap_or(text);
    if s == "0" {
        return true;
    }
    if s.is_empty() {
        return false;
    }
    let mut rest = s;
    while !rest.is_empty() {
        let num_len = rest
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_digit() || *c == '.'))
            .map_or(rest.len(), |(i, _)| i);
        let number = &rest[..num_len];
        let dots = number.matches('.').count();
        if number.is_empty() || number == "." || dots > 1 {
            return false;
        }
        rest = &rest[num_len..];
        let unit_len = rest
            .char_indices()
            .find(|(_, c)| c.is_ascii_digit() || *c == '.')
            .map_or(rest.len(), |(i, _)| i);
        let unit = &rest[..unit_len];
        if !matches!(unit, "ns" | "us" | "µs" | "μs" | "ms" | "s" | "m" | "h") {
            return false;
        }
        rest = &rest[unit_len..];
    }
    true
}

/// A golden-path `duration` parameter value: `<int>d`, `<int>w`, else a Go duration.
pub fn golden_path_duration(text: &str) -> bool {
    if let Some(days) = text.strip_suffix('d') {
        return atoi(days).is_some();
    }
    if let Some(weeks) = text.strip_suffix('w') {
        return atoi(weeks).is_some();
    }
    go_duration(text)
}

/// A version as Masterminds `semver.NewVersion` reads it (`v` prefix, missing minor/patch,
/// pre-release and build metadata allowed): (major, minor, patch, pre-release).
pub fn semver(text: &str) -> Option<(u64, u64, u64, String)> {
    let s = text.strip_prefix('v').unwrap_or(text);
    let (core, _build) = match s.split_once('+') {
        Some((c, b)) if valid_idents(b) => (c, Some(b)),
        Some(_) => return None,
        None => (s, None),
    };
    let (numbers, pre) = match core.split_once('-') {
        Some((n, p)) if valid_idents(p) => (n, p.to_string()),
        Some(_) => return None,
        None => (core, String::new()),
    };
    let parts: Vec<&str> = numbers.split('.').collect();
    if parts.is_empty() || parts.len() > 3 {
        return None;
    }
    let mut nums = [0u64; 3];
    for (i, p) in parts.iter().enumerate() {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        nums[i] = p.parse().ok()?;
    }
    Some((nums[0], nums[1], nums[2], pre))
}

fn valid_idents(s: &str) -> bool {
    !s.is_empty()
        && s.split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

/// Semver ordering of two parsed versions (a pre-release sorts before its release).
pub fn semver_cmp(a: &(u64, u64, u64, String), b: &(u64, u64, u64, String)) -> std::cmp::Ordering {
    (a.0, a.1, a.2)
        .cmp(&(b.0, b.1, b.2))
        .then_with(|| match (a.3.is_empty(), b.3.is_empty()) {
            (true, true) => std::cmp::Ordering::Equal,
            (true, false) => std::cmp::Ordering::Greater,
            (false, true) => std::cmp::Ordering::Less,
            (false, false) => a.3.cmp(&b.3),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_follow_go() {
        for ok in [
            "1h", "24h", "168h", "1h30m", "1.5h", "300ms", "0", "-2m", "2µs",
        ] {
            assert!(go_duration(ok), "{ok}");
        }
        for bad in ["", "7d", "1", "h", "1hour", "1.5.5h", " 1h"] {
            assert!(!go_duration(bad), "{bad}");
        }
        assert!(golden_path_duration("7d"));
        assert!(golden_path_duration("2w"));
        assert!(!golden_path_duration("1.5d"));
    }

    #[test]
    fn versions_follow_masterminds() {
        assert_eq!(semver("1.0.0").map(|v| v.0), Some(1));
        assert!(semver("v2").is_some());
        assert!(semver("0.1").is_some());
        assert!(semver("1.0.0-rc.1+build.5").is_some());
        for bad in ["", "latest", "1.0.0.0", "1..0", "1.0.x"] {
            assert!(semver(bad).is_none(), "{bad}");
        }
        let a = semver("1.0.0").unwrap();
        let b = semver("2.0.0").unwrap();
        assert_eq!(semver_cmp(&a, &b), std::cmp::Ordering::Less);
    }
}
