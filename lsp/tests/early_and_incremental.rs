//! The server answers at once and re-checks only what an edit can change: a document opened
//! before the folder is indexed gets its file-local findings (and never a cross-file finding
//! the missing index would make up), the cross-file ones follow once the index is there, and
//! editing a provider re-publishes the Score specs that use its types, not the workspace.
//! In-process, on copies of the examples; latency is measured by `bench/`, not here.

mod support;

use innominatus_engine::rules::{find, needs_workspace};
use serde_json::{json, Value};
use std::path::Path;
use support::{codes, example_workspace, uri_str, Client};

const PROVIDER: &str = "providers/database-team/provider.yaml";

fn fast() -> Value {
    json!({"debounceMs": 0, "workspaceDebounceMs": 0})
}

fn cross_file(code: &str) -> bool {
    find(code).is_some_and(needs_workspace)
}

/// The (code, start line) of each finding of a publication.
fn findings(p: &Value) -> Vec<(String, u64)> {
    p["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn file_local_findings_come_before_indexing_and_cross_file_ones_after() {
    let root = example_workspace("early");
    let path = root.join(PROVIDER);
    // A file-local mistake (an unknown key) and a cross-file one (a workflow file that does
    // not exist). Its real workflow files do exist: a check without the index would call
    // them missing too.
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "\nworkflows:\n",
        "\nunknownTopKey: 1\nworkflows:\n  - name: tidy-up\n    file: ./workflows/tidy-up.yaml\n    operation: delete\n",
        1,
    );
    let mut c = Client::start_unindexed(&root, fast()).await;
    c.open_text(&path, 1, &text).await;
    let first = c.diagnostics(&path, Some(1)).await;
    let first_codes = codes(&first);
    assert!(first_codes.contains(&"INN101".to_string()), "{first}");
    assert!(
        !first_codes.iter().any(|c| cross_file(c)),
        "a cross-file finding before indexing: {first}"
    );

    // Requests on the open document are answered before indexing.
    let outline = c
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri_str(&path)}}),
        )
        .await
        .unwrap();
    assert!(
        outline.as_array().is_some_and(|o| !o.is_empty()),
        "{outline}"
    );

    c.notify("initialized", json!({})).await;
    c.indexed().await;
    c.settle(300).await;
    let last = c.publishes(&path).last().cloned().unwrap();
    assert_eq!(last["version"], 1);
    let last_findings = findings(&last);
    // The missing workflow file, and only that one: the others exist.
    let missing: Vec<&(String, u64)> = last_findings.iter().filter(|f| f.0 == "INN202").collect();
    assert_eq!(missing.len(), 1, "{last}");
    assert_eq!(
        missing[0].1 as usize,
        text.lines()
            .position(|l| l.contains("tidy-up.yaml"))
            .unwrap()
    );
    // Nothing shown before indexing is taken back.
    for f in findings(&first) {
        assert!(last_findings.contains(&f), "{f:?} withdrawn: {last}");
    }
}

/// A request about the whole workspace made while the folder is being indexed waits for the
/// index: it gets the answer it would get afterwards, not the part indexed so far.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workspace_symbols_asked_during_indexing_cover_the_whole_folder() {
    let root = example_workspace("symbols-early");
    // More files, so that indexing is still under way when the request comes.
    let spec = std::fs::read_to_string(root.join("apps/orders-api/score.yaml")).unwrap();
    std::fs::create_dir_all(root.join("more")).unwrap();
    for i in 0..400 {
        let text = spec.replacen("name: orders-api", &format!("name: more-{i}"), 1);
        std::fs::write(root.join(format!("more/spec-{i}.yaml")), text).unwrap();
    }
    let mut c = Client::start_unindexed(&root, fast()).await;
    c.notify("initialized", json!({})).await;
    let query = json!({"query": "provision"});
    let during = c.request("workspace/symbol", query.clone()).await.unwrap();
    c.indexed().await;
    let after = c.request("workspace/symbol", query).await.unwrap();
    let named = |r: &Value| r.as_array().map_or(0, Vec::len);
    assert!(named(&after) > 0, "{after}");
    assert_eq!(during, after);
}

/// Whether a publication says resource type `ty` resolves to no provider (INN208).
fn unresolved(p: &Value, ty: &str) -> bool {
    let quoted = format!("`{ty}`");
    p["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "INN208" && d["message"].as_str().unwrap().contains(&quoted))
}

/// The publications of `path` seen so far.
fn count(c: &Client, path: &Path) -> usize {
    c.publishes(path).len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editing_a_provider_rechecks_the_specs_of_its_types_not_the_workspace() {
    let root = example_workspace("dependents");
    let spec = root.join("apps/orders-api/score.yaml");
    let unrelated_spec = root.join("apps/storefront-web/score.yaml");
    let unrelated_provider = root.join("providers/storage-team/provider.yaml");
    // The storage provider starts with a missing workflow file, which then appears on disk
    // without the server being told: re-checking that provider would change its findings,
    // so a publication for it would show that the edit re-checked an unrelated file.
    let gone = root.join("providers/storage-team/workflows/delete-s3-bucket.yaml");
    let gone_text = std::fs::read_to_string(&gone).unwrap();
    std::fs::remove_file(&gone).unwrap();
    let (mut c, _) = Client::start(Some(&root), fast(), false).await;
    c.settle(300).await;
    assert!(codes(&c.diagnostics(&unrelated_provider, None).await).contains(&"INN202".into()));
    std::fs::write(&gone, gone_text).unwrap();
    let before_spec = c.diagnostics(&spec, None).await;
    assert!(!unresolved(&before_spec, "postgres"), "{before_spec}");
    let (unrelated_spec_n, unrelated_provider_n) =
        (count(&c, &unrelated_spec), count(&c, &unrelated_provider));

    let path = root.join(PROVIDER);
    let text = c.open(&path, 1).await;
    c.diagnostics(&path, Some(1)).await;
    let renamed = text.replacen("- type: postgres\n", "- type: postgres-renamed\n", 1);
    assert_ne!(renamed, text);
    c.change(&path, 2, json!([{"text": renamed}])).await;
    c.diagnostics(&path, Some(2)).await;
    // The spec that uses `postgres` learns that nothing claims it any more.
    let spec_n = count(&c, &spec);
    loop {
        c.next_message(20).await.expect("the spec is re-published");
        if count(&c, &spec) > spec_n {
            break;
        }
    }
    let after = c.publishes(&spec).last().cloned().unwrap();
    assert!(unresolved(&after, "postgres"), "{after}");
    c.settle(500).await;
    assert_eq!(count(&c, &unrelated_spec), unrelated_spec_n);
    assert_eq!(
        count(&c, &unrelated_provider),
        unrelated_provider_n,
        "an unrelated provider was re-checked: {:?}",
        c.publishes(&unrelated_provider).last()
    );

    // And back: the finding goes.
    c.change(&path, 3, json!([{"text": text}])).await;
    c.diagnostics(&path, Some(3)).await;
    let spec_n = count(&c, &spec);
    loop {
        c.next_message(20).await.expect("the spec is re-published");
        if count(&c, &spec) > spec_n {
            break;
        }
    }
    let back = c.publishes(&spec).last().cloned().unwrap();
    assert!(!unresolved(&back, "postgres"), "{back}");
}
