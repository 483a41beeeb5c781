//! INN0xx: YAML syntax and structure.

pub mod alias_expansion_limit;
pub mod binary_file;
pub mod duplicate_key;
pub mod empty_file;
pub mod invalid_config;
pub mod invalid_merge_key;
pub mod invalid_utf8;
pub mod multiple_documents;
pub mod nesting_too_deep;
pub mod non_string_key;
pub mod syntax_error;
pub mod tab_indentation;
pub mod undefined_alias;
pub mod unused_suppression;

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
