//! An open document's publication written from the findings' JSON of its last one. Every
//! edit of a long file publishes all its findings again (the client replaces the whole
//! list), yet an edit changes few of them: converting and serialising the ~616 findings of a
//! 5,000-line workflow on every keystroke was a tenth of the server's time. A finding equal
//! to one near its place in the last publication (an edit adds or removes a few: see
//! [`LOOKAHEAD`]), at the same protocol ranges, reuses its JSON; the notification is byte for byte what [`notification_bytes`] writes. The JSON
//! of the last [`KEPT_DOCUMENTS`] documents published is kept ([`KeptJson`]): a server with
//! a hundred long files open holds no copy of their findings as text.

use crate::context::WorkspaceContext;
use crate::diagnostics::{notification_bytes, to_lsp};
use crate::position::{Encoding, Lines};
use innominatus_engine::diagnostic::Diagnostic;
use std::sync::Arc;
use tower_lsp_server::ls_types::{PublishDiagnosticsParams, Range, Uri};

/// The JSON of each finding of one publication, in order.
#[derive(Default)]
pub struct SerialisedFindings {
    encoding: Encoding,
    pieces: Vec<Piece>,
}

/// One finding's JSON and the protocol ranges it was written with.
struct Piece {
    range: Range,
    /// The ranges of its related places, all in this file.
    related: Vec<Range>,
    /// `None` for a finding with related places in other files: their ranges depend on
    /// those files' texts, so its JSON is always written afresh.
    json: Option<Arc<[u8]>>,
}

/// The last publication of a document: its findings and their JSON (`findings[k]` was
/// written as the `k`-th piece of `serialised`).
pub struct Previous<'a> {
    pub findings: &'a [Diagnostic],
    pub serialised: &'a SerialisedFindings,
}

/// How far past the last finding matched an equal one is looked for: more than an edit adds
/// or removes at one place, few enough that a finding without an equal costs little.
const LOOKAHEAD: usize = 16;

/// How many documents keep the JSON of their last publication: the ones being edited.
pub const KEPT_DOCUMENTS: usize = 4;

/// The last publication of the documents published most recently, the latest last. What is
/// kept is only ever a candidate: each finding's JSON is reused after comparing the finding
/// and its ranges, so an entry of a closed or reopened document is harmless.
#[derive(Default)]
pub struct KeptJson(Vec<(Uri, Arc<Vec<Diagnostic>>, SerialisedFindings)>);

impl KeptJson {
    /// Takes out what was kept of `uri`'s last publication.
    pub fn take(&mut self, uri: &Uri) -> Option<(Arc<Vec<Diagnostic>>, SerialisedFindings)> {
        let at = self.0.iter().position(|(u, _, _)| u == uri)?;
        let (_, findings, serialised) = self.0.remove(at);
        Some((findings, serialised))
    }

    /// Keeps `uri`'s publication, letting the least recent one go past the bound.
    pub fn keep(
        &mut self,
        uri: Uri,
        findings: Arc<Vec<Diagnostic>>,
        serialised: SerialisedFindings,
    ) {
        self.0.retain(|(u, _, _)| *u != uri);
        self.0.push((uri, findings, serialised));
        if self.0.len() > KEPT_DOCUMENTS {
            self.0.remove(0);
        }
    }
}

/// The `textDocument/publishDiagnostics` notification of `diagnostics` (found in the text
/// `lines` of open document `uri`), as [`notification_bytes`] writes it, with the JSON of
/// each finding to keep for the next publication.
pub fn publication(
    uri: &Uri,
    version: Option<i32>,
    diagnostics: &[Diagnostic],
    lines: Lines<'_>,
    encoding: Encoding,
    workspace: &WorkspaceContext<'_>,
    previous: Option<Previous<'_>>,
) -> serde_json::Result<(Vec<u8>, SerialisedFindings)> {
    let previous = previous.filter(|p| {
        p.serialised.encoding == encoding && p.findings.len() == p.serialised.pieces.len()
    });
    let (head, tail) = frame(uri, version)?;
    // Sized as `notification_bytes` sizes it.
    let mut body = Vec::with_capacity(256 + 768 * diagnostics.len());
    body.extend_from_slice(&head);
    let mut pieces = Vec::with_capacity(diagnostics.len());
    // The first finding of the last publication not matched yet.
    let mut next = 0;
    for (k, d) in diagnostics.iter().enumerate() {
        if k > 0 {
            body.push(b',');
        }
        let range = lines.range(d.span, encoding);
        let local = d.related.iter().all(|r| r.file == d.file);
        let related: Vec<Range> = match local {
            true => d
                .related
                .iter()
                .map(|r| lines.range(r.span, encoding))
                .collect(),
            false => Vec::new(),
        };
        let kept = previous.as_ref().and_then(|p| {
            // Both lists are in the file's order: the equal finding, if any, is a little
            // after the last one matched (an edit adds or removes a few findings).
            let window = p.findings.len().min(next + LOOKAHEAD);
            let at = (next..window).find(|&i| p.findings[i] == *d)?;
            next = at + 1;
            let piece = &p.serialised.pieces[at];
            let json = piece.json.as_ref()?;
            (piece.range == range && piece.related == related).then(|| json.clone())
        });
        let json = match kept {
            Some(json) => {
                body.extend_from_slice(&json);
                Some(json)
            }
            None => {
                let start = body.len();
                serde_json::to_writer(&mut body, &to_lsp(d, lines, encoding, workspace, uri))?;
                local.then(|| Arc::from(&body[start..]))
            }
        };
        pieces.push(Piece {
            range,
            related,
            json,
        });
    }
    body.extend_from_slice(&tail);
    Ok((body, SerialisedFindings { encoding, pieces }))
}

/// The notification of no findings, cut where the findings go: the bytes up to and
/// including the list's `[`, and from its `]` on.
fn frame(uri: &Uri, version: Option<i32>) -> serde_json::Result<(Vec<u8>, Vec<u8>)> {
    let empty = notification_bytes(&PublishDiagnosticsParams::new(
        uri.clone(),
        Vec::new(),
        version,
    ))?;
    // Unique: inside a JSON string every `"` is escaped, so only the key can be followed by
    // `":[]`.
    const LIST: &[u8] = b"\"diagnostics\":[]";
    let at = empty
        .windows(LIST.len())
        .position(|w| w == LIST)
        .expect("a publication lists its findings")
        + LIST.len()
        - 1;
    Ok((empty[..at].to_vec(), empty[at..].to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{Entry, Held, ProjectIndex};
    use innominatus_engine::diagnostic::Related;
    use innominatus_engine::source::SourceFile;
    use innominatus_engine::text::{LineIndex, Span};
    use innominatus_engine::workspace::Policy;

    const TEXT: &str = "abcdefghij\nklmnopqrstuvwxyz\n";

    fn finding(file: &Arc<str>, at: usize, message: &str) -> Diagnostic {
        let rule = innominatus_engine::rules::all()[0];
        let mut d = Diagnostic::new(rule, file, Span::new(at, at + 3), message.to_string());
        d.help = Some("rename it \"quoted\" ü".into());
        d
    }

    /// Publishes `list` found in `text` after the publication `kept`; checks that the bytes
    /// are the notification written afresh and returns what to keep and how many findings
    /// reused their JSON.
    struct Publisher {
        uri: Uri,
        file: Arc<str>,
        index: ProjectIndex,
        kept: Option<(Vec<Diagnostic>, SerialisedFindings)>,
    }

    impl Publisher {
        fn new() -> Publisher {
            let uri: Uri = "file:///ws/workflow.yaml".parse().unwrap();
            let file: Arc<str> = Arc::from("workflow.yaml");
            let index = ProjectIndex::build(
                vec![Entry::of(
                    uri.clone(),
                    SourceFile::parse(file.clone(), b"steps: []\n"),
                    Held::Open(0),
                )],
                None,
                None,
                Policy::default(),
            );
            Publisher {
                uri,
                file,
                index,
                kept: None,
            }
        }

        fn publish(&mut self, text: &str, list: &[Diagnostic], version: Option<i32>) -> usize {
            let ws = WorkspaceContext {
                index: &self.index,
                encoding: Encoding::Utf16,
            };
            let line_index = LineIndex::new(text);
            let lines = Lines::new(text, &line_index);
            let previous = self.kept.as_ref().map(|(findings, serialised)| Previous {
                findings,
                serialised,
            });
            let (body, serialised) = publication(
                &self.uri,
                version,
                list,
                lines,
                Encoding::Utf16,
                &ws,
                previous,
            )
            .unwrap();
            let afresh: Vec<_> = list
                .iter()
                .map(|d| to_lsp(d, lines, Encoding::Utf16, &ws, &self.uri))
                .collect();
            let expected = notification_bytes(&PublishDiagnosticsParams::new(
                self.uri.clone(),
                afresh,
                version,
            ))
            .unwrap();
            assert_eq!(
                String::from_utf8(body).unwrap(),
                String::from_utf8(expected).unwrap()
            );
            let old: Vec<&Arc<[u8]>> = self
                .kept
                .iter()
                .flat_map(|(_, s)| s.pieces.iter().filter_map(|p| p.json.as_ref()))
                .collect();
            let reused = serialised
                .pieces
                .iter()
                .filter_map(|p| p.json.as_ref())
                .filter(|json| old.iter().any(|o| Arc::ptr_eq(o, json)))
                .count();
            self.kept = Some((list.to_vec(), serialised));
            reused
        }
    }

    /// Over a sequence of edits — unchanged findings, a changed message, a character of
    /// another width before findings, related places here and in another file — every
    /// publication is byte for byte the one written afresh, and only what is certainly the
    /// same is reused.
    #[test]
    fn a_publication_from_kept_json_is_the_one_written_afresh() {
        let mut p = Publisher::new();
        let file = p.file.clone();
        let mut near = finding(&file, 14, "near");
        near.related.push(Related {
            file: file.clone(),
            span: Span::new(4, 6),
            message: "declared here".into(),
        });
        let mut far = finding(&file, 20, "far");
        far.related.push(Related {
            file: Arc::from("other.yaml"),
            span: Span::new(0, 1),
            message: "elsewhere".into(),
        });
        let plain = finding(&file, 8, "plain");
        let changed = finding(&file, 8, "changed");
        let wide = "aécdefghi\nklmnopqrstuvwxyz\n";
        let all = [plain.clone(), near.clone(), far.clone()];
        assert_eq!(p.publish(TEXT, &all, Some(1)), 0);
        // Both findings without places elsewhere.
        assert_eq!(p.publish(TEXT, &all, None), 2);
        // The one that did not change.
        let edited = [changed.clone(), near.clone(), far.clone()];
        assert_eq!(p.publish(TEXT, &edited, Some(3)), 1);
        // None: a character of two bytes before them moved the columns of the same finding
        // (same bytes) and of `near`'s related place; then back.
        assert_eq!(p.publish(wide, &edited, Some(4)), 0);
        assert_eq!(p.publish(TEXT, &[plain, near], Some(5)), 0);
    }

    /// A finding added or removed by an edit does not cost the JSON of the findings after it.
    #[test]
    fn findings_after_one_added_or_removed_keep_their_json() {
        let mut p = Publisher::new();
        let file = p.file.clone();
        let list: Vec<Diagnostic> = (0..6).map(|k| finding(&file, 2 * k, "same")).collect();
        let mut added = list.clone();
        added.insert(2, finding(&file, 3, "new"));
        assert_eq!(p.publish(TEXT, &list, Some(1)), 0);
        assert_eq!(p.publish(TEXT, &added, Some(2)), 6);
        assert_eq!(p.publish(TEXT, &list, Some(3)), 6);
        let mut removed = list.clone();
        removed.remove(1);
        assert_eq!(p.publish(TEXT, &removed, Some(4)), 5);
    }

    /// Only the documents published last keep their JSON, each once.
    #[test]
    fn kept_json_is_bounded_to_the_documents_published_last() {
        let mut kept = KeptJson::default();
        let uri = |k: usize| -> Uri { format!("file:///ws/{k}.yaml").parse().unwrap() };
        for k in 0..=KEPT_DOCUMENTS {
            kept.keep(uri(k), Arc::default(), SerialisedFindings::default());
        }
        kept.keep(
            uri(KEPT_DOCUMENTS),
            Arc::default(),
            SerialisedFindings::default(),
        );
        assert_eq!(kept.0.len(), KEPT_DOCUMENTS);
        assert!(
            kept.take(&uri(0)).is_none(),
            "the least recent one was let go"
        );
        assert!(kept.take(&uri(1)).is_some());
        assert!(kept.take(&uri(1)).is_none(), "taken out");
        assert!(kept.take(&uri(KEPT_DOCUMENTS)).is_some());
    }
}
