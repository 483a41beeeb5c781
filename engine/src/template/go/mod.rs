//! Go's `text/template`, as the platform renders `config.script` of `policy` steps and
//! `config.manifest` of `kubernetes` steps (FORMATS.md §2.1): a lexer and parser that keep the
//! byte span of every action, and a walk over the data each template reads.

mod lex;
mod parse;
mod refs;

pub use lex::go_quote;
pub use parse::{
    Arg, Branch, Command, ErrorKind, Ident, Node, ParseError, Pipe, Template, BUILTINS,
};
pub use refs::{DataRef, Usage};

/// Whether `s` is a Go identifier, the only names a field chain (`.parameters.name`) can
/// spell out.
pub fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(|c: char| c.is_ascii_digit())
        && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests;
