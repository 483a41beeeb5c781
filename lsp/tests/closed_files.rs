//! Requests that lead into files the editor never opened. The server's index keeps no text
//! or tree of those (only their index entries), so what a location or an edit in them needs
//! is read from disk when asked: these check that the ranges land on the right text.

mod support;

use innominatus_engine::source::SourceFile;
use innominatus_engine::workspace::Policy;
use innominatus_lsp::index::{Entry, Held, ProjectIndex};
use serde_json::{json, Value};
use std::path::Path;
use std::sync::Arc;
use support::{example_workspace, uri_str, Client};

const PG: &str = "providers/database-team/workflows/provision-postgres.yaml";
const PG_PROVIDER: &str = "providers/database-team/provider.yaml";

/// The protocol position (UTF-16 columns; the texts here are ASCII) of byte `at`.
fn pos(text: &str, at: usize) -> Value {
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": at - start})
}

/// The text a protocol range covers (ASCII text).
fn slice<'t>(text: &'t str, range: &Value) -> &'t str {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let col = p["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        start + col
    };
    &text[offset(&range["start"])..offset(&range["end"])]
}

/// The server's answer to a references request (declaration included) at byte `at` of
/// `file`, whose text is `text`.
async fn references(c: &mut Client, file: &Path, text: &str, at: usize) -> Value {
    let params = json!({
        "textDocument": {"uri": uri_str(file)},
        "position": pos(text, at),
        "context": {"includeDeclaration": true},
    });
    c.request("textDocument/references", params).await.unwrap()
}

/// The locations of `refs` in `file`.
fn located_in<'v>(refs: &'v Value, file: &Path) -> Vec<&'v Value> {
    let locations = refs.as_array().unwrap().iter();
    locations.filter(|r| r["uri"] == uri_str(file)).collect()
}

async fn start(name: &str) -> (Client, std::path::PathBuf) {
    let root = example_workspace(name);
    let fast = json!({"debounceMs": 0, "workspaceDebounceMs": 0});
    let (c, _) = Client::start(Some(&root), fast, false).await;
    (c, root)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn references_into_a_closed_file_point_at_its_text_on_disk() {
    let (mut c, root) = start("closed-refs").await;
    let provider = root.join(PG_PROVIDER);
    let text = c.open(&provider, 1).await;
    c.diagnostics(&provider, Some(1)).await;
    let closed = std::fs::read_to_string(root.join(PG)).unwrap();
    let at = text.find("name: provision-postgres").unwrap() + 8;
    let refs = references(&mut c, &provider, &text, at).await;
    let in_closed = located_in(&refs, &root.join(PG));
    assert_eq!(in_closed.len(), 1, "{refs:?}");
    assert_eq!(slice(&closed, &in_closed[0]["range"]), "provision-postgres");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn renaming_a_workflow_edits_the_closed_workflow_file() {
    let (mut c, root) = start("closed-rename").await;
    let provider = root.join(PG_PROVIDER);
    let text = c.open(&provider, 1).await;
    c.diagnostics(&provider, Some(1)).await;
    let closed = std::fs::read_to_string(root.join(PG)).unwrap();
    let at = text.find("name: provision-postgres").unwrap() + 8;
    let edit = c
        .request(
            "textDocument/rename",
            json!({"textDocument": {"uri": uri_str(&provider)}, "position": pos(&text, at), "newName": "pg"}),
        )
        .await
        .unwrap();
    let in_closed = edit["changes"][uri_str(&root.join(PG))]
        .as_array()
        .unwrap_or_else(|| panic!("no edit of the closed workflow file: {edit}"));
    assert_eq!(in_closed.len(), 1, "{edit}");
    assert_eq!(slice(&closed, &in_closed[0]["range"]), "provision-postgres");
    assert_eq!(in_closed[0]["newText"], "pg");
}

/// The index holds the tree of an open document only; a closed file is indexed (its
/// models answer other files' rules) and its tree read from disk when a feature asks.
#[test]
fn the_index_holds_only_open_documents_trees() {
    let root = example_workspace("closed-index");
    let parse = |rel: &str| {
        let bytes = std::fs::read(root.join(rel)).unwrap();
        SourceFile::parse(Arc::from(rel), &bytes)
    };
    let uri = |rel: &str| {
        tower_lsp_server::ls_types::Uri::from_file_path(root.join(rel)).expect("a file URI")
    };
    let index = ProjectIndex::build(
        vec![
            Entry::of(uri(PG_PROVIDER), parse(PG_PROVIDER), Held::Open(1)),
            Entry::of(uri(PG), parse(PG), Held::Disk),
        ],
        Some(root.clone()),
        None,
        Policy::default(),
    );
    assert_eq!(index.ws.files.len(), 1);
    assert!(index.ws.files.holds(0) && !index.ws.files.holds(1));
    // The closed file is indexed: the provider's workflow resolves to it.
    assert!(index.ws.workflow_at(PG).is_some());
    // Its tree and text come from disk when asked.
    let tree = index.tree(1).expect("read from disk");
    assert_eq!(tree.text, parse(PG).text);
    assert_eq!(
        index.text(1).as_deref(),
        std::fs::read_to_string(Path::new(&root).join(PG))
            .ok()
            .as_deref()
    );
}

/// Every YAML file of the example workspace but `except`, sorted.
fn other_files(root: &Path, except: &[&str]) -> Vec<std::path::PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(root, &mut out);
    out.retain(|p| !except.iter().any(|e| p.ends_with(e)));
    out.sort();
    out
}

/// An edited, unsaved document whose tree the index let go (more documents were opened
/// after it than the index keeps trees of) is still read as the editor has it: by its own
/// check after another edit, and by a request from another file that points into it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_whose_tree_was_let_go_is_read_from_the_editor_text() {
    let (mut c, root) = start("let-go").await;
    let pg = root.join(PG);
    c.open(&pg, 1).await;
    c.diagnostics(&pg, Some(1)).await;
    // Unsaved: one line more at the top, so every position below moves.
    c.change(&pg, 2, json!([support::edit(0, 0, 0, 0, "# edited\n")]))
        .await;
    c.diagnostics(&pg, Some(2)).await;
    let edited = format!("# edited\n{}", std::fs::read_to_string(&pg).unwrap());
    let others = other_files(&root, &[PG, PG_PROVIDER]);
    assert!(others.len() > innominatus_lsp::index::TREES_KEPT);
    for path in &others {
        c.open(path, 1).await;
        c.diagnostics(path, Some(1)).await;
    }
    let provider = root.join(PG_PROVIDER);
    let text = c.open(&provider, 1).await;
    c.diagnostics(&provider, Some(1)).await;
    let at = text.find("name: provision-postgres").unwrap() + 8;
    let refs = references(&mut c, &provider, &text, at).await;
    let in_pg = located_in(&refs, &pg);
    assert_eq!(in_pg.len(), 1, "{refs:?}");
    assert_eq!(slice(&edited, &in_pg[0]["range"]), "provision-postgres");
    // Its own check after another edit: a step type the platform does not know.
    let line = edited
        .lines()
        .position(|l| l.contains("type: kubernetes"))
        .unwrap() as u32;
    let col = edited
        .lines()
        .nth(line as usize)
        .unwrap()
        .find("type: ")
        .unwrap() as u32
        + 6;
    let end = edited.lines().nth(line as usize).unwrap().len() as u32;
    c.change(
        &pg,
        3,
        json!([support::edit(line, col, line, end, "no-such-step")]),
    )
    .await;
    let published = c.diagnostics(&pg, Some(3)).await;
    let found = published["diagnostics"].as_array().unwrap();
    assert!(
        found.iter().any(|d| d["range"]["start"]["line"] == line
            && d["message"].as_str().unwrap().contains("no-such-step")),
        "{published}"
    );
}

/// The index keeps at most `TREES_KEPT` open documents' trees; one let go is parsed from
/// the editor's text (not the disk's) when asked for.
#[test]
fn the_index_lets_the_least_recent_open_trees_go() {
    let root = example_workspace("let-go-index");
    let files = other_files(&root, &[]);
    let uri = |p: &Path| tower_lsp_server::ls_types::Uri::from_file_path(p).unwrap();
    let name = |p: &Path| -> Arc<str> {
        Arc::from(p.strip_prefix(&root).unwrap().to_string_lossy().as_ref())
    };
    let mut index = ProjectIndex::build(
        files
            .iter()
            .map(|p| {
                let src = SourceFile::parse(name(p), &std::fs::read(p).unwrap());
                Entry::of(uri(p), src, Held::Disk)
            })
            .collect::<Vec<_>>(),
        Some(root.clone()),
        None,
        Policy::default(),
    );
    let first = files[0].clone();
    let editor_text: Arc<str> = Arc::from(format!(
        "# unsaved\n{}",
        std::fs::read_to_string(&first).unwrap()
    ));
    let (open_uri, open_text) = (uri(&first), editor_text.clone());
    index.read_open_with(Some(Arc::new(
        move |u: &tower_lsp_server::ls_types::Uri| (u == &open_uri).then(|| open_text.clone()),
    )));
    let kept = innominatus_lsp::index::TREES_KEPT;
    for (n, p) in files.iter().take(kept + 1).enumerate() {
        let text = if n == 0 {
            editor_text.to_string()
        } else {
            std::fs::read_to_string(p).unwrap()
        };
        assert!(index.put(
            &uri(p),
            SourceFile::parse(name(p), text.as_bytes()),
            Held::Open(n as u64 + 1)
        ));
    }
    assert_eq!(index.ws.files.len(), kept);
    assert_eq!(index.take_released(), vec![uri(&first)]);
    let i = index.file_index(&uri(&first)).unwrap();
    assert!(!index.ws.files.holds(i));
    assert_eq!(index.tree(i).unwrap().text.as_deref(), Some(&*editor_text));
    assert_eq!(index.text(i).as_deref(), Some(&*editor_text));
}
