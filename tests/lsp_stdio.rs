//! End to end: the real `innominatus lsp` binary over standard input/output, compared with
//! what the CLI prints for the same files.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_innominatus");

/// A scripted LSP client over the server's pipes; a reader thread decodes every message.
struct Stdio_ {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    /// Messages read but not yet asked for.
    backlog: Vec<Value>,
    next_id: i64,
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

impl Stdio_ {
    fn start(root: &Path, init_options: Value) -> Stdio_ {
        let (child, stdin, messages) = raw_server(root);
        let mut c = Stdio_ {
            child,
            stdin,
            messages,
            backlog: Vec::new(),
            next_id: 0,
        };
        let uri = uri(root);
        let init = c.request(
            "initialize",
            json!({"capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}},
                   "workspaceFolders": [{"uri": uri, "name": "ws"}],
                   "initializationOptions": init_options}),
        );
        assert!(init["result"]["capabilities"].is_object(), "{init}");
        c.notify("initialized", json!({}));
        c
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    fn send(&mut self, msg: &Value) {
        let body = serde_json::to_vec(msg).unwrap();
        self.send_raw(&frame(&body));
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn send_request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// The next message matching `pred` (others are kept); answers server requests.
    fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(m) => {
                    if m.get("method").is_some() && m.get("id").is_some() {
                        // A request from the server (registerCapability): acknowledge it.
                        let id = m["id"].clone();
                        self.send(&json!({"jsonrpc": "2.0", "id": id, "result": null}));
                    }
                    if pred(&m) {
                        return m;
                    }
                    self.backlog.push(m);
                }
                Err(RecvTimeoutError::Timeout) => panic!("timed out waiting for {what}"),
                Err(RecvTimeoutError::Disconnected) => panic!("server gone waiting for {what}"),
            }
        }
    }

    fn response(&mut self, id: i64) -> Value {
        self.wait_for(&format!("response {id}"), |m| {
            m["id"] == id && m.get("method").is_none()
        })
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(id)
    }

    fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Value {
        self.wait_for(&format!("diagnostics of {uri}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == v)
        })["params"]
            .clone()
    }

    fn open(&mut self, path: &Path, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri(path), "languageId": "yaml", "version": 1, "text": text}}),
        );
    }

    fn shutdown(mut self) -> i32 {
        let r = self.request("shutdown", Value::Null);
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Stdio_ {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn example_copy(name: &str) -> PathBuf {
    let dst = std::env::temp_dir().join(format!("inn-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dst);
    let status = Command::new("cp")
        .arg("-r")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples"))
        .arg(&dst)
        .status()
        .unwrap();
    assert!(status.success());
    // The server and the CLI are compared on the examples' findings, style ones included
    // (INN506, INN517 are info-level, off by default): both read this configuration.
    std::fs::write(
        dst.join(".innominatus.toml"),
        "[lint]\nextend-select = [\"INN506\", \"INN517\"]\n",
    )
    .unwrap();
    dst.canonicalize().unwrap()
}

fn cli(root: &Path, args: &[&str]) -> Value {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(root)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&out.stderr)))
}

/// (code, line, column, end line, end column), 0-based, from the CLI's JSON diagnostics of
/// `file` (ASCII files: characters and UTF-16 units agree).
fn cli_findings(report: &Value, file: &str) -> Vec<(String, u64, u64, u64, u64)> {
    let mut v: Vec<_> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == file)
        .map(|d| {
            let r = &d["range"];
            (
                d["code"].as_str().unwrap().to_string(),
                r["start"]["line"].as_u64().unwrap() - 1,
                r["start"]["column"].as_u64().unwrap() - 1,
                r["end"]["line"].as_u64().unwrap() - 1,
                r["end"]["column"].as_u64().unwrap() - 1,
            )
        })
        .collect();
    v.sort();
    v
}

fn lsp_findings(params: &Value) -> Vec<(String, u64, u64, u64, u64)> {
    let mut v: Vec<_> = params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let r = &d["range"];
            (
                d["code"].as_str().unwrap().to_string(),
                r["start"]["line"].as_u64().unwrap(),
                r["start"]["character"].as_u64().unwrap(),
                r["end"]["line"].as_u64().unwrap(),
                r["end"]["character"].as_u64().unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn diagnostics_match_the_cli_for_open_and_unopened_files() {
    let root = example_copy("diag");
    let broken = "providers/database-team/workflows/provision-postgres.yaml";
    let text = std::fs::read_to_string(root.join(broken))
        .unwrap()
        .replacen("    dependsOn:", "    dependson:", 1)
        .replacen("type: policy", "type: polizy", 1);
    std::fs::write(root.join(broken), &text).unwrap();
    let report = cli(&root, &["lint", ".", "--format", "json"]);
    let expected = cli_findings(&report, broken);
    assert!(expected.iter().any(|f| f.0 == "INN101"), "{expected:?}");

    let mut c = Stdio_::start(&root, json!({"debounceMs": 0}));
    // Not open: published from the workspace index.
    let deploy = "workflows/deploy-app.yaml";
    let p = c.diagnostics(&uri(&root.join(deploy)), None);
    assert_eq!(lsp_findings(&p), cli_findings(&report, deploy));
    // Open: the editor's text, same findings as the CLI on the same text.
    c.open(&root.join(broken), &text);
    let p = c.diagnostics(&uri(&root.join(broken)), Some(1));
    assert_eq!(lsp_findings(&p), expected);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn dry_run_and_graph_requests_return_the_cli_json() {
    let root = example_copy("custom");
    let file = "providers/database-team/workflows/provision-postgres.yaml";
    let mut c = Stdio_::start(&root, json!({"debounceMs": 0}));
    // Unopened: read from disk.
    let r = c.request(
        "innominatus/dryRun",
        json!({"textDocument": {"uri": uri(&root.join(file))}}),
    );
    let expected = cli(
        &root,
        &["workflow", "test", file, "--dry-run", "--format", "json"],
    );
    assert_eq!(r["result"], expected);
    // Open with unsaved changes: the editor's text is simulated.
    let text = std::fs::read_to_string(root.join(file)).unwrap();
    c.open(
        &root.join(file),
        &text.replace("create-cluster", "make-cluster"),
    );
    let r = c.request(
        "innominatus/dryRun",
        json!({"textDocument": {"uri": uri(&root.join(file))}}),
    );
    assert_eq!(r["result"]["file"], file);
    assert!(r["result"].to_string().contains("make-cluster"));
    assert!(!r["result"].to_string().contains("create-cluster"));
    // A Score spec: every resource through its provider's workflow, as the CLI prints it.
    let spec = "apps/orders-api/score.yaml";
    let r = c.request(
        "innominatus/dryRun",
        json!({"textDocument": {"uri": uri(&root.join(spec))}}),
    );
    let expected = cli(
        &root,
        &["workflow", "test", spec, "--dry-run", "--format", "json"],
    );
    assert_eq!(r["result"], expected);
    assert_eq!(r["result"]["application"], "orders-api");
    // Neither a workflow nor a spec: the CLI's complaint, as an error.
    let r = c.request(
        "innominatus/dryRun",
        json!({"textDocument": {"uri": uri(&root.join("admin-config.yaml"))}}),
    );
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("admin-config.yaml holds no workflow and no Score spec"),
        "{r}"
    );

    // The graph, after the open document went back to its disk text.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri(&root.join(file))}}),
    );
    std::thread::sleep(Duration::from_millis(300));
    let r = c.request("innominatus/graph", json!({}));
    let expected = cli(&root, &["graph", "--format", "json"]);
    assert_eq!(r["result"], expected);
    let r = c.request("innominatus/graph", json!({"app": "orders-api"}));
    let expected = cli(&root, &["graph", "--format", "json", "--app", "orders-api"]);
    assert_eq!(r["result"], expected);
    graph_page_is_focused_on_the_editor_file(&mut c, &root);
    assert_eq!(c.shutdown(), 0);
}

/// `innominatus/graph` with `format: "html"`: the engine's page drawing every node of the
/// CLI's graph, opening with the nodes declared in `focus` selected, its links based at the
/// workspace folder; an unknown format is refused.
fn graph_page_is_focused_on_the_editor_file(c: &mut Stdio_, root: &Path) {
    let spec = "apps/orders-api/score.yaml";
    let r = c.request(
        "innominatus/graph",
        json!({"format": "html", "focus": uri(&root.join(spec))}),
    );
    let page = r["result"]["html"]
        .as_str()
        .unwrap_or_else(|| panic!("{r}"));
    let expected = cli(root, &["graph", "--format", "json"]);
    let nodes = expected["nodes"].as_array().unwrap();
    // `<g class="node …" data-id="ID" …>`: the ids of the drawn nodes
    let drawn: std::collections::BTreeSet<&str> = page
        .split("<g class=\"node")
        .skip(1)
        .filter_map(|tag| tag[..tag.find('>')?].split("data-id=\"").nth(1))
        .filter_map(|rest| rest.split('"').next())
        .collect();
    let want: std::collections::BTreeSet<&str> =
        nodes.iter().map(|n| n["id"].as_str().unwrap()).collect();
    assert_eq!(drawn, want, "every node of the CLI's graph is drawn");
    let start = page.find("id=\"graph-data\">").unwrap() + "id=\"graph-data\">".len();
    let end = start + page[start..].find("</script>").unwrap();
    let data: Value = serde_json::from_str(&page[start..end]).unwrap();
    let focus: Vec<&str> = data["focus"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            data["nodes"][i.as_u64().unwrap() as usize]["file"]
                .as_str()
                .unwrap()
        })
        .collect();
    let in_spec = nodes.iter().filter(|n| n["file"] == spec).count();
    assert!(in_spec >= 2, "the spec declares nodes");
    assert_eq!(
        focus,
        vec![spec; in_spec],
        "exactly the spec's nodes are selected"
    );
    assert_eq!(data["fileBase"], root.to_string_lossy().as_ref());
    let r = c.request("innominatus/graph", json!({"format": "png"}));
    let message = r["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("`png`") && message.contains("html"), "{r}");
}

/// Every YAML file below `root`, as a `/`-separated name relative to it, sorted.
fn yaml_files(root: &Path) -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                out.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(root, &mut found);
    let mut names: Vec<String> = found
        .iter()
        .map(|p| {
            let rel = p.strip_prefix(root).unwrap();
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect();
    names.sort();
    names
}

/// What `innominatus workflow test FILE --dry-run --format json` prints when run in `root`
/// (with `text` on standard input as FILE when given): standard output, standard error,
/// exit status.
fn cli_dry_run(root: &Path, file: &str, text: Option<&str>) -> (String, String, i32) {
    let mut command = Command::new(BIN);
    command.current_dir(root).args(["workflow", "test"]);
    match text {
        Some(_) => command.args(["-", "--stdin-filename", file]),
        None => command.arg(file),
    };
    let mut child = command
        .args(["--dry-run", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(text.unwrap_or("").as_bytes()).unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

/// Asks the server for the dry run of `file` and checks that it answers exactly what the
/// CLI prints: the report serialised as the CLI serialises it (pretty JSON and a newline),
/// byte for byte, or the CLI's error message. Returns the report (`Null` for an error).
fn same_dry_run(c: &mut Stdio_, root: &Path, file: &str, text: Option<&str>) -> Value {
    let r = c.request(
        "innominatus/dryRun",
        json!({"textDocument": {"uri": uri(&root.join(file))}}),
    );
    let (stdout, stderr, status) = cli_dry_run(root, file, text);
    let what = match text {
        Some(_) => format!("{file} (editor text)"),
        None => file.to_string(),
    };
    if status == 2 {
        let message = stderr.trim_end().strip_prefix("error: ").unwrap_or(&stderr);
        assert_eq!(r["error"]["message"], message, "{what}: {r}");
        return Value::Null;
    }
    assert!(
        r.get("error").is_none(),
        "{what}: the CLI reports, the server: {r}"
    );
    let mut served = serde_json::to_string_pretty(&r["result"]).unwrap();
    served.push('\n');
    if served != stdout {
        let at = served
            .lines()
            .zip(stdout.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(served.lines().count().min(stdout.lines().count()));
        panic!(
            "{what}: the server's report differs from the CLI's at line {}:\n  server: {:?}\n  cli:    {:?}",
            at + 1,
            served.lines().nth(at),
            stdout.lines().nth(at)
        );
    }
    r["result"].clone()
}

/// Edits an editor could leave unsaved: a renamed first step or workflow/application, an
/// unknown step type, an unclaimed resource type, a syntax error. Only those that change
/// `text`.
fn unsaved_edits(text: &str) -> Vec<String> {
    let edits = [
        ("- name: ", "- name: edited-"),
        ("metadata:\n  name: ", "metadata:\n  name: edited-"),
        ("type: policy", "type: polizy"),
        ("type: postgres", "type: postgres-ha"),
        ("\n", "\nbroken: [unclosed\n"),
    ];
    edits
        .iter()
        .map(|(from, to)| text.replacen(from, to, 1))
        .filter(|edited| edited != text)
        .collect()
}

/// The server's `innominatus/dryRun` against the CLI, byte for byte, on every YAML file of
/// the example repository: as on disk (not open), with unsaved edits in the editor, and
/// open with the disk text again. Workflows, golden-path workflows and Score specs give
/// reports; the other files give the CLI's error.
#[test]
fn dry_run_requests_print_what_the_cli_prints_byte_for_byte() {
    let root = example_copy("dry-run-bytes");
    let mut c = Stdio_::start(&root, json!({"debounceMs": 0}));
    let files = yaml_files(&root);
    let mut reports: Vec<(String, Value)> = Vec::new();
    for file in &files {
        let report = same_dry_run(&mut c, &root, file, None);
        if !report.is_null() {
            reports.push((file.clone(), report));
        }
    }
    // Each kind of file was compared with a report, not only with an error.
    let count = |pred: &dyn Fn(&Value) -> bool| reports.iter().filter(|(_, r)| pred(r)).count();
    assert_eq!(count(&|r| r["application"].is_string()), 3, "Score specs");
    assert_eq!(
        count(&|r| r["goldenPath"].is_string()),
        2,
        "golden-path workflows"
    );
    assert_eq!(
        count(&|r| r["goldenPath"].is_null() && r["application"].is_null()),
        8,
        "provider workflows"
    );
    assert!(files.len() > reports.len(), "no file compared as an error");

    let mut edited = 0;
    for (file, _) in &reports {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let mut version = 1;
        for edit in unsaved_edits(&text) {
            if version == 1 {
                c.open(&root.join(file), &edit);
            } else {
                c.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": uri(&root.join(file)), "version": version},
                           "contentChanges": [{"text": edit}]}),
                );
            }
            version += 1;
            same_dry_run(&mut c, &root, file, Some(&edit));
            edited += 1;
        }
        assert!(version > 2, "{file}: fewer than two edits apply");
        // Open with the disk text again: the same report as the file on disk.
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri(&root.join(file)), "version": version},
                   "contentChanges": [{"text": text}]}),
        );
        same_dry_run(&mut c, &root, file, None);
    }
    assert!(edited >= 3 * reports.len(), "{edited} edited texts");
    // Unsaved changes in another file: a dry run reads the saved file, as the CLI does.
    let workflow = "providers/database-team/workflows/provision-postgres.yaml";
    let text = std::fs::read_to_string(root.join(workflow)).unwrap();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&root.join(workflow)), "version": 100},
               "contentChanges": [{"text": text.replace("create-cluster", "make-cluster")}]}),
    );
    let mut saved_step = 0;
    for (file, report) in &reports {
        if report["application"].is_string() {
            let again = same_dry_run(&mut c, &root, file, None).to_string();
            assert!(!again.contains("make-cluster"), "{file}");
            saved_step += usize::from(again.contains("create-cluster"));
        }
    }
    assert_eq!(saved_step, 2, "Score specs with a PostgreSQL resource");
    assert_eq!(c.shutdown(), 0);
}

/// The repository of a file is what the CLI reads, also when the server's folder holds
/// more: a provider outside the repository claiming the same types is not seen, and files
/// the configuration excludes from checks are still part of a dry run.
#[test]
fn dry_runs_see_the_repository_of_the_file_not_the_whole_folder() {
    let outer = example_copy("dry-run-outer");
    let examples = outer.join("examples");
    std::fs::create_dir(&examples).unwrap();
    for entry in std::fs::read_dir(&outer).unwrap() {
        let path = entry.unwrap().path();
        if path != examples {
            std::fs::rename(&path, examples.join(path.file_name().unwrap())).unwrap();
        }
    }
    // A second copy of the storage provider beside the repository: two claimants of
    // `s3-bucket` if the whole folder counted.
    let decoy = outer.join("staging/providers/storage-team");
    std::fs::create_dir_all(decoy.parent().unwrap()).unwrap();
    let status = Command::new("cp")
        .arg("-r")
        .arg(examples.join("providers/storage-team"))
        .arg(&decoy)
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::write(
        outer.join(".innominatus.toml"),
        "exclude = [\"examples/providers/database-team/**\"]\n",
    )
    .unwrap();

    let mut c = Stdio_::start(&outer, json!({"debounceMs": 0}));
    let spec = "examples/apps/orders-api/score.yaml";
    let report = same_dry_run(&mut c, &outer, spec, None);
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
    for file in yaml_files(&outer) {
        same_dry_run(&mut c, &outer, &file, None);
    }
    // Without the exclusion the index holds the whole repository.
    std::fs::remove_file(outer.join(".innominatus.toml")).unwrap();
    drop(c);
    let mut c = Stdio_::start(&outer, json!({"debounceMs": 0}));
    for file in yaml_files(&outer) {
        same_dry_run(&mut c, &outer, &file, None);
    }
    let text = std::fs::read_to_string(outer.join(spec)).unwrap();
    let edited = text.replace("  db:\n", "  orders-db:\n");
    assert_ne!(text, edited, "the example's resource `db` moved");
    c.open(&outer.join(spec), &edited);
    let report = same_dry_run(&mut c, &outer, spec, Some(&edited));
    assert_eq!(report["runs"][1]["resource"]["name"], "orders-db");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn malformed_messages_unknown_methods_cancels_and_out_of_order_requests() {
    let root = example_copy("rpc");
    let mut c = Stdio_::start(&root, json!({}));
    let wf = root.join("workflows/deploy-app.yaml");
    c.open(&wf, &std::fs::read_to_string(&wf).unwrap());
    // Broken JSON: a parse error with a null id, and the server goes on.
    c.send_raw(&frame(b"{this is not json"));
    let e = c.wait_for("parse error", |m| m["error"]["code"] == -32700);
    assert!(e["id"].is_null());
    // Unknown method.
    let r = c.request("innominatus/noSuchMethod", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    // A burst of requests, answered by id whatever the order of the answers; one is
    // cancelled right away and is answered too (cancelled or done).
    let lens = json!({"textDocument": {"uri": uri(&wf)}});
    let ids: Vec<i64> = (0..20)
        .map(|_| c.send_request("textDocument/codeLens", lens.clone()))
        .collect();
    c.notify("$/cancelRequest", json!({"id": ids[10]}));
    for id in ids.iter().rev() {
        let r = c.response(*id);
        if *id == ids[10] {
            assert!(
                r["error"]["code"] == -32800 || r["result"].is_array(),
                "{r}"
            );
        } else {
            // "▶ Dry-run", "⏵ Debug" and "Show graph".
            assert_eq!(r["result"].as_array().unwrap().len(), 3, "{r}");
        }
    }
    // Positions past the end of the document.
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri(&wf)},
               "range": {"start": {"line": 100000, "character": 5}, "end": {"line": 100001, "character": 99999}},
               "context": {"diagnostics": []}}),
    );
    assert!(r["result"].is_array(), "{r}");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn the_rules_page_the_diagnostics_link_to_is_current() {
    let out = Command::new(BIN)
        .args(["explain", "--all"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&page, &out.stdout).unwrap();
    }
    let text = std::fs::read_to_string(&page).unwrap();
    assert!(
        text.as_bytes() == out.stdout.as_slice(),
        "docs/rules.md differs from `innominatus explain --all`; UPDATE_EXPECT=1 rewrites it"
    );
    // Every rule has the heading the links point at.
    for line in text.lines().filter(|l| l.starts_with("# INN")) {
        assert!(line[2..].split_once(' ').is_some(), "{line}");
    }
}

/// A workflow of about `lines` lines (steps of five lines each).
fn long_workflow(lines: usize) -> String {
    let mut out = String::from(
        "apiVersion: innominatus.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: long\nsteps:\n",
    );
    let mut i = 0usize;
    while out.len() < lines * 24 {
        out.push_str(&format!(
            "  - name: s{i}\n    type: policy\n    dependsOn: [s{}]\n    config:\n      script: echo {i}\n",
            i.saturating_sub(1)
        ));
        i += 1;
    }
    out
}

#[test]
fn survives_a_huge_file_binary_text_and_ten_thousand_rapid_edits() {
    let root = example_copy("stress");
    let mut c = Stdio_::start(&root, json!({}));
    let big = root.join("big.yaml");
    let text = long_workflow(50_000);
    assert!(text.lines().count() >= 50_000);
    c.open(&big, &text);
    c.diagnostics(&uri(&big), Some(1));
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri(&big)}}),
    );

    let junk = root.join("junk.yaml");
    let binary: String = (0u32..4096)
        .map(|i| char::from_u32(i % 0x7FF).unwrap_or('?'))
        .collect();
    c.open(&junk, &binary);
    let p = c.diagnostics(&uri(&junk), Some(1));
    assert_eq!(p["diagnostics"][0]["code"], "INN005", "{p}");

    let small = root.join("workflows/deploy-app.yaml");
    let original = std::fs::read_to_string(&small).unwrap();
    c.open(&small, &original);
    let mut expected = original.clone();
    for v in 2..=10_001 {
        let ch = if v % 3 == 0 { "\n" } else { "#" };
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri(&small), "version": v},
                   "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": ch}]}),
        );
        expected.insert_str(0, ch);
    }
    let p = c.diagnostics(&uri(&small), Some(10_001));
    // Only comment lines and blank lines were added: the findings moved down, unchanged.
    let added = expected.lines().count() - original.lines().count();
    let d = &p["diagnostics"][0];
    assert_eq!(d["code"], "INN506");
    assert_eq!(d["range"]["start"]["line"], 19 + added as u64);
    assert_eq!(c.shutdown(), 0);
}

/// Line and UTF-16 column of the first occurrence of `needle` (plus `shift` characters).
fn pos(text: &str, needle: &str, shift: u32) -> Value {
    let at = text.find(needle).unwrap();
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": text[start..at].encode_utf16().count() as u32 + shift})
}

#[test]
fn every_editor_feature_answers_over_stdio() {
    let root = example_copy("features");
    let mut c = Stdio_::start(&root, json!({}));
    let path = root.join("workflows/deploy-app.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    c.open(&path, &text);
    c.diagnostics(&uri(&path), Some(1));
    let doc = json!({"uri": uri(&path)});
    // On `preflight` inside `dependsOn: [preflight]`.
    let on_dep = pos(&text, "dependsOn: [preflight]", 13);
    let at = |p: &Value| json!({"textDocument": doc, "position": p});

    let r = c.request("textDocument/definition", at(&on_dep));
    let target = &r["result"];
    let first = if target.is_array() {
        &target[0]
    } else {
        target
    };
    assert_eq!(first["uri"], uri(&path), "{r}");
    assert_eq!(first["range"]["start"], pos(&text, "preflight", 0), "{r}");

    let mut refs = at(&on_dep);
    refs["context"] = json!({"includeDeclaration": true});
    let r = c.request("textDocument/references", refs);
    assert!(r["result"].as_array().unwrap().len() >= 2, "{r}");

    let r = c.request("textDocument/prepareRename", at(&on_dep));
    assert!(r["result"].is_object(), "{r}");
    let mut rename = at(&on_dep);
    rename["newName"] = json!("checks");
    let r = c.request("textDocument/rename", rename);
    let edits = &r["result"]["changes"][uri(&path)];
    assert!(edits.as_array().unwrap().len() >= 2, "{r}");

    let r = c.request("textDocument/hover", at(&pos(&text, "dependsOn", 2)));
    assert!(r["result"]["contents"].is_object(), "{r}");

    let mut comp = at(&on_dep);
    comp["context"] = json!({"triggerKind": 1});
    let r = c.request("textDocument/completion", comp);
    let items = if r["result"].is_array() {
        r["result"].clone()
    } else {
        r["result"]["items"].clone()
    };
    assert!(!items.as_array().unwrap().is_empty(), "{r}");

    let r = c.request("textDocument/documentSymbol", json!({"textDocument": doc}));
    assert!(r["result"].to_string().contains("wait-for-workload"), "{r}");
    let r = c.request("workspace/symbol", json!({"query": "provision"}));
    assert!(!r["result"].as_array().unwrap().is_empty(), "{r}");

    let full = json!({"textDocument": doc});
    let r = c.request("textDocument/semanticTokens/full", full.clone());
    assert!(!r["result"]["data"].as_array().unwrap().is_empty(), "{r}");
    let mut range = full.clone();
    range["range"] =
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 40, "character": 0}});
    let r = c.request("textDocument/semanticTokens/range", range.clone());
    assert!(r["result"]["data"].is_array(), "{r}");
    let r = c.request("textDocument/inlayHint", range);
    assert!(!r["result"].as_array().unwrap().is_empty(), "{r}");
    let r = c.request("textDocument/foldingRange", full.clone());
    assert!(!r["result"].as_array().unwrap().is_empty(), "{r}");

    // Document links: the provider manifest points at its workflow files.
    let provider = root.join("providers/database-team/provider.yaml");
    c.open(&provider, &std::fs::read_to_string(&provider).unwrap());
    let r = c.request(
        "textDocument/documentLink",
        json!({"textDocument": {"uri": uri(&provider)}}),
    );
    assert!(
        r["result"].to_string().contains("provision-postgres.yaml"),
        "{r}"
    );
    assert_eq!(c.shutdown(), 0);
}

/// The process of a raw session: the server started with piped input and output, and a
/// thread collecting what it writes.
fn raw_server(root: &Path) -> (Child, ChildStdin, Receiver<Value>) {
    let mut child = Command::new(BIN)
        .args(["lsp", "--log-level", "warn"])
        .current_dir(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().unwrap();
    let stdin = child.stdin.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        loop {
            let mut len = 0usize;
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(v) = line.strip_prefix("Content-Length: ") {
                    len = v.parse().unwrap();
                }
            }
            let mut body = vec![0; len];
            if r.read_exact(&mut body).is_err()
                || tx.send(serde_json::from_slice(&body).unwrap()).is_err()
            {
                return;
            }
        }
    });
    (child, stdin, rx)
}

fn exit_status_within(child: &mut Child, limit: Duration) -> Option<i32> {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status.code().unwrap_or(-1));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

/// An editor that crashed during start-up: it sent its process id, never answers
/// `workspace/configuration`, has a request pending, and its end of the pipe closes. The
/// server must not outlive it. Nor after `shutdown` and `exit` in the same state.
#[test]
fn the_server_exits_with_a_client_that_vanished_mid_start() {
    let root = example_copy("orphan");
    for polite in [false, true] {
        let (mut child, mut stdin, messages) = raw_server(&root);
        let send = |stdin: &mut ChildStdin, msg: Value| {
            let body = serde_json::to_vec(&msg).unwrap();
            stdin.write_all(&frame(&body)).unwrap();
            stdin.flush().unwrap();
        };
        send(
            &mut stdin,
            json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": std::process::id(),
            "capabilities": {"workspace": {"configuration": true}},
            "workspaceFolders": [{"uri": uri(&root), "name": "ws"}]}}),
        );
        let initialized = messages.recv_timeout(Duration::from_secs(10)).unwrap();
        assert_eq!(initialized["id"], 1, "{initialized}");
        send(
            &mut stdin,
            json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        );
        // A request that waits for the workspace, which waits for the configuration.
        let file = root.join("apps/orders-api/score.yaml");
        send(
            &mut stdin,
            json!({"jsonrpc": "2.0", "id": 2, "method": "innominatus/dryRun", "params": {
            "textDocument": {"uri": uri(&file)}}}),
        );
        // The server asks for its configuration; nobody answers.
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut asked = false;
        while Instant::now() < deadline && !asked {
            if let Ok(m) = messages.recv_timeout(Duration::from_millis(200)) {
                assert_ne!(m["id"], 2, "the request did not wait: {m}");
                asked = m["method"] == "workspace/configuration";
            }
        }
        assert!(asked, "the server never asked for its configuration");
        if polite {
            send(
                &mut stdin,
                json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}),
            );
            send(&mut stdin, json!({"jsonrpc": "2.0", "method": "exit"}));
        }
        drop(stdin);
        let status = exit_status_within(&mut child, Duration::from_secs(10));
        let _ = child.kill();
        assert!(
            status.is_some(),
            "the server outlived its client (polite: {polite})"
        );
    }
}

/// `exit` without `shutdown` ends the process with status 1, after `shutdown` with 0; a
/// `$/` method sent as a request is answered with MethodNotFound.
#[test]
fn exit_statuses_and_unknown_dollar_requests_follow_the_protocol() {
    let root = example_copy("exit");
    let mut c = Stdio_::start(&root, json!({}));
    let r = c.request("$/innominatus/noSuchThing", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    c.notify("exit", Value::Null);
    assert_eq!(
        exit_status_within(&mut c.child, Duration::from_secs(10)),
        Some(1)
    );
    let c = Stdio_::start(&root, json!({}));
    assert_eq!(c.shutdown(), 0);
}

/// A lone surrogate in a message costs a character, not the message; an edit whose version
/// is not above the last is still applied (the document never freezes).
#[test]
fn odd_strings_and_versions_never_lose_an_edit() {
    let root = example_copy("odd");
    let mut c = Stdio_::start(&root, json!({}));
    let file = root.join("apps/orders-api/score.yaml");
    let u = uri(&file);
    let text = std::fs::read_to_string(&file).unwrap();
    let broken = text.replacen("containers:", "containerz:", 1);
    let open = format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"textDocument":{{"uri":"{u}","languageId":"yaml","version":5,"text":{}}}}}}}"#,
        serde_json::to_string(&format!("# \u{1}{broken}"))
            .unwrap()
            .replace("\\u0001", "\\udc80")
    );
    assert!(open.contains("\\udc80"));
    c.send_raw(&frame(open.as_bytes()));
    let first = c.diagnostics(&u, Some(5));
    assert!(
        first["diagnostics"].to_string().contains("INN10"),
        "{first}"
    );
    // A request carrying a lone surrogate gets its answer.
    let id = c.next_id + 1;
    c.next_id = id;
    let hover = format!(
        r#"{{"jsonrpc":"2.0","id":{id},"method":"textDocument/hover","params":{{"textDocument":{{"uri":"{u}"}},"position":{{"line":0,"character":0}},"note":"\ud800"}}}}"#
    );
    c.send_raw(&frame(hover.as_bytes()));
    let r = c.response(id);
    assert!(r.get("error").is_none(), "{r}");
    // Version 3 after version 5: applied, and checked.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 3}, "contentChanges": [{"text": text}]}),
    );
    let fixed = c.diagnostics(&u, Some(3));
    assert!(
        !fixed["diagnostics"].to_string().contains("INN101"),
        "{fixed}"
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 4}, "contentChanges": [{"text": broken}]}),
    );
    let again = c.diagnostics(&u, Some(4));
    assert!(
        again["diagnostics"].to_string().contains("INN10"),
        "{again}"
    );
    assert_eq!(c.shutdown(), 0);
}

/// Issue 16: a workspace holding hostile files (a template of 8,000 nested parentheses, a
/// list nested 300 levels deep) is indexed at start and checked when opened; the server
/// answers every feature on them and stays up. A template bomb used to overflow the stack of
/// the indexing thread, so the server died at every start.
#[test]
fn hostile_files_in_the_workspace_do_not_kill_the_server() {
    let root = example_copy("hostile");
    let parens = format!("{}1{}", "(".repeat(8_000), ")".repeat(8_000));
    let bomb = root.join("providers/database-team/workflows/bomb.yaml");
    let bomb_text = format!(
        "apiVersion: innominatus.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: bomb\nsteps:\n  - name: script\n    type: policy\n    config:\n      script: echo {{{{ {parens} }}}}\n  - name: manifest\n    type: kubernetes\n    config:\n      operation: apply\n      manifest: |\n        data: {{{{ {parens} }}}}\n"
    );
    std::fs::write(&bomb, &bomb_text).unwrap();
    let deep = root.join("apps/deep/score.yaml");
    std::fs::create_dir_all(deep.parent().unwrap()).unwrap();
    let deep_text = format!(
        "apiVersion: score.dev/v1b1\nmetadata:\n  name: deep\ncontainers:\n  main:\n    image: nginx:1.25\n    args: {}x{}\n",
        "[".repeat(300),
        "]".repeat(300)
    );
    std::fs::write(&deep, &deep_text).unwrap();

    let mut c = Stdio_::start(&root, json!({}));
    // Indexed at start: the unopened files' findings arrive without a version.
    let p = c.diagnostics(&uri(&bomb), None);
    let codes: Vec<&str> = p["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes.iter().filter(|&&c| c == "INN416").count(), 2, "{p}");

    for (path, text, code) in [(&bomb, &bomb_text, "INN416"), (&deep, &deep_text, "INN013")] {
        c.open(path, text);
        let p = c.diagnostics(&uri(path), Some(1));
        assert!(
            p["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["code"] == code),
            "{p}"
        );
        let doc = json!({"textDocument": {"uri": uri(path)}});
        for method in [
            "textDocument/semanticTokens/full",
            "textDocument/foldingRange",
            "textDocument/documentSymbol",
        ] {
            let r = c.request(method, doc.clone());
            assert!(r.get("error").is_none(), "{method}: {r}");
        }
        // Inside the hostile part.
        let mut at = doc.clone();
        at["position"] = json!({"line": 8, "character": 200});
        let r = c.request("textDocument/hover", at.clone());
        assert!(r.get("error").is_none(), "hover: {r}");
        at["context"] = json!({"triggerKind": 1});
        let r = c.request("textDocument/completion", at);
        assert!(r.get("error").is_none(), "completion: {r}");
    }
    assert_eq!(c.shutdown(), 0);
}

/// A file the watcher reports that is not a regular file — a link to `/dev/zero`, a FIFO —
/// is not read: the server stays small and keeps answering.
#[test]
fn watched_special_files_are_not_read() {
    let root = example_copy("watched-special");
    let mut c = Stdio_::start(&root, json!({}));
    let zero = root.join("apps/zero.yaml");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let fifo = root.join("apps/pipe.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&zero), "type": 1}, {"uri": uri(&fifo), "type": 1}]}),
    );
    std::thread::sleep(Duration::from_secs(2));
    let file = root.join("apps/orders-api/score.yaml");
    let r = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&file)}}),
    );
    assert!(r.get("error").is_none(), "{r}");
    let status = std::fs::read_to_string(format!("/proc/{}/status", c.child.id())).unwrap();
    let peak_kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    assert!(peak_kib < 512 * 1024, "the server grew to {peak_kib} KiB");
    assert_eq!(c.shutdown(), 0);
}
