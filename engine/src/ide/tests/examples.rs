//! The editor features over realistic repositories rather than fixtures: every prefix of an
//! example file as it is typed, and every line of the platform's own repository (the corpus).
//! These assert robustness (nothing panics, spans stay in their text), not exact results.

use crate::ide::completion::complete;
use crate::ide::folding::folding_ranges;
use crate::ide::hover::hover;
use crate::ide::inlay::inlay_hints;
use crate::ide::navigate::{definition, prepare_rename, references};
use crate::ide::symbols::{document_links, document_symbols};
use crate::ide::text_of;
use crate::ide::tokens::semantic_tokens;
use crate::source::SourceFile;
use crate::text::Span;
use crate::workspace::Workspace;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The YAML files below `dir`, named relative to `root` as the CLI names them.
fn workspace_of(root: &Path, dir: &Path) -> Workspace {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                let name = path.strip_prefix(root).expect("below root");
                let name: Arc<str> = name.to_string_lossy().replace('\\', "/").into();
                let bytes = std::fs::read(&path).expect("readable");
                files.push(SourceFile::parse(name, &bytes));
            }
        }
    }
    files.sort_by(|a, b| a.file.cmp(&b.file));
    Workspace::new(files, None, Box::new(|_| false))
}

/// Every editor feature at the end of every prefix of an example file: what the server sees
/// while the file is typed from scratch, in the example repository. Nothing may panic and
/// every span stays in the text.
#[test]
fn every_keystroke_of_an_example_file_is_served() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut ws = workspace_of(&root, &root.join("examples"));
    let name = "examples/providers/database-team/workflows/delete-postgres.yaml";
    let fi = ws.file_index(name).expect("the example file");
    let full = text_of(&ws, fi).to_string();
    assert!(full.len() > 1000, "a file worth typing");
    let name = ws.files[fi].file.clone();
    let boundaries: Vec<usize> = (0..=full.len())
        .filter(|i| full.is_char_boundary(*i))
        .collect();
    for end in boundaries {
        let typed = &full[..end];
        ws.replace_file(fi, SourceFile::parse(name.clone(), typed.as_bytes()));
        for item in complete(&ws, fi, end) {
            assert!(
                item.replace.end <= end,
                "completion span past the text at {end}"
            );
        }
        if let Some(h) = hover(&ws, fi, end.saturating_sub(1)) {
            assert!(h.span.end <= end);
        }
        for l in definition(&ws, fi, end.saturating_sub(1)) {
            if l.file == name {
                assert!(l.span.end <= end);
            }
        }
        for t in semantic_tokens(&ws, fi) {
            assert!(t.span.end <= end);
        }
        let _ = folding_ranges(&ws, fi);
        let _ = document_symbols(&ws, fi);
        let _ = inlay_hints(&ws, fi, Span::new(0, end));
    }
}

/// The platform's own repository: every feature at the start, middle and end of every line
/// of every file. Spans stay inside their file, and the files that parse get an outline.
#[test]
fn every_line_of_the_corpus_is_served() {
    let corpus = match std::env::var_os("INNOMINATUS_CORPUS") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"),
    };
    let dir = corpus.join("innominatus");
    if !dir.is_dir() {
        let why = "the real-world corpus is not at ../shared/corpus beside the repository (or INNOMINATUS_CORPUS)";
        assert!(
            std::env::var_os("INNOMINATUS_REQUIRE_CORPUS").is_none(),
            "{why}"
        );
        println!("skipped: {why}; this test serves every line of real files");
        return;
    }
    let ws = workspace_of(&dir, &dir);
    assert!(ws.files.len() > 50, "corpus files: {}", ws.files.len());
    let mut completions = 0;
    let mut hovers = 0;
    for fi in 0..ws.files.len() {
        let t = text_of(&ws, fi);
        let len = t.len();
        let mut offsets = Vec::new();
        let mut start = 0;
        for line in t.split('\n') {
            let end = start + line.len();
            offsets.extend([
                start,
                crate::text::floor_char_boundary(t, start + line.len() / 2),
                end,
            ]);
            start = end + 1;
        }
        for &o in &offsets {
            let items = complete(&ws, fi, o);
            completions += usize::from(!items.is_empty());
            assert!(items
                .iter()
                .all(|i| i.replace.start <= o && i.replace.end <= len));
            if let Some(h) = hover(&ws, fi, o) {
                hovers += 1;
                assert!(h.span.end <= len && !h.markdown.is_empty());
            }
            for l in references(&ws, fi, o, true) {
                let target = ws.file_index(&l.file).map_or(0, |f| text_of(&ws, f).len());
                assert!(l.span.end <= target, "{l:?}");
            }
            if let Some((span, name)) = prepare_rename(&ws, fi, o) {
                assert_eq!(&t[span.start..span.end], name);
            }
        }
        assert!(semantic_tokens(&ws, fi).iter().all(|t| t.span.end <= len));
        let parsed = ws.files[fi]
            .parsed
            .documents
            .iter()
            .any(|d| d.root.is_some());
        if parsed
            && ws.files[fi]
                .kinds
                .iter()
                .any(|k| *k != crate::kind::DocumentKind::Unknown)
        {
            assert!(
                !document_symbols(&ws, fi).is_empty(),
                "{}",
                ws.files[fi].file
            );
        }
        let _ = folding_ranges(&ws, fi);
        let _ = inlay_hints(&ws, fi, Span::new(0, len));
        let _ = document_links(&ws, fi);
    }
    assert!(
        completions > 1000 && hovers > 1000,
        "completions {completions}, hovers {hovers}"
    );
}
