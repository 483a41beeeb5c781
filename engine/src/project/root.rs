//! Where a platform repository begins: the one definition every command and the language
//! server use to decide which files are the context of a file (its providers, golden paths,
//! workflows) and where the configuration and the cache live.
//!
//! The engine does no I/O: the caller passes a probe that says whether a path exists.

use super::config::FILE_NAME as CONFIG_FILE;
use std::path::{Path, PathBuf};

/// Files and folders that mark the top of a platform repository, most telling first: the
/// configuration, the two files the platform reads from its working directory
/// (FORMATS.md §1.1), and a git repository's top.
pub const MARKERS: [&str; 4] = [CONFIG_FILE, "goldenpaths.yaml", "admin-config.yaml", ".git"];

/// Asks whether a path exists (a file or a folder).
pub type Exists<'a> = &'a dyn Fn(&Path) -> bool;

/// The nearest `.innominatus.toml` at or above `start`.
pub fn find_config(start: &Path, exists: Exists<'_>) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join(CONFIG_FILE))
        .find(|p| exists(p))
}

/// The repository a folder belongs to: the nearest folder at or above `folder` that holds
/// one of [`MARKERS`]. When `folder` lies inside `cwd`, the search stops there: pre-commit,
/// CI and editors run at the repository's top, and what lies below it belongs to what is
/// checked from there. With no marker the folder itself is the repository. (For a file, pass
/// the folder it is in.)
pub fn repository_of(folder: &Path, cwd: &Path, exists: Exists<'_>) -> PathBuf {
    let dir = absolute(folder, cwd);
    let inside_cwd = dir.starts_with(cwd);
    for candidate in dir.ancestors() {
        if MARKERS.iter().any(|m| exists(&candidate.join(m))) {
            return candidate.to_path_buf();
        }
        if inside_cwd && candidate == cwd {
            return candidate.to_path_buf();
        }
    }
    dir
}

/// The workspace root of a run: `[workspace] root` of the configuration, else the folder of
/// the configuration file, else the repository of `first_folder` (the first folder named,
/// or the folder of the first file named), else `cwd`.
pub fn workspace_root(
    configured_root: Option<&Path>,
    config_folder: Option<&Path>,
    first_folder: Option<&Path>,
    cwd: &Path,
    exists: Exists<'_>,
) -> PathBuf {
    configured_root
        .or(config_folder)
        .map(Path::to_path_buf)
        .or_else(|| first_folder.map(|p| repository_of(p, cwd, exists)))
        .unwrap_or_else(|| cwd.to_path_buf())
}

/// `path` made absolute against `cwd`, with `.` components dropped (no file system access).
pub fn absolute(path: &Path, cwd: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    joined
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn tree(paths: &[&str]) -> impl Fn(&Path) -> bool {
        let mut set: HashSet<PathBuf> = HashSet::new();
        for p in paths {
            for a in Path::new(p).ancestors() {
                set.insert(a.to_path_buf());
            }
        }
        move |p: &Path| set.contains(p)
    }

    #[test]
    fn the_nearest_marked_folder_is_the_repository() {
        let fs = tree(&[
            "/repo/.git",
            "/repo/platform/goldenpaths.yaml",
            "/repo/platform/workflows/deploy.yaml",
            "/repo/apps/web/score.yaml",
        ]);
        let cwd = Path::new("/elsewhere");
        assert_eq!(
            repository_of(Path::new("/repo/platform/workflows"), cwd, &fs),
            Path::new("/repo/platform")
        );
        assert_eq!(
            repository_of(Path::new("/repo/apps/web"), cwd, &fs),
            Path::new("/repo")
        );
    }

    #[test]
    fn the_working_directory_bounds_the_search_from_inside() {
        let fs = tree(&["/repo/.git", "/repo/team/apps/web/score.yaml"]);
        assert_eq!(
            repository_of(Path::new("apps/web"), Path::new("/repo/team"), &fs),
            Path::new("/repo/team")
        );
        // Outside the working directory, the markers decide.
        assert_eq!(
            repository_of(Path::new("/repo/team/apps/web"), Path::new("/tmp"), &fs),
            Path::new("/repo")
        );
    }

    #[test]
    fn without_a_marker_the_folder_is_its_own_repository() {
        let fs = tree(&["/a/b/score.yaml"]);
        assert_eq!(
            repository_of(Path::new("/a/b"), Path::new("/x"), &fs),
            Path::new("/a/b")
        );
    }

    #[test]
    fn configuration_decides_before_markers() {
        let fs = tree(&[
            "/repo/.git",
            "/repo/p/.innominatus.toml",
            "/repo/p/w/a.yaml",
        ]);
        let cwd = Path::new("/repo/p/w");
        assert_eq!(
            find_config(cwd, &fs),
            Some(PathBuf::from("/repo/p/.innominatus.toml"))
        );
        assert_eq!(
            workspace_root(
                None,
                Some(Path::new("/repo/p")),
                Some(Path::new(".")),
                cwd,
                &fs
            ),
            Path::new("/repo/p")
        );
        assert_eq!(
            workspace_root(Some(Path::new("/repo")), None, None, cwd, &fs),
            Path::new("/repo")
        );
        assert_eq!(workspace_root(None, None, None, cwd, &fs), cwd);
    }
}
