//! The project layer (DESIGN.md §3.1): what a repository of platform files means as a
//! whole — its configuration, which rules run, where it begins, which files are ours, the
//! dry-run report of a file — answered once for the command line, the language server and
//! the editors, which read files, speak protocols and render; none of them decides these
//! things itself.

pub mod config;
pub mod debug;
pub mod dry_run;
pub mod files;
pub mod fixes;
pub mod root;
pub mod selector;
pub mod shard;
pub mod suppress;

#[cfg(test)]
mod at_the_limits;
