//! What a command found, with the texts needed to turn byte ranges into lines and columns.

use innominatus_engine::diagnostic::{Diagnostic, Severity};
use innominatus_engine::text::{ColumnUnit, LineIndex, Span};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// The text of a file that findings point into: the whole text, or — for a file read only to
/// render the findings ([`Report::resolve`]) — the lines they touch, each on its own line
/// number with every other line left empty, so that lines and columns (characters within a
/// line) are the file's and the report holds a few lines per finding, not every file.
pub struct FileText {
    pub text: String,
    /// Runs of kept lines: (offset in the file, offset in `text`), by offset; empty when
    /// `text` is the whole file.
    runs: Vec<(usize, usize)>,
    /// The spans the kept lines were chosen for (sorted, without repeats); `None` for a
    /// whole text.
    chosen_for: Option<Vec<Span>>,
    /// Built when a position in this file is first asked for.
    lines: OnceLock<LineIndex>,
}

impl FileText {
    fn whole(text: String) -> FileText {
        FileText {
            text,
            runs: Vec::new(),
            chosen_for: None,
            lines: OnceLock::new(),
        }
    }

    /// The lines of `text` that `spans` touch, at their places (see [`FileText`]).
    pub fn touched(text: &str, spans: Vec<Span>) -> FileText {
        let mut spans = spans;
        spans.sort_by_key(|s| (s.start, s.end));
        spans.dedup();
        let mut out = FileText::lines_of(text, &spans);
        out.chosen_for = Some(spans);
        out
    }

    /// Whether every span of `wanted` (sorted, without repeats) can be shown from this text.
    fn shows(&self, wanted: &[Span]) -> bool {
        match &self.chosen_for {
            None => true,
            Some(chosen) => wanted.iter().all(|w| {
                chosen
                    .binary_search_by_key(&(w.start, w.end), |s| (s.start, s.end))
                    .is_ok()
            }),
        }
    }

    fn lines_of(text: &str, spans: &[Span]) -> FileText {
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let line_of = |offset: usize| starts.partition_point(|&s| s <= offset.min(text.len())) - 1;
        let mut keep = vec![false; starts.len()];
        // One line more on each side: the text renderer shows a line between two lines it
        // shows rather than a break, so a neighbour of a touched line may be shown.
        for span in spans {
            let first = line_of(span.start).saturating_sub(1);
            let last = (line_of(span.end.max(span.start)) + 1).min(starts.len() - 1);
            keep[first..=last].iter_mut().for_each(|k| *k = true);
        }
        let mut out = FileText::whole(String::new());
        for (line, &start) in starts.iter().enumerate() {
            if !keep[line] {
                if line + 1 < starts.len() {
                    out.text.push('\n');
                }
                continue;
            }
            if line == 0 || !keep[line - 1] {
                out.runs.push((start, out.text.len()));
            }
            let end = starts.get(line + 1).copied().unwrap_or(text.len());
            out.text.push_str(&text[start..end]);
        }
        out
    }

    /// Where offset `offset` of the file is in `text`.
    pub fn offset(&self, offset: usize) -> usize {
        if self.runs.is_empty() {
            return offset;
        }
        let run = self.runs.partition_point(|&(file, _)| file <= offset);
        match run.checked_sub(1).map(|r| self.runs[r]) {
            Some((file, here)) => here + (offset - file),
            None => offset,
        }
    }

    /// Where the byte range `span` of the file is in `text`.
    pub fn range(&self, span: Span) -> std::ops::Range<usize> {
        self.offset(span.start)..self.offset(span.end)
    }

    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }
}

#[derive(Default)]
pub struct Report {
    texts: HashMap<Arc<str>, FileText>,
    /// Files in the order they were checked (for the summary and SARIF artifacts).
    pub files: Vec<Arc<str>>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A 1-based line and column (columns in Unicode scalar values).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

#[derive(Default, Clone, Copy)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub hints: usize,
}

impl Report {
    /// Registers a checked file; its text is read when the findings are rendered
    /// ([`Report::resolve`]).
    pub fn add_file(&mut self, file: Arc<str>) {
        self.files.push(file);
    }

    /// Registers the lines of a file that its findings touch, taken while its text was at
    /// hand ([`FileText::touched`]); [`Report::resolve`] reads the file again only if
    /// findings made later (another file's related places, a re-check after fixes) point
    /// elsewhere.
    pub fn add_lines(&mut self, file: Arc<str>, lines: FileText) {
        self.texts.insert(file, lines);
    }

    /// Registers a text that diagnostics may point into, whole (the configuration file,
    /// standard input, a file as its fixes were written).
    pub fn add_text(&mut self, file: Arc<str>, text: String) {
        self.texts.insert(file, FileText::whole(text));
    }

    pub fn text(&self, file: &str) -> Option<&FileText> {
        self.texts.get(file)
    }

    /// Reads, for every file a finding points into (its own place, related places, fix
    /// edits) and whose text is not registered, the lines the findings touch: `read` gives
    /// a file's bytes, or `None` (then its positions are 1:1, as for any unknown file).
    /// Files are read in parallel (on the caller's rayon pool), each dropped once its lines
    /// are taken.
    pub fn resolve(&mut self, read: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync)) {
        let mut wanted: HashMap<Arc<str>, Vec<Span>> = HashMap::new();
        for d in &self.diagnostics {
            for (file, span) in places(d) {
                wanted.entry(file.clone()).or_default().push(span);
            }
        }
        let wanted: Vec<(Arc<str>, Vec<Span>)> = wanted
            .into_iter()
            .filter_map(|(file, mut spans)| {
                spans.sort_by_key(|s| (s.start, s.end));
                spans.dedup();
                let shown = self.texts.get(&file).is_some_and(|t| t.shows(&spans));
                (!shown).then_some((file, spans))
            })
            .collect();
        let texts: Vec<(Arc<str>, FileText)> = wanted
            .into_par_iter()
            .filter_map(|(file, spans)| {
                let bytes = read(&file)?;
                let text = String::from_utf8(bytes).unwrap_or_else(|e| display_text(e.as_bytes()));
                Some((file, FileText::touched(&text, spans)))
            })
            .collect();
        self.texts.extend(texts);
    }

    /// Sorts by file, then position, as the output contract promises (findings equal in
    /// those keep their order). The order is found on positions and then applied by swaps:
    /// a stable sort of the findings themselves would borrow room for half of them, the
    /// largest allocation at the end of a large run.
    pub fn finish(&mut self) {
        let all = &self.diagnostics;
        let mut order: Vec<usize> = (0..all.len()).collect();
        order.sort_unstable_by(|&a, &b| {
            let (x, y) = (&all[a], &all[b]);
            (x.file.as_ref(), x.span.start, x.span.end, x.code, a).cmp(&(
                y.file.as_ref(),
                y.span.start,
                y.span.end,
                y.code,
                b,
            ))
        });
        put_in_order(&mut self.diagnostics, &mut order);
    }

    pub fn position(&self, file: &str, offset: usize) -> Position {
        match self.texts.get(file) {
            Some(ft) => {
                let lc = ft
                    .lines()
                    .position(&ft.text, ft.offset(offset), ColumnUnit::Char);
                Position {
                    line: lc.line + 1,
                    column: lc.col + 1,
                }
            }
            None => Position { line: 1, column: 1 },
        }
    }

    pub fn range(&self, file: &str, span: Span) -> (Position, Position) {
        (
            self.position(file, span.start),
            self.position(file, span.end),
        )
    }

    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for d in &self.diagnostics {
            match d.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Info => c.infos += 1,
                Severity::Hint => c.hints += 1,
            }
        }
        c
    }
}

/// Moves `items[order[i]]` to place `i` for every `i`, one cycle of the permutation at a
/// time; `order` is used up (each place is marked done by pointing at itself).
fn put_in_order<T>(items: &mut [T], order: &mut [usize]) {
    for start in 0..order.len() {
        let mut at = start;
        loop {
            let from = order[at];
            order[at] = at;
            if from == start || from == at {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

/// Every place a finding points at: its own, its related places, its fix's edits.
pub fn places(d: &Diagnostic) -> impl Iterator<Item = (&Arc<str>, Span)> {
    std::iter::once((&d.file, d.span))
        .chain(d.related.iter().map(|r| (&r.file, r.span)))
        .chain(
            d.fix
                .iter()
                .flat_map(|f| f.edits.iter().map(|e| (&e.file, e.span))),
        )
}

/// The text to show for a file: every byte that is not part of valid UTF-8 becomes `?`, one
/// byte for one byte, so that byte offsets found in the original stay exact.
pub fn display_text(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for _ in chunk.invalid() {
            out.push('?');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report holding `text` whole, and one holding only the lines `spans` touch.
    fn both(text: &str, spans: &[Span]) -> (Report, Report) {
        let mut whole = Report::default();
        whole.add_text(Arc::from("f.yaml"), text.to_string());
        let mut sparse = Report::default();
        sparse
            .texts
            .insert(Arc::from("f.yaml"), FileText::touched(text, spans.to_vec()));
        (whole, sparse)
    }

    #[test]
    fn the_lines_findings_touch_keep_their_lines_and_columns() {
        let text = "\u{feff}a: 1\r\nb: ü\n\n# é\nc:\n  - x\n  - ÿ\nd: 4\ne: 5\nf: 6\ng: 7\nh: 8";
        let spans = [
            Span::new(12, 14),                 // `ü`, line 2
            Span::new(24, 36),                 // lines 6 to 7
            Span::new(text.len(), text.len()), // the end
        ];
        let (whole, sparse) = both(text, &spans);
        let kept = &sparse.text("f.yaml").expect("kept").text;
        assert!(kept.len() < text.len(), "lines were left out: {kept:?}");
        for span in spans {
            for offset in span.start..=span.end + 1 {
                assert_eq!(
                    whole.position("f.yaml", offset),
                    sparse.position("f.yaml", offset),
                    "offset {offset}"
                );
            }
            let t = sparse.text("f.yaml").expect("kept");
            assert_eq!(&kept[t.range(span)], &text[span.start..span.end]);
        }
        // Lines far from every span are empty.
        assert_eq!(kept.lines().nth(9), Some(""));
    }

    #[test]
    fn findings_are_sorted_by_file_and_place_and_equal_ones_keep_their_order() {
        let files: Vec<Arc<str>> = ["b.yaml", "a.yaml", "c.yaml"].map(Arc::from).to_vec();
        let rules = [
            &innominatus_engine::catalog::UNREADABLE_FILE,
            &innominatus_engine::catalog::INTERNAL_ERROR,
        ];
        let mut report = Report::default();
        // A fixed pseudo-random mix with many ties (same file, span and code).
        let mut seed = 7u64;
        for n in 0..500 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let pick = (seed >> 33) as usize;
            let start = pick % 5;
            report.diagnostics.push(Diagnostic::new(
                rules[pick % 2],
                &files[pick % 3],
                Span::new(start, start + pick % 3),
                format!("finding {n}"),
            ));
        }
        let mut expected = report.diagnostics.clone();
        expected.sort_by(|a, b| {
            (a.file.as_ref(), a.span.start, a.span.end, a.code).cmp(&(
                b.file.as_ref(),
                b.span.start,
                b.span.end,
                b.code,
            ))
        });
        report.finish();
        assert_eq!(report.diagnostics, expected);
    }

    #[test]
    fn a_whole_text_maps_offsets_to_themselves() {
        let (whole, _) = both("a: 1\nb: 2\n", &[]);
        let t = whole.text("f.yaml").expect("registered");
        assert_eq!(t.range(Span::new(5, 9)), 5..9);
        assert_eq!(whole.position("f.yaml", 7), Position { line: 2, column: 3 });
    }
}
