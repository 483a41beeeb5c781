//! Offsets in the decoded text of a YAML scalar mapped back to bytes of the file.
//!
//! A template lives in a scalar, often a `|` block: its decoded text lacks the block's
//! indentation, quotes and escapes, so an offset found by a template parser is not an offset
//! of the file. [`ScalarMap`] re-reads the scalar's source the way YAML decodes it, keeping
//! where every decoded byte came from, and checks that the result equals the decoded text the
//! YAML parser produced. When it does not (an unusual form), the map falls back to the
//! scalar's whole span: positions are then approximate but never wrong.

use crate::syntax::{Document, NodeId, Scalar, ScalarStyle};
use crate::text::Span;

/// Decoded bytes `dec..dec+len` came from source bytes `src..src+src_len`; byte for byte
/// when `linear`, otherwise all from that one source range (an escape, a folded line break).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    dec: usize,
    len: usize,
    src: usize,
    src_len: usize,
    linear: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScalarMap {
    segments: Vec<Segment>,
    /// The scalar's span in the file.
    span: Span,
    exact: bool,
}

impl ScalarMap {
    /// The map of scalar node `id` (following aliases), or `None` when it is not a scalar.
    pub fn for_node(doc: &Document, source: &str, id: NodeId) -> Option<ScalarMap> {
        let id = doc.resolve(id);
        let scalar = doc.scalar(id)?;
        Some(ScalarMap::new(source, doc.node(id).span, scalar))
    }

    /// The map of a scalar whose node spans `span` of `source`.
    pub fn new(source: &str, span: Span, scalar: &Scalar) -> ScalarMap {
        let decoded = match scalar.style {
            ScalarStyle::Plain => decode_flow(source, span, None, &scalar.text),
            ScalarStyle::SingleQuoted => decode_flow(source, span, Some('\''), &scalar.text),
            ScalarStyle::DoubleQuoted => decode_flow(source, span, Some('"'), &scalar.text),
            ScalarStyle::Literal | ScalarStyle::Folded => decode_block(source, span, &scalar.text),
        };
        match decoded {
            Some(segments) => ScalarMap {
                segments,
                span,
                exact: true,
            },
            None => ScalarMap {
                segments: Vec::new(),
                span,
                exact: false,
            },
        }
    }

    /// Whether offsets are exact (otherwise every position is the scalar's span).
    pub fn is_exact(&self) -> bool {
        self.exact
    }

    /// The scalar's span in the file.
    pub fn scalar_span(&self) -> Span {
        self.span
    }

    fn segment(&self, dec: usize) -> Option<&Segment> {
        let i = self.segments.partition_point(|s| s.dec + s.len <= dec);
        self.segments.get(i)
    }

    /// The file offset of decoded byte `dec` (the end of the scalar's content for the end of
    /// the text).
    pub fn offset(&self, dec: usize) -> usize {
        if !self.exact {
            return self.span.start;
        }
        match self.segment(dec) {
            Some(s) if s.linear => s.src + (dec - s.dec),
            Some(s) => s.src,
            None => self
                .segments
                .last()
                .map_or(self.span.start, |s| s.src + s.src_len),
        }
    }

    /// The file span of decoded range `range` (the scalar's span when not exact).
    pub fn span(&self, range: Span) -> Span {
        if !self.exact {
            return self.span;
        }
        // Never outside the scalar: a line break the parser adds at the end of a file that
        // lacks one has no byte of its own.
        let start = self.offset(range.start).min(self.span.end);
        if range.is_empty() {
            return Span::at(start);
        }
        let end = match self.segment(range.end - 1) {
            Some(s) if s.linear => s.src + (range.end - 1 - s.dec) + 1,
            Some(s) => s.src + s.src_len,
            None => start,
        };
        Span::new(start, end.min(self.span.end).max(start))
    }
}

/// Decoded text with the origin of each piece.
#[derive(Default)]
struct Out {
    text: String,
    segments: Vec<Segment>,
}

impl Out {
    /// Copies `s`, which starts at source byte `src`.
    fn copy(&mut self, src: usize, s: &str) {
        if s.is_empty() {
            return;
        }
        let dec = self.text.len();
        self.text.push_str(s);
        if let Some(last) = self.segments.last_mut() {
            if last.linear && last.dec + last.len == dec && last.src + last.src_len == src {
                last.len += s.len();
                last.src_len += s.len();
                return;
            }
        }
        self.segments.push(Segment {
            dec,
            len: s.len(),
            src,
            src_len: s.len(),
            linear: true,
        });
    }

    /// Adds `s`, produced by source bytes `src..src+src_len`.
    fn produce(&mut self, src: usize, src_len: usize, s: &str) {
        if s.is_empty() {
            return;
        }
        self.segments.push(Segment {
            dec: self.text.len(),
            len: s.len(),
            src,
            src_len,
            linear: false,
        });
        self.text.push_str(s);
    }

    /// Drops everything after decoded byte `len`.
    fn truncate(&mut self, len: usize) {
        self.text.truncate(len);
        self.segments.retain(|s| s.dec < len);
        if let Some(last) = self.segments.last_mut() {
            if last.dec + last.len > len {
                let cut = last.dec + last.len - len;
                last.len -= cut;
                if last.linear {
                    last.src_len -= cut;
                }
            }
        }
    }

    /// The segments when the decoded text equals `expected`, adjusting only trailing line
    /// breaks (block chomping).
    fn finish(mut self, expected: &str) -> Option<Vec<Segment>> {
        if self.text.len() > expected.len()
            && self.text.starts_with(expected)
            && self.text[expected.len()..].bytes().all(|b| b == b'\n')
        {
            self.truncate(expected.len());
        }
        (self.text == expected).then_some(self.segments)
    }
}

/// Lines of `source[start..end]`: (offset of the line, line without its break, offset of its
/// break or `end`).
fn lines(source: &str, start: usize, end: usize) -> Vec<(usize, &str, usize)> {
    let mut out = Vec::new();
    let mut pos = start;
    loop {
        let rest = &source[pos..end];
        match rest.find('\n') {
            Some(i) => {
                let line = rest[..i].strip_suffix('\r').unwrap_or(&rest[..i]);
                out.push((pos, line, pos + line.len()));
                pos += i + 1;
            }
            None => {
                out.push((pos, rest, end));
                return out;
            }
        }
    }
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Plain and quoted scalars: line folding, and for quoted ones their escapes.
fn decode_flow(
    source: &str,
    span: Span,
    quote: Option<char>,
    expected: &str,
) -> Option<Vec<Segment>> {
    let (start, end) = match quote {
        Some(q) => {
            let body = source.get(span.start..span.end)?;
            if !(body.len() >= 2 && body.starts_with(q) && body.ends_with(q)) {
                return None;
            }
            (span.start + 1, span.end - 1)
        }
        None => (span.start, span.end),
    };
    let body = source.get(start..end)?;
    if let Some(identity) = one_line_as_written(body, start, quote, expected) {
        return Some(identity);
    }
    decode_flow_lines(source, start, end, quote, expected)
}

/// The segments of a flow scalar written on one line without escapes (`''` in single
/// quotes, `\` in double quotes): its decoded text is its source, byte for byte. Most
/// scalars a rule maps are such; this spares decoding them into a copy first. `None` for
/// any other scalar.
fn one_line_as_written(
    body: &str,
    start: usize,
    quote: Option<char>,
    expected: &str,
) -> Option<Vec<Segment>> {
    let escapes = match quote {
        None => false,
        Some('\'') => body.contains("''"),
        Some(_) => body.contains('\\'),
    };
    if body != expected || escapes || body.contains('\n') {
        return None;
    }
    Some(if body.is_empty() {
        Vec::new()
    } else {
        vec![Segment {
            dec: 0,
            len: body.len(),
            src: start,
            src_len: body.len(),
            linear: true,
        }]
    })
}

/// [`decode_flow`] line by line: folding, and the escapes of quoted scalars.
fn decode_flow_lines(
    source: &str,
    start: usize,
    end: usize,
    quote: Option<char>,
    expected: &str,
) -> Option<Vec<Segment>> {
    let all = lines(source, start, end);
    let last = all.len() - 1;
    let mut out = Out::default();
    let mut empty_run = 0usize;
    let mut pending_break: Option<usize> = None;
    let mut escaped_break = false;
    for (i, &(line_start, line, break_at)) in all.iter().enumerate() {
        // Leading blanks of continuation lines and trailing blanks before a break are not
        // content (except that the first line keeps its leading blanks in quoted scalars).
        let lead = if i == 0 {
            0
        } else {
            line.len() - line.trim_start_matches(is_blank).len()
        };
        let body_end = if i == last {
            line.len()
        } else {
            line.trim_end_matches(is_blank).len().max(lead)
        };
        let body = &line[lead..body_end];
        if i > 0 && body.is_empty() && i != last {
            empty_run += 1;
            continue;
        }
        if let Some(at) = pending_break.take() {
            if escaped_break {
                escaped_break = false;
                if empty_run > 0 {
                    out.produce(at, 1, &"\n".repeat(empty_run));
                }
            } else if empty_run == 0 {
                out.produce(at, 1, " ");
            } else {
                out.produce(at, 1, &"\n".repeat(empty_run));
            }
        }
        empty_run = 0;
        let body_start = line_start + lead;
        match quote {
            None => out.copy(body_start, body),
            Some('\'') => {
                let mut from = 0;
                while let Some(j) = body[from..].find("''") {
                    out.copy(body_start + from, &body[from..from + j]);
                    out.produce(body_start + from + j, 2, "'");
                    from += j + 2;
                }
                out.copy(body_start + from, &body[from..]);
            }
            Some(_) => {
                if !decode_double(&mut out, body_start, body, i != last, &mut escaped_break) {
                    return None;
                }
            }
        }
        if i != last {
            pending_break = Some(break_at);
        }
    }
    out.finish(expected)
}

/// One line of a double-quoted scalar; `more_lines` tells whether a break follows (a `\` at
/// the end of such a line escapes the break). Returns `false` on an escape it does not know.
fn decode_double(
    out: &mut Out,
    start: usize,
    body: &str,
    more_lines: bool,
    escaped_break: &mut bool,
) -> bool {
    let mut from = 0;
    while let Some(j) = body[from..].find('\\') {
        let at = from + j;
        out.copy(start + from, &body[from..at]);
        let rest = &body[at + 1..];
        let Some(c) = rest.chars().next() else {
            // A backslash at the end of a line escapes the line break.
            if more_lines {
                *escaped_break = true;
                return true;
            }
            return false;
        };
        let simple = match c {
            '0' => Some('\0'),
            'a' => Some('\u{7}'),
            'b' => Some('\u{8}'),
            't' | '\t' => Some('\t'),
            'n' => Some('\n'),
            'v' => Some('\u{b}'),
            'f' => Some('\u{c}'),
            'r' => Some('\r'),
            'e' => Some('\u{1b}'),
            ' ' => Some(' '),
            '"' => Some('"'),
            '/' => Some('/'),
            '\\' => Some('\\'),
            'N' => Some('\u{85}'),
            '_' => Some('\u{a0}'),
            'L' => Some('\u{2028}'),
            'P' => Some('\u{2029}'),
            _ => None,
        };
        if let Some(ch) = simple {
            out.produce(start + at, 1 + c.len_utf8(), ch.encode_utf8(&mut [0; 4]));
            from = at + 1 + c.len_utf8();
            continue;
        }
        let width = match c {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => return false,
        };
        let Some(hex) = rest.get(1..1 + width) else {
            return false;
        };
        let Some(ch) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) else {
            return false;
        };
        out.produce(start + at, 2 + width, ch.encode_utf8(&mut [0; 4]));
        from = at + 2 + width;
    }
    out.copy(start + from, &body[from..]);
    true
}

/// Literal (`|`) and folded (`>`) block scalars.
fn decode_block(source: &str, span: Span, expected: &str) -> Option<Vec<Segment>> {
    let (style, header_start, header_end) = block_header(source, span.start)?;
    let content_start = (header_end + 1).min(source.len());
    if content_start >= source.len() {
        return Out::default().finish(expected);
    }
    // The block's text ends with its node's span (and any blank lines after it, which keep
    // chomping may count): reading to the end of the file made every block scalar cost the
    // whole file.
    let mut end = span.end.clamp(content_start, source.len());
    end += source[end..]
        .find('\n')
        .map_or(source.len() - end, |i| i + 1);
    while end < source.len() {
        let next = source[end..]
            .find('\n')
            .map_or(source.len(), |i| end + i + 1);
        if !source[end..next].trim().is_empty() {
            break;
        }
        end = next;
    }
    let all = lines(source, content_start, end.min(source.len()));
    // The indentation: that of the first non-empty line, unless an explicit indicator makes
    // it smaller; try each candidate and keep the one that reproduces the decoded text.
    let first_indent = all
        .iter()
        .find(|(_, l, _)| !l.trim_start_matches(' ').is_empty())
        .map(|(_, l, _)| l.len() - l.trim_start_matches(' ').len())?;
    let explicit = source[header_start + 1..header_end]
        .chars()
        .any(|c| c.is_ascii_digit());
    let lowest = if explicit { 0 } else { first_indent };
    for indent in (lowest..=first_indent).rev() {
        if indent == 0 {
            continue;
        }
        if let Some(segments) = decode_block_with(&all, indent, style == '>', expected) {
            return Some(segments);
        }
    }
    None
}

/// The block header before a block scalar's content: (indicator, its offset, end of its line).
/// The node's span starts at the content; the header is the nearest line above with only
/// blank lines between.
fn block_header(source: &str, content: usize) -> Option<(char, usize, usize)> {
    let mut line_end = source[..content].rfind('\n')?;
    loop {
        let line_start = source[..line_end].rfind('\n').map_or(0, |i| i + 1);
        let line = &source[line_start..line_end];
        let line = line.strip_suffix('\r').unwrap_or(line);
        if !line.trim().is_empty() {
            // The last `|`/`>` followed only by indicators and maybe a comment.
            for (i, c) in line.char_indices().rev() {
                if c != '|' && c != '>' {
                    continue;
                }
                let rest = &line[i + 1..];
                let indicators =
                    rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '+' || c == '-');
                let tail = indicators.trim_start_matches(is_blank);
                let ok =
                    tail.is_empty() || (tail.starts_with('#') && tail.len() < indicators.len());
                let before_ok = i == 0 || line[..i].ends_with([' ', '\t', ':', '-', '?']);
                if ok && before_ok {
                    return Some((c, line_start + i, line_end));
                }
            }
            return None;
        }
        if line_start == 0 {
            return None;
        }
        line_end = line_start - 1;
    }
}

fn decode_block_with(
    all: &[(usize, &str, usize)],
    indent: usize,
    folded: bool,
    expected: &str,
) -> Option<Vec<Segment>> {
    let mut out = Out::default();
    let mut empty_run = 0usize;
    let mut prev: Option<(usize, bool)> = None; // (break offset, more indented)
    let mut first_empty_at: Option<usize> = None;
    for &(line_start, line, break_at) in all {
        let spaces = line.len() - line.trim_start_matches(' ').len();
        let blank = line.trim_start_matches(' ').is_empty();
        if blank && spaces <= indent {
            empty_run += 1;
            first_empty_at.get_or_insert(break_at);
            continue;
        }
        if spaces < indent {
            break; // the block ends
        }
        let content = &line[indent..];
        let more = content.starts_with([' ', '\t']);
        match prev {
            None => {
                if empty_run > 0 {
                    out.produce(
                        first_empty_at.unwrap_or(line_start),
                        1,
                        &"\n".repeat(empty_run),
                    );
                }
            }
            Some((at, prev_more)) => {
                if folded && !prev_more && !more {
                    if empty_run == 0 {
                        out.produce(at, 1, " ");
                    } else {
                        out.produce(at, 1, &"\n".repeat(empty_run));
                    }
                } else {
                    out.produce(at, 1, &"\n".repeat(empty_run + 1));
                }
            }
        }
        empty_run = 0;
        first_empty_at = None;
        out.copy(line_start + indent, content);
        prev = Some((break_at, more));
    }
    if let Some((at, _)) = prev {
        out.produce(at, 1, &"\n".repeat(empty_run + 1));
    }
    out.finish(expected)
}

#[cfg(test)]
mod tests;
