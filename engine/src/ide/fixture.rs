//! Inline fixtures for the tests of the editor features: one string holds every file of a
//! small workspace and marks the cursor, so that a test reads as its input beside the result
//! it expects.
//!
//! ```text
//! //- providers/db/provider.yaml
//! kind: Provider
//! capabilities:
//!   resourceTypes: [postgres]
//! //- apps/shop/score.yaml
//! apiVersion: score.dev/v1b1
//! resources:
//!   db:
//!     type: po$0
//! ```
//!
//! - A line `//- PATH` starts the file PATH. A fixture without such a line is one file named
//!   `file.yaml`; before the first such line there may only be blank lines.
//! - `$0` marks the cursor; two of them in one file mark a selection from the first to the
//!   second. Markers are removed from the text, and offsets count the bytes of the text
//!   without them. A fixture marks at most one cursor or one selection.
//! - The line break right after the opening quote and the indentation common to all lines are
//!   removed, so a fixture can be indented along with the code around it.

use super::Location;
use crate::source::SourceFile;
use crate::text::{ColumnUnit, LineIndex, Span};
use crate::workspace::Workspace;

/// The cursor marker.
pub const MARKER: &str = "$0";
/// What starts a file's header line.
const HEADER: &str = "//-";
/// The name of the file of a fixture without header lines.
pub const DEFAULT_NAME: &str = "file.yaml";

/// A marked place: a file (its index in the workspace, the fixture's order) and a byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub file: usize,
    pub offset: usize,
}

/// A fixture taken apart: each file's name and text (markers removed), and the marks.
#[derive(Debug, PartialEq, Eq)]
pub struct Parsed {
    pub files: Vec<(String, String)>,
    pub marks: Vec<Mark>,
}

/// Takes a fixture apart (see the module documentation). Panics on a malformed fixture.
pub fn parse(fixture: &str) -> Parsed {
    let text = dedent(fixture);
    let mut files: Vec<(String, String)> = Vec::new();
    let mut before_first = String::new();
    for line in text.split_inclusive('\n') {
        if let Some(name) = line.strip_prefix(HEADER) {
            let name = name.trim();
            assert!(!name.is_empty(), "a `{HEADER} PATH` line without a path");
            assert!(
                files.iter().all(|(n, _)| n != name),
                "the fixture holds `{name}` twice"
            );
            files.push((name.to_string(), String::new()));
            continue;
        }
        match files.last_mut() {
            Some((_, body)) => body.push_str(line),
            None => before_first.push_str(line),
        }
    }
    if files.is_empty() {
        files.push((DEFAULT_NAME.to_string(), before_first));
    } else {
        assert!(
            before_first.trim().is_empty(),
            "text before the first `{HEADER} PATH` line belongs to no file: {before_first:?}"
        );
    }
    let mut marks = Vec::new();
    for (file, (_, body)) in files.iter_mut().enumerate() {
        while let Some(offset) = body.find(MARKER) {
            body.replace_range(offset..offset + MARKER.len(), "");
            marks.push(Mark { file, offset });
        }
    }
    assert!(
        marks.len() <= 2,
        "the fixture has {} `{MARKER}` markers: mark one cursor or one selection",
        marks.len()
    );
    if let [a, b] = marks[..] {
        assert_eq!(
            a.file, b.file,
            "a selection starts and ends in the same file: `{}` and `{}`",
            files[a.file].0, files[b.file].0
        );
    }
    Parsed { files, marks }
}

/// Removes the line break after the opening quote and the indentation common to every line
/// that is not blank (blank lines lose all of theirs).
fn dedent(text: &str) -> String {
    let text = text.strip_prefix('\n').unwrap_or(text);
    let spaces = |line: &str| line.len() - line.trim_start_matches(' ').len();
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(spaces)
        .min()
        .unwrap_or(0);
    text.split_inclusive('\n')
        .map(|line| &line[spaces(line).min(indent)..])
        .collect()
}

/// A workspace made of a fixture's files, with its marks.
pub struct Fixture {
    pub ws: Workspace,
    pub marks: Vec<Mark>,
}

impl Fixture {
    /// Parses every file of `fixture` and indexes them as the language server does (dialect
    /// chosen automatically; no file outside the fixture exists).
    pub fn new(fixture: &str) -> Fixture {
        let Parsed { files, marks } = parse(fixture);
        let sources = files
            .iter()
            .map(|(name, text)| SourceFile::parse(name.as_str().into(), text.as_bytes()))
            .collect();
        Fixture {
            ws: Workspace::new(sources, None, Box::new(|_| false)),
            marks,
        }
    }

    /// The cursor (`$0`). Panics unless the fixture marks exactly one.
    pub fn cursor(&self) -> Mark {
        match self.marks[..] {
            [one] => one,
            [] => panic!("the fixture marks no cursor: put `{MARKER}` where it is"),
            _ => panic!("the fixture marks a selection, not a cursor"),
        }
    }

    /// The selection (`$0…$0`): its file and span. Panics unless the fixture marks one.
    pub fn selection(&self) -> (usize, Span) {
        match self.marks[..] {
            [a, b] => (a.file, Span::new(a.offset, b.offset)),
            _ => panic!(
                "the fixture marks {} `{MARKER}`, a selection needs two",
                self.marks.len()
            ),
        }
    }

    /// The index of file `name`.
    pub fn file(&self, name: &str) -> usize {
        self.ws.file_index(name).unwrap_or_else(|| {
            let names: Vec<&str> = self.ws.files.iter().map(|f| &*f.file).collect();
            panic!("`{name}` is not a file of the fixture: {names:?}")
        })
    }

    /// The text of file `file` (markers removed).
    pub fn text(&self, file: usize) -> &str {
        self.ws.files[file].text.as_deref().unwrap_or("")
    }

    /// The text `span` covers in file `file`.
    pub fn slice(&self, file: usize, span: Span) -> &str {
        &self.text(file)[span.start..span.end]
    }

    /// `file:line:col` of byte `offset` of file `file`, line and column counted from 1 and
    /// the column in characters, as the CLI prints positions.
    pub fn position(&self, file: usize, offset: usize) -> String {
        let text = self.text(file);
        let at = LineIndex::new(text).position(text, offset, ColumnUnit::Char);
        format!(
            "{}:{}:{}",
            self.ws.files[file].file,
            at.line + 1,
            at.col + 1
        )
    }

    /// A location as `file:line:col` followed by the text it covers in backquotes (nothing
    /// for an empty span, such as the start of a file a link leads to).
    pub fn show(&self, location: &Location) -> String {
        let Some(file) = self.ws.file_index(&location.file) else {
            return format!("{} (not in the fixture)", location.file);
        };
        let at = self.position(file, location.span.start);
        match self.slice(file, location.span) {
            "" => at,
            covered => format!("{at} `{covered}`"),
        }
    }

    /// Every location shown with [`Fixture::show`].
    pub fn show_all(&self, locations: &[Location]) -> Vec<String> {
        locations.iter().map(|l| self.show(l)).collect()
    }
}

#[test]
fn a_fixture_without_header_is_one_file_with_its_cursor() {
    let parsed = parse("steps:\n  - name: a$0b\n");
    assert_eq!(
        parsed.files,
        [(
            "file.yaml".to_string(),
            "steps:\n  - name: ab\n".to_string()
        )]
    );
    assert_eq!(
        parsed.marks,
        [Mark {
            file: 0,
            offset: 18
        }]
    );
}

#[test]
fn header_lines_start_files_and_marks_count_bytes_of_their_own_file() {
    let parsed = parse(
        "
        //- a.yaml
        x: é
        //- dir/b.yaml
        y:
          - z$0
        ",
    );
    assert_eq!(
        parsed.files,
        [
            ("a.yaml".to_string(), "x: é\n".to_string()),
            ("dir/b.yaml".to_string(), "y:\n  - z\n".to_string()),
        ]
    );
    assert_eq!(parsed.marks, [Mark { file: 1, offset: 8 }]);
}

#[test]
fn two_markers_are_a_selection() {
    let f = Fixture::new("metadata:\n  name: $0web$0\n");
    let (file, span) = f.selection();
    assert_eq!(f.slice(file, span), "web");
    assert_eq!(f.position(file, span.start), "file.yaml:2:9");
    let location = Location {
        file: "file.yaml".into(),
        span,
    };
    let start = Location {
        file: "file.yaml".into(),
        span: Span::at(0),
    };
    let elsewhere = Location {
        file: "other.yaml".into(),
        span: Span::at(0),
    };
    assert_eq!(
        f.show_all(&[location, start, elsewhere]),
        [
            "file.yaml:2:9 `web`",
            "file.yaml:1:1",
            "other.yaml (not in the fixture)"
        ]
    );
}

#[test]
fn positions_count_characters_from_one() {
    let f = Fixture::new("a: é$0x\n");
    let at = f.cursor();
    assert_eq!((at.file, at.offset), (0, 5));
    assert_eq!(f.position(at.file, at.offset), "file.yaml:1:5");
}

#[test]
fn blank_lines_and_deeper_lines_keep_their_place_after_dedent() {
    let parsed = parse("\n    a: |\n      x\n\n      y\n    b: 1\n  ");
    assert_eq!(parsed.files[0].1, "a: |\n  x\n\n  y\nb: 1\n");
}

#[test]
#[should_panic(expected = "the fixture marks no cursor")]
fn a_missing_cursor_is_a_clear_panic() {
    Fixture::new("a: 1\n").cursor();
}

#[test]
#[should_panic(expected = "a selection needs two")]
fn a_missing_selection_is_a_clear_panic() {
    Fixture::new("a: $01\n").selection();
}

#[test]
#[should_panic(expected = "3 `$0` markers")]
fn three_markers_are_refused() {
    parse("a: $0b$0c$0\n");
}

#[test]
#[should_panic(expected = "same file")]
fn a_selection_across_files_is_refused() {
    parse("//- a.yaml\na: $0\n//- b.yaml\nb: $0\n");
}

#[test]
#[should_panic(expected = "belongs to no file")]
fn text_before_the_first_header_is_refused() {
    parse("a: 1\n//- b.yaml\nb: 2\n");
}

#[test]
#[should_panic(expected = "`b.yaml` is not a file of the fixture")]
fn asking_for_a_file_the_fixture_lacks_is_a_clear_panic() {
    Fixture::new("//- a.yaml\na: 1\n").file("b.yaml");
}
