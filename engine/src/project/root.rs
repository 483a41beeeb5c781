//! Where a platform repository begins: the one definition every command and the language
//! server use to decide which files are the context of a file (its providers, golden paths,
//! workflows) and where the configuration and the cache live.
//!
//! The engine does no I/O: the caller passes a probe that says whether a path exists.

use super::config::FILE_NAME as CONFIG_FILE;
use std::path::{Path, PathBuf};

/// Files that mark the folder the platform runs in: our configuration, and the two files the
/// platform reads from its working directory (FORMATS.md §1.1).
pub const PLATFORM_MARKERS: [&str; 3] = [CONFIG_FILE, "goldenpaths.yaml", "admin-config.yaml"];

/// Everything that marks the top of a repository, for a folder outside the working
/// directory: the platform's markers and a git repository's top.
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

/// The repository a folder belongs to.
///
/// Inside the working directory (where pre-commit, CI and editors run): the outermost folder
/// between the working directory and `folder` that holds one of [`PLATFORM_MARKERS`] — the
/// folder the platform's server would run in; nested copies below it are examples (the
/// platform's own repository keeps a `goldenpaths.yaml` and an `admin-config.yaml` under
/// `examples/`, while its server runs at the top). With no marker, the working directory
/// itself, so that a file named alone sees what `lint .` would.
///
/// Outside the working directory: the nearest folder at or above `folder` holding one of
/// [`MARKERS`], else the folder itself. (For a file, pass its folder.)
pub fn repository_of(folder: &Path, cwd: &Path, exists: Exists<'_>) -> PathBuf {
    let dir = absolute(folder, cwd);
    let marked =
        |candidate: &Path, markers: &[&str]| markers.iter().any(|m| exists(&candidate.join(m)));
    if dir.starts_with(cwd) {
        return dir
            .ancestors()
            .take_while(|a| a.starts_with(cwd))
            .filter(|a| marked(a, &PLATFORM_MARKERS))
            .last()
            .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf);
    }
    dir.ancestors()
        .find(|candidate| marked(candidate, &MARKERS))
        .map_or(dir.clone(), Path::to_path_buf)
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
    fn outside_the_working_directory_the_nearest_marked_folder_is_the_repository() {
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
    fn inside_the_working_directory_the_outermost_platform_folder_wins() {
        // The platform's own repository: examples/ holds a goldenpaths.yaml and an
        // admin-config.yaml of its own, but the providers live at the top.
        let fs = tree(&[
            "/repo/admin-config.yaml",
            "/repo/providers/db/provider.yaml",
            "/repo/examples/goldenpaths.yaml",
            "/repo/examples/score-spec.yaml",
        ]);
        assert_eq!(
            repository_of(Path::new("examples"), Path::new("/repo"), &fs),
            Path::new("/repo")
        );
        assert_eq!(
            repository_of(Path::new("/repo/examples"), Path::new("/repo"), &fs),
            Path::new("/repo")
        );
        // This tool's repository: only examples/ is a platform folder; the top is not,
        // though it is a git repository.
        let fs = tree(&[
            "/tools/.git",
            "/tools/examples/goldenpaths.yaml",
            "/tools/examples/apps/web/score.yaml",
            "/tools/tests/cases/x.yaml",
        ]);
        assert_eq!(
            repository_of(Path::new("examples/apps/web"), Path::new("/tools"), &fs),
            Path::new("/tools/examples")
        );
        assert_eq!(
            repository_of(Path::new("tests/cases"), Path::new("/tools"), &fs),
            Path::new("/tools")
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
