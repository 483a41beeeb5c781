//! `--watch`: which folders to watch for a command's paths, and the changes below them,
//! gathered into one batch per burst (an editor's save is several events: a temporary file
//! written, renamed over the original, its attributes set).
//!
//! Folders are watched, never single files: an editor that saves by renaming replaces the
//! file, and a watch on the old file would see nothing after the first save.

use crate::walk::{self, Excludes};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// What a command watches: the folders it walks (recursively), the files it was given one by
/// one and its configuration file (through their folders, not recursively).
pub struct Targets {
    /// Folders walked by the command, canonical.
    trees: Vec<PathBuf>,
    /// Files named one by one and the configuration file, canonical.
    files: Vec<PathBuf>,
}

impl Targets {
    /// The targets of `paths` (`.` when empty) and of the configuration file, if any.
    pub fn new(paths: &[PathBuf], config_file: Option<&Path>) -> Targets {
        let defaults = [PathBuf::from(".")];
        let paths = if paths.is_empty() {
            &defaults[..]
        } else {
            paths
        };
        let mut trees = Vec::new();
        let mut files = Vec::new();
        for path in paths.iter().filter(|p| p.as_os_str() != "-") {
            let Ok(canonical) = path.canonicalize() else {
                continue;
            };
            match canonical.is_dir() {
                true => trees.push(canonical),
                false => files.push(canonical),
            }
        }
        if let Some(config) = config_file.and_then(|c| c.canonicalize().ok()) {
            files.push(config);
        }
        Targets { trees, files }
    }

    /// Whether a changed path is one the command reads: a file named on the command line, the
    /// configuration, or a file the walker would yield below a watched folder (YAML, not
    /// hidden, not excluded; the cache folder `.innominatus_cache/` is hidden).
    pub fn concerns(&self, path: &Path, excludes: &Excludes) -> bool {
        if self.files.iter().any(|f| f == path) {
            return true;
        }
        self.trees
            .iter()
            .any(|tree| walk::walks_to(tree, path, excludes))
    }

    /// The folders to register: each tree recursively, the folder of each single file alone
    /// unless a tree already holds it.
    fn registrations(&self) -> Vec<(PathBuf, RecursiveMode)> {
        let mut out: Vec<(PathBuf, RecursiveMode)> = self
            .trees
            .iter()
            .map(|t| (t.clone(), RecursiveMode::Recursive))
            .collect();
        for file in &self.files {
            let Some(folder) = file.parent() else {
                continue;
            };
            if out.iter().any(|(dir, mode)| {
                folder == dir || (*mode == RecursiveMode::Recursive && folder.starts_with(dir))
            }) {
                continue;
            }
            out.push((folder.to_path_buf(), RecursiveMode::NonRecursive));
        }
        out
    }
}

/// The changes of one burst.
pub struct Batch {
    /// When the first event of the burst reached us: the start of the "save → result" time.
    pub first_event: Instant,
    /// The changed paths that concern the command, in the order first seen, without repeats.
    pub paths: Vec<PathBuf>,
}

/// A running watch over a command's [`Targets`].
pub struct FolderWatch {
    // Dropping the watcher stops the events; it is only kept alive here.
    _watcher: RecommendedWatcher,
    events: Receiver<(Instant, notify::Result<Event>)>,
}

/// Why no more batches will come.
#[derive(Debug)]
pub struct WatchEnded;

impl FolderWatch {
    /// Starts watching; the error says which folder could not be watched and why.
    pub fn start(targets: &Targets) -> Result<FolderWatch, String> {
        let (send, events) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(move |event| {
            // The receiver is gone only when the command ends.
            let _ = send.send((Instant::now(), event));
        })
        .map_err(|e| format!("cannot start watching files: {e}"))?;
        for (folder, mode) in targets.registrations() {
            watcher
                .watch(&folder, mode)
                .map_err(|e| format!("cannot watch {}: {e}", folder.display()))?;
        }
        Ok(FolderWatch {
            _watcher: watcher,
            events,
        })
    }

    /// Waits at most `wait` for a change that `concerns` accepts, then gathers the rest of its
    /// burst until `quiet` passes without another one. `Ok(None)`: nothing within `wait`.
    pub fn next_batch(
        &self,
        wait: Duration,
        quiet: Duration,
        concerns: &dyn Fn(&Path) -> bool,
    ) -> Result<Option<Batch>, WatchEnded> {
        let deadline = Instant::now() + wait;
        let mut batch: Option<Batch> = None;
        loop {
            let timeout = match &batch {
                None => deadline.saturating_duration_since(Instant::now()),
                Some(_) => quiet,
            };
            match self.events.recv_timeout(timeout) {
                Ok((at, Ok(event))) => {
                    // Reading a file (our own runs do) is not a change.
                    if matches!(event.kind, EventKind::Access(_)) {
                        continue;
                    }
                    for path in event.paths.into_iter().filter(|p| concerns(p)) {
                        let batch = batch.get_or_insert_with(|| Batch {
                            first_event: at,
                            paths: Vec::new(),
                        });
                        if !batch.paths.contains(&path) {
                            batch.paths.push(path);
                        }
                    }
                }
                // An overflowed event queue: something changed, but not known what.
                Ok((at, Err(_))) => {
                    batch.get_or_insert_with(|| Batch {
                        first_event: at,
                        paths: Vec::new(),
                    });
                }
                Err(RecvTimeoutError::Timeout) => return Ok(batch),
                Err(RecvTimeoutError::Disconnected) => return Err(WatchEnded),
            }
        }
    }
}
