//! The editor features through the protocol, in process: completion, hover, definition,
//! references, rename, symbols, links, inlay hints, semantic tokens and folding on a copy of
//! the example workspace, in both position encodings where columns matter.

mod support;

use serde_json::{json, Value};
use std::path::Path;
use support::{example_workspace, uri_str, Client};

fn fast() -> Value {
    json!({"debounceMs": 0, "workspaceDebounceMs": 0})
}

const PG: &str = "providers/database-team/workflows/provision-postgres.yaml";
const PG_PROVIDER: &str = "providers/database-team/provider.yaml";
const ORDERS: &str = "apps/orders-api/score.yaml";

/// The protocol position of byte `at` of `text` (UTF-16 or UTF-8 columns).
fn pos(text: &str, at: usize, utf8: bool) -> Value {
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let col = if utf8 {
        at - start
    } else {
        text[start..at].encode_utf16().count()
    };
    json!({"line": line, "character": col})
}

/// Byte offset of `needle` (first occurrence) plus `delta`.
fn at(text: &str, needle: &str, delta: usize) -> usize {
    text.find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in text"))
        + delta
}

/// The text a protocol range covers (UTF-16 columns).
fn slice<'t>(text: &'t str, range: &Value) -> &'t str {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let col = p["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, ch) in text[start..].char_indices() {
            if units >= col || ch == '\n' {
                return start + i;
            }
            units += ch.len_utf16();
        }
        text.len()
    };
    &text[offset(&range["start"])..offset(&range["end"])]
}

fn doc_pos(path: &Path, p: Value) -> Value {
    json!({"textDocument": {"uri": uri_str(path)}, "position": p})
}

async fn start(name: &str) -> (Client, std::path::PathBuf) {
    let root = example_workspace(name);
    let (c, _) = Client::start(Some(&root), fast(), false).await;
    (c, root)
}

/// Opens `path` and waits until its findings are published: the workspace is then indexed
/// (the server checks open documents only once the folder has been read).
async fn open(c: &mut Client, path: &Path) -> String {
    let text = c.open(path, 1).await;
    c.diagnostics(path, Some(1)).await;
    text
}

fn labels(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .expect("a completion list")
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completion_serves_half_typed_lines_in_both_encodings() {
    let root = example_workspace("completion");
    let path = root.join(PG);
    let original = std::fs::read_to_string(&path).unwrap();
    // A step key being typed (the line does not parse as the rest of the step yet).
    let typed = original.replacen(
        "  - name: ensure-namespace\n    type: policy\n",
        "  - name: ensure-namespace\n    type: policy\n    par\n",
        1,
    );
    // A template parameter after a non-ASCII character: UTF-8 and UTF-16 columns differ.
    let typed = typed.replacen(
        "version=\"{{ .parameters.version }}\"",
        "version=\"é {{ .parameters.stor",
        1,
    );
    for utf8 in [false, true] {
        let (mut c, _) = Client::start(Some(&root), fast(), utf8).await;
        c.open_text(&path, 1, &original).await;
        c.diagnostics(&path, Some(1)).await;
        c.change(&path, 2, json!([{"text": typed}])).await;
        let key_at = at(&typed, "    par\n", 7);
        let list = c
            .request(
                "textDocument/completion",
                doc_pos(&path, pos(&typed, key_at, utf8)),
            )
            .await
            .expect("completion answers");
        let names = labels(&list);
        assert!(names.contains(&"parallelGroup".to_string()), "{names:?}");
        assert!(!names.contains(&"name".to_string()));
        let item = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["label"] == "parallelGroup")
            .unwrap();
        assert_eq!(
            item["textEdit"]["range"]["start"],
            pos(&typed, key_at - 3, utf8)
        );
        assert_eq!(item["insertTextFormat"], 2, "a snippet");
        assert!(item["documentation"]["value"].as_str().unwrap().len() > 20);

        let param_at = at(&typed, ".parameters.stor", 16);
        let list = c
            .request(
                "textDocument/completion",
                doc_pos(&path, pos(&typed, param_at, utf8)),
            )
            .await
            .unwrap();
        let item = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["label"] == "storage_size")
            .unwrap_or_else(|| panic!("storage_size in {list}"));
        assert_eq!(
            item["textEdit"]["range"]["start"],
            pos(&typed, param_at - 4, utf8)
        );
        assert_eq!(
            item["textEdit"]["range"]["end"],
            pos(&typed, param_at, utf8)
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_documents_keys_types_and_findings() {
    let (mut c, root) = start("hover").await;
    let path = root.join(PG);
    let text = open(&mut c, &path).await;
    let h = c
        .request(
            "textDocument/hover",
            doc_pos(&path, pos(&text, at(&text, "dependsOn", 3), false)),
        )
        .await
        .unwrap();
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .starts_with("**`dependsOn`**"));
    assert_eq!(slice(&text, &h["range"]), "dependsOn");
    // A finding under the cursor brings its rule's documentation.
    let broken = text.replacen(
        "    dependsOn: [validate-request]",
        "    dependson: [validate-request]",
        1,
    );
    c.change(&path, 2, json!([{"text": broken}])).await;
    c.diagnostics(&path, Some(2)).await;
    let h = c
        .request(
            "textDocument/hover",
            doc_pos(&path, pos(&broken, at(&broken, "dependson", 2), false)),
        )
        .await
        .unwrap();
    let value = h["contents"]["value"].as_str().unwrap();
    assert!(value.contains("INN101 unknown-key"), "{value}");
    // A Score resource type: the provider and workflow it resolves to.
    let orders = root.join(ORDERS);
    let text = open(&mut c, &orders).await;
    let h = c
        .request(
            "textDocument/hover",
            doc_pos(&orders, pos(&text, at(&text, "type: postgres", 8), false)),
        )
        .await
        .unwrap();
    let value = h["contents"]["value"].as_str().unwrap();
    assert!(
        value.contains("database-team") && value.contains("provision-postgres"),
        "{value}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn definition_and_references_cross_files() {
    let (mut c, root) = start("navigate").await;
    let provider = root.join(PG_PROVIDER);
    let text = open(&mut c, &provider).await;
    // Operation → workflow entry (same file).
    let defs = c
        .request(
            "textDocument/definition",
            doc_pos(
                &provider,
                pos(&text, at(&text, "workflow: provision-postgres", 12), false),
            ),
        )
        .await
        .unwrap();
    assert_eq!(defs[0]["uri"], uri_str(&provider));
    assert_eq!(slice(&text, &defs[0]["range"]), "provision-postgres");
    // Entry → workflow file.
    let defs = c
        .request(
            "textDocument/definition",
            doc_pos(&provider, defs[0]["range"]["start"].clone()),
        )
        .await
        .unwrap();
    assert_eq!(defs[0]["uri"], uri_str(&root.join(PG)));
    // References of the entry, declaration included: entry, operation, the file's name.
    let refs = c
        .request(
            "textDocument/references",
            json!({"textDocument": {"uri": uri_str(&provider)}, "position": pos(&text, at(&text, "name: provision-postgres", 8), false), "context": {"includeDeclaration": true}}),
        )
        .await
        .unwrap();
    let refs = refs.as_array().unwrap();
    assert_eq!(refs.len(), 3, "{refs:?}");
    assert!(refs.iter().any(|r| r["uri"] == uri_str(&root.join(PG))));
    // A Score resource and its placeholders.
    let orders = root.join(ORDERS);
    let text = open(&mut c, &orders).await;
    let refs = c
        .request(
            "textDocument/references",
            json!({"textDocument": {"uri": uri_str(&orders)}, "position": pos(&text, at(&text, "${resources.db.port}", 13), false), "context": {"includeDeclaration": false}}),
        )
        .await
        .unwrap();
    let refs = refs.as_array().unwrap();
    assert_eq!(refs.len(), 5);
    assert!(refs.iter().all(|r| slice(&text, &r["range"]) == "db"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rename_prepares_and_rewrites_every_use() {
    let (mut c, root) = start("rename").await;
    let path = root.join(PG);
    let text = open(&mut c, &path).await;
    let here = pos(&text, at(&text, "name: create-cluster", 9), false);
    let prepared = c
        .request("textDocument/prepareRename", doc_pos(&path, here.clone()))
        .await
        .unwrap();
    assert_eq!(prepared["placeholder"], "create-cluster");
    assert_eq!(slice(&text, &prepared["range"]), "create-cluster");
    let edit = c
        .request(
            "textDocument/rename",
            json!({"textDocument": {"uri": uri_str(&path)}, "position": here, "newName": "create-pg"}),
        )
        .await
        .unwrap();
    let edits = edit["changes"][uri_str(&path)].as_array().unwrap();
    assert_eq!(edits.len(), 3);
    assert!(edits
        .iter()
        .all(|e| slice(&text, &e["range"]) == "create-cluster" && e["newText"] == "create-pg"));
    // Nothing to rename on a step type.
    let none = c
        .request(
            "textDocument/prepareRename",
            doc_pos(&path, pos(&text, at(&text, "type: kubernetes", 8), false)),
        )
        .await
        .unwrap();
    assert!(none.is_null());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn symbols_links_hints_tokens_and_folds() {
    let (mut c, root) = start("symbols").await;
    let path = root.join(PG);
    let text = open(&mut c, &path).await;
    let uri = json!({"uri": uri_str(&path)});

    let outline = c
        .request("textDocument/documentSymbol", json!({"textDocument": uri}))
        .await
        .unwrap();
    let steps = outline
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "steps")
        .expect("steps");
    let names: Vec<&str> = steps["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "validate-request",
            "ensure-namespace",
            "create-cluster",
            "restrict-network",
            "wait-for-ready",
            "label-app-secret"
        ]
    );

    let found = c
        .request("workspace/symbol", json!({"query": "label-app"}))
        .await
        .unwrap();
    let found = found.as_array().unwrap();
    assert!(
        found
            .iter()
            .any(|s| s["name"] == "label-app-secret" && s["location"]["uri"] == uri_str(&path)),
        "{found:?}"
    );

    let provider = root.join(PG_PROVIDER);
    open(&mut c, &provider).await;
    let links = c
        .request(
            "textDocument/documentLink",
            json!({"textDocument": {"uri": uri_str(&provider)}}),
        )
        .await
        .unwrap();
    let targets: Vec<&str> = links
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["target"].as_str().unwrap())
        .collect();
    assert_eq!(
        targets,
        [
            uri_str(&root.join(PG)),
            uri_str(&root.join("providers/database-team/workflows/delete-postgres.yaml"))
        ]
    );

    let end = pos(&text, text.len(), false);
    let hints = c
        .request("textDocument/inlayHint", json!({"textDocument": uri, "range": {"start": {"line": 0, "character": 0}, "end": end}}))
        .await
        .unwrap();
    let hints = hints.as_array().unwrap();
    assert_eq!(hints.len(), 6);
    assert_eq!(hints[0]["label"], " #1 · group 1");
    assert_eq!(
        hints[0]["position"],
        pos(&text, at(&text, "validate-request", 16), false)
    );

    let tokens = c
        .request(
            "textDocument/semanticTokens/full",
            json!({"textDocument": uri}),
        )
        .await
        .unwrap();
    let data: Vec<u64> = tokens["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert!(data.len() > 100 && data.len() % 5 == 0);
    // Decode and check every token's text against its type (legend order: operator,
    // keyword, function, property, variable, string, number).
    let lines: Vec<&str> = text.split('\n').collect();
    let (mut line, mut col) = (0usize, 0usize);
    for t in data.chunks(5) {
        if t[0] > 0 {
            line += t[0] as usize;
            col = t[1] as usize;
        } else {
            col += t[1] as usize;
        }
        let units: Vec<u16> = lines[line].encode_utf16().collect();
        let word = String::from_utf16(&units[col..col + t[2] as usize]).unwrap();
        match t[3] {
            0 => assert!(word == "{{" || word == "}}", "{word}"),
            3 => assert!(word.starts_with(".parameters."), "{word}"),
            _ => {}
        }
    }

    let folds = c
        .request("textDocument/foldingRange", json!({"textDocument": uri}))
        .await
        .unwrap();
    let steps_line = text[..at(&text, "\nsteps:", 1)].matches('\n').count();
    assert!(folds
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["startLine"] == steps_line
            && f["endLine"].as_u64().unwrap() as usize > steps_line + 100));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn positions_past_the_end_are_answered() {
    let (mut c, root) = start("past-end").await;
    let path = root.join(PG);
    open(&mut c, &path).await;
    let far = json!({"line": 100000, "character": 5000});
    for method in [
        "textDocument/completion",
        "textDocument/hover",
        "textDocument/definition",
        "textDocument/prepareRename",
    ] {
        assert!(
            c.request(method, doc_pos(&path, far.clone())).await.is_ok(),
            "{method}"
        );
    }
    let refs = c
        .request("textDocument/references", json!({"textDocument": {"uri": uri_str(&path)}, "position": far, "context": {"includeDeclaration": true}}))
        .await;
    assert!(refs.is_ok());
}

/// A real workflow typed from scratch, one character per `didChange`, with completion,
/// hover and semantic tokens requested after every keystroke at the cursor: each request is
/// answered (never an error) and every completion edit lies inside the current text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_keystroke_of_a_real_file_gets_answers() {
    let (mut c, root) = start("keystrokes").await;
    let path = root.join("providers/database-team/workflows/delete-postgres.yaml");
    let full = std::fs::read_to_string(&path).unwrap();
    c.open_text(&path, 1, "").await;
    c.diagnostics(&path, Some(1)).await;
    let mut typed = String::new();
    let mut answered = 0;
    for (n, ch) in full.chars().enumerate() {
        let at = pos(&typed, typed.len(), false);
        c.change(
            &path,
            n as i32 + 2,
            json!([{"range": {"start": at, "end": at}, "text": ch.to_string()}]),
        )
        .await;
        typed.push(ch);
        let cursor = pos(&typed, typed.len(), false);
        let list = c
            .request("textDocument/completion", doc_pos(&path, cursor.clone()))
            .await
            .expect("completion answers");
        if let Some(items) = list["items"].as_array() {
            answered += usize::from(!items.is_empty());
            for item in items {
                let end = &item["textEdit"]["range"]["end"];
                assert!(
                    (end["line"].as_u64(), end["character"].as_u64())
                        <= (cursor["line"].as_u64(), cursor["character"].as_u64()),
                    "edit past the text after {n} characters"
                );
            }
        }
        c.request("textDocument/hover", doc_pos(&path, cursor))
            .await
            .expect("hover answers");
        c.request(
            "textDocument/semanticTokens/full",
            json!({"textDocument": {"uri": uri_str(&path)}}),
        )
        .await
        .expect("tokens answer");
    }
    assert!(
        answered > full.len() / 4,
        "completion offered something on {answered} keystrokes"
    );
}
