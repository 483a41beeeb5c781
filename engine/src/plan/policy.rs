//! The documented engine's execution policies: how long steps take, how often a failing step
//! is retried and after which pause, and when a step is stopped.
//!
//! The platform has no per-step retry field (FORMATS.md §1.3); the only retry policy it
//! documents is the client's: three retries after 1 s, 4 s and 9 s (§6, `run`). The
//! documented engine applies that policy to every step that fails while running, and the
//! dormant engine's 30-minute step context (§4.3) as the step timeout. Durations are the
//! workflow analyzer's estimates per step type (§3.6).

/// How many times the documented engine starts a step that keeps failing.
pub const MAX_ATTEMPTS: u32 = 4;

/// The documented engine's step timeout (the dormant path's per-step context), in seconds.
pub const STEP_TIMEOUT_SECS: u64 = 30 * 60;

/// The pause before attempt `attempt` (from 2): 1 s, 4 s, 9 s, … (the square of the retry).
pub fn backoff_before(attempt: u32) -> u64 {
    let retry = u64::from(attempt.saturating_sub(1));
    retry * retry
}

/// Total pause before the attempts 2..=attempts.
pub fn total_backoff(attempts: u32) -> u64 {
    (2..=attempts).map(backoff_before).sum()
}

/// The analyzer's duration estimate for a step of `step_type`, in seconds.
pub fn default_duration(step_type: &str) -> u64 {
    match step_type {
        "validation" | "gitea-repo" => 30,
        "policy" | "git-commit-manifests" | "tagging" | "health-check" => 60,
        "security" | "monitoring" | "argocd-app" | "vault-setup" | "cost-analysis" => 120,
        "ansible" | "kubernetes" | "database-migration" => 180,
        "resource-provisioning" => 240,
        "terraform" | "terraform-generate" => 300,
        _ => 120,
    }
}

/// Parses `90`, `90s`, `5m`, `1h30m`, `250ms` (rounded up to whole seconds).
pub fn parse_duration(text: &str) -> Option<u64> {
    let text = text.trim();
    if let Ok(secs) = text.parse::<u64>() {
        return Some(secs);
    }
    let mut millis: u64 = 0;
    let mut rest = text;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        let n: u64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let (unit, len) = if rest.starts_with("ms") {
            (1, 2)
        } else if rest.starts_with('s') {
            (1000, 1)
        } else if rest.starts_with('m') {
            (60_000, 1)
        } else if rest.starts_with('h') {
            (3_600_000, 1)
        } else {
            return None;
        };
        millis = millis.checked_add(n.checked_mul(unit)?)?;
        rest = &rest[len..];
    }
    Some(millis.div_ceil(1000))
}

/// `75` → `1m15s`, `3600` → `1h`, `0` → `0s`.
pub fn format_duration(secs: u64) -> String {
    if secs == 0 {
        return "0s".into();
    }
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 {
        out.push_str(&format!("{s}s"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_and_print() {
        assert_eq!(parse_duration("90"), Some(90));
        assert_eq!(parse_duration("1h30m"), Some(5400));
        assert_eq!(parse_duration("250ms"), Some(1));
        assert_eq!(parse_duration("5x"), None);
        assert_eq!(parse_duration(""), None);
        assert_eq!(format_duration(5400), "1h30m");
        assert_eq!(format_duration(75), "1m15s");
        assert_eq!(total_backoff(4), 1 + 4 + 9);
    }
}
