//! INN9xx: problems of the tool or the file system, reported like any other finding.

pub mod internal_error;
pub mod unreadable_file;
pub mod unwritable_file;

pub use internal_error::INTERNAL_ERROR;
pub use unreadable_file::UNREADABLE_FILE;
pub use unwritable_file::UNWRITABLE_FILE;
