//! The one place where engine byte ranges become protocol positions and back.
//!
//! The engine speaks byte offsets; the client speaks lines and columns counted in the
//! position encoding negotiated at `initialize` (the client's most preferred of UTF-8,
//! UTF-16 and UTF-32, else the protocol's default UTF-16). Every handler converts through this module, so no two
//! features can disagree about where a range is.

use innominatus_engine::text::{floor_char_boundary, ColumnUnit, LineCol, LineIndex, Span};
use ropey::Rope;
use tower_lsp_server::ls_types::{
    InitializeParams, Position, PositionEncodingKind, Range, TextDocumentContentChangeEvent,
};

/// How columns are counted on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
    /// Unicode scalar values (code points).
    Utf32,
}

impl Encoding {
    /// The first encoding of the client's `general.positionEncodings` (listed in order of
    /// preference) that the server knows — all three of the protocol's — else UTF-16, the one
    /// every client must support.
    pub fn negotiate(params: &InitializeParams) -> Encoding {
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref());
        offered
            .into_iter()
            .flatten()
            .find_map(|kind| {
                [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32]
                    .into_iter()
                    .find(|e| e.kind() == *kind)
            })
            .unwrap_or(Encoding::Utf16)
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn unit(self) -> ColumnUnit {
        match self {
            Encoding::Utf8 => ColumnUnit::Utf8,
            Encoding::Utf16 => ColumnUnit::Utf16,
            Encoding::Utf32 => ColumnUnit::Char,
        }
    }
}

/// A text with its line index: what range conversion needs.
#[derive(Clone, Copy)]
pub struct Lines<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str, index: &'a LineIndex) -> Self {
        Lines { text, index }
    }

    /// The protocol position of a byte offset (clamped to the text).
    pub fn position(&self, offset: usize, enc: Encoding) -> Position {
        let lc = self.index.position(self.text, offset, enc.unit());
        Position::new(lc.line as u32, lc.col as u32)
    }

    /// The protocol range of a byte span.
    pub fn range(&self, span: Span, enc: Encoding) -> Range {
        Range::new(
            self.position(span.start, enc),
            self.position(span.end.max(span.start), enc),
        )
    }

    /// The byte offset of a protocol position. Positions past the end of a line clamp to
    /// the end of that line, lines past the end of the text to the end of the text: clients
    /// do send such positions, and they must never crash a handler.
    pub fn offset(&self, pos: Position, enc: Encoding) -> usize {
        let lc = LineCol {
            line: pos.line as usize,
            col: pos.character as usize,
        };
        self.index.offset(self.text, lc, enc.unit())
    }

    /// The byte span of a protocol range (start and end ordered).
    pub fn span(&self, range: Range, enc: Encoding) -> Span {
        let a = self.offset(range.start, enc);
        let b = self.offset(range.end, enc);
        Span::new(a.min(b), a.max(b))
    }
}

/// Applies one `didChange` content change to a rope. A change without a range replaces the
/// whole text; ranges are clamped like [`Lines::offset`] so that a confused client cannot
/// make the server panic.
pub fn apply_change(rope: &mut Rope, change: &TextDocumentContentChangeEvent, enc: Encoding) {
    let Some(range) = change.range else {
        *rope = Rope::from_str(&change.text);
        return;
    };
    let a = rope_char_index(rope, range.start, enc);
    let b = rope_char_index(rope, range.end, enc);
    let (start, end) = (a.min(b), a.max(b));
    rope.remove(start..end);
    rope.insert(start, &change.text);
}

/// The char index of a protocol position in a rope (clamped to its line and to the text).
fn rope_char_index(rope: &Rope, pos: Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let line_start = rope.line_to_char(line);
    let slice = rope.line(line);
    let mut counted = 0usize;
    let mut chars = 0usize;
    for ch in slice.chars() {
        if counted >= pos.character as usize || ch == '\n' || ch == '\r' {
            break;
        }
        counted += match enc {
            Encoding::Utf8 => ch.len_utf8(),
            Encoding::Utf16 => ch.len_utf16(),
            Encoding::Utf32 => 1,
        };
        chars += 1;
    }
    line_start + chars
}

/// The largest char boundary not after `offset`, clamped to the text (for offsets that come
/// from outside, e.g. a stale diagnostic after the text shrank).
pub fn clamp_offset(text: &str, offset: usize) -> usize {
    floor_char_boundary(text, offset.min(text.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_round_trip_in_both_encodings() {
        let text = "name: \"😀ü\"\nnext: x\n";
        let index = LineIndex::new(text);
        let lines = Lines::new(text, &index);
        let x = text.rfind('x').unwrap();
        let u = text.find('ü').unwrap();
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let r = lines.range(Span::new(u, x), enc);
            assert_eq!(lines.span(r, enc), Span::new(u, x));
        }
        // 😀 is 4 bytes and 2 UTF-16 units.
        assert_eq!(lines.position(u, Encoding::Utf8), Position::new(0, 11));
        assert_eq!(lines.position(u, Encoding::Utf16), Position::new(0, 9));
        assert_eq!(lines.position(u, Encoding::Utf32), Position::new(0, 8));
    }

    #[test]
    fn the_client_s_first_known_encoding_is_chosen() {
        let offer = |kinds: Option<Vec<PositionEncodingKind>>| {
            let params: InitializeParams = serde_json::from_value(serde_json::json!({
                "capabilities": {"general": {"positionEncodings": kinds}}
            }))
            .unwrap();
            Encoding::negotiate(&params)
        };
        use PositionEncodingKind as K;
        assert_eq!(offer(Some(vec![K::UTF32])), Encoding::Utf32);
        assert_eq!(offer(Some(vec![K::UTF32, K::UTF8])), Encoding::Utf32);
        assert_eq!(offer(Some(vec![K::new("utf-7"), K::UTF8])), Encoding::Utf8);
        assert_eq!(offer(Some(vec![])), Encoding::Utf16);
        assert_eq!(offer(None), Encoding::Utf16);
        assert_eq!(Encoding::Utf32.kind().as_str(), "utf-32");
    }

    #[test]
    fn positions_past_the_end_clamp() {
        let text = "a: 1\nbb: 2";
        let index = LineIndex::new(text);
        let lines = Lines::new(text, &index);
        assert_eq!(lines.offset(Position::new(0, 500), Encoding::Utf16), 4);
        assert_eq!(
            lines.offset(Position::new(90, 0), Encoding::Utf16),
            text.len()
        );
        let mut rope = Rope::from_str(text);
        let change = TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(7, 3), Position::new(99, 99))),
            range_length: None,
            text: "!".into(),
        };
        apply_change(&mut rope, &change, Encoding::Utf16);
        assert_eq!(rope.to_string(), "a: 1\nbb: 2!");
    }

    #[test]
    fn incremental_changes_count_units_of_the_encoding() {
        let text = "k: \"😀a\"\n";
        for (enc, col) in [
            (Encoding::Utf8, 8),
            (Encoding::Utf16, 6),
            (Encoding::Utf32, 5),
        ] {
            let mut rope = Rope::from_str(text);
            // Replace `a` (after the emoji) with `b`.
            let change = TextDocumentContentChangeEvent {
                range: Some(Range::new(Position::new(0, col), Position::new(0, col + 1))),
                range_length: None,
                text: "b".into(),
            };
            apply_change(&mut rope, &change, enc);
            assert_eq!(rope.to_string(), "k: \"😀b\"\n", "{enc:?}");
        }
    }
}
