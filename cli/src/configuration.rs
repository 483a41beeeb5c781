//! Which `.innominatus.toml` a command uses: none with `--isolated`, the one given with
//! `--config`, else the nearest one upwards from the working directory. Every command that
//! reads configuration asks here, so they all mean the same file.

use crate::commands::check::Settings;
use innominatus_fs::config::{self, Loaded};
use std::path::{Path, PathBuf};

/// The configuration file in force and how it was chosen.
pub struct Chosen {
    pub path: PathBuf,
    /// The path as messages show it: relative to the working directory when below it.
    pub display: String,
    pub origin: &'static str,
}

/// The file the settings point at, or why there is none.
pub fn choose(settings: &Settings) -> Result<Chosen, &'static str> {
    if settings.isolated {
        return Err("ignored (--isolated)");
    }
    let (path, origin) = match &settings.config_file {
        Some(p) => (p.clone(), "given with --config"),
        None => match std::env::current_dir()
            .ok()
            .and_then(|cwd| config::discover(&cwd))
        {
            Some(p) => (p, "found upwards from the working directory"),
            None => return Err("none found upwards from the working directory; defaults apply"),
        },
    };
    Ok(Chosen {
        display: relative_display(&path),
        path,
        origin,
    })
}

/// The chosen configuration file, read (`None` when there is none).
pub fn load(settings: &Settings) -> Option<(Chosen, Loaded)> {
    let chosen = choose(settings).ok()?;
    let loaded = config::load(&chosen.path, &chosen.display);
    Some((chosen, loaded))
}

/// A path relative to the working directory when it lies below it.
pub fn relative_display(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| {
            path.strip_prefix(&cwd)
                .ok()
                .map(|p| p.display().to_string())
        })
        .unwrap_or_else(|| path.display().to_string())
}
