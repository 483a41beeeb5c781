//! Which repository a file belongs to, and which files of a workspace are part of it. The
//! repository decides what a dry run sees: its `goldenpaths.yaml` (parameter defaults) and
//! its providers (where a Score spec's resources go).

use crate::project::root;
use crate::workspace::normalize;
use std::path::{Path, PathBuf};

/// The repository of `file` (named as the caller names files: relative names are relative
/// to `cwd`), by the one definition every command uses ([`root::repository_of`]). Named the
/// way the caller names files: relative to `cwd` when inside it (`.` for `cwd` itself), else
/// absolute. `exists` answers for absolute paths (the engine reads nothing).
pub fn repository_root(file: &Path, cwd: &Path, exists: &dyn Fn(&Path) -> bool) -> PathBuf {
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let found = root::repository_of(dir, cwd, exists);
    match found.strip_prefix(cwd) {
        Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rel) if file.is_relative() => rel.to_path_buf(),
        _ => found,
    }
}

/// The golden paths of a repository: `goldenpaths.yaml` at its top.
pub fn golden_paths_file(repository: &Path) -> PathBuf {
    repository.join("goldenpaths.yaml")
}

/// Whether the workspace file `file` lies in `repository` (both named as the caller names
/// files). The repository `.` holds every relative name that does not leave it.
pub fn contains(repository: &Path, file: &str) -> bool {
    let root = normalize(&repository.to_string_lossy());
    let file = normalize(file);
    if root.is_empty() {
        return !(file.starts_with('/') || file == ".." || file.starts_with("../"));
    }
    if root.ends_with('/') {
        return file.starts_with(&root);
    }
    file.strip_prefix(&root)
        .is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root_of(file: &str, files: &[&str]) -> String {
        let exists = |p: &Path| {
            files
                .iter()
                .any(|f| Path::new(f).ancestors().any(|a| a == p))
        };
        repository_root(Path::new(file), Path::new("/work"), &exists)
            .display()
            .to_string()
    }

    #[test]
    fn the_repository_is_named_as_the_caller_names_files() {
        let files = [
            "/work/examples/goldenpaths.yaml",
            "/work/apps/web/score.yaml",
        ];
        assert_eq!(root_of("examples/apps/web/score.yaml", &files), "examples");
        assert_eq!(root_of("apps/web/score.yaml", &files), ".");
        assert_eq!(root_of("score.yaml", &files), ".");
        assert_eq!(
            root_of("/srv/p/apps/score.yaml", &["/srv/p/.innominatus.toml"]),
            "/srv/p"
        );
        assert_eq!(root_of("/srv/p/apps/score.yaml", &[]), "/srv/p/apps");
    }

    #[test]
    fn a_repository_contains_the_files_below_it() {
        let root = Path::new("examples");
        assert!(contains(root, "examples/providers/p.yaml"));
        assert!(contains(root, "./examples/providers/p.yaml"));
        assert!(!contains(root, "examples-old/providers/p.yaml"));
        assert!(!contains(root, "providers/p.yaml"));
        let dot = Path::new(".");
        assert!(contains(dot, "providers/p.yaml"));
        assert!(!contains(dot, "../shared/p.yaml"));
        assert!(!contains(dot, "/srv/shared/p.yaml"));
        assert!(contains(Path::new("/srv/p"), "/srv/p/x.yaml"));
        assert!(!contains(Path::new("/srv/p"), "/srv/px.yaml"));
        assert!(contains(Path::new("/"), "/srv/px.yaml"));
    }
}
