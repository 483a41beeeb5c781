//! The rules registry: every diagnostic the engine can produce has a rule here, one per file.
//!
//! A rule's `doc` is the text `innominatus explain` prints and the language server shows on
//! hover. Its ```yaml blocks are executed by a test: the first must trigger the rule, the
//! second (after "Use instead") must not. A block may name the file it stands for with a
//! first line `# file: <path>`.

pub use crate::catalog::*;
pub mod compatibility;
pub mod graph;
pub mod practice;
pub mod references;
pub mod templates;

use crate::lint::Lint;

pub mod dependents;
mod overlap;
mod run;
pub mod scope;
pub use run::{lint_file, lint_source};
pub use scope::{lint_alone, lint_file_local, needs_workspace, relates_files};

#[cfg(test)]
mod range_props;
use std::sync::OnceLock;

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
        let mut all: Vec<&'static Rule> = crate::catalog::CORE.to_vec();
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
