//! INN9xx: problems of the tool or the file system, reported like any other finding.

mod internal_error;
mod unreadable_file;
mod unwritable_file;

pub use internal_error::INTERNAL_ERROR;
pub use unreadable_file::UNREADABLE_FILE;
pub use unwritable_file::UNWRITABLE_FILE;
