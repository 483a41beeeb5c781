//! An in-process client for the language server: drives the tower service directly with
//! JSON-RPC messages, answers the server's own requests (registerCapability,
//! workspace/configuration) and collects its notifications.
#![allow(dead_code)] // each test file uses a part

use futures::{SinkExt, StreamExt};
use innominatus_lsp::{service, ServerOptions};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::sync::mpsc;
use tower::{Service, ServiceExt};
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::ls_types::Uri;

pub type Server = innominatus_lsp::ordered::InOrder<
    tower_lsp_server::LspService<innominatus_lsp::server::Backend>,
>;

pub struct Client {
    pub server: Server,
    notes: mpsc::UnboundedReceiver<Request>,
    /// Every notification seen so far, in order.
    pub seen: Vec<Request>,
    next_id: i64,
}

/// A copy of `examples/` in a fresh temporary folder (tests edit files in it).
pub fn example_workspace(name: &str) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let dst = std::env::temp_dir().join(format!("inn-lsp-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dst);
    copy_dir(&src, &dst);
    // These tests watch findings being published, moved and re-checked, on the examples'
    // style findings among others (INN506 on `workflows/deploy-app.yaml`, INN517 on the
    // providers): opt into those info-level rules, which are off by default.
    std::fs::write(
        dst.join(".innominatus.toml"),
        "[lint]\nextend-select = [\"INN506\", \"INN517\"]\n",
    )
    .unwrap();
    dst.canonicalize().unwrap()
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for entry in std::fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let to = dst.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
}

pub fn uri(path: &Path) -> Uri {
    Uri::from_file_path(path).unwrap()
}

pub fn uri_str(path: &Path) -> String {
    uri(path).as_str().to_string()
}

impl Client {
    /// Starts a server, initializes it for `root` with `init_options`, and waits until the
    /// workspace has been indexed and every file's first findings published (the end of
    /// the server's indexing progress).
    pub async fn start(root: Option<&Path>, init_options: Value, utf8: bool) -> (Client, Value) {
        Client::start_with(root, init_options, utf8, Value::Null).await
    }

    /// Like [`Client::start`]; `configuration` is what the client answers to
    /// `workspace/configuration` (Null: the client does not support it).
    pub async fn start_with(
        root: Option<&Path>,
        init_options: Value,
        utf8: bool,
        configuration: Value,
    ) -> (Client, Value) {
        let (server, socket) = service(ServerOptions::default());
        let mut client = Client::connect(server, socket, configuration.clone());
        let mut caps = json!({
            "workspace": {
                "didChangeWatchedFiles": {"dynamicRegistration": true},
                "configuration": !configuration.is_null()
            },
            "window": {"workDoneProgress": true}
        });
        if utf8 {
            caps["general"] = json!({"positionEncodings": ["utf-8", "utf-16"]});
        }
        let mut params = json!({"capabilities": caps, "initializationOptions": init_options});
        if let Some(r) = root {
            params["workspaceFolders"] = json!([{"uri": uri_str(r), "name": "ws"}]);
        }
        let init = client.request("initialize", params).await.unwrap();
        client.notify("initialized", json!({})).await;
        client.indexed().await;
        (client, init)
    }

    /// Like [`Client::start`] but returns before `initialized` is sent: the server indexes
    /// the folder only then, so whatever the test does first happens before indexing.
    pub async fn start_unindexed(root: &Path, init_options: Value) -> Client {
        let (server, socket) = service(ServerOptions::default());
        let mut client = Client::connect(server, socket, Value::Null);
        let params = json!({
            "capabilities": {"window": {"workDoneProgress": true}},
            "initializationOptions": init_options,
            "workspaceFolders": [{"uri": uri_str(root), "name": "ws"}],
        });
        client.request("initialize", params).await.unwrap();
        client
    }

    /// Waits for the end of the server's indexing progress (`$/progress`, kind `end`).
    pub async fn indexed(&mut self) {
        let ended = |r: &Request| {
            r.method() == "$/progress" && r.params().is_some_and(|p| p["value"]["kind"] == "end")
        };
        if self.seen.iter().any(ended) {
            return;
        }
        loop {
            let r = self
                .next_message(60)
                .await
                .expect("the server ends its indexing progress");
            if ended(&r) {
                return;
            }
        }
    }

    /// A client of `server`: the server's requests are answered (`configuration` for
    /// `workspace/configuration`, else null) and, like its notifications, collected.
    fn connect(
        server: Server,
        socket: tower_lsp_server::ClientSocket,
        configuration: Value,
    ) -> Client {
        let (tx, notes) = mpsc::unbounded_channel();
        let (mut requests, mut responses) = socket.split();
        tokio::spawn(async move {
            while let Some(req) = requests.next().await {
                match req.id().cloned() {
                    Some(id) => {
                        let result = if req.method() == "workspace/configuration" {
                            json!([configuration])
                        } else {
                            Value::Null
                        };
                        let _ = responses.send(Response::from_ok(id, result)).await;
                        let _ = tx.send(req);
                    }
                    None => {
                        let _ = tx.send(req);
                    }
                }
            }
        });
        Client {
            server,
            notes,
            seen: Vec::new(),
            next_id: 0,
        }
    }

    /// Sends a request and returns its result (or the JSON-RPC error as `Err`).
    pub async fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let req = Request::build(method.to_string())
            .id(self.next_id)
            .params(params)
            .finish();
        let resp = self.call(req).await.expect("a request gets a response");
        let (_, body) = resp.into_parts();
        body.map_err(|e| serde_json::to_value(e).unwrap())
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        let req = Request::build(method.to_string()).params(params).finish();
        assert!(self.call(req).await.is_none());
    }

    pub async fn call(&mut self, req: Request) -> Option<Response> {
        let fut = self.server.ready().await.unwrap().call(req);
        fut.await.unwrap()
    }

    pub async fn open(&mut self, path: &Path, version: i32) -> String {
        let text = std::fs::read_to_string(path).unwrap();
        self.open_text(path, version, &text).await;
        text
    }

    pub async fn open_text(&mut self, path: &Path, version: i32, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri_str(path), "languageId": "yaml", "version": version, "text": text}}),
        )
        .await;
    }

    pub async fn change(&mut self, path: &Path, version: i32, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri_str(path), "version": version}, "contentChanges": changes}),
        )
        .await;
    }

    /// The next notification or server request (waits at most `secs`).
    pub async fn next_message(&mut self, secs: u64) -> Option<Request> {
        let r = tokio::time::timeout(Duration::from_secs(secs), self.notes.recv())
            .await
            .ok()
            .flatten()?;
        self.seen.push(r.clone());
        Some(r)
    }

    /// Waits for `publishDiagnostics` of `path` (with `version` when given) and returns
    /// its params.
    pub async fn diagnostics(&mut self, path: &Path, version: Option<i32>) -> Value {
        let want = uri_str(path);
        // Already seen?
        for r in self.seen.iter().rev() {
            if let Some(p) = published(r, &want, version) {
                return p;
            }
        }
        loop {
            let r = self
                .next_message(20)
                .await
                .unwrap_or_else(|| panic!("no diagnostics for {want} v{version:?}"));
            if let Some(p) = published(&r, &want, version) {
                return p;
            }
        }
    }

    /// Every `publishDiagnostics` of `path` seen so far, in order.
    pub fn publishes(&self, path: &Path) -> Vec<Value> {
        let want = uri_str(path);
        self.seen
            .iter()
            .filter_map(|r| published(r, &want, None))
            .collect()
    }

    /// Collects messages until none arrives for `quiet_ms`.
    pub async fn settle(&mut self, quiet_ms: u64) {
        while tokio::time::timeout(Duration::from_millis(quiet_ms), self.notes.recv())
            .await
            .ok()
            .flatten()
            .map(|r| self.seen.push(r))
            .is_some()
        {}
    }
}

fn published(r: &Request, want: &str, version: Option<i32>) -> Option<Value> {
    if r.method() != "textDocument/publishDiagnostics" {
        return None;
    }
    let p = r.params()?;
    if p["uri"] != want {
        return None;
    }
    if let Some(v) = version {
        if p["version"] != v {
            return None;
        }
    }
    Some(p.clone())
}

/// The codes of a publishDiagnostics params value.
pub fn codes(p: &Value) -> Vec<String> {
    p["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// An incremental change replacing `range` by `text`.
pub fn edit(l1: u32, c1: u32, l2: u32, c2: u32, text: &str) -> Value {
    json!({"range": {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}, "text": text})
}

/// Applies the text edits of a WorkspaceEdit for `uri` to `text` (UTF-16 positions).
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let offset = |pos: &Value| -> usize {
        let line = pos["line"].as_u64().unwrap() as usize;
        let col = pos["character"].as_u64().unwrap() as usize;
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
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (a, b, t) in spans {
        out.replace_range(a..b, &t);
    }
    out
}
