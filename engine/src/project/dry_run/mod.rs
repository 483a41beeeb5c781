//! The dry-run report of a workflow or a Score spec (DESIGN.md §6): what `innominatus
//! workflow test FILE --dry-run` prints and what the language server's `innominatus/dryRun`
//! returns, made once for both.
//!
//! The caller reads; this module decides. [`Subject::parse`] takes a file's name and bytes
//! (from disk, standard input or an editor) and finds what to simulate; [`Subject::reads`]
//! says which files of its repository ([`repository_root`]) the report depends on;
//! [`report`] takes the workspace holding them and the [`Request`] (engine, parameters,
//! scenario, golden path, resource) and returns the [`Report`], which renders itself as JSON
//! ([`Report::to_json`]), text ([`Report::text`]), a Mermaid chart ([`Report::mermaid`]) and an HTML
//! timeline page ([`Report::html`]).
//! Nothing here reads a file, a terminal or the clock; `--step` is a
//! [`crate::plan::Stepper`] the caller passes in.
//!
//! One job per file: `subject.rs`, `request.rs` and `error.rs` are the call's input and
//! failure, `repository.rs` the repository of a file, `parameters.rs` golden-path defaults,
//! `run.rs` one dry run and `score.rs` a Score spec's, `report.rs` the result, `render.rs`
//! with `json.rs`, `text.rs`, `mermaid.rs` and `html.rs` its renderings. No two files import each
//! other; this one only declares and re-exports.

mod error;
mod html;
mod json;
mod mermaid;
mod parameters;
mod render;
mod report;
mod repository;
mod request;
mod run;
mod score;
mod subject;
mod text;

#[cfg(test)]
mod tests;

pub use error::Error;
pub use parameters::{parameters, uses_golden_paths, Parameters};
pub use report::{Outcome, Report, ResourceInfo, Run};
pub use repository::{contains, golden_paths_file, repository_root};
pub use request::Request;
pub use run::report;
pub use subject::{Reads, Subject};
