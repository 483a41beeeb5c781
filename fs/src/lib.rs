//! innominatus-fs: everything innominatus-tools does with the file system, shared by the
//! command line and the language server so that both read a workspace the same way. The
//! engine decides what files mean; this crate only finds, reads and writes them.

pub mod config;
pub mod repository;
pub mod walk;
pub mod watch;
pub mod write;
