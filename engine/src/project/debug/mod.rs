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
//! `breakpoints.rs` where breakpoints land, `scopes.rs` the values of a stop's scopes,
//! `console.rs` what a console line means; `session.rs` the session's state, with
//! `moves.rs` (continue, next, step out, restart frame, which breakpoint holds a stop),
//! `view.rs` (stack, scopes) and `what_if.rs` (set a variable, `fail`/`skip`/`timeout`).
//! A file imports a sibling only if that sibling does not import it back (the three
//! `impl Session` files import `session.rs`, which imports none of them); this file only
//! declares and re-exports.

mod breakpoints;
mod console;
mod moves;
mod replay;
mod scopes;
mod session;
mod sites;
mod view;
mod what_if;

#[cfg(test)]
mod tests;

pub use breakpoints::{
    Breakpoints, FunctionBreakpoint, LineBreakpoint, Placement, EXCEPTION_FILTERS,
};
pub use replay::{Snapshot, Stop};
pub use scopes::ScopeKind;
pub use session::{Evaluation, Event, Frame, Session, StopReason};
