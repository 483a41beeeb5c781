//! In-process protocol tests: the server driven through its tower service with real
//! JSON-RPC messages, on a copy of the example workspace and on corpus files.

mod support;

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use support::{apply_edits, codes, edit, example_workspace, uri_str, Client};

const FAST: &str = r#"{"debounceMs": 0, "workspaceDebounceMs": 0}"#;

fn fast() -> Value {
    serde_json::from_str(FAST).unwrap()
}

/// The real-world corpus beside the repository, or `None` after the one line that says the
/// calling test is skipped (`INNOMINATUS_REQUIRE_CORPUS` makes that a failure).
fn corpus_or_skip() -> Option<PathBuf> {
    let dir = match std::env::var_os("INNOMINATUS_CORPUS") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"),
    };
    if dir.is_dir() {
        return Some(dir);
    }
    let why = "the real-world corpus is not at ../shared/corpus beside the repository (or INNOMINATUS_CORPUS)";
    assert!(
        std::env::var_os("INNOMINATUS_REQUIRE_CORPUS").is_none(),
        "{why}"
    );
    println!("skipped: {why}; this test types a real file (README, \"Run every test\", says where the corpus comes from)");
    None
}

/// The line and UTF-16 column of the first occurrence of `needle`.
fn find(text: &str, needle: &str) -> (u32, u32) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in text"));
    let line = text[..at].matches('\n').count() as u32;
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (line, text[start..at].encode_utf16().count() as u32)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn utf8_is_negotiated_when_offered_else_utf16() {
    let (_, init) = Client::start(None, json!({}), true).await;
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let (_, init) = Client::start(None, json!({}), false).await;
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["capabilities"]["textDocumentSync"]["change"], 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_that_are_not_open_get_their_findings_at_startup() {
    let root = example_workspace("startup");
    let (mut c, _) = Client::start(Some(&root), fast(), false).await;
    let p = c
        .diagnostics(&root.join("workflows/deploy-app.yaml"), None)
        .await;
    assert_eq!(codes(&p), ["INN506"]);
    let d = &p["diagnostics"][0];
    // `innominatus lint` reports it at 20:3 (1-based).
    assert_eq!(d["range"]["start"], json!({"line": 19, "character": 2}));
    assert_eq!(d["severity"], 3);
    assert!(d["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .ends_with("/docs/rules.md#inn506-ignored-by-live-engine"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open_document_is_checked_with_exact_ranges_in_both_encodings() {
    let root = example_workspace("open");
    let path = root.join("providers/database-team/workflows/provision-postgres.yaml");
    let original = std::fs::read_to_string(&path).unwrap();
    // A non-ASCII character before the broken key on the same line shifts UTF-8 and UTF-16
    // columns differently.
    let broken = original.replacen("    dependsOn:", "    dépendsOn:", 1);
    for utf8 in [false, true] {
        let (mut c, _) = Client::start(Some(&root), fast(), utf8).await;
        c.open_text(&path, 1, &broken).await;
        let p = c.diagnostics(&path, Some(1)).await;
        let d = p["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == "INN101")
            .unwrap_or_else(|| panic!("no INN101 in {p}"));
        let (line, col) = find(&broken, "dépendsOn");
        assert_eq!(d["range"]["start"], json!({"line": line, "character": col}));
        let width = if utf8 { 10 } else { 9 }; // é is 2 bytes, 1 UTF-16 unit
        assert_eq!(
            d["range"]["end"],
            json!({"line": line, "character": col + width})
        );
        assert!(d["message"].as_str().unwrap().contains("dependsOn"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_apply_in_order_and_stale_results_are_never_published() {
    let root = example_workspace("order");
    let path = root.join("workflows/deploy-app.yaml");
    let (mut c, _) = Client::start(Some(&root), fast(), false).await;
    let text = c.open(&path, 1).await;
    // 300 single-character inserts at the start of the file, then one that makes a key
    // unknown: only the order of application gives the final text.
    let mut expected = text.clone();
    for v in 2..302 {
        c.change(&path, v, json!([edit(0, 0, 0, 0, "#")])).await;
        expected.insert(0, '#');
    }
    // `#` * 300 prefixes line 0 (a comment now); make line 1 `xkind:`.
    c.change(&path, 302, json!([edit(1, 0, 1, 0, "x")])).await;
    let p = c.diagnostics(&path, Some(302)).await;
    assert!(codes(&p).contains(&"INN101".to_string()), "{p}");
    let d = p["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "INN101")
        .unwrap();
    assert_eq!(d["range"]["start"], json!({"line": 1, "character": 0}));
    c.settle(200).await;
    // The publications of the open document (the indexing published its disk text, with
    // no version, before it was opened).
    let versions: Vec<i64> = c
        .publishes(&path)
        .iter()
        .filter_map(|p| p["version"].as_i64())
        .collect();
    assert!(
        versions.windows(2).all(|w| w[0] <= w[1]),
        "published out of order: {versions:?}"
    );
    assert_eq!(*versions.last().unwrap(), 302);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_a_real_file_character_by_character_never_breaks_the_server() {
    let Some(corpus) = corpus_or_skip() else {
        return;
    };
    let file = corpus.join("innominatus/workflows__archive__dummy.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let dir = std::env::temp_dir().join(format!("inn-lsp-typing-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("dummy.yaml");
    let (mut c, _) = Client::start(None, fast(), false).await;
    c.open_text(&path, 0, "").await;
    let (mut line, mut col) = (0u32, 0u32);
    for (i, ch) in text.chars().enumerate() {
        let v = i as i32 + 1;
        c.change(
            &path,
            v,
            json!([edit(line, col, line, col, &ch.to_string())]),
        )
        .await;
        if ch == '\n' {
            line += 1;
            col = 0;
        } else {
            col += ch.len_utf16() as u32;
        }
        if i % 17 == 0 {
            // Requests on half-typed text, some far past its end.
            let at = json!({"start": {"line": line + 40, "character": 0}, "end": {"line": line + 50, "character": 9}});
            let r = c
                .request(
                    "textDocument/codeAction",
                    json!({"textDocument": {"uri": uri_str(&path)}, "range": at, "context": {"diagnostics": []}}),
                )
                .await;
            assert!(r.is_ok(), "code action failed at char {i}: {r:?}");
            let r = c
                .request(
                    "textDocument/codeLens",
                    json!({"textDocument": {"uri": uri_str(&path)}}),
                )
                .await;
            assert!(r.is_ok(), "code lens failed at char {i}: {r:?}");
        }
    }
    let last = text.chars().count() as i32;
    let typed = c.diagnostics(&path, Some(last)).await;
    // The same findings as opening the finished file at once.
    let (mut fresh, _) = Client::start(None, fast(), false).await;
    fresh.open_text(&path, 1, &text).await;
    let whole = fresh.diagnostics(&path, Some(1)).await;
    assert_eq!(typed["diagnostics"], whole["diagnostics"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quick_fixes_suppressions_and_fix_all_do_what_they_say() {
    let root = example_workspace("actions");
    let path = root.join("workflows/deploy-app.yaml");
    let original = std::fs::read_to_string(&path).unwrap();
    let (mut c, _) = Client::start(Some(&root), fast(), false).await;
    // An unused suppression (INN012, fixable) on the first line.
    let (l0, _) = find(&original, "kind:");
    let with_unused = original.replacen(
        "kind: Workflow",
        "kind: Workflow  # innominatus: ignore[INN201]",
        1,
    );
    c.open_text(&path, 1, &with_unused).await;
    let p = c.diagnostics(&path, Some(1)).await;
    assert!(codes(&p).contains(&"INN012".to_string()), "{p}");
    assert!(codes(&p).contains(&"INN506".to_string()), "{p}");

    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri_str(&path)},
                   "range": {"start": {"line": l0, "character": 0}, "end": {"line": l0, "character": 0}},
                   "context": {"diagnostics": []}}),
        )
        .await
        .unwrap();
    let actions = actions.as_array().unwrap();
    let quick = actions
        .iter()
        .find(|a| a["kind"] == "quickfix" && a["diagnostics"][0]["code"] == "INN012")
        .unwrap_or_else(|| panic!("no quick fix in {actions:?}"));
    let edits = &quick["edit"]["changes"][uri_str(&path)];
    let fixed = apply_edits(&with_unused, edits.as_array().unwrap());
    assert_eq!(fixed, original, "the fix removes exactly the suppression");
    let fix_all = actions
        .iter()
        .find(|a| a["kind"] == "source.fixAll")
        .expect("fix all offered");
    let edits = &fix_all["edit"]["changes"][uri_str(&path)];
    assert_eq!(
        apply_edits(&with_unused, edits.as_array().unwrap()),
        original
    );

    // "Ignore here" on the INN506 finding makes it go away.
    let inn506 = p["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "INN506")
        .unwrap()
        .clone();
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri_str(&path)}, "range": inn506["range"],
                   "context": {"diagnostics": [inn506], "only": ["quickfix"]}}),
        )
        .await
        .unwrap();
    let ignore = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Ignore INN506"))
        .expect("ignore action");
    let edits = &ignore["edit"]["changes"][uri_str(&path)];
    let ignored = apply_edits(&with_unused, edits.as_array().unwrap());
    c.change(&path, 2, json!([{"text": ignored}])).await;
    let p = c.diagnostics(&path, Some(2)).await;
    assert!(!codes(&p).contains(&"INN506".to_string()), "{p}");
    // `only: source.fixAll` gives nothing else.
    let only = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri_str(&path)},
                   "range": {"start": {"line": 0, "character": 0}, "end": {"line": 900, "character": 0}},
                   "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
        )
        .await
        .unwrap();
    assert!(only
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["kind"] == "source.fixAll"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn code_lenses_and_the_graph_request() {
    let root = example_workspace("lens");
    let (mut c, _) = Client::start(Some(&root), fast(), false).await;
    let wf = root.join("workflows/deploy-app.yaml");
    let score = root.join("apps/orders-api/score.yaml");
    c.open(&wf, 1).await;
    c.open(&score, 1).await;
    let lenses = c
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": uri_str(&wf)}}),
        )
        .await
        .unwrap();
    let commands: Vec<&str> = lenses
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["command"]["command"].as_str().unwrap())
        .collect();
    assert_eq!(
        commands,
        [
            "innominatus.dryRun",
            "innominatus.debug",
            "innominatus.showGraph"
        ]
    );
    assert_eq!(lenses[0]["command"]["arguments"][0], uri_str(&wf));
    assert_eq!(lenses[1]["command"]["title"], "⏵ Debug");
    assert_eq!(lenses[1]["command"]["arguments"][0], uri_str(&wf));
    let lenses = c
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": uri_str(&score)}}),
        )
        .await
        .unwrap();
    assert_eq!(lenses.as_array().unwrap().len(), 1);

    c.diagnostics(&wf, Some(1)).await;
    let graph = c.request("innominatus/graph", json!({})).await.unwrap();
    let names: Vec<&str> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["label"].as_str())
        .collect();
    assert!(names.contains(&"orders-api"), "{names:?}");
    let only = c
        .request("innominatus/graph", json!({"workflow": "deploy-app"}))
        .await
        .unwrap();
    assert!(only["nodes"].as_array().unwrap().len() < graph["nodes"].as_array().unwrap().len());
    let missing = c
        .request("innominatus/graph", json!({"app": "no-such-app"}))
        .await
        .unwrap_err();
    assert!(missing["message"].as_str().unwrap().contains("no-such-app"));
    // Dry runs are made in process from the workspace: the golden path's defaults apply to
    // the workflow, the Score spec's resources reach the example's providers.
    let report = c
        .request(
            "innominatus/dryRun",
            json!({"textDocument": {"uri": uri_str(&wf)}}),
        )
        .await
        .unwrap();
    assert_eq!(report["file"], "workflows/deploy-app.yaml");
    assert_eq!(report["goldenPath"], "deploy-app");
    assert_eq!(report["parameters"]["replicas"], "2");
    let report = c
        .request(
            "innominatus/dryRun",
            json!({"textDocument": {"uri": uri_str(&score)}}),
        )
        .await
        .unwrap();
    assert_eq!(report["application"], "orders-api");
    let providers: Vec<&str> = report["runs"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["resource"]["provider"].as_str())
        .collect();
    assert_eq!(
        providers,
        [
            "container-team",
            "database-team",
            "storage-team",
            "container-team"
        ]
    );
    // Neither a workflow nor a spec: the engine's complaint as an error.
    let e = c
        .request(
            "innominatus/dryRun",
            json!({"textDocument": {"uri": uri_str(&root.join("goldenpaths.yaml"))}}),
        )
        .await
        .unwrap_err();
    assert_eq!(
        e["message"],
        "goldenpaths.yaml holds no workflow and no Score spec to simulate"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_methods_bad_params_and_binary_text_are_answered() {
    let (mut c, _) = Client::start(None, fast(), false).await;
    let e = c
        .request("innominatus/noSuchThing", json!({}))
        .await
        .unwrap_err();
    assert_eq!(e["code"], -32601);
    let e = c
        .request("textDocument/codeLens", json!({"textDocument": 42}))
        .await
        .unwrap_err();
    assert_eq!(e["code"], -32602);
    // Requests for documents that are not open.
    let r = c
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": "file:///nowhere.yaml"}}),
        )
        .await;
    assert!(r.is_ok());
    let path = std::env::temp_dir().join("inn-lsp-binary.yaml");
    c.open_text(&path, 1, "kind: Work\u{0}flow\n\u{1}\u{2}")
        .await;
    let p = c.diagnostics(&path, Some(1)).await;
    assert_eq!(codes(&p), ["INN005"]);
    assert_eq!(
        p["diagnostics"][0]["range"]["start"],
        json!({"line": 0, "character": 10})
    );
    // Changes for a document that was never opened are ignored.
    c.change(
        &std::env::temp_dir().join("never.yaml"),
        3,
        json!([edit(0, 0, 0, 0, "x")]),
    )
    .await;
    let r = c
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": uri_str(&path)}}),
        )
        .await;
    assert!(r.is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_deleted_on_disk_rechecks_the_files_that_depend_on_it() {
    let root = example_workspace("watch");
    let (mut c, init) = Client::start(Some(&root), fast(), false).await;
    assert!(init["capabilities"]["codeActionProvider"].is_object());
    let provider = root.join("providers/database-team/provider.yaml");
    let before = c.diagnostics(&provider, None).await;
    assert!(
        !codes(&before).iter().any(|c| c.starts_with("INN2")),
        "{before}"
    );
    // The server asked to watch YAML files and the config file.
    let reg = c
        .seen
        .iter()
        .find(|r| r.method() == "client/registerCapability")
        .expect("file watching registered");
    assert!(reg
        .params()
        .unwrap()
        .to_string()
        .contains(".innominatus.toml"));

    let workflow = root.join("providers/database-team/workflows/provision-postgres.yaml");
    std::fs::remove_file(&workflow).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_str(&workflow), "type": 3}]}),
    )
    .await;
    loop {
        let p = c.next_message(20).await.expect("provider re-checked");
        if p.method() == "textDocument/publishDiagnostics"
            && p.params().unwrap()["uri"] == uri_str(&provider)
        {
            let codes = codes(p.params().unwrap());
            assert!(codes.iter().any(|c| c.starts_with("INN2")), "{codes:?}");
            break;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_come_from_initialization_options_configuration_and_the_config_file() {
    let root = example_workspace("settings");
    let wf = root.join("workflows/deploy-app.yaml");
    let provider = root.join("providers/database-team/provider.yaml");

    // initializationOptions: only schema rules.
    let (mut c, _) = Client::start(
        Some(&root),
        json!({"innominatus": {"select": ["INN1"], "debounceMs": 0, "workspaceDebounceMs": 0}}),
        false,
    )
    .await;
    c.open(&wf, 1).await;
    let p = c.diagnostics(&wf, Some(1)).await;
    assert!(codes(&p).is_empty(), "{p}");

    // workspace/configuration: ignore INN517, raise INN506 to an error.
    let (mut c, _) = Client::start_with(
        Some(&root),
        fast(),
        false,
        json!({"ignore": ["update-delete-never-selected"], "severity": {"INN506": "error"}, "debounceMs": 0}),
    )
    .await;
    c.open(&provider, 1).await;
    let p = c.diagnostics(&provider, Some(1)).await;
    assert!(!codes(&p).contains(&"INN517".to_string()), "{p}");
    c.open(&wf, 1).await;
    let p = c.diagnostics(&wf, Some(1)).await;
    assert_eq!(p["diagnostics"][0]["severity"], 1);

    // .innominatus.toml written and reported changed: reloaded, findings re-published.
    let (mut c, _) = Client::start(Some(&root), fast(), false).await;
    c.open(&wf, 1).await;
    let p = c.diagnostics(&wf, Some(1)).await;
    assert_eq!(codes(&p), ["INN506"]);
    let config = root.join(".innominatus.toml");
    std::fs::write(&config, "[lint]\nignore = [\"INN506\", \"nonsense\"]\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_str(&config), "type": 1}]}),
    )
    .await;
    let mut saw_config_problem = false;
    let mut saw_clean = false;
    while !(saw_config_problem && saw_clean) {
        let m = c.next_message(20).await.expect("re-published after reload");
        let Some(p) = m.params() else { continue };
        if p["uri"] == uri_str(&config) {
            assert_eq!(codes(p), ["INN020"]);
            assert_eq!(
                p["diagnostics"][0]["range"]["start"],
                json!({"line": 1, "character": 20})
            );
            saw_config_problem = true;
        }
        if p["uri"] == uri_str(&wf) && codes(p).is_empty() {
            saw_clean = true;
        }
    }
}

/// A GitHub Actions workflow with a duplicate key (a finding in any YAML file) and a
/// misspelt key, in the platform repository.
const GITHUB_ACTIONS: &str = "name: ci\non:\n  push:\n    branches: [main]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    runs-onn: ubuntu-22.04\n    steps:\n      - uses: actions/checkout@v4\n      - name: test\n        run: cargo test\n        run: cargo test --release\n";
/// Helm values with a duplicate key.
const HELM_VALUES: &str =
    "replicaCount: 1\nimage:\n  repository: nginx\n  tag: stable\n  tag: latest\nsteps: []\n";

/// What the server answers for a document: its outline, tokens, folds, lenses, inlay hints,
/// links, and hover and completion at `at`.
async fn answers(c: &mut Client, path: &Path, at: (u32, u32)) -> Vec<(&'static str, Value)> {
    let doc = json!({"uri": uri_str(path)});
    let whole = json!({"start": {"line": 0, "character": 0}, "end": {"line": 400, "character": 0}});
    let position = json!({"line": at.0, "character": at.1});
    let mut out = Vec::new();
    for (method, params) in [
        ("textDocument/documentSymbol", json!({"textDocument": doc})),
        (
            "textDocument/semanticTokens/full",
            json!({"textDocument": doc}),
        ),
        ("textDocument/foldingRange", json!({"textDocument": doc})),
        ("textDocument/codeLens", json!({"textDocument": doc})),
        (
            "textDocument/inlayHint",
            json!({"textDocument": doc, "range": whole}),
        ),
        ("textDocument/documentLink", json!({"textDocument": doc})),
        (
            "textDocument/hover",
            json!({"textDocument": doc, "position": position}),
        ),
        (
            "textDocument/completion",
            json!({"textDocument": doc, "position": position}),
        ),
        (
            "textDocument/codeAction",
            json!({"textDocument": doc, "range": whole, "context": {"diagnostics": []}}),
        ),
    ] {
        let answer = c
            .request(method, params)
            .await
            .unwrap_or_else(|e| panic!("{method}: {e}"));
        out.push((method, answer));
    }
    out
}

/// Whether an answer holds anything (semantic tokens: any token).
fn holds_something(answer: &Value) -> bool {
    match answer {
        Value::Null => false,
        Value::Array(items) => !items.is_empty(),
        Value::Object(o) => match o.get("data") {
            Some(Value::Array(data)) => !data.is_empty(),
            _ => true,
        },
        _ => true,
    }
}

/// Every diagnostic published for `path` so far.
fn published_for(c: &Client, path: &Path) -> Vec<Value> {
    c.publishes(path)
        .iter()
        .flat_map(|p| p["diagnostics"].as_array().unwrap().clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_tools_files_get_nothing_back_the_platform_s_get_everything() {
    let root = example_workspace("decline");
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    };
    // Written before the server starts: the first check of the folder sees them.
    let ci = write(".github/workflows/ci.yml", GITHUB_ACTIONS);
    let values = write("charts/web/values.yaml", HELM_VALUES);
    let pg = std::fs::read_to_string(
        root.join("providers/database-team/workflows/provision-postgres.yaml"),
    )
    .unwrap();
    let provider_workflow = write(
        "providers/db/workflows/x.yaml",
        &pg.replacen("    dependsOn:", "    dependson:", 1),
    );
    let golden = std::fs::read_to_string(root.join("workflows/deploy-app.yaml")).unwrap();
    let golden_workflow = write(
        "workflows/deploy.yaml",
        &golden.replacen("name: deploy-app", "name: deploy", 1),
    );
    let (mut c, _) = Client::start(Some(&root), fast(), false).await;
    // The first round of the folder's findings (the example's golden path) …
    c.diagnostics(&root.join("workflows/deploy-app.yaml"), None)
        .await;
    c.diagnostics(&provider_workflow, None).await;
    c.settle(300).await;
    // … has nothing for the files of other tools, although both have duplicate keys.
    assert_eq!(published_for(&c, &ci), Vec::<Value>::new());
    assert_eq!(published_for(&c, &values), Vec::<Value>::new());

    for (path, at) in [(&ci, (6, 6)), (&values, (1, 2))] {
        let text = c.open(path, 1).await;
        for (method, answer) in answers(&mut c, path, at).await {
            assert!(!holds_something(&answer), "{method} for {path:?}: {answer}");
        }
        c.settle(300).await;
        assert_eq!(published_for(&c, path), Vec::<Value>::new(), "{text}");
    }

    // The platform's own files, by folder.
    for (path, step_line) in [
        (&provider_workflow, "- name: create-cluster"),
        (&golden_workflow, "- name: preflight"),
    ] {
        let text = c.open(path, 1).await;
        let p = c.diagnostics(path, Some(1)).await;
        assert!(!p["diagnostics"].as_array().unwrap().is_empty(), "{p}");
        let (line, col) = find(&text, step_line);
        let answers = answers(&mut c, path, (line, col + 4)).await;
        for (method, answer) in &answers {
            let expected = !matches!(
                *method,
                "textDocument/documentLink" | "textDocument/codeAction" | "textDocument/completion"
            );
            if expected {
                assert!(holds_something(answer), "{method} for {path:?}: {answer}");
            }
        }
    }
    let p = c.diagnostics(&provider_workflow, Some(1)).await;
    assert!(codes(&p).contains(&"INN101".to_string()), "{p}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn content_decides_for_other_names_and_is_read_again_as_the_user_types() {
    let root = example_workspace("by-content");
    let (mut c, _) = Client::start(Some(&root), fast(), false).await;
    c.diagnostics(&root.join("workflows/deploy-app.yaml"), None)
        .await;
    // A Score spec under a name of no convention.
    let renamed = root.join("deploy/app.yaml");
    let score = std::fs::read_to_string(root.join("apps/orders-api/score.yaml"))
        .unwrap()
        .replacen("containers:", "containerz:", 1);
    assert!(score.contains("\napiVersion: score.dev/v1b1\n"));
    c.open_text(&renamed, 1, &score).await;
    let p = c.diagnostics(&renamed, Some(1)).await;
    assert!(!p["diagnostics"].as_array().unwrap().is_empty(), "{p}");
    let outline = c
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri_str(&renamed)}}),
        )
        .await
        .unwrap();
    assert!(holds_something(&outline), "{outline}");

    // A file of no convention with a duplicate key: declined …
    let draft = root.join("notes/draft.yaml");
    c.open_text(&draft, 1, "name: x\nname: y\n").await;
    c.settle(300).await;
    assert_eq!(published_for(&c, &draft), Vec::<Value>::new());
    // … until its first line makes it a Score spec …
    c.change(
        &draft,
        2,
        json!([edit(0, 0, 0, 0, "apiVersion: score.dev/v1b1\n")]),
    )
    .await;
    let p = c.diagnostics(&draft, Some(2)).await;
    assert!(codes(&p).contains(&"INN002".to_string()), "{p}");
    let outline = c
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri_str(&draft)}}),
        )
        .await
        .unwrap();
    assert!(holds_something(&outline), "{outline}");
    // … and declined again without it: its findings are withdrawn.
    c.change(&draft, 3, json!([edit(0, 0, 1, 0, "")])).await;
    let p = c.diagnostics(&draft, Some(3)).await;
    assert_eq!(p["diagnostics"], json!([]), "{p}");
    let outline = c
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri_str(&draft)}}),
        )
        .await
        .unwrap();
    assert!(outline.is_null(), "{outline}");
}
