//! A fast path for the plain YAML that nearly every file of a workspace is written in: one
//! document of block mappings and sequences, one-line plain and quoted scalars, one-line flow
//! sequences of scalars and literal or folded block scalars, in printable ASCII with `\n` line
//! ends.
//!
//! It produces the same events, at the same places, as saphyr-parser does for such text, so the
//! tree builder cannot tell the two apart — and it gives up (returns [`Declined`]) the moment it
//! meets anything else: anchors, tags, multi-line plain or quoted scalars, flow mappings with
//! content, several documents, tabs, non-ASCII text, or anything that is not valid YAML. The
//! caller then parses the file with saphyr, so every syntax error, and every construct this file
//! does not know, still gets saphyr's full treatment. Giving up is always safe; producing a
//! different event is a bug, and the differential tests and the `syntax_fast_path` fuzz target
//! compare the two parsers' trees to find one.
//!
//! Why: saphyr's scanner allocates a string for every scalar and walks the text a character at
//! a time; on a thousand small Score files it was most of the run.

use super::tree::ScalarStyle;
use crate::text::Span;
use std::borrow::Cow;

/// The text is outside what the fast path knows; parse it with saphyr.
#[derive(Debug)]
pub struct Declined;

type Step<T = ()> = Result<T, Declined>;

/// YAML limits an implicit key to 1024 characters; longer ones are left to saphyr's error.
const MAX_KEY: usize = 1024;
/// Nesting deeper than this is left to saphyr (our recursion must stay shallow). With the
/// one-line flow collection a block node may hold, no text the fast path takes opens more
/// than `MAX_DEPTH + 1` collections.
pub const MAX_DEPTH: usize = 64;

/// Where the fast path sends what it reads: saphyr's events for the same text, narrowed to
/// what such text holds (one document; no anchors, tags or aliases; no stream events), so
/// the tree builder takes them without building and taking apart an `Event` for each.
pub trait Sink<'t> {
    /// The document begins: at its `---`, or (empty span) at its first content.
    fn document_start(&mut self, span: Span);
    /// The document ends (empty span at the end of the text).
    fn document_end(&mut self, span: Span);
    /// A scalar with its content (unquoted, folded) and the span saphyr gives it.
    fn scalar(&mut self, text: Cow<'t, str>, style: ScalarStyle, span: Span);
    /// A mapping (`mapping`) or sequence begins.
    fn collection_start(&mut self, mapping: bool, span: Span);
    /// The innermost open collection ends.
    fn collection_end(&mut self, span: Span);
}

/// Sends the events of `text` to `sink`, or declines without having sent anything useful
/// (the caller must discard what it received).
pub fn events<'t, S: Sink<'t>>(text: &'t str, sink: &mut S) -> Step {
    let bytes = text.as_bytes();
    // Printable ASCII and `\n` only, ending in a line break: no tabs, no `\r`, no byte-order
    // mark, no control characters, and a byte offset is a character index.
    if bytes.last() != Some(&b'\n') || !is_printable_ascii(bytes) {
        return Err(Declined);
    }
    let mut p = Fast {
        text,
        bytes,
        pos: 0,
        depth: 0,
        sink,
    };
    p.stream()
}

/// Whether every byte is printable ASCII or `\n`. Read in blocks with no early exit inside
/// one, which the compiler turns into vector compares: a byte at a time, with a branch each,
/// this check cost more than the rest of the fast path's reading together.
fn is_printable_ascii(bytes: &[u8]) -> bool {
    let ok = |b: u8| b == b'\n' || (0x20..0x7f).contains(&b);
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        if !block.iter().fold(true, |all, &b| all & ok(b)) {
            return false;
        }
    }
    blocks.remainder().iter().all(|&b| ok(b))
}

struct Fast<'t, 's, S> {
    text: &'t str,
    bytes: &'t [u8],
    /// Start of the line to be read next.
    pos: usize,
    depth: usize,
    sink: &'s mut S,
}

/// What starts a key: its span, unquoted text, style, and where its `:` is.
struct Key<'t> {
    span: Span,
    text: Cow<'t, str>,
    style: ScalarStyle,
    colon: usize,
}

impl<'t, S: Sink<'t>> Fast<'t, '_, S> {
    fn stream(&mut self) -> Step {
        let (line, mut content) = self.next_content(0)?.ok_or(Declined)?;
        if self.bytes[content..].starts_with(b"---") {
            if line != content || !self.blank_rest(content + 3, true) {
                return Err(Declined);
            }
            self.sink.document_start(Span::new(content, content + 3));
            let (_, next) = self
                .next_content(self.line_end(content) + 1)?
                .ok_or(Declined)?;
            content = next;
        } else {
            self.sink.document_start(Span::at(content));
        }
        let column = content - self.line_start(content);
        self.block_node(content, column, None)?;
        if self.next_content(self.pos)?.is_some() {
            return Err(Declined);
        }
        let end = Span::at(self.text.len());
        self.sink.document_end(end);
        Ok(())
    }

    /// A mapping or sequence whose first content is at `at` (column `column`), nested in a
    /// collection of column `parent`.
    fn block_node(&mut self, at: usize, column: usize, parent: Option<usize>) -> Step {
        if parent.is_some_and(|p| column <= p) {
            return Err(Declined);
        }
        self.nested(|p| {
            if p.is_dash(at) {
                p.sequence(at, column, false)
            } else {
                p.mapping(at, column)
            }
        })
    }

    /// Runs `inner` one level deeper, declining past `MAX_DEPTH`.
    fn nested(&mut self, inner: impl FnOnce(&mut Self) -> Step) -> Step {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Declined);
        }
        let result = inner(self);
        self.depth -= 1;
        result
    }

    fn mapping(&mut self, first_key: usize, column: usize) -> Step {
        self.sink.collection_start(true, Span::at(first_key));
        let mut at = first_key;
        loop {
            let key = self.key_at(at)?.ok_or(Declined)?;
            self.sink.scalar(key.text, key.style, key.span);
            self.entry_value(key.colon, column)?;
            match self.next_content(self.pos)? {
                None => break,
                Some((line, content)) => {
                    let indent = content - line;
                    // Deeper than a key is a continuation line or an error; a `- ` item
                    // beside the keys of its own mapping is an error.
                    if indent > column || (indent == column && self.is_dash(content)) {
                        return Err(Declined);
                    }
                    if indent < column {
                        break;
                    }
                    at = content;
                }
            }
        }
        self.sink.collection_end(Span::at(self.pos));
        Ok(())
    }

    /// The value after a key's `:`, through the end of its last line.
    fn entry_value(&mut self, colon: usize, column: usize) -> Step {
        let at = self.skip_spaces(colon + 1);
        if self.ends_line(at) {
            self.pos = self.line_end(at) + 1;
            match self.next_content(self.pos)? {
                Some((line, content)) if content - line > column => {
                    self.block_node(content, content - line, Some(column))
                }
                Some((line, content)) if content - line == column && self.is_dash(content) => {
                    // `key:` then `- item` at the key's own column: an indentless sequence.
                    self.nested(|p| p.sequence(content, column, true))
                }
                _ => {
                    self.sink
                        .scalar(Cow::Borrowed(""), ScalarStyle::Plain, Span::at(colon));
                    Ok(())
                }
            }
        } else {
            self.inline_value(at, column)
        }
    }

    /// A block sequence whose first `-` is at `dash`. An indentless one (`key:` then `- a`
    /// at the key's column) starts, for saphyr, at its first item's content.
    fn sequence(&mut self, first_dash: usize, column: usize, indentless: bool) -> Step {
        let first_item = self.skip_spaces(first_dash + 1);
        let start = if indentless {
            if self.ends_line(first_item) {
                return Err(Declined);
            }
            first_item
        } else {
            first_dash
        };
        self.sink.collection_start(false, Span::at(start));
        let mut dash = first_dash;
        loop {
            let at = self.skip_spaces(dash + 1);
            if self.ends_line(at) {
                let line_end = self.line_end(at);
                self.pos = line_end + 1;
                match self.next_content(self.pos)? {
                    Some((line, content)) if content - line > column => {
                        self.block_node(content, content - line, Some(column))?;
                    }
                    _ => {
                        self.sink
                            .scalar(Cow::Borrowed(""), ScalarStyle::Plain, Span::at(line_end))
                    }
                }
            } else if self.is_dash(at) {
                return Err(Declined);
            } else if self.key_at(at)?.is_some() {
                let item_column = at - self.line_start(at);
                self.nested(|p| p.mapping(at, item_column))?;
            } else {
                self.inline_value(at, column)?;
            }
            match self.next_content(self.pos)? {
                None => break,
                Some((line, content)) => {
                    let indent = content - line;
                    if indent == column && self.is_dash(content) {
                        dash = content;
                    } else if indent > column || (indent == column && !indentless) {
                        // Only an indentless sequence ends at its own column (its mapping's
                        // next key); anything deeper is a continuation or an error.
                        return Err(Declined);
                    } else {
                        break;
                    }
                }
            }
        }
        self.sink.collection_end(Span::at(self.pos));
        Ok(())
    }

    /// A value that starts on its key's (or dash's) line at `at`; `column` is the column of
    /// the collection it belongs to.
    fn inline_value(&mut self, at: usize, column: usize) -> Step {
        let b = self.bytes;
        match b[at] {
            b'"' | b'\'' => {
                let (text, end) = self.quoted(at)?;
                let style = quote_style(b[at]);
                if !self.blank_rest(end, false) {
                    return Err(Declined);
                }
                self.sink.scalar(text, style, Span::new(at, end));
                self.pos = self.line_end(end) + 1;
                Ok(())
            }
            b'[' => self.flow_sequence(at),
            b'{' => self.empty_flow_mapping(at),
            b'|' | b'>' => self.block_scalar(at, column),
            _ => {
                let end = self.plain_end(at)?;
                let span = Span::new(at, end);
                self.sink
                    .scalar(Cow::Borrowed(&self.text[at..end]), ScalarStyle::Plain, span);
                self.pos = self.line_end(end) + 1;
                Ok(())
            }
        }
    }

    /// End of a one-line plain scalar in block context starting at `at`, trailing blanks
    /// excluded. A `: ` inside would make it a key: not a value the fast path takes.
    fn plain_end(&self, at: usize) -> Step<usize> {
        match self.plain_run(at) {
            Some((end, None)) => Ok(end),
            _ => Err(Declined),
        }
    }

    /// Scans a one-line plain scalar in block context from `at` to a comment, the line end or
    /// the first `:` followed by a blank: its end (trailing blanks excluded) and that `:`.
    /// `None` when no plain scalar may start at `at`.
    fn plain_run(&self, at: usize) -> Option<(usize, Option<usize>)> {
        let b = self.bytes;
        if !self.plain_may_start(at) {
            return None;
        }
        let mut i = at;
        let mut end = at;
        loop {
            // Every byte before the next blank, `:` or line end is content.
            let run = i;
            i = next_stop(b, i);
            if i > run {
                end = i;
            }
            match b[i] {
                b'\n' => break,
                b' ' if b[i + 1] == b'#' => break,
                b':' if matches!(b[i + 1], b' ' | b'\n') => return Some((end, Some(i))),
                b' ' => {}
                _ => end = i + 1,
            }
            i += 1;
        }
        Some((end, None))
    }

    /// Whether a plain scalar may start at `at` (YAML's indicators may not, except `-`
    /// before a non-blank).
    fn plain_may_start(&self, at: usize) -> bool {
        let b = self.bytes;
        match b[at] {
            b'-' => !matches!(b[at + 1], b' ' | b'\n'),
            b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|'
            | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`' | b' ' | b'\n' => false,
            _ => true,
        }
    }

    /// A key at `at`: a one-line plain or quoted scalar followed by `:` and a blank.
    fn key_at(&self, at: usize) -> Step<Option<Key<'t>>> {
        let b = self.bytes;
        if matches!(b[at], b'"' | b'\'') {
            let (text, end) = self.quoted(at)?;
            let colon = self.skip_spaces(end);
            if b[colon] != b':' || !matches!(b[colon + 1], b' ' | b'\n') {
                return Ok(None);
            }
            if end - at > MAX_KEY {
                return Err(Declined);
            }
            let style = quote_style(b[at]);
            return Ok(Some(Key {
                span: Span::new(at, end),
                text,
                style,
                colon,
            }));
        }
        let Some((end, Some(colon))) = self.plain_run(at) else {
            return Ok(None);
        };
        if end - at > MAX_KEY {
            return Err(Declined);
        }
        Ok(Some(Key {
            span: Span::new(at, end),
            text: Cow::Borrowed(&self.text[at..end]),
            style: ScalarStyle::Plain,
            colon,
        }))
    }

    /// A one-line quoted scalar at `at`: its text and the offset after its closing quote.
    fn quoted(&self, at: usize) -> Step<(Cow<'t, str>, usize)> {
        let b = self.bytes;
        let quote = b[at];
        let mut i = at + 1;
        let mut owned: Option<String> = None;
        let mut run = i;
        loop {
            match b[i] {
                b'\n' => return Err(Declined),
                b'\'' if quote == b'\'' && b[i + 1] == b'\'' => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.text[run..=i]);
                    i += 2;
                    run = i;
                }
                b'\\' if quote == b'"' => {
                    let unescaped = match b[i + 1] {
                        b'\\' => '\\',
                        b'"' => '"',
                        b'/' => '/',
                        b'n' => '\n',
                        b't' => '\t',
                        b'r' => '\r',
                        b'0' => '\0',
                        b' ' => ' ',
                        _ => return Err(Declined),
                    };
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.text[run..i]);
                    s.push(unescaped);
                    i += 2;
                    run = i;
                }
                c if c == quote => {
                    let text = match owned {
                        Some(mut s) => {
                            s.push_str(&self.text[run..i]);
                            Cow::Owned(s)
                        }
                        None => Cow::Borrowed(&self.text[run..i]),
                    };
                    return Ok((text, i + 1));
                }
                _ => i += 1,
            }
        }
    }

    /// `[a, "b", c]` on one line, items plain or quoted scalars.
    fn flow_sequence(&mut self, open: usize) -> Step {
        let b = self.bytes;
        self.sink.collection_start(false, Span::new(open, open + 1));
        let mut i = self.skip_spaces(open + 1);
        if b[i] != b']' {
            loop {
                i = self.flow_item(i)?;
                i = self.skip_spaces(i);
                match b[i] {
                    b',' => {
                        i = self.skip_spaces(i + 1);
                        if matches!(b[i], b']' | b',') {
                            return Err(Declined);
                        }
                    }
                    b']' => break,
                    _ => return Err(Declined),
                }
            }
        }
        self.sink.collection_end(Span::new(i, i + 1));
        if !self.blank_rest(i + 1, false) {
            return Err(Declined);
        }
        self.pos = self.line_end(i) + 1;
        Ok(())
    }

    /// One scalar of a flow sequence; returns the offset after it.
    fn flow_item(&mut self, at: usize) -> Step<usize> {
        let b = self.bytes;
        if matches!(b[at], b'"' | b'\'') {
            let (text, end) = self.quoted(at)?;
            let style = quote_style(b[at]);
            self.sink.scalar(text, style, Span::new(at, end));
            return Ok(end);
        }
        if !self.plain_may_start(at) || (b[at] == b'-' && !b[at + 1].is_ascii_alphanumeric()) {
            return Err(Declined);
        }
        let mut i = at;
        let mut end = at;
        loop {
            match b[i] {
                b',' | b']' => break,
                b'[' | b'{' | b'}' | b'\n' => return Err(Declined),
                b':' if matches!(b[i + 1], b' ' | b',' | b']' | b'[' | b'{' | b'}' | b'\n') => {
                    return Err(Declined)
                }
                b' ' if b[i + 1] == b'#' => return Err(Declined),
                b' ' => {}
                _ => end = i + 1,
            }
            i += 1;
        }
        self.sink.scalar(
            Cow::Borrowed(&self.text[at..end]),
            ScalarStyle::Plain,
            Span::new(at, end),
        );
        Ok(end)
    }

    /// `{}`: the one flow mapping the fast path knows.
    fn empty_flow_mapping(&mut self, open: usize) -> Step {
        let close = self.skip_spaces(open + 1);
        if self.bytes[close] != b'}' || !self.blank_rest(close + 1, false) {
            return Err(Declined);
        }
        self.sink.collection_start(true, Span::new(open, open + 1));
        self.sink.collection_end(Span::new(close, close + 1));
        self.pos = self.line_end(close) + 1;
        Ok(())
    }

    /// A `|` or `>` block scalar whose indicator is at `at`, in a collection of column
    /// `parent`. Its span runs from its first content character to the first non-blank of the
    /// line that ends it (what saphyr reports).
    fn block_scalar(&mut self, at: usize, parent: usize) -> Step {
        let b = self.bytes;
        let folded = b[at] == b'>';
        let mut i = at + 1;
        let chomp = match b[i] {
            b'-' | b'+' => {
                i += 1;
                b[i - 1]
            }
            _ => b' ',
        };
        if !self.blank_rest(i, true) {
            return Err(Declined);
        }
        let mut line = self.line_end(i) + 1;
        let mut leading = 0;
        while line < b.len() && b[line] == b'\n' {
            leading += 1;
            line += 1;
        }
        if line >= b.len() {
            return Err(Declined);
        }
        let indent = self.skip_spaces(line) - line;
        if indent <= parent || b[line + indent] == b'\n' || (folded && leading > 0) {
            return Err(Declined);
        }
        let start = line + indent;
        let mut value = "\n".repeat(leading);
        let mut empties = 0;
        let mut first = true;
        let end = loop {
            if line >= b.len() {
                break b.len();
            }
            let spaces = self.skip_spaces(line) - line;
            if b[line + spaces] == b'\n' {
                if spaces > 0 {
                    // A line of blanks only: how much of it is content depends on rules the
                    // fast path leaves to saphyr.
                    return Err(Declined);
                }
                empties += 1;
                line += 1;
                continue;
            }
            if spaces < indent {
                break line + spaces;
            }
            if folded && spaces > indent {
                return Err(Declined);
            }
            let eol = self.line_end(line);
            if !first {
                if folded && empties == 0 {
                    value.push(' ');
                } else {
                    let breaks = if folded { empties } else { empties + 1 };
                    value.extend(std::iter::repeat_n('\n', breaks));
                }
            }
            value.push_str(&self.text[line + indent..eol]);
            first = false;
            empties = 0;
            line = eol + 1;
        };
        match chomp {
            b'-' => {}
            b'+' => value.extend(std::iter::repeat_n('\n', empties + 1)),
            _ => value.push('\n'),
        }
        let style = if folded {
            ScalarStyle::Folded
        } else {
            ScalarStyle::Literal
        };
        self.sink
            .scalar(Cow::Owned(value), style, Span::new(start, end));
        self.pos = line.min(b.len());
        Ok(())
    }

    /// The next line with content at or after the line starting at `from`, skipping blank
    /// and comment lines: (start of the line, first non-blank). Declines at a document marker.
    fn next_content(&mut self, from: usize) -> Step<Option<(usize, usize)>> {
        let b = self.bytes;
        let mut line = from;
        while line < b.len() {
            let content = self.skip_spaces(line);
            match b[content] {
                b'\n' => line = content + 1,
                b'#' => line = self.line_end(content) + 1,
                _ => {
                    if content == line
                        && (b[line..].starts_with(b"---") || b[line..].starts_with(b"..."))
                        && matches!(b[line + 3], b' ' | b'\n')
                    {
                        return Err(Declined);
                    }
                    self.pos = line;
                    return Ok(Some((line, content)));
                }
            }
        }
        self.pos = b.len();
        Ok(None)
    }

    /// Whether what follows `at` on its line is blanks and perhaps a comment. A comment must
    /// follow a blank; `need_blank` also asks for a blank (or the line end) right at `at`.
    fn blank_rest(&self, at: usize, need_blank: bool) -> bool {
        let b = self.bytes;
        if need_blank && !matches!(b[at], b' ' | b'\n') {
            return false;
        }
        let i = self.skip_spaces(at);
        b[i] == b'\n' || (b[i] == b'#' && i > at)
    }

    /// Whether the line ends at `at` (its break or a comment after a blank).
    fn ends_line(&self, at: usize) -> bool {
        let b = self.bytes;
        b[at] == b'\n' || (b[at] == b'#' && at > 0 && b[at - 1] == b' ')
    }

    /// `-` followed by a blank or the line end.
    fn is_dash(&self, at: usize) -> bool {
        self.bytes[at] == b'-' && matches!(self.bytes[at + 1], b' ' | b'\n')
    }

    fn skip_spaces(&self, mut at: usize) -> usize {
        while self.bytes[at] == b' ' {
            at += 1;
        }
        at
    }

    fn line_end(&self, at: usize) -> usize {
        // Most calls come with `at` on the line break already (right after a value).
        if self.bytes.get(at) == Some(&b'\n') {
            return at;
        }
        memchr::memchr(b'\n', &self.bytes[at..]).map_or(self.bytes.len(), |n| at + n)
    }

    fn line_start(&self, at: usize) -> usize {
        memchr::memrchr(b'\n', &self.bytes[..at]).map_or(0, |n| n + 1)
    }
}

/// The first blank, `:` or line break at or after `at` (the text ends with a line break, so
/// there is one). Eight bytes at a time: most runs of a plain scalar are a few bytes to a few
/// dozen, too short for a vector search to pay for its setup, long enough that a byte at a
/// time costs more.
fn next_stop(b: &[u8], mut at: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of `word` equal to `byte`; a false one can only follow (in
    // text order) a true one, so the lowest is always right.
    let equal = |word: u64, byte: u8| {
        let x = word ^ (ONES * u64::from(byte));
        x.wrapping_sub(ONES) & !x & HIGHS
    };
    while let Some(word) = b
        .get(at..at + 8)
        .and_then(|w| <[u8; 8]>::try_from(w).ok())
        .map(u64::from_le_bytes)
    {
        let found = equal(word, b' ') | equal(word, b':') | equal(word, b'\n');
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while !matches!(b[at], b' ' | b':' | b'\n') {
        at += 1;
    }
    at
}

fn quote_style(quote: u8) -> ScalarStyle {
    if quote == b'"' {
        ScalarStyle::DoubleQuoted
    } else {
        ScalarStyle::SingleQuoted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-at-a-time search against a byte at a time, at every start in texts with
    /// stops at every distance (and bytes that differ from a stop by one bit).
    #[test]
    fn next_stop_finds_the_first_blank_colon_or_line_break() {
        let texts = [
            "abcdefghijklmnopqrstuvwxyz\n",
            "a b:c\nd\n",
            "0123456789abcdef:0123456789 \n",
            "${resources.db.host}:${x}\n",
            "\"*;:{z~\x7e\x1a\x0a\n",
            "abcdefg abcdefgh:abcdefghi\nabc\n",
            ":\n",
            "\n",
        ];
        for text in texts {
            let b = text.as_bytes();
            for at in 0..b.len() {
                let slow = (at..b.len())
                    .find(|&i| matches!(b[i], b' ' | b':' | b'\n'))
                    .unwrap();
                assert_eq!(next_stop(b, at), slow, "{text:?} from {at}");
            }
        }
    }
}
