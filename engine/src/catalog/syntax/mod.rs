//! INN0xx: YAML syntax and structure.

mod alias_expansion_limit;
mod binary_file;
mod duplicate_key;
mod empty_file;
mod invalid_config;
mod invalid_merge_key;
mod invalid_utf8;
mod multiple_documents;
mod nesting_too_deep;
mod non_string_key;
mod syntax_error;
mod tab_indentation;
mod undefined_alias;
mod unused_suppression;

pub use alias_expansion_limit::ALIAS_EXPANSION_LIMIT;
pub use binary_file::BINARY_FILE;
pub use duplicate_key::DUPLICATE_KEY;
pub use empty_file::EMPTY_FILE;
pub use invalid_config::INVALID_CONFIG;
pub use invalid_merge_key::INVALID_MERGE_KEY;
pub use invalid_utf8::INVALID_UTF8;
pub use multiple_documents::MULTIPLE_DOCUMENTS;
pub use nesting_too_deep::NESTING_TOO_DEEP;
pub use non_string_key::NON_STRING_KEY;
pub use syntax_error::SYNTAX_ERROR;
pub use tab_indentation::TAB_INDENTATION;
pub use undefined_alias::UNDEFINED_ALIAS;
pub use unused_suppression::UNUSED_SUPPRESSION;
