//! Which repository a file belongs to, and which files of a workspace are part of it. The
//! repository decides what a dry run sees: its `goldenpaths.yaml` (parameter defaults) and
//! its providers (where a Score spec's resources go).

use crate::workspace::normalize;
use std::path::{Path, PathBuf};

/// The files whose presence marks the top folder of a platform repository.
const MARKERS: [&str; 3] = ["goldenpaths.yaml", "admin-config.yaml", ".innominatus.toml"];

/// The repository of `file` (named as the caller names files): the nearest folder above it
/// that holds `goldenpaths.yaml`, `admin-config.yaml` or `.innominatus.toml`, else the file's
/// own folder. A relative name is searched up to the folder it is relative to (`.`), not
/// beyond. `is_file` answers whether a path names a file (the engine reads nothing).
pub fn repository_root(file: &Path, is_file: &dyn Fn(&Path) -> bool) -> PathBuf {
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut at = Some(dir);
    while let Some(d) = at {
        if MARKERS.iter().any(|m| is_file(&d.join(m))) {
            return d.to_path_buf();
        }
        // A relative path's last parent is "": that is the folder it is relative to, which
        // is checked as "." (once: the parent of "." is "").
        at = match d.parent() {
            Some(p) if p.as_os_str().is_empty() && d != Path::new(".") => Some(Path::new(".")),
            p => p.filter(|p| !p.as_os_str().is_empty()),
        };
    }
    dir.to_path_buf()
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
        let is_file = |p: &Path| files.iter().any(|f| Path::new(f) == p);
        repository_root(Path::new(file), &is_file)
            .display()
            .to_string()
    }

    #[test]
    fn the_nearest_marked_folder_is_the_repository() {
        let files = ["examples/goldenpaths.yaml", "./admin-config.yaml"];
        assert_eq!(root_of("examples/apps/web/score.yaml", &files), "examples");
        assert_eq!(root_of("apps/web/score.yaml", &files), ".");
        assert_eq!(root_of("score.yaml", &files), ".");
        // nothing marked: the file's own folder
        assert_eq!(root_of("apps/web/score.yaml", &[]), "apps/web");
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
