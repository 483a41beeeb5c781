//! The engine's reading relation between files (`rules::dependents`), held to the real
//! workspaces: each file of each workspace is edited at lines spread over it (and emptied), and every
//! other file whose findings change must be among the dependents the engine names for that
//! edit. A language server that re-checks only those files then misses nothing.

mod support;

use innominatus_engine::diagnostic::Diagnostic;
use innominatus_engine::rules::dependents::{dependents, Footprint};
use innominatus_engine::rules::lint_file;
use innominatus_engine::source::SourceFile;
use innominatus_engine::workspace::Workspace;
use std::path::Path;
use std::sync::Arc;

/// Lines edited per file, spread over the whole file: enough to reach the names, claims,
/// types and outputs of every document kind, few enough for the test to run in seconds.
const LINES: usize = 10;

/// `text` edited at up to [`LINES`] lines spread over it: each line removed, and cut in half
/// (a renamed key or value, a broken one), with a name for the edit.
fn edited_versions(text: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let stride = lines.len().div_ceil(LINES).max(1);
    let mut out = vec![(String::new(), "emptied".to_string())];
    for i in (0..lines.len()).step_by(stride) {
        let body = lines[i].trim_end_matches('\n');
        let cut = body
            .char_indices()
            .nth(body.chars().count() / 2)
            .map_or(0, |(b, _)| b);
        for (variant, what) in [
            (String::new(), "removed"),
            (format!("{}\n", &body[..cut]), "cut"),
        ] {
            let mut edited = String::with_capacity(text.len());
            for (j, l) in lines.iter().enumerate() {
                edited.push_str(if i == j { &variant } else { l });
            }
            out.push((edited, format!("line {} {what}", i + 1)));
        }
    }
    out
}

fn findings(ws: &Workspace) -> Vec<Vec<Diagnostic>> {
    (0..ws.files.len())
        .map(|i| lint_file(ws, i, &|_| true))
        .collect()
}

/// What editing every file of one workspace showed.
#[derive(Default)]
struct Tally {
    edits: usize,
    changed_elsewhere: usize,
    narrower: usize,
    failures: Vec<String>,
}

fn edit_every_file(dir: &Path, files: &[(String, Vec<u8>)], tally: &mut Tally) {
    let sources: Vec<SourceFile> = files
        .iter()
        .map(|(name, bytes)| SourceFile::parse(Arc::from(name.as_str()), bytes))
        .collect();
    let base = dir.to_path_buf();
    let ws = Workspace::new(
        sources,
        None,
        Box::new(move |p: &str| base.join(p).exists()),
    );
    let before = findings(&ws);
    for (i, (name, bytes)) in files.iter().enumerate() {
        let footprint = Footprint::of(&ws, i);
        for (edited, what) in edited_versions(&String::from_utf8_lossy(bytes)) {
            tally.edits += 1;
            let src = SourceFile::parse(Arc::from(name.as_str()), edited.as_bytes());
            let after_ws = ws.with_file(i, &src);
            let after = findings(&after_ws);
            let named = dependents(&after_ws, i, &footprint);
            if named.as_ref().is_some_and(|d| d.len() + 1 < files.len()) {
                tally.narrower += 1;
            }
            for j in (0..files.len()).filter(|&j| j != i && before[j] != after[j]) {
                tally.changed_elsewhere += 1;
                if named.as_ref().is_some_and(|d| !d.contains(&j)) {
                    tally.failures.push(format!(
                        "{}: editing {name} ({what}) changes the findings of {} but the engine does not name it",
                        dir.display(),
                        files[j].0
                    ));
                }
            }
        }
    }
}

#[test]
fn every_file_an_edit_changes_is_a_dependent() {
    let workspaces: Vec<_> = support::real_workspaces()
        .into_iter()
        .filter(|(_, files)| files.len() >= 2)
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let tallies: Vec<Tally> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let mine: Vec<_> = workspaces.iter().skip(t).step_by(threads).collect();
                scope.spawn(move || {
                    let mut tally = Tally::default();
                    for (dir, files) in mine {
                        edit_every_file(dir, files, &mut tally);
                    }
                    tally
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let edits: usize = tallies.iter().map(|t| t.edits).sum();
    let changed_elsewhere: usize = tallies.iter().map(|t| t.changed_elsewhere).sum();
    let narrower: usize = tallies.iter().map(|t| t.narrower).sum();
    let mut failures: Vec<String> = tallies.into_iter().flat_map(|t| t.failures).collect();
    assert!(edits > 1000, "only {edits} edits");
    // Meaningful only if edits do change other files, and the relation is not "everything".
    assert!(
        changed_elsewhere > 100,
        "only {changed_elsewhere} cross-file changes"
    );
    assert!(
        narrower > edits / 2,
        "only {narrower} of {edits} edits named fewer than all files"
    );
    failures.sort();
    failures.dedup();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
