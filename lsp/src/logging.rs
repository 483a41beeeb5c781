//! Logging for the server: standard error or a file, never standard output (that is the
//! protocol's channel).

use std::path::Path;
use std::sync::Mutex;
use tracing::Level;

/// `error`, `warn`, `info`, `debug` or `trace`.
pub fn parse_level(text: &str) -> Option<Level> {
    text.parse().ok()
}

/// Installs the global subscriber. Errors (a file that cannot be opened) are returned for
/// the caller to report before the server starts.
pub fn init(file: Option<&Path>, level: Level) -> Result<(), String> {
    let builder = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_target(false);
    let installed = match file {
        Some(path) => {
            let f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| format!("cannot open the log file {}: {e}", path.display()))?;
            builder
                .with_ansi(false)
                .with_writer(Mutex::new(f))
                .try_init()
        }
        None => builder
            .with_ansi(false)
            .with_writer(std::io::stderr)
            .try_init(),
    };
    installed.map_err(|e| format!("cannot install logging: {e}"))
}
