//! The engine's budgets: how far it follows what a file asks of it, in one place.
//!
//! A file is data from anyone: a pull request, a copied example, an attacker's upload to a
//! repository the language server indexes. Whatever it holds, the engine must finish in
//! bounded time and memory and must never give a wrong verdict: past a budget it stops
//! following the hostile part, keeps checking everything else, and says where it stopped
//! (`nesting-too-deep`, `alias-expansion-limit`, `template-too-deep`). None of these values is
//! reached by a real platform file; each is far below what would exhaust a 2 MiB thread stack
//! (the checking and language-server threads) or the memory of a small CI runner.

use std::borrow::Cow;

/// How many collections (mappings and lists) may enclose one another, counting the levels
/// aliases bring in where they are used. Platform files nest about ten levels (a workflow's
/// step's config's manifest's values); the YAML tree is walked recursively by the schema
/// validator and by the rules, a few stack frames per level. A collection past this depth is
/// kept empty (its content is not checked) and reported where it opens; an alias whose value
/// would reach past it is left unexpanded and reported where it is used.
pub const MAX_NESTING: usize = 128;

/// How many nodes aliases may add to one document once expanded. A real file's anchors add a
/// few hundred (shared labels, defaults merged into each step); the "billion laughs" pattern
/// adds billions. Aliases past the budget are left unexpanded and reported.
pub const MAX_ALIAS_NODES: u64 = 1_000_000;

/// How many bytes of scalar text aliases may add to one document once expanded. Counting
/// nodes alone let a 1 MB string aliased a few thousand times through (a few thousand nodes,
/// gigabytes of text for every reader that expands it: the schema validator, the models, the
/// template scanners). 4 MiB is a thousand times what a real file's anchors add, and small
/// enough that every copy the engine makes of it stays well under 100 MB.
pub const MAX_ALIAS_BYTES: u64 = 4 * 1024 * 1024;

/// How deep a Go template may nest: `{{if}}`/`{{range}}`/`{{with}}`/`{{block}}`/`{{define}}`
/// blocks and parenthesised pipelines `(…)` together. Real templates nest a handful of
/// levels; the parser and every walk over a template's syntax tree recurse once or a few
/// times per level, and a 4 KB line of parentheses overflowed the stack. Past this depth the
/// template is reported where the limit is crossed and not checked further (Go itself parses
/// much deeper templates, so this is not reported as a syntax error).
pub const MAX_TEMPLATE_NESTING: usize = 100;

/// How many documents keep their parsed Go templates between checks
/// (`template::memo`, language server only). An editor changes a few documents at a time; each
/// further one costs a parse of its templates on its next check, nothing else.
pub const TEMPLATE_MEMO_DOCUMENTS: usize = 8;

/// How many bytes of template text one document keeps parsed between checks. A long workflow
/// holds some 100 KB of scripts and manifests; past this, templates are parsed on every check
/// as before, so a file of huge templates cannot make the server hold their trees.
pub const TEMPLATE_MEMO_BYTES: usize = 1024 * 1024;

/// How many characters of user text a message quotes (a value, a key, a line): enough to
/// recognise it, while a 10 MB line still makes a one-line message.
pub const MAX_EXCERPT_CHARS: usize = 120;

/// The longest path a rule keeps as a value's label (`config.env.REGION`, `dependsOn[2]`).
/// A label is copied for every value under it: 30 nested keys of 1,000 characters over
/// 100,000 list items made 3 GB of labels for a 7 MB file. Past this length a label ends in
/// `…` and grows no more.
pub const MAX_LABEL_BYTES: usize = 256;

/// The longest message or help text a diagnostic carries, whatever it quotes: a safety net
/// behind [`excerpt`], so that no path from user text to output can print megabytes. Real
/// messages are a few hundred characters.
pub const MAX_MESSAGE_CHARS: usize = 2_000;

/// `text` as a message quotes it: its first line, at most [`MAX_EXCERPT_CHARS`] characters,
/// with `…` where anything was left out. Reads no further than it quotes.
pub fn excerpt(text: &str) -> Cow<'_, str> {
    for (n, (i, c)) in text.char_indices().enumerate() {
        let line_break = c == '\n' || c == '\r';
        if line_break || n == MAX_EXCERPT_CHARS {
            if line_break && text[i..].trim_start().is_empty() {
                return Cow::Borrowed(&text[..i]);
            }
            return Cow::Owned(format!("{}…", &text[..i]));
        }
    }
    Cow::Borrowed(text)
}

/// `label` followed by `part` (`.key`, `[3]`), unless that would make it longer than
/// [`MAX_LABEL_BYTES`]: then it ends in `…` (added once) and `part` is left out.
pub fn extend_label(label: &str, part: &str) -> String {
    if label.ends_with('…') {
        return label.to_string();
    }
    if label.len() + part.len() <= MAX_LABEL_BYTES {
        return format!("{label}{part}");
    }
    format!("{label}…")
}

/// `text` cut to [`MAX_MESSAGE_CHARS`] characters (with `…`), for messages and help texts.
pub fn capped(text: String) -> String {
    match text.char_indices().nth(MAX_MESSAGE_CHARS) {
        None => text,
        Some((cut, _)) => {
            let mut text = text;
            text.truncate(cut);
            text.push('…');
            text
        }
    }
}

/// Every quote of `text` (the parts between backticks, which is how messages quote user
/// text) cut to an [`excerpt`], then the whole to [`MAX_MESSAGE_CHARS`].
pub fn tidy_message(text: &mut String) {
    if text.len() <= MAX_EXCERPT_CHARS {
        return;
    }
    if text
        .split('`')
        .skip(1)
        .step_by(2)
        .any(|q| q.len() > MAX_EXCERPT_CHARS)
    {
        let mut out = String::with_capacity(MAX_MESSAGE_CHARS);
        for (i, part) in text.split('`').enumerate() {
            if i > 0 {
                out.push('`');
            }
            // Odd parts are inside quotes (an unclosed last quote included).
            out.push_str(
                if i % 2 == 1 {
                    excerpt(part)
                } else {
                    Cow::Borrowed(part)
                }
                .as_ref(),
            );
            if out.len() > 4 * MAX_MESSAGE_CHARS {
                break;
            }
        }
        *text = out;
    }
    if text.len() > MAX_MESSAGE_CHARS {
        *text = capped(std::mem::take(text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_keep_short_text_and_cut_long_text() {
        assert_eq!(excerpt("nginx:1.25"), "nginx:1.25");
        assert_eq!(excerpt(""), "");
        let long = "é".repeat(10 * MAX_EXCERPT_CHARS);
        let cut = excerpt(&long);
        assert_eq!(cut.chars().count(), MAX_EXCERPT_CHARS + 1);
        assert!(cut.ends_with('…'));
        // Only the first line is quoted.
        assert_eq!(excerpt("first\nsecond"), "first…");
        assert_eq!(excerpt("first\r\nsecond"), "first…");
        assert_eq!(excerpt("last line\n"), "last line");
    }

    #[test]
    fn quotes_in_messages_are_cut_to_excerpts() {
        let long = "y".repeat(10_000);
        let mut m = format!("image `{long}` of container `api` has no tag; use `{long}:1`");
        tidy_message(&mut m);
        assert_eq!(
            m,
            format!(
                "image `{}…` of container `api` has no tag; use `{}…`",
                "y".repeat(MAX_EXCERPT_CHARS),
                "y".repeat(MAX_EXCERPT_CHARS)
            )
        );
        // Short messages and quotes are left alone; text outside quotes is only capped.
        let mut short = "step `build` depends on `tset`".to_string();
        tidy_message(&mut short);
        assert_eq!(short, "step `build` depends on `tset`");
        let mut unquoted = "z".repeat(MAX_MESSAGE_CHARS + 10);
        tidy_message(&mut unquoted);
        assert_eq!(unquoted.chars().count(), MAX_MESSAGE_CHARS + 1);
        // An unclosed quote is cut too.
        let mut open = format!("found `{long}");
        tidy_message(&mut open);
        assert!(open.len() < 200, "{open}");
    }

    #[test]
    fn labels_stop_growing_at_their_limit() {
        assert_eq!(extend_label("config", ".script"), "config.script");
        let mut label = "config".to_string();
        for _ in 0..1_000 {
            label = extend_label(&label, &format!(".{}", "k".repeat(100)));
        }
        assert!(
            label.len() <= MAX_LABEL_BYTES + '…'.len_utf8(),
            "{}",
            label.len()
        );
        assert!(label.starts_with("config.kkk") && label.ends_with('…'));
    }

    #[test]
    fn messages_are_capped() {
        assert_eq!(capped("short".into()), "short");
        let long = "x".repeat(MAX_MESSAGE_CHARS * 3);
        let cut = capped(long);
        assert_eq!(cut.chars().count(), MAX_MESSAGE_CHARS + 1);
        assert!(cut.ends_with('…'));
        let exact = "y".repeat(MAX_MESSAGE_CHARS);
        assert_eq!(capped(exact.clone()), exact);
    }
}
