//! How a session moves over its stops: to the first stop, to the next breakpoint, to the
//! next step, out of a group, back to a frame's first step; and which breakpoint holds a
//! stop.

use super::session::{Event, Session, StopReason};
use crate::plan::Fate;

impl Session {
    /// Starts the run: stopped at the first step when `stop_on_entry`, else running to
    /// the first breakpoint.
    pub fn begin(&mut self, stop_on_entry: bool) -> Event {
        self.cursor = None;
        self.ended = false;
        if stop_on_entry && !self.replay.stops.is_empty() {
            self.cursor = Some(0);
            return Event::Stopped(StopReason::Entry, self.describe(0));
        }
        self.resume()
    }

    /// Continues to the next stop a breakpoint holds, or to the end.
    pub fn resume(&mut self) -> Event {
        let from = self.cursor.map_or(0, |c| c + 1);
        for k in from..self.replay.stops.len() {
            if let Some((reason, description)) = self.hit(k) {
                self.cursor = Some(k);
                return Event::Stopped(reason, description);
            }
        }
        self.end()
    }

    /// To the next step.
    pub fn next_step(&mut self) -> Event {
        let k = self.cursor.map_or(0, |c| c + 1);
        self.stop_at(k, StopReason::Step)
    }

    /// To the first step of the next group (or workflow).
    pub fn step_out(&mut self) -> Event {
        let Some(c) = self.cursor else {
            return self.next_step();
        };
        let here = self.group_of(c);
        let k = (c + 1..self.replay.stops.len())
            .find(|&k| self.group_of(k) != here)
            .unwrap_or(self.replay.stops.len());
        self.stop_at(k, StopReason::Step)
    }

    /// Stops where it is (a paused session reports its stop again).
    pub fn pause(&mut self) -> Event {
        match self.current() {
            Some(c) => Event::Stopped(StopReason::Pause, self.describe(c)),
            None => Event::Ended,
        }
    }

    /// Runs again from the start and stops before stop `k` (restart frame).
    pub fn restart_at(&mut self, k: usize) -> Event {
        self.ended = false;
        self.stop_at(k, StopReason::Entry)
    }

    pub(super) fn stop_at(&mut self, k: usize, reason: StopReason) -> Event {
        if k >= self.replay.stops.len() {
            return self.end();
        }
        self.cursor = Some(k);
        Event::Stopped(reason, self.describe(k))
    }

    pub(super) fn end(&mut self) -> Event {
        self.cursor = Some(self.replay.stops.len());
        self.ended = true;
        Event::Ended
    }

    pub(super) fn group_of(&self, k: usize) -> (usize, usize) {
        let stop = &self.replay.stops[k];
        let group = self.step_at(stop).map_or(0, |(_, o)| o.group);
        (stop.run, group)
    }

    pub(super) fn describe(&self, k: usize) -> String {
        let stop = &self.replay.stops[k];
        match self.step_at(stop) {
            Some((step, o)) => {
                let fate = o.status.name().replace('_', " ");
                match &o.reason {
                    Some(r) => format!("before step '{}' ({fate}: {r})", step.name),
                    None => format!("before step '{}' ({fate})", step.name),
                }
            }
            None => String::new(),
        }
    }

    /// Whether a breakpoint holds stop `k`, and which.
    pub(super) fn hit(&self, k: usize) -> Option<(StopReason, String)> {
        let stop = &self.replay.stops[k];
        let (step, outcome) = self.step_at(stop)?;
        let holds = |condition: &Option<String>| match condition {
            None => true,
            Some(c) => self.state(stop).is_some_and(|s| s.condition(c) == Ok(true)),
        };
        if let Some(range) = self.step_range(stop) {
            let file = &self.run_of(stop).file;
            if self
                .placed
                .iter()
                .any(|(f, span, condition)| f == file && *span == range && holds(condition))
            {
                return Some((StopReason::Breakpoint, self.describe(k)));
            }
        }
        if self
            .breakpoints
            .functions
            .iter()
            .any(|f| f.name == step.name && holds(&f.condition))
        {
            return Some((StopReason::FunctionBreakpoint, self.describe(k)));
        }
        let failing = outcome.status.is_failure();
        if (failing && self.breakpoints.on_failure)
            || (outcome.status == Fate::Skipped && self.breakpoints.on_skip)
        {
            return Some((StopReason::Exception, self.describe(k)));
        }
        None
    }
}
