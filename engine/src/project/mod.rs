//! The project layer (DESIGN.md §3.1): what the command line and the language server ask
//! about a repository as a whole, answered once for both. Above every other engine module;
//! the callers read files and speak protocols, the answers are made here.

pub mod dry_run;
