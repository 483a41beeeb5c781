//! `--watch` through the real binary: a save below the watched folder gives a new result and
//! status line, Ctrl-C ends the watch with status 130. Every wait is bounded, so a watcher
//! that never reports fails the test instead of hanging it; nothing asserts on durations.
//! The "save → result" figures of the status lines are printed (`--nocapture` shows them).

mod support;

use support::copy_tree;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// How long any one wait may take before the watcher counts as broken.
const BOUND: Duration = Duration::from_secs(30);

/// A fresh copy of `examples/`.
fn examples_copy(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("inn-watch-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_tree(&support::repo_root().join("examples"), &dir);
    dir
}

/// The command running with its standard output read line by line on a thread.
struct Watched {
    child: Child,
    lines: Receiver<String>,
    /// Everything read so far, for failure messages.
    seen: Vec<String>,
}

impl Watched {
    fn start(dir: &Path, args: &[&str]) -> Watched {
        let mut child = support::binary()
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the innominatus binary runs");
        let stdout = child.stdout.take().unwrap();
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        Watched {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// The next status line (`[12:03:04] ... watching…`), within [`BOUND`].
    fn next_status(&mut self) -> String {
        let deadline = Instant::now() + BOUND;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.starts_with('[') && line.contains("watching…") {
                        return line;
                    }
                }
                Err(e) => {
                    let _ = self.child.kill();
                    panic!(
                        "no status line within {BOUND:?} ({e}); output so far:\n{}",
                        self.seen.join("\n")
                    );
                }
            }
        }
    }

    /// Sends Ctrl-C (SIGINT) and returns the exit status, within [`BOUND`].
    fn interrupt(mut self) -> Option<i32> {
        let sent = std::process::Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let deadline = Instant::now() + BOUND;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("--watch did not end within {BOUND:?} of Ctrl-C");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Saves as editors do: a temporary file beside the target, renamed over it.
fn save(path: &Path, text: &str) {
    let temporary = path.with_extension("yaml.swp~");
    std::fs::write(&temporary, text).unwrap();
    std::fs::rename(&temporary, path).unwrap();
}

/// The milliseconds a status line reports (`re-checked in 38 ms after ...`).
fn save_to_result_ms(status: &str) -> u64 {
    let after = status
        .split("re-checked in ")
        .nth(1)
        .unwrap_or_else(|| panic!("no re-check time in {status:?}"));
    after.split(" ms").next().unwrap().parse().unwrap()
}

#[test]
fn lint_watch_reports_a_saved_error_and_its_fix_and_ends_on_ctrl_c() {
    let dir = examples_copy("lint");
    let score = dir.join("apps/orders-api/score.yaml");
    let clean = std::fs::read_to_string(&score).unwrap();
    let broken = clean.replacen("  name: orders-api", "  name: [orders-api", 1);
    assert_ne!(clean, broken, "the example changed: pick another edit");

    let mut watched = Watched::start(&dir, &["--isolated", "lint", "--watch", "."]);
    let first = watched.next_status();
    assert!(first.contains("0 errors"), "{first}");
    assert!(first.contains("in 21 files (21 re-parsed)"), "{first}");

    save(&score, &broken);
    let status = watched.next_status();
    assert!(
        !status.contains(" 0 errors"),
        "the broken save is not seen: {status}"
    );
    assert!(
        status.contains("after a save to apps/orders-api/score.yaml"),
        "{status}"
    );
    // The other files' trees come from the first run.
    assert!(status.contains("(1 re-parsed)"), "{status}");
    assert!(
        watched
            .seen
            .iter()
            .any(|l| l.contains("apps/orders-api/score.yaml:")),
        "the error is not shown at its file:\n{}",
        watched.seen.join("\n")
    );
    // Not a terminal: a separator line, not a cleared screen, between runs.
    assert!(watched
        .seen
        .iter()
        .any(|l| l.starts_with("──── lint re-runs")));
    assert!(!watched.seen.iter().any(|l| l.contains("\x1b[2J")));

    save(&score, &clean);
    let status = watched.next_status();
    assert!(
        status.contains("] 0 errors"),
        "the fix is not seen: {status}"
    );

    // Edits one after the other, for the "save → new result" figure the status line prints.
    // Each text is new (a numbered comment), so the result cache cannot answer: every run
    // parses and lints the workspace.
    let mut figures = Vec::new();
    for round in 0..20 {
        let text = if round % 2 == 0 { &broken } else { &clean };
        save(&score, &format!("{text}# edit {round}\n"));
        let status = watched.next_status();
        assert_eq!(
            status.contains("] 0 errors"),
            round % 2 == 1,
            "round {round}: {status}"
        );
        figures.push(save_to_result_ms(&status));
    }
    figures.sort_unstable();
    println!(
        "lint --watch on examples/, save → new result over {} saves: median {} ms, max {} ms",
        figures.len(),
        figures[figures.len() / 2],
        figures[figures.len() - 1]
    );

    assert_eq!(watched.interrupt(), Some(130));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn workflow_test_watch_reruns_the_tests_after_a_save_to_a_test_file() {
    let dir = examples_copy("workflow");
    let test = dir.join("workflows/deploy-app.test.yaml");
    let passing = std::fs::read_to_string(&test).unwrap();
    let failing = passing.replacen("--replicas=\"2\"", "--replicas=\"7\"", 1);
    assert_ne!(passing, failing, "the example changed: pick another edit");

    let mut watched = Watched::start(&dir, &["--isolated", "workflow", "test", "--watch", "."]);
    let first = watched.next_status();
    assert!(first.contains(" 0 failed"), "{first}");

    save(&test, &failing);
    let status = watched.next_status();
    assert!(status.contains(" 1 failed"), "{status}");
    assert!(
        status.contains("after a save to workflows/deploy-app.test.yaml"),
        "{status}"
    );

    assert_eq!(watched.interrupt(), Some(130));
    let _ = std::fs::remove_dir_all(&dir);
}
