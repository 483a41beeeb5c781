//! The engine's budgets: how far it follows what a file asks of it, in one place.
//!
//! A file is data from anyone: a pull request, a copied example, an attacker's upload to a
//! repository the language server indexes. Whatever it holds, the engine must finish in
//! bounded time and memory and must never give a wrong verdict: past a budget it stops
//! following the hostile part, keeps checking everything else, and says where it stopped
//! (`template-too-deep`). None of these values is
//! reached by a real platform file; each is far below what would exhaust a 2 MiB thread stack
//! (the checking and language-server threads) or the memory of a small CI runner.

/// How deep a Go template may nest: `{{if}}`/`{{range}}`/`{{with}}`/`{{block}}`/`{{define}}`
/// blocks and parenthesised pipelines `(…)` together. Real templates nest a handful of
/// levels; the parser and every walk over a template's syntax tree recurse once or a few
/// times per level, and a 4 KB line of parentheses overflowed the stack. Past this depth the
/// template is reported where the limit is crossed and not checked further (Go itself parses
/// much deeper templates, so this is not reported as a syntax error).
pub const MAX_TEMPLATE_NESTING: usize = 100;
