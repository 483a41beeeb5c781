//! One file's findings: syntax and schema, then every enabled lint of the registry on each
//! complete document of a kind it reads, with inline suppressions applied.

use crate::catalog::Rule;
use crate::diagnostic::Diagnostic;
use crate::kind::DocumentKind;
use crate::lint::{check_document, suppression};
use crate::source::SourceFile;
use crate::workspace::{DocRef, Workspace};

/// Every finding of file `file_index` of a workspace that holds its tree (see
/// [`lint_source`]).
pub fn lint_file(
    ws: &Workspace,
    file_index: usize,
    enabled: &dyn Fn(&Rule) -> bool,
) -> Vec<Diagnostic> {
    lint_source(ws, file_index, &ws.files[file_index], enabled)
}

/// Every finding of one file, whose tree `source` the caller holds while it is checked (the
/// workspace may hold none: see `Workspace::from_index`): syntax, schema, then each enabled
/// lint on each complete document, with inline suppressions applied. Other files are read
/// only through the index.
pub fn lint_source(
    ws: &Workspace,
    file_index: usize,
    source: &SourceFile,
    enabled: &dyn Fn(&Rule) -> bool,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = source
        .validate(ws.dialect)
        .into_iter()
        .filter(|d| super::find(d.code).is_none_or(enabled))
        .collect();
    for (doc_index, (doc, &kind)) in source
        .parsed
        .documents
        .iter()
        .zip(&source.kinds)
        .enumerate()
    {
        // The platform decodes only the first document; later ones are reported once
        // (INN007) and not checked for what they would do at run time.
        if doc.incomplete
            || kind == DocumentKind::Unknown
            || !crate::source::platform_reads(doc_index)
        {
            continue;
        }
        let at = DocRef {
            file: file_index,
            doc: doc_index,
        };
        let enabled_lints = super::lints().iter().copied().filter(|l| enabled(l.rule));
        check_document(ws, source, at, kind, enabled_lints, &mut out);
    }
    if let Some(text) = &source.text {
        out = suppression::apply(
            &source.file,
            text,
            &source.parsed.comments,
            out,
            enabled,
            &super::find,
        );
    }
    // After suppressions: a suppressed specific finding leaves the general one standing.
    super::overlap::one_finding_per_cause(&mut out);
    out.sort_by(|a, b| (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code)));
    // No rule may quote megabytes of a file (a 10 MB line, a huge key): quotes are cut to
    // excerpts here, where every finding leaves the engine.
    out.iter_mut().for_each(crate::diagnostic::tidy);
    out
}
