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
        // The document's kind first: it rules out most lints at once, and asking the
        // selection is the dearer question.
        let enabled_lints = super::lints()
            .iter()
            .copied()
            .filter(|l| l.kinds.contains(&kind) && enabled(l.rule));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::FileModels;
    use std::sync::Arc;

    /// The YAML files below `dir`, named relative to it and sorted.
    fn files_below(dir: &std::path::Path) -> Vec<SourceFile> {
        let mut files = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(folder) = stack.pop() {
            for entry in std::fs::read_dir(&folder).expect("a readable folder") {
                let path = entry.expect("an entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                    let name = path.strip_prefix(dir).expect("below the folder");
                    let name: Arc<str> = name.to_string_lossy().replace('\\', "/").into();
                    let bytes = std::fs::read(&path).expect("a readable file");
                    files.push(SourceFile::parse(name, &bytes));
                }
            }
        }
        files.sort_by(|a, b| a.file.cmp(&b.file));
        files
    }

    /// The two ways of checking give the same findings: every file of every golden case and
    /// of the example repository, checked with every rule in a workspace holding all trees
    /// and in one built from the index alone, with only the checked file's tree at hand.
    /// A rule that reads another file's tree instead of the index fails here (it finds no
    /// tree, or a different answer), and so does one that reads a part of the models the
    /// index leaves out (`FileModels::for_index_alone`).
    #[test]
    fn an_index_without_trees_gives_the_findings_of_a_workspace_with_trees() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut folders = vec![root.join("examples")];
        let mut cases: Vec<_> = std::fs::read_dir(root.join("tests/cases"))
            .expect("the golden cases")
            .map(|e| e.expect("an entry").path())
            .filter(|p| p.is_dir())
            .collect();
        cases.sort();
        folders.extend(cases);
        let all = |_: &crate::catalog::Rule| true;
        let mut checked = 0;
        for folder in folders {
            let files = files_below(&folder);
            let index: Vec<FileModels> = files
                .iter()
                .map(|f| FileModels::build(f).for_index_alone())
                .collect();
            let held = Workspace::new(files.clone(), None, Box::new(|_: &str| false));
            let indexed = Workspace::from_index(index, None, Box::new(|_: &str| false));
            assert!(indexed.files.is_empty());
            assert_eq!(held.dialect, indexed.dialect, "{}", folder.display());
            for (i, file) in files.iter().enumerate() {
                let with_trees = lint_file(&held, i, &all);
                let from_index = lint_source(&indexed, i, file, &all);
                assert_eq!(
                    format!("{with_trees:?}"),
                    format!("{from_index:?}"),
                    "{}: {}",
                    folder.display(),
                    file.file
                );
                checked += 1;
            }
        }
        assert!(checked > 300, "files checked: {checked}");
    }
}
