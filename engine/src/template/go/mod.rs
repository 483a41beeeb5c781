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

#[cfg(test)]
mod tests;
