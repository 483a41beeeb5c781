//! A debug session over the dry run (`innominatus dap`): breakpoints, stops, stepping,
//! scopes and what-ifs, decided here; the adapter speaks the protocol and renders.
//!
//! The simulator is pure, so a session is a replay: the dry run is made once with a
//! stepper that records what the run had left behind at each step (`replay.rs`), and
//! "stopped before step N" is that record read at N. A what-if (a changed parameter,
//! variable or output; `fail`, `skip`, `timeout` from the console) is a new replay stopped
//! before the same step.
//!
//! One job per file: `replay.rs` the recorded run, `sites.rs` where steps are written,
//! `breakpoints.rs` where breakpoints land, `scopes.rs` what a stop shows, `console.rs`
//! what a console line means, `session.rs` the session that moves over them. A file
//! imports a sibling only if that sibling does not import it back; this file only declares
//! and re-exports.

mod breakpoints;
mod console;
mod replay;
mod scopes;
mod session;
mod sites;

#[cfg(test)]
mod tests;

pub use breakpoints::{
    Breakpoints, FunctionBreakpoint, LineBreakpoint, Placement, EXCEPTION_FILTERS,
};
pub use replay::{Snapshot, Stop};
pub use scopes::ScopeKind;
pub use session::{Evaluation, Event, Frame, Session, StopReason};
