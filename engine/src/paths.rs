//! Paths as the engine compares them: `/`-separated strings, normalised without touching the
//! file system (files come from the caller, and so does every answer about existence).

/// A path made comparable: `/` separators, no `.` segments, `..` applied where possible.
pub fn normalize(path: &str) -> String {
    if is_normal(path) {
        return path.to_string();
    }
    normalize_segments(path)
}

/// [`normalize`] the long way, segment by segment, for paths that are not normal already.
fn normalize_segments(path: &str) -> String {
    let path = path.replace('\\', "/");
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

/// Whether [`normalize`] gives `path` back as it is: `/` separators only, and no empty,
/// `.` or `..` segment. Most paths are (every one a walk finds), and the check costs no
/// allocation where normalising costs four.
pub fn is_normal(path: &str) -> bool {
    let relative = path.strip_prefix('/').unwrap_or(path);
    !path.contains('\\')
        && relative
            .split('/')
            .all(|segment| !matches!(segment, "" | "." | ".."))
}

/// The directory part of a path (`""` for a bare file name).
pub fn parent_dir(path: &str) -> String {
    let n = normalize(path);
    match n.rsplit_once('/') {
        Some((dir, _)) => dir.to_string(),
        None => String::new(),
    }
}

/// `dir` joined with a relative `path` (an absolute `path` stands alone).
pub fn join(dir: &str, path: &str) -> String {
    if path.starts_with('/') || dir.is_empty() {
        normalize(path)
    } else {
        normalize(&format!("{dir}/{path}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_called_normal_normalises_to_itself() {
        let paths = [
            "",
            "/",
            "//",
            "a",
            "/a",
            "a/",
            "/a/",
            "a//b",
            "a/./b",
            "./a",
            "a/.",
            "../a",
            "a/..",
            "a/../b",
            "..",
            ".",
            "a\\b",
            "/a/b/c.yaml",
            "apps/web/score.yaml",
            "a/.b/c",
            "a/..b/c",
            "a/b./c",
            "...",
            "/../a",
            "é/ü.yaml",
            "a b/c",
        ];
        let mut normal = 0;
        for path in paths {
            let slow = normalize_segments(path);
            assert_eq!(normalize(path), slow, "{path:?}");
            if is_normal(path) {
                assert_eq!(slow, path, "{path:?} is called normal");
                normal += 1;
            }
        }
        assert!(normal >= 8, "{normal}");
    }

    #[test]
    fn paths_normalise_and_join() {
        assert_eq!(
            normalize("./providers//db/./workflows/../provider.yaml"),
            "providers/db/provider.yaml"
        );
        assert_eq!(
            join("examples/providers/db", "./workflows/a.yaml"),
            "examples/providers/db/workflows/a.yaml"
        );
        assert_eq!(join("", "../x.yaml"), "../x.yaml");
        assert_eq!(parent_dir("provider.yaml"), "");
        assert_eq!(parent_dir("a/b/provider.yaml"), "a/b");
    }
}
