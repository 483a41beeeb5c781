//! Work the user waits for goes first.
//!
//! A check of an open document runs while the server walks, indexes and re-checks the
//! folder and compiles the schemas it has not needed yet. On two cores those background
//! threads took the processor, and the one allocator arena (see `memory.rs`), from the
//! check: the first findings of a file opened in a 10,000-file folder came 12 to 27 ms
//! after it was opened, for a few milliseconds of work. Background work therefore stops
//! between two of its units (a folder entry, a file, a schema) while urgent work is in
//! flight, and goes on when it ends.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// The longest a background unit waits for urgent work at a time: if urgent work runs
/// back to back (a long file edited without pause), the background still makes progress.
const LONGEST_WAIT: Duration = Duration::from_millis(100);

/// How much urgent work is in flight, and the signal that it has ended.
pub struct Urgent {
    /// Read without a lock on every background unit (tens of thousands per indexing).
    running: AtomicUsize,
    /// Held to wait for, and to announce, the end of urgent work, so no end goes unheard.
    ends: Mutex<()>,
    ended: Condvar,
    /// [`LONGEST_WAIT`], but in tests that must tell "waits" from "timed out".
    longest_wait: Duration,
}

impl Default for Urgent {
    fn default() -> Urgent {
        Urgent::waiting_at_most(LONGEST_WAIT)
    }
}

/// Urgent work in flight while this lives (also when the work panics). It owns its
/// counter, so it can be taken where the work is announced and moved to where it runs.
pub struct UrgentWork {
    urgent: Arc<Urgent>,
}

impl Urgent {
    fn waiting_at_most(longest_wait: Duration) -> Urgent {
        Urgent {
            running: AtomicUsize::new(0),
            ends: Mutex::new(()),
            ended: Condvar::new(),
            longest_wait,
        }
    }

    /// Marks urgent work as started until the returned guard drops.
    pub fn begin(self: &Arc<Self>) -> UrgentWork {
        self.running.fetch_add(1, Ordering::SeqCst);
        UrgentWork {
            urgent: self.clone(),
        }
    }

    /// Called by background work between two units: returns at once when no urgent work is
    /// in flight, else when it has ended or after [`LONGEST_WAIT`].
    pub fn give_way(&self) {
        if self.running.load(Ordering::SeqCst) == 0 {
            return;
        }
        let ends = self.ends.lock().unwrap_or_else(|e| e.into_inner());
        let _ = self.ended.wait_timeout_while(ends, self.longest_wait, |_| {
            self.running.load(Ordering::SeqCst) > 0
        });
    }
}

impl Drop for UrgentWork {
    fn drop(&mut self) {
        let u = &self.urgent;
        if u.running.fetch_sub(1, Ordering::SeqCst) == 1 {
            // Under the lock: a waiter is either before its check of the count (and sees
            // zero) or waiting (and is woken).
            let _ends = u.ends.lock().unwrap_or_else(|e| e.into_inner());
            u.ended.notify_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Instant;

    fn give_way_on_a_thread(urgent: &Arc<Urgent>) -> mpsc::Receiver<()> {
        let (tx, rx) = mpsc::channel();
        let urgent = urgent.clone();
        std::thread::spawn(move || {
            urgent.give_way();
            let _ = tx.send(());
        });
        rx
    }

    #[test]
    fn background_goes_on_when_nothing_is_urgent() {
        let urgent = Arc::new(Urgent::default());
        let done = give_way_on_a_thread(&urgent);
        done.recv_timeout(Duration::from_secs(5))
            .expect("nothing urgent: no wait");
    }

    #[test]
    fn background_waits_until_the_last_urgent_work_ends() {
        // A bound far beyond the test's pauses: a slow machine cannot pass it by mistake.
        let urgent = Arc::new(Urgent::waiting_at_most(Duration::from_secs(60)));
        let first = urgent.begin();
        let second = urgent.begin();
        let done = give_way_on_a_thread(&urgent);
        assert!(done.recv_timeout(Duration::from_millis(30)).is_err());
        drop(first);
        assert!(
            done.recv_timeout(Duration::from_millis(30)).is_err(),
            "one urgent work is still in flight"
        );
        drop(second);
        done.recv_timeout(Duration::from_secs(5))
            .expect("went on once the work ended");
    }

    #[test]
    fn background_is_never_held_longer_than_the_bound() {
        let urgent = Arc::new(Urgent::default());
        let _endless = urgent.begin();
        let started = Instant::now();
        urgent.give_way();
        assert!(started.elapsed() >= LONGEST_WAIT);
    }

    #[test]
    fn work_that_panics_still_ends() {
        let urgent = Arc::new(Urgent::default());
        let u = urgent.clone();
        let _ = std::thread::spawn(move || {
            let _work = u.begin();
            panic!("a check failed");
        })
        .join();
        assert_eq!(urgent.running.load(Ordering::SeqCst), 0);
    }
}
