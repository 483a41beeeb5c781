//! The rules registry: every diagnostic the engine can produce has a rule here, one per file.
//!
//! A rule's `doc` is the text `innominatus explain` prints and the language server shows on
//! hover. Its ```yaml blocks are executed by a test: the first must trigger the rule, the
//! second (after "Use instead") must not. A block may name the file it stands for with a
//! first line `# file: <path>`.

use crate::diagnostic::Severity;

mod syntax;
pub use syntax::*;
mod schema;
pub use schema::*;
mod internal;
pub use internal::*;
pub mod compatibility;
pub mod graph;
pub mod practice;
pub mod references;
pub mod templates;

use crate::lint::Lint;
use std::sync::OnceLock;

/// The hundreds of a code (DESIGN.md §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Syntax,
    Schema,
    References,
    Graph,
    Templates,
    Compatibility,
    BestPractice,
    Internal,
}

impl Group {
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Syntax => "syntax",
            Group::Schema => "schema",
            Group::References => "references",
            Group::Graph => "graph",
            Group::Templates => "templates",
            Group::Compatibility => "compatibility",
            Group::BestPractice => "best-practice",
            Group::Internal => "internal",
        }
    }
}

#[derive(Debug)]
pub struct Rule {
    /// `INN` and three digits; stable forever once released.
    pub code: &'static str,
    /// Kebab-case name, accepted wherever a code is.
    pub name: &'static str,
    pub group: Group,
    pub severity: Severity,
    /// One line: what the rule reports.
    pub summary: &'static str,
    /// Markdown: what it does, why it matters, a failing and a fixed example, fix safety.
    pub doc: &'static str,
}

/// Rules produced by the syntax, schema and internal layers, in code order.
static CORE: &[&Rule] = &[
    &SYNTAX_ERROR,
    &DUPLICATE_KEY,
    &TAB_INDENTATION,
    &INVALID_UTF8,
    &BINARY_FILE,
    &EMPTY_FILE,
    &MULTIPLE_DOCUMENTS,
    &UNDEFINED_ALIAS,
    &NON_STRING_KEY,
    &INVALID_MERGE_KEY,
    &ALIAS_EXPANSION_LIMIT,
    &UNUSED_SUPPRESSION,
    &NESTING_TOO_DEEP,
    &INVALID_CONFIG,
    &UNKNOWN_KEY,
    &MISSING_REQUIRED_KEY,
    &WRONG_TYPE,
    &INVALID_VALUE,
    &PATTERN_MISMATCH,
    &OUT_OF_RANGE,
    &NO_MATCHING_VARIANT,
    &DEPRECATED_FORM,
    &INVALID_KEY_NAME,
    &UNREADABLE_FILE,
    &INTERNAL_ERROR,
];

/// Every semantic lint, group by group.
pub fn lints() -> &'static [&'static Lint] {
    static LINTS: OnceLock<Vec<&'static Lint>> = OnceLock::new();
    LINTS.get_or_init(|| {
        [
            references::LINTS,
            graph::LINTS,
            templates::LINTS,
            compatibility::LINTS,
            practice::LINTS,
        ]
        .into_iter()
        .flatten()
        .copied()
        .collect()
    })
}

/// Every rule, in code order.
pub fn all() -> &'static [&'static Rule] {
    static ALL: OnceLock<Vec<&'static Rule>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut all: Vec<&'static Rule> = CORE.to_vec();
        all.extend(lints().iter().map(|l| l.rule));
        all.sort_by_key(|r| r.code);
        all
    })
}

/// Look a rule up by code (`INN101`, case-insensitive) or name (`unknown-key`).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    let wanted = code_or_name.trim();
    all()
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(wanted) || r.name == wanted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for rule in all() {
            assert!(codes.insert(rule.code), "duplicate code {}", rule.code);
            assert!(names.insert(rule.name), "duplicate name {}", rule.name);
            assert!(rule.code.len() == 6 && rule.code.starts_with("INN"));
            assert!(rule.code[3..].chars().all(|c| c.is_ascii_digit()));
            assert!(rule
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
            for section in ["## What it does", "## Why is this bad?"] {
                assert!(rule.doc.contains(section), "{} lacks {section}", rule.code);
            }
        }
    }

    #[test]
    fn codes_sit_in_their_group_range() {
        for rule in all() {
            let hundreds = &rule.code[3..4];
            let expected = match rule.group {
                Group::Syntax => "0",
                Group::Schema => "1",
                Group::References => "2",
                Group::Graph => "3",
                Group::Templates => "4",
                Group::Compatibility => "5",
                Group::BestPractice => "6",
                Group::Internal => "9",
            };
            assert_eq!(hundreds, expected, "{} is in the wrong range", rule.code);
        }
    }
}
