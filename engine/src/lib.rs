//! innominatus-engine: everything innominatus-tools knows about platform files.
//!
//! Text goes in, data comes out: syntax trees with byte spans, document kinds, schema and
//! rule diagnostics. No printing, no process exit, no global mutable state.

pub mod catalog;
pub mod diagnostic;
pub mod dialect;
pub mod graph;
pub mod ide;
pub mod inventory;
pub mod kind;
#[doc(hidden)]
pub mod layering;
pub mod limits;
pub mod lint;
pub mod model;
pub mod paths;
pub mod plan;
pub mod platform;
pub mod project;
pub mod rules;
pub mod schema;
pub mod small_keys;
pub mod source;
pub mod syntax;
pub mod template;
pub mod text;
pub mod workspace;
