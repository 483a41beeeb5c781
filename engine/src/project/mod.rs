//! The project layer: what a repository of platform files means as a whole — its
//! configuration, which rules run, where it begins. The CLI, the language server and the
//! editors ask this module and render the answers; none of them decides these things itself.

pub mod config;
pub mod root;
pub mod selector;
