//! How a finding that stands for several places names them: the first few, then a count, so
//! one finding per cause stays one readable line however often the cause repeats.

/// How many names a message shows before "and N more".
const SHOWN: usize = 3;

/// `` `a`, `b`, `c` and 2 more `` for the names given.
pub fn listed<S: AsRef<str>>(names: &[S]) -> String {
    let shown: Vec<String> = names
        .iter()
        .take(SHOWN)
        .map(|n| format!("`{}`", n.as_ref()))
        .collect();
    match names.len().saturating_sub(SHOWN) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::listed;

    #[test]
    fn names_the_first_three_then_counts() {
        assert_eq!(listed(&["a"]), "`a`");
        assert_eq!(listed(&["a", "b", "c"]), "`a`, `b`, `c`");
        assert_eq!(
            listed(&["a", "b", "c", "d", "e"]),
            "`a`, `b`, `c` and 2 more"
        );
    }
}
