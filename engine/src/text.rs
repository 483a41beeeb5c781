//! Byte ranges and the conversion from bytes to human and protocol positions.
//!
//! The engine keeps byte ranges only. Line/column pairs for people (1-based, columns in
//! characters) and for the language server (UTF-8 or UTF-16 code units) are computed here,
//! in one place, so that no two renderers can disagree about where a diagnostic is.

use serde::Serialize;

/// A half-open byte range `start..end` into one file's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// An empty range at `offset` (used for "something is missing here").
    pub const fn at(offset: usize) -> Self {
        Span {
            start: offset,
            end: offset,
        }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }

    /// The smallest range covering both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// A zero-based line and a zero-based column whose unit depends on the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub col: usize,
}

/// The unit in which a column is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnUnit {
    /// Unicode scalar values: what people and our JSON/SARIF output count.
    Char,
    /// Bytes of UTF-8: the LSP `utf-8` position encoding.
    Utf8,
    /// UTF-16 code units: the LSP default position encoding.
    Utf16,
}

/// Start offsets of every line of a text, for offset ↔ position conversion.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        // A byte-order mark is not a column: line 1 starts after it.
        line_starts.push(if text.starts_with('\u{feff}') { 3 } else { 0 });
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            line_starts,
            len: text.len(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset of the start of zero-based `line` (clamped to the end of the text).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line).copied().unwrap_or(self.len)
    }

    /// Byte range of zero-based `line`, without its line break.
    pub fn line_span(&self, text: &str, line: usize) -> Span {
        let start = self.line_start(line);
        let mut end = self.line_start(line + 1);
        let bytes = text.as_bytes();
        while end > start && matches!(bytes.get(end - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        Span::new(start, end)
    }

    /// Zero-based line of a byte offset (offsets past the end map to the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }

    /// Position of a byte offset, the column counted in `unit`. An offset inside a
    /// multi-byte character is treated as the start of that character.
    pub fn position(&self, text: &str, offset: usize, unit: ColumnUnit) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let line_text = &text[self.line_starts[line].min(offset)..offset];
        let col = match unit {
            ColumnUnit::Utf8 => line_text.len(),
            ColumnUnit::Char => line_text.chars().count(),
            ColumnUnit::Utf16 => line_text.chars().map(char::len_utf16).sum(),
        };
        LineCol { line, col }
    }

    /// Byte offset of a position whose column is counted in `unit`. Columns past the end of
    /// the line clamp to the end of the line; lines past the end clamp to the end of text.
    pub fn offset(&self, text: &str, pos: LineCol, unit: ColumnUnit) -> usize {
        if pos.line >= self.line_starts.len() {
            return text.len();
        }
        let span = self.line_span(text, pos.line);
        let line_text = &text[span.start..span.end];
        let mut counted = 0;
        for (i, ch) in line_text.char_indices() {
            if counted >= pos.col {
                return span.start + i;
            }
            counted += match unit {
                ColumnUnit::Utf8 => ch.len_utf8(),
                ColumnUnit::Char => 1,
                ColumnUnit::Utf16 => ch.len_utf16(),
            };
        }
        span.end
    }
}

/// The largest character boundary not after `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_and_code_units() {
        let text = "a: 1\nnäme: \"😀x\"\n";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(
            idx.position(text, x, ColumnUnit::Char),
            LineCol { line: 1, col: 8 }
        );
        assert_eq!(
            idx.position(text, x, ColumnUnit::Utf16),
            LineCol { line: 1, col: 9 }
        );
        assert_eq!(
            idx.position(text, x, ColumnUnit::Utf8),
            LineCol { line: 1, col: 12 }
        );
        for unit in [ColumnUnit::Char, ColumnUnit::Utf8, ColumnUnit::Utf16] {
            let pos = idx.position(text, x, unit);
            assert_eq!(idx.offset(text, pos, unit), x);
        }
    }

    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        let text = "\u{feff}ab: 1\n";
        let idx = LineIndex::new(text);
        assert_eq!(
            idx.position(text, 3, ColumnUnit::Char),
            LineCol { line: 0, col: 0 }
        );
        assert_eq!(
            idx.position(text, 0, ColumnUnit::Char),
            LineCol { line: 0, col: 0 }
        );
        assert_eq!(
            idx.offset(text, LineCol { line: 0, col: 1 }, ColumnUnit::Char),
            4
        );
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "ab\ncd";
        let idx = LineIndex::new(text);
        assert_eq!(
            idx.offset(text, LineCol { line: 0, col: 99 }, ColumnUnit::Char),
            2
        );
        assert_eq!(
            idx.offset(text, LineCol { line: 9, col: 0 }, ColumnUnit::Char),
            5
        );
        assert_eq!(
            idx.position(text, 99, ColumnUnit::Char),
            LineCol { line: 1, col: 2 }
        );
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    /// Text made of pieces that stress positions: multi-byte and astral characters (two
    /// UTF-16 units), CRLF and lone CR, a BOM at the start.
    fn texts() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a", "key: ", " ", "\n", "\r\n", "\r", "\t", "é", "ß", "日本", "😀", "𝄞x", "- ", "#",
        ]);
        (any::<bool>(), prop::collection::vec(pieces, 0..40)).prop_map(|(bom, parts)| {
            let body: String = parts.concat();
            if bom {
                format!("\u{feff}{body}")
            } else {
                body
            }
        })
    }

    const UNITS: [ColumnUnit; 3] = [ColumnUnit::Char, ColumnUnit::Utf8, ColumnUnit::Utf16];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// offset → position → offset gives the offset back, except where no position can
        /// name it: inside a line break (it maps to the end of the line) and before a BOM.
        #[test]
        fn offsets_round_trip_through_positions(text in texts()) {
            let idx = LineIndex::new(&text);
            for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
                let line = idx.line_of(offset);
                let span = idx.line_span(&text, line);
                let expected = offset.clamp(span.start, span.end);
                for unit in UNITS {
                    let pos = idx.position(&text, offset, unit);
                    prop_assert_eq!(pos.line, line);
                    let back = idx.offset(&text, pos, unit);
                    prop_assert_eq!(back, expected, "{:?} {:?} at {}", unit, pos, offset);
                }
            }
        }

        /// Columns grow with the offset in every unit, and UTF-16 columns are never fewer than
        /// character columns nor more than UTF-8 ones.
        #[test]
        fn columns_are_monotonic_and_units_agree(text in texts()) {
            let idx = LineIndex::new(&text);
            let mut last: Option<(usize, [usize; 3])> = None;
            for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
                let line = idx.line_of(offset);
                let cols = UNITS.map(|u| idx.position(&text, offset, u).col);
                prop_assert!(cols[0] <= cols[2] && cols[2] <= cols[1], "{:?}", cols);
                if let Some((l, prev)) = last {
                    if l == line {
                        for k in 0..3 {
                            prop_assert!(prev[k] <= cols[k]);
                        }
                    }
                }
                last = Some((line, cols));
            }
        }

        /// A position whose column falls inside a character (a UTF-8 byte or the second UTF-16
        /// unit of an astral character) still lands on a character boundary in the line.
        #[test]
        fn any_position_maps_to_a_character_boundary(
            text in texts(),
            line in 0usize..12,
            col in 0usize..40,
        ) {
            let idx = LineIndex::new(&text);
            for unit in UNITS {
                let offset = idx.offset(&text, LineCol { line, col }, unit);
                prop_assert!(offset <= text.len());
                prop_assert!(text.is_char_boundary(offset));
            }
        }
    }
}
