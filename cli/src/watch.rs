//! `--watch` for `validate`, `lint` and `workflow test`: run once, then again after every
//! burst of changes below the checked paths or to the configuration file, until Ctrl-C.
//!
//! Each run is the command's own run, unchanged: what it re-does is what a fresh run would
//! re-do (the result cache answers a run whose files are all as they were). Between runs the
//! screen is cleared on a terminal; elsewhere a separator line keeps a log readable. A status
//! line after each run gives the counts and the time from the first file event to the result.
//! Ctrl-C ends the watch with status 130 (128 + SIGINT, the shell's convention for a command
//! interrupted by Ctrl-C).

use crate::configuration::relative_display;
use innominatus_fs::walk::Excludes;
use innominatus_fs::watch::{Batch, FolderWatch, Targets};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The exit status after Ctrl-C.
pub const EXIT_INTERRUPTED: i32 = 130;

/// How long a burst may stay silent before it is over: an editor's save (temporary file,
/// rename, attributes) takes a few milliseconds; a formatter run on save a few more.
const QUIET: Duration = Duration::from_millis(30);

/// How often Ctrl-C is looked for while nothing changes.
const POLL: Duration = Duration::from_millis(100);

/// One run's exit status and its counts as the status line shows them
/// (`2 errors, 1 warning in 21 files`).
pub struct RunResult {
    pub code: i32,
    pub summary: String,
}

/// What the watch looks at and where its own lines go.
pub struct Watching<'a> {
    pub targets: Targets,
    pub excludes: Excludes,
    /// JSON or SARIF on standard output: each run prints one complete document there, and the
    /// separator and status lines go to standard error so the documents stay parseable.
    pub machine_output: bool,
    /// `lint --watch`, for the first line.
    pub command: &'a str,
}

/// Runs `once` now and after every change, until Ctrl-C.
pub fn run(
    watching: Watching<'_>,
    once: &mut dyn FnMut(&mut dyn Write, &mut dyn Write) -> std::io::Result<RunResult>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<i32> {
    let interrupted = on_ctrl_c();
    // Watching starts before the first run: a save during it is not lost.
    let watch = match FolderWatch::start(&watching.targets) {
        Ok(watch) => watch,
        Err(why) => {
            writeln!(err, "error: {why}")?;
            return Ok(crate::commands::check::EXIT_TROUBLE);
        }
    };
    let terminal = !watching.machine_output && std::io::stdout().is_terminal();
    let started = Instant::now();
    if terminal {
        clear_screen(out)?;
    }
    let result = once(out, err)?;
    let took = started.elapsed();
    status(
        &watching,
        out,
        err,
        &result,
        &format!("checked in {}", millis(took)),
    )?;

    let concerns = |p: &Path| watching.targets.concerns(p, &watching.excludes);
    loop {
        if interrupted.load(Ordering::SeqCst) {
            return Ok(EXIT_INTERRUPTED);
        }
        let batch = match watch.next_batch(POLL, QUIET, &concerns) {
            Ok(Some(batch)) => batch,
            Ok(None) => continue,
            Err(_) => {
                writeln!(err, "error: the file watcher stopped")?;
                return Ok(crate::commands::check::EXIT_TROUBLE);
            }
        };
        let cause = cause(&batch);
        if terminal {
            clear_screen(out)?;
        } else {
            let lines: &mut dyn Write = if watching.machine_output { err } else { out };
            writeln!(
                lines,
                "──── {} re-runs after {cause} ────",
                watching.command
            )?;
        }
        let result = once(out, err)?;
        // From the first event of the burst (the save) to the result printed.
        let took = batch.first_event.elapsed();
        let how = format!("re-checked in {} after {cause}", millis(took));
        status(&watching, out, err, &result, &how)?;
    }
}

/// The status line, after a run's output.
fn status(
    watching: &Watching<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
    result: &RunResult,
    how: &str,
) -> std::io::Result<()> {
    let line = format!(
        "[{}] {} — {how}; watching… (Ctrl-C ends)",
        time_of_day(),
        result.summary
    );
    out.flush()?;
    if watching.machine_output {
        writeln!(err, "{line}")?;
        err.flush()
    } else {
        writeln!(out, "{line}")?;
        out.flush()
    }
}

/// `a save to apps/web/score.yaml`, `a save to workflows/a.yaml and 2 more files`.
fn cause(batch: &Batch) -> String {
    match batch.paths.as_slice() {
        [] => "a change (the file events overflowed)".to_string(),
        [one] => format!("a save to {}", relative_display(one)),
        [first, rest @ ..] => format!(
            "a save to {} and {} more file{}",
            relative_display(first),
            rest.len(),
            if rest.len() == 1 { "" } else { "s" }
        ),
    }
}

fn millis(d: Duration) -> String {
    format!("{} ms", d.as_millis())
}

fn clear_screen(out: &mut dyn Write) -> std::io::Result<()> {
    // Home, clear the screen, clear the scroll-back: the last run is all there is to read.
    write!(out, "\x1b[H\x1b[2J\x1b[3J")
}

/// The local time as `12:03:04`.
fn time_of_day() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()) as libc::time_t;
    // SAFETY: `localtime_r` writes only into the `tm` it is given.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    let ok = unsafe { !libc::localtime_r(&now, &mut tm).is_null() };
    if !ok {
        return "--:--:--".to_string();
    }
    format!("{:02}:{:02}:{:02}", tm.tm_hour, tm.tm_min, tm.tm_sec)
}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

extern "C" fn note_interrupt(_: libc::c_int) {
    // Only an atomic store: all a signal handler may safely do here.
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// Makes Ctrl-C (SIGINT) set a flag instead of killing the process, so that the watch ends
/// between runs with its output complete.
fn on_ctrl_c() -> &'static AtomicBool {
    let handler = note_interrupt as extern "C" fn(libc::c_int);
    // SAFETY: the handler only stores into an atomic.
    unsafe {
        libc::signal(libc::SIGINT, handler as libc::sighandler_t);
    }
    &INTERRUPTED
}
