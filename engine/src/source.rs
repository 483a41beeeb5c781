//! One file's journey from bytes to diagnostics: decode, parse, detect kinds, validate.

use crate::catalog as rules;
use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::kind::{self, DocumentKind};
use crate::schema;
use crate::syntax::{self, ParsedFile};
use crate::text::Span;
use std::sync::Arc;

/// A parsed file with the kind of each of its documents.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub file: Arc<str>,
    /// The text, when the bytes were UTF-8 text.
    pub text: Option<String>,
    pub parsed: ParsedFile,
    /// The kind of each document, in document order.
    pub kinds: Vec<DocumentKind>,
    /// Problems found while decoding and parsing (INN0xx).
    pub diagnostics: Vec<Diagnostic>,
}

impl SourceFile {
    /// Decodes and parses `bytes` read from `file`.
    pub fn parse(file: Arc<str>, bytes: &[u8]) -> SourceFile {
        match decode(&file, bytes) {
            Ok(text) => SourceFile::from_text(file, text.to_string()),
            Err(d) => SourceFile::undecodable(file, *d),
        }
    }

    /// [`SourceFile::parse`] of bytes the caller gives up: their text is kept as it is,
    /// not copied (a command reads each file only to parse it).
    pub fn parse_owned(file: Arc<str>, bytes: Vec<u8>) -> SourceFile {
        if let Some(d) = refuse(&file, &bytes) {
            return SourceFile::undecodable(file, *d);
        }
        match String::from_utf8(bytes) {
            Ok(text) => SourceFile::from_text(file, text),
            Err(e) => {
                let d = invalid_utf8(&file, e.as_bytes(), e.utf8_error());
                SourceFile::undecodable(file, *d)
            }
        }
    }

    /// A file whose bytes are not text: no tree, the reason as its only finding.
    fn undecodable(file: Arc<str>, why: Diagnostic) -> SourceFile {
        SourceFile {
            file,
            text: None,
            parsed: ParsedFile::default(),
            kinds: Vec::new(),
            diagnostics: vec![why],
        }
    }

    /// Parses the decoded `text` of `file`.
    fn from_text(file: Arc<str>, text: String) -> SourceFile {
        let mut out = SourceFile {
            file,
            text: None,
            parsed: ParsedFile::default(),
            kinds: Vec::new(),
            diagnostics: Vec::new(),
        };
        out.parsed = syntax::parse(&out.file, &text);
        out.kinds = out
            .parsed
            .documents
            .iter()
            .map(|d| kind::detect(d, &out.file))
            .collect();
        out.diagnostics.append(&mut out.parsed.diagnostics.clone());
        if out
            .parsed
            .documents
            .iter()
            .all(|d| d.root.is_none() || is_empty_scalar(d))
            && !out.parsed.failed
        {
            out.diagnostics.push(
                Diagnostic::new(
                    &rules::EMPTY_FILE,
                    &out.file,
                    Span::at(0),
                    rules::syntax::empty_file::MESSAGE.into(),
                )
                .with_help(rules::syntax::empty_file::HELP),
            );
        }
        multiple_documents(&mut out);
        out.text = Some(text);
        out
    }

    /// Whether any document is a platform document (not a Score spec, not unknown).
    pub fn has_platform_documents(&self) -> bool {
        self.kinds
            .iter()
            .any(|k| !matches!(k, DocumentKind::Score | DocumentKind::Unknown))
    }

    /// Every diagnostic of the file: syntax and structure, then the schema of the first
    /// document when it is complete (the only one the platform decodes), sorted by position.
    pub fn validate(&self, dialect: Dialect) -> Vec<Diagnostic> {
        let mut out = self.diagnostics.clone();
        for (doc, &kind) in self.parsed.documents.iter().zip(&self.kinds).take(1) {
            // Later documents are reported once by INN007 and otherwise left alone.
            if !doc.incomplete {
                out.extend(schema::check(&self.file, doc, kind, dialect));
            }
        }
        out.sort_by(|a, b| {
            (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
        });
        out.iter_mut().for_each(crate::diagnostic::tidy);
        out
    }
}

fn is_empty_scalar(doc: &crate::syntax::Document) -> bool {
    doc.root
        .and_then(|r| doc.scalar(r))
        .is_some_and(|s| s.text.is_empty() && s.value == crate::syntax::ScalarValue::Null)
}

/// The text of a file, or why it is not text.
fn decode<'b>(file: &Arc<str>, bytes: &'b [u8]) -> Result<&'b str, Box<Diagnostic>> {
    if let Some(d) = refuse(file, bytes) {
        return Err(d);
    }
    std::str::from_utf8(bytes).map_err(|e| invalid_utf8(file, bytes, e))
}

/// Why `bytes` are not text before UTF-8 is even asked: UTF-16, or a NUL byte.
fn refuse(file: &Arc<str>, bytes: &[u8]) -> Option<Box<Diagnostic>> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Some(Box::new(
            Diagnostic::new(
                &rules::BINARY_FILE,
                file,
                Span::at(0),
                rules::syntax::binary_file::UTF16.into(),
            )
            .with_help(rules::syntax::binary_file::UTF16_HELP),
        ));
    }
    let nul = memchr::memchr(0, bytes)?;
    Some(Box::new(
        Diagnostic::new(
            &rules::BINARY_FILE,
            file,
            Span::at(nul),
            rules::syntax::binary_file::NUL.into(),
        )
        .with_help(rules::syntax::binary_file::NUL_HELP),
    ))
}

/// The finding for `bytes` that fail UTF-8 as `e` says.
fn invalid_utf8(file: &Arc<str>, bytes: &[u8], e: std::str::Utf8Error) -> Box<Diagnostic> {
    let good = e.valid_up_to();
    // Safe: the prefix up to `good` is valid UTF-8, so spans into it stay valid.
    let bad = bytes[good];
    Box::new(
        Diagnostic::new(
            &rules::INVALID_UTF8,
            file,
            Span::at(good),
            rules::syntax::invalid_utf8::message(bad),
        )
        .with_help(rules::syntax::invalid_utf8::HELP),
    )
}

/// Everything after the first document of a platform or Score file is ignored by the platform
/// (yaml.v3 decodes the first document and never looks further): one finding on the `---` of
/// the second document names how many are dropped, and the parser's complaints about the
/// ignored part are withdrawn, since the platform never meets them.
fn multiple_documents(src: &mut SourceFile) {
    if src.parsed.documents.len() < 2 || src.kinds.iter().all(|k| *k == DocumentKind::Unknown) {
        return;
    }
    let ignored_from = src.parsed.documents[1].span.start;
    src.diagnostics
        .retain(|d| d.span.start < ignored_from || d.code == rules::MULTIPLE_DOCUMENTS.code);
    // A trailing `---` with nothing after it loses nothing.
    let lost = src.parsed.documents[1..]
        .iter()
        .filter(|doc| doc.root.is_some() && !is_empty_scalar(doc))
        .count();
    if lost == 0 {
        return;
    }
    let second = &src.parsed.documents[1];
    src.diagnostics.push(
        Diagnostic::new(
            &rules::MULTIPLE_DOCUMENTS,
            &src.file,
            Span::new(
                second.span.start,
                second.span.start + 3.min(second.span.len()),
            ),
            rules::syntax::multiple_documents::message(src.parsed.documents.len(), lost),
        )
        .with_help(rules::syntax::multiple_documents::HELP),
    );
}

/// Whether document `index` of a file is one the platform reads: only the first is.
pub fn platform_reads(index: usize) -> bool {
    index == 0
}

/// The dialect for Score files when nothing is configured: `innominatus` when the workspace
/// holds innominatus documents, `score` otherwise (DESIGN.md §2).
pub fn auto_dialect<'a>(sources: impl IntoIterator<Item = &'a SourceFile>) -> Dialect {
    dialect_for(sources.into_iter().map(SourceFile::has_platform_documents))
}

/// [`auto_dialect`] from whether each file has platform documents (what an index keeps of
/// files whose trees are gone).
pub fn dialect_for(has_platform_documents: impl IntoIterator<Item = bool>) -> Dialect {
    if has_platform_documents.into_iter().any(|p| p) {
        Dialect::Innominatus
    } else {
        Dialect::Score
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parsing bytes given up and bytes lent give the same file: text, trees, kinds and
    /// findings, for text and for each way bytes can fail to be text.
    #[test]
    fn owned_bytes_parse_like_borrowed_ones() {
        let inputs: [&[u8]; 8] = [
            b"apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers: {}\n",
            b"a: 1\r\nb: [1, 2\r\n",
            b"",
            b"name: caf\xc3\xa9\nbad: \xff\xfe here\n",
            b"cut: \xe2\x82",
            b"\xff\xfea\x00:\x00",
            b"a: 1\n\x00b: 2\n",
            b"a: 1\n---\nb: 2\n",
        ];
        for bytes in inputs {
            let file: Arc<str> = Arc::from("f.yaml");
            let lent = SourceFile::parse(file.clone(), bytes);
            let owned = SourceFile::parse_owned(file, bytes.to_vec());
            assert_eq!(owned.text, lent.text, "{bytes:?}");
            assert_eq!(owned.parsed.documents, lent.parsed.documents, "{bytes:?}");
            assert_eq!(owned.kinds, lent.kinds, "{bytes:?}");
            assert_eq!(
                format!("{:?}", owned.diagnostics),
                format!("{:?}", lent.diagnostics),
                "{bytes:?}"
            );
        }
        // The failing cases really fail, each with its own finding.
        let codes = |bytes: &[u8]| -> Vec<&str> {
            SourceFile::parse_owned(Arc::from("f.yaml"), bytes.to_vec())
                .diagnostics
                .iter()
                .map(|d| d.code)
                .collect()
        };
        assert_eq!(codes(inputs[3]), [rules::INVALID_UTF8.code]);
        assert_eq!(codes(inputs[5]), [rules::BINARY_FILE.code]);
        assert_eq!(codes(inputs[6]), [rules::BINARY_FILE.code]);
    }
}
