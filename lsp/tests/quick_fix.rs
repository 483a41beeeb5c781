//! The "did you mean" quick fix as an editor sees it, and the notifications an editor sends
//! on its own (`didSave`, `workspace/didChangeConfiguration`) handled without a complaint in
//! the server's log. This file is its own test binary: it installs the one global log
//! subscriber and reads everything the server logs.

mod support;

use serde_json::{json, Value};
use std::io::Write;
use std::sync::{Mutex, OnceLock};
use support::{apply_edits, example_workspace, uri_str, Client};

/// Everything the server logged (at `info` and above) in this test binary.
static LOG: Mutex<Vec<u8>> = Mutex::new(Vec::new());

struct LogWriter;

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        LOG.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture_log() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::INFO)
            .with_ansi(false)
            .with_writer(|| LogWriter)
            .init();
    });
}

fn log_text() -> String {
    String::from_utf8_lossy(&LOG.lock().unwrap()).into_owned()
}

fn fast() -> Value {
    json!({"debounceMs": 0, "workspaceDebounceMs": 0})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_did_you_mean_of_an_unknown_key_is_the_preferred_quick_fix() {
    capture_log();
    let root = example_workspace("did-you-mean");
    let path = root.join("apps/orders-api/score.yaml");
    let original = std::fs::read_to_string(&path).unwrap();
    let typo = original.replacen("    image: ghcr", "    imgae: ghcr", 1);
    assert_ne!(typo, original);
    let (mut c, _) = Client::start(Some(&root), fast(), false).await;
    c.open_text(&path, 1, &typo).await;
    let p = c.diagnostics(&path, Some(1)).await;
    let inn101 = p["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "INN101")
        .unwrap_or_else(|| panic!("no INN101 in {p}"))
        .clone();
    assert!(
        inn101["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `image`"),
        "{inn101}"
    );

    // The editor asks at the cursor, anywhere on the line.
    let line = inn101["range"]["start"]["line"].clone();
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri_str(&path)},
                   "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
                   "context": {"diagnostics": [inn101], "only": ["quickfix"]}}),
        )
        .await
        .unwrap();
    let actions: Vec<&Value> = actions
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["diagnostics"][0]["code"] == "INN101")
        .collect();
    let preferred: Vec<&&Value> = actions
        .iter()
        .filter(|a| a["isPreferred"] == true)
        .collect();
    assert_eq!(preferred.len(), 1, "one preferred action: {actions:?}");
    let fix = preferred[0];
    assert_eq!(fix["kind"], "quickfix");
    let edits = fix["edit"]["changes"][uri_str(&path)].as_array().unwrap();
    assert_eq!(edits.len(), 1, "{fix}");
    assert_eq!(
        edits[0]["newText"], "image",
        "only the key is replaced: {fix}"
    );
    assert_eq!(apply_edits(&typo, edits), original);
    // "Ignore here" is offered too, and is not the preferred one.
    let ignore = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Ignore INN101"))
        .unwrap_or_else(|| panic!("no ignore action in {actions:?}"));
    assert_eq!(ignore["isPreferred"], false);

    // Applied, the finding goes away.
    c.change(&path, 2, json!([{"text": apply_edits(&typo, edits)}]))
        .await;
    let p = c.diagnostics(&path, Some(2)).await;
    assert!(
        p["diagnostics"].as_array().unwrap().is_empty(),
        "{}",
        p["diagnostics"]
    );
    std::fs::remove_dir_all(&root).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saving_and_changing_settings_leave_nothing_in_the_log() {
    capture_log();
    let root = example_workspace("saves");
    let path = root.join("apps/orders-api/score.yaml");
    let other = root.join(".github/workflows/ci.yaml");
    std::fs::create_dir_all(other.parent().unwrap()).unwrap();
    std::fs::write(
        &other,
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n",
    )
    .unwrap();
    let config = root.join(".innominatus.toml");
    std::fs::write(&config, "[lint]\nignore = [\"INN506\"]\n").unwrap();

    // A client that answers `workspace/configuration`, and one that sends its settings.
    for pull in [true, false] {
        let configuration = if pull { fast() } else { Value::Null };
        let (mut c, _) = Client::start_with(Some(&root), fast(), false, configuration).await;
        let text = c.open(&path, 1).await;
        c.diagnostics(&path, Some(1)).await;
        c.open(&other, 1).await;
        for saved in [&path, &other, &config] {
            c.notify(
                "textDocument/didSave",
                json!({"textDocument": {"uri": uri_str(saved)}}),
            )
            .await;
        }
        c.notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"innominatus": {"debounceMs": 0, "workspaceDebounceMs": 0}}}),
        )
        .await;
        c.notify(
            "workspace/didChangeConfiguration",
            json!({"settings": null}),
        )
        .await;
        // The server still answers, with the document as it was.
        let r = c
            .request(
                "textDocument/hover",
                json!({"textDocument": {"uri": uri_str(&path)}, "position": {"line": 9, "character": 2}}),
            )
            .await;
        assert!(r.is_ok(), "{r:?}");
        c.settle(300).await;
        // The file that is not the platform's still gets nothing.
        assert!(c.publishes(&other).is_empty(), "{:?}", c.publishes(&other));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    }
    let log = log_text();
    for complaint in ["not implemented", "failed", "ERROR"] {
        assert!(!log.contains(complaint), "`{complaint}` in the log:\n{log}");
    }
    std::fs::remove_dir_all(&root).unwrap();
}
