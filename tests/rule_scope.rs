//! The engine's decision of which rules need the workspace (`rules::scope`), held to the
//! real workspaces: every file checked alone (`lint_file_local`) has exactly the findings of
//! the file-local rules it has in its workspace — nothing a language server shows before it
//! has indexed the folder is withdrawn afterwards, and nothing file-local is missing.

mod support;

use innominatus_engine::diagnostic::Diagnostic;
use innominatus_engine::dialect::Dialect;
use innominatus_engine::rules::{
    find, lint_alone, lint_file, lint_file_local, needs_workspace, relates_files,
};
use innominatus_engine::source::SourceFile;
use innominatus_engine::workspace::{FileModels, Workspace};
use std::sync::Arc;

fn workspace(dir: &std::path::Path, files: &[(String, Vec<u8>)]) -> Workspace {
    let sources = files
        .iter()
        .map(|(name, bytes)| SourceFile::parse(Arc::from(name.as_str()), bytes))
        .collect();
    let base = dir.to_path_buf();
    Workspace::new(
        sources,
        None,
        Box::new(move |p: &str| base.join(p).exists()),
    )
}

fn is_local(d: &Diagnostic) -> bool {
    find(d.code).is_none_or(|r| !needs_workspace(r))
}

#[test]
fn a_file_alone_has_exactly_its_file_local_findings() {
    let mut checked = 0;
    let mut cross_file = 0;
    let mut failures = Vec::new();
    for (dir, files) in support::real_workspaces() {
        let ws = workspace(&dir, &files);
        for (i, source) in ws.files.iter().enumerate() {
            let full = lint_file(&ws, i, &|_| true);
            cross_file += full.iter().filter(|d| !is_local(d)).count();
            let expected: Vec<Diagnostic> = full.into_iter().filter(is_local).collect();
            let alone = lint_file_local(source.clone(), Some(ws.dialect), &ws.policy, &|_| true);
            if alone != expected {
                failures.push(format!(
                    "{}/{}:\n  alone:     {:?}\n  workspace: {:?}",
                    dir.display(),
                    source.file,
                    codes(&alone),
                    codes(&expected)
                ));
            }
            // Without a configured dialect the file cannot know the workspace's choice:
            // it keeps what both dialects say, never more than the workspace will.
            let unsure = lint_file_local(source.clone(), None, &ws.policy, &|_| true);
            for d in &unsure {
                if !expected.contains(d) {
                    failures.push(format!(
                        "{}/{}: {} {} shown before the workspace chose its dialect",
                        dir.display(),
                        source.file,
                        d.code,
                        d.message
                    ));
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 300, "only {checked} files checked");
    // The test means something only if the workspaces hold cross-file findings.
    assert!(cross_file > 50, "only {cross_file} cross-file findings");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `validate` and `lint` check a file as soon as it is parsed while no file of the run
/// relates files (`rules::relates_files`): each real workspace's files that relate none, as
/// a workspace of their own, give every file its findings alone, in both dialects.
#[test]
fn where_no_file_relates_files_a_file_alone_has_all_its_findings() {
    let mut checked = 0;
    let mut found = 0;
    let mut failures = Vec::new();
    for (dir, files) in support::real_workspaces() {
        let unread: Vec<(String, Vec<u8>)> = files
            .into_iter()
            .filter(|(name, bytes)| {
                !relates_files(&SourceFile::parse(Arc::from(name.as_str()), bytes))
            })
            .collect();
        for dialect in [Dialect::Score, Dialect::Innominatus] {
            let mut ws = workspace(&dir, &unread);
            ws.dialect = dialect;
            for (i, source) in ws.files.iter().enumerate() {
                let together = lint_file(&ws, i, &|_| true);
                let base = dir.clone();
                let alone = lint_alone(
                    source,
                    FileModels::build(source),
                    dialect,
                    &ws.policy,
                    Box::new(move |p: &str| base.join(p).exists()),
                    &|_| true,
                );
                if alone != together {
                    failures.push(format!(
                        "{}/{} ({dialect:?}):\n  alone:     {:?}\n  workspace: {:?}",
                        dir.display(),
                        source.file,
                        codes(&alone),
                        codes(&together)
                    ));
                }
                found += together.len();
                checked += 1;
            }
        }
    }
    assert!(checked > 200, "only {checked} files checked");
    assert!(found > 200, "only {found} findings");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn codes(ds: &[Diagnostic]) -> Vec<(&str, usize)> {
    ds.iter().map(|d| (d.code, d.span.start)).collect()
}
