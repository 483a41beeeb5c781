//! An open document's publication written from the findings' JSON of its last one. Every
//! edit of a long file publishes all its findings again (the client replaces the whole
//! list), yet an edit changes few of them: converting and serialising 160 findings of a
//! 5,000-line workflow on every keystroke was a tenth of the server's time. A finding equal
//! to the one at the same place in the last publication, at the same protocol ranges, reuses
//! its JSON; the notification is byte for byte what [`notification_bytes`] writes. The JSON
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
            let piece = p.serialised.pieces.get(k)?;
            let json = piece.json.as_ref()?;
            (piece.range == range && piece.related == related && p.findings.get(k) == Some(d))
                .then(|| json.clone())
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

    fn finding(file: &Arc<str>, at: usize, message: &str) -> Diagnostic {
        let rule = innominatus_engine::rules::all()[0];
        let mut d = Diagnostic::new(rule, file, Span::new(at, at + 3), message.to_string());
        d.help = Some("rename it \"quoted\" ü".into());
        d
    }

    /// Over a sequence of edits — unchanged findings, a changed message, a moved span, a
    /// character of another width before a finding, related places here and in another
    /// file, fewer findings — every publication is byte for byte the one written afresh.
    #[test]
    fn a_publication_from_kept_json_is_the_one_written_afresh() {
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
        let ws = WorkspaceContext {
            index: &index,
            encoding: Encoding::Utf16,
        };
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
        let texts = [
            "abcdefghij\nklmnopqrstuvwxyz\n",
            "abcdefghij\nklmnopqrstuvwxyz\n",
            "abcdefghij\nklmnopqrstuvwxyz\n",
            "aécdefghi\nklmnopqrstuvwxyz\n",
            "abcdefghij\nklmnopqrstuvwxyz\n",
        ];
        let lists = [
            vec![plain.clone(), near.clone(), far.clone()],
            vec![plain.clone(), near.clone(), far.clone()],
            vec![finding(&file, 8, "changed"), near.clone(), far.clone()],
            vec![finding(&file, 8, "changed"), near.clone(), far.clone()],
            vec![finding(&file, 9, "plain"), near.clone()],
        ];
        let mut kept: Option<(Vec<Diagnostic>, SerialisedFindings)> = None;
        let mut reused = 0;
        for (k, (text, list)) in texts.iter().zip(&lists).enumerate() {
            let line_index = LineIndex::new(text);
            let lines = Lines::new(text, &line_index);
            let previous = kept.as_ref().map(|(findings, serialised)| Previous {
                findings,
                serialised,
            });
            let version = (k % 2 == 0).then_some(k as i32);
            let (body, serialised) =
                publication(&uri, version, list, lines, Encoding::Utf16, &ws, previous).unwrap();
            let afresh: Vec<_> = list
                .iter()
                .map(|d| to_lsp(d, lines, Encoding::Utf16, &ws, &uri))
                .collect();
            let expected =
                notification_bytes(&PublishDiagnosticsParams::new(uri.clone(), afresh, version))
                    .unwrap();
            assert_eq!(
                String::from_utf8(body).unwrap(),
                String::from_utf8(expected).unwrap(),
                "publication {k}"
            );
            if let Some((_, old)) = &kept {
                reused += serialised
                    .pieces
                    .iter()
                    .zip(&old.pieces)
                    .filter(|(new, old)| match (&new.json, &old.json) {
                        (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                        _ => false,
                    })
                    .count();
            }
            kept = Some((list.clone(), serialised));
        }
        // Publication 1 reuses both findings without places elsewhere, 2 the one that did not
        // change; 3 and 4 none: a character of two bytes before them moved the columns of the
        // changed finding (same bytes) and of `near`'s related place, and back.
        assert_eq!(reused, 3);
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
