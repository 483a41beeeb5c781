//! Parsed Go templates kept between checks of the same document. An edit in a long workflow
//! changes one scalar, yet each check parsed every script and manifest of the document again
//! (7 % of the language server's time per edit on a 5,000-line workflow). The memo is keyed
//! by the template's text: a parse depends on nothing else, and its spans are offsets in that
//! text, so a kept parse is the parse of an equal text anywhere.
//!
//! Off by default: the command line checks each document once, where a memo would only cost.
//! The language server turns it on ([`keep_between_checks`]). Bounded by
//! [`TEMPLATE_MEMO_DOCUMENTS`] documents and [`TEMPLATE_MEMO_BYTES`] of text each; a document's
//! memo holds exactly the templates its last check parsed, so text edited away is let go.

use super::go::{DataRef, Template};
use crate::limits::{TEMPLATE_MEMO_BYTES, TEMPLATE_MEMO_DOCUMENTS};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

type Parsed = HashMap<Box<str>, Arc<ParsedTemplate>>;

/// A parsed template and what several rules read of it, computed on first use: kept in the
/// memo, the reads of an unchanged template are not walked again either.
#[derive(Debug)]
pub struct ParsedTemplate {
    template: Template,
    data_refs: OnceLock<Vec<DataRef>>,
}

impl ParsedTemplate {
    pub fn new(template: Template) -> ParsedTemplate {
        ParsedTemplate {
            template,
            data_refs: OnceLock::new(),
        }
    }

    /// [`Template::data_refs`], walked once.
    pub fn data_refs(&self) -> &[DataRef] {
        self.data_refs.get_or_init(|| self.template.data_refs())
    }
}

impl std::ops::Deref for ParsedTemplate {
    type Target = Template;
    fn deref(&self) -> &Template {
        &self.template
    }
}

static ENABLED: AtomicBool = AtomicBool::new(false);

/// The kept documents, the most recently checked last.
static KEPT: Mutex<Vec<(DocumentKey, Parsed)>> = Mutex::new(Vec::new());

/// One document of one file.
#[derive(Clone, PartialEq, Eq)]
struct DocumentKey {
    file: Arc<str>,
    document: usize,
}

/// Turns keeping parsed templates between checks on or off (off lets every kept one go).
pub fn keep_between_checks(on: bool) {
    ENABLED.store(on, Ordering::Relaxed);
    if !on {
        kept().clear();
    }
}

fn kept() -> std::sync::MutexGuard<'static, Vec<(DocumentKey, Parsed)>> {
    // A panic while the list was held left it whole (pushes and removals only).
    KEPT.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The templates of one check of one document: parses through the document's memo, and on
/// drop keeps what this check parsed as the document's new memo.
pub struct DocumentTemplates {
    key: Option<DocumentKey>,
    previous: Parsed,
    current: Parsed,
    bytes: usize,
}

impl DocumentTemplates {
    /// Starts a check of document `document` of `file`.
    pub fn for_document(file: &Arc<str>, document: usize) -> DocumentTemplates {
        let enabled = ENABLED.load(Ordering::Relaxed);
        let key = enabled.then(|| DocumentKey {
            file: file.clone(),
            document,
        });
        let previous = key
            .as_ref()
            .and_then(|key| {
                let mut kept = kept();
                let at = kept.iter().position(|(k, _)| k == key)?;
                Some(kept.remove(at).1)
            })
            .unwrap_or_default();
        DocumentTemplates {
            key,
            previous,
            current: Parsed::new(),
            bytes: 0,
        }
    }

    /// `text` parsed as Go's `text/template` ([`Template::parse`]), reused when the last
    /// check of this document (or this one) parsed the same text.
    pub fn parse(&mut self, text: &str) -> Arc<ParsedTemplate> {
        if self.key.is_none() {
            return Arc::new(ParsedTemplate::new(Template::parse(text)));
        }
        if let Some(t) = self.current.get(text) {
            return t.clone();
        }
        let parsed = match self.previous.remove(text) {
            Some(t) => t,
            None => Arc::new(ParsedTemplate::new(Template::parse(text))),
        };
        if self.bytes + text.len() <= TEMPLATE_MEMO_BYTES {
            self.bytes += text.len();
            self.current.insert(text.into(), parsed.clone());
        }
        parsed
    }
}

impl Drop for DocumentTemplates {
    fn drop(&mut self) {
        let Some(key) = self.key.take() else {
            return;
        };
        let current = std::mem::take(&mut self.current);
        let mut kept = kept();
        kept.retain(|(k, _)| *k != key);
        if current.is_empty() {
            // Nothing to keep: a document without templates takes no place from one with.
            return;
        }
        kept.push((key, current));
        if kept.len() > TEMPLATE_MEMO_DOCUMENTS {
            let excess = kept.len() - TEMPLATE_MEMO_DOCUMENTS;
            kept.drain(..excess);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // One test: the switch is process-wide, and tests of this module run in parallel.
    #[test]
    fn a_document_reuses_its_last_check_s_parses_only_while_on() {
        let file: Arc<str> = Arc::from("memo-test/workflow.yaml");
        let script = "echo {{ .parameters.name }}";
        keep_between_checks(true);
        let first = DocumentTemplates::for_document(&file, 0).parse(script);
        let mut again = DocumentTemplates::for_document(&file, 0);
        let second = again.parse(script);
        assert!(Arc::ptr_eq(&first, &second), "the kept parse is reused");
        assert_eq!(**second, Template::parse(script));
        assert_eq!(second.data_refs(), Template::parse(script).data_refs());
        // Another document of the file has its own memo.
        let other = DocumentTemplates::for_document(&file, 1).parse(script);
        assert!(!Arc::ptr_eq(&first, &other));
        drop(again);
        // A text the last check did not parse is let go.
        DocumentTemplates::for_document(&file, 0).parse("{{ .other }}");
        let after = DocumentTemplates::for_document(&file, 0).parse(script);
        assert!(
            !Arc::ptr_eq(&first, &after),
            "an edited-away template is not kept"
        );
        // A check that parsed nothing keeps nothing.
        drop(DocumentTemplates::for_document(&file, 50));
        assert!(!kept()
            .iter()
            .any(|(k, _)| k.file == file && k.document == 50));
        // At most TEMPLATE_MEMO_DOCUMENTS documents are kept.
        for d in 0..=TEMPLATE_MEMO_DOCUMENTS {
            DocumentTemplates::for_document(&file, 100 + d).parse(script);
        }
        assert!(kept().iter().filter(|(k, _)| k.file == file).count() <= TEMPLATE_MEMO_DOCUMENTS);
        keep_between_checks(false);
        let off1 = DocumentTemplates::for_document(&file, 0).parse(script);
        let off2 = DocumentTemplates::for_document(&file, 0).parse(script);
        assert!(!Arc::ptr_eq(&off1, &off2), "nothing is kept while off");
        assert_eq!(**off1, **off2);
    }
}
