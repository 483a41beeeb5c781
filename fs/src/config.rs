//! Finding and reading `.innominatus.toml`; what it means is the engine's
//! (`innominatus_engine::project::config`).

use innominatus_engine::diagnostic::Diagnostic;
use innominatus_engine::project::config::Config;
use innominatus_engine::project::root;
use innominatus_engine::text::Span;
use std::path::Path;
use std::sync::Arc;

pub use innominatus_engine::project::config::FILE_NAME;

/// A configuration file read from disk.
pub struct Loaded {
    pub config: Config,
    /// Its mistakes, positioned on `text`.
    pub problems: Vec<Diagnostic>,
    pub text: String,
}

/// The nearest `.innominatus.toml` at or above `start`.
pub fn discover(start: &Path) -> Option<std::path::PathBuf> {
    root::find_config(start, &|p| p.is_file())
}

/// Reads the configuration file at `path`, named `display` in messages.
pub fn load(path: &Path, display: &str) -> Loaded {
    let file: Arc<str> = Arc::from(display);
    let text = match crate::walk::read(path)
        .and_then(|b| String::from_utf8(b).map_err(|_| "the file is not valid UTF-8".to_string()))
    {
        Ok(t) => t,
        Err(e) => {
            return Loaded {
                config: Config::default(),
                problems: vec![Diagnostic::new(
                    &innominatus_engine::catalog::UNREADABLE_FILE,
                    &file,
                    Span::at(0),
                    format!("cannot read the configuration file: {e}"),
                )],
                text: String::new(),
            }
        }
    };
    let (config, problems) = Config::parse(&text, &file, path.parent(), &|p| p.is_dir());
    Loaded {
        config,
        problems,
        text,
    }
}
