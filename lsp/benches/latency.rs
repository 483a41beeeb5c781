//! Latency and memory of the real `innominatus lsp` over stdio (`cargo bench -p
//! innominatus-lsp`). Uses `target/release/innominatus` (built first if missing, or set
//! `INNOMINATUS_BIN`). Every input is generated here, deterministically.
//!
//! 1. didChange → publishDiagnostics on a 5,000-line workflow, debounce set to 0 through
//!    the settings so the figure is the server's own work: p50/p95/p99/max.
//! 2. completion p50/p95/p99 on the same file (when the server offers completion).
//! 3. resident memory with a 1,000-file workspace indexed and checked.
//! 4. stress: malformed JSON-RPC, a 50,000-line file, binary text, 10,000 rapid edits;
//!    resident memory before and after, to see that it returns to its starting range.
//! 5. repeated stress: ten rounds of (open the 50,000-line file, close it, 2,000 rapid
//!    edits of a small file); resident memory after each round, to see that it does not
//!    grow from round to round.
//!
//! The starting range (parts 4 and 5) is the resident memory after `initialize`, the
//! workspace folder indexed (an empty folder: the documents exist only in the editor) and
//! one small workflow opened and checked, so that what every session builds once (the
//! workflow schema's validator, the runtime's threads) is already in it. "Back in its
//! starting range" means: at most 2 MB ([`RANGE_KB`]) above that figure 1.5 s after the
//! last edit was answered. The margin is glibc's per-thread cache of small freed blocks
//! (tcache): each blocking thread that ran a check keeps up to about 240 kB of them, and the
//! pages they pin, which no trim gives back until the thread ends (the server ends idle
//! blocking threads after a second); with `GLIBC_TUNABLES=glibc.malloc.tcache_count=0` the
//! heap after five rounds of part 5 was 0.1 MB above its start. Everything the server
//! itself holds returns (heaptrack: live heap after a round within 0.1 MB of the start).
//! Before the transport kept no buffer at its high-water mark, the server ended 5.5 MB
//! above its start. The figures include the executable's own resident pages (about 13 MB
//! of the start), which no stress changes.

use serde_json::{json, Value};
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next_id: i64,
    /// The initialize result (for capability checks).
    initialized: Value,
}

impl Server {
    fn start(bin: &Path, root: &Path, options: Value) -> Server {
        let mut child = Command::new(bin)
            .args(["lsp", "--log-level", "error"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the server");
        let stdout = child.stdout.take().unwrap();
        let stdin = child.stdin.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = 0;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    if line.trim().is_empty() {
                        break;
                    }
                    if let Some(v) = line.trim().strip_prefix("Content-Length: ") {
                        len = v.parse().unwrap();
                    }
                }
                let mut body = vec![0; len];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                let Ok(v) = serde_json::from_slice::<Value>(&body) else {
                    return;
                };
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        let mut s = Server {
            child,
            stdin,
            rx,
            next_id: 0,
            initialized: Value::Null,
        };
        let init = s.request(
            "initialize",
            json!({"capabilities": {"general": {"positionEncodings": ["utf-8"]}},
                   "workspaceFolders": [{"uri": uri(root), "name": "bench"}],
                   "initializationOptions": options}),
        );
        s.notify("initialized", json!({}));
        s.initialized = init;
        s
    }

    fn send(&mut self, v: &Value) {
        let body = serde_json::to_vec(v).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(&body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| m["id"] == id && m.get("method").is_none())
    }

    fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        loop {
            let m = self
                .rx
                .recv_timeout(Duration::from_secs(120))
                .expect("the server answers");
            if pred(&m) {
                return m;
            }
        }
    }

    fn diagnostics(&mut self, uri: &str, version: i64) -> Value {
        self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        })
    }

    /// Resident memory now and at its peak (kB), from /proc.
    fn memory(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
                .unwrap_or(0)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }

    /// Writes raw bytes, framed or not, as a broken client would.
    fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let _ = self.child.wait();
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn percentiles(mut v: Vec<f64>) -> String {
    v.sort_by(|a, b| a.total_cmp(b));
    let p = |q: f64| v[((v.len() as f64 - 1.0) * q).round() as usize];
    format!(
        "n={} p50={:.2} ms p95={:.2} ms p99={:.2} ms max={:.2} ms",
        v.len(),
        p(0.50),
        p(0.95),
        p(0.99),
        v[v.len() - 1]
    )
}

/// A provider workflow of exactly `lines` lines that lints clean but for one informational
/// finding, like a real one: policy steps in a `dependsOn` chain with templated scripts.
fn workflow(lines: usize, seed: usize) -> String {
    let mut out = String::new();
    out.push_str("apiVersion: innominatus.io/v1alpha1\nkind: Workflow\nmetadata:\n");
    let _ = writeln!(out, "  name: generated-{seed}");
    out.push_str("  description: generated for the latency benchmark\nsteps:\n");
    let mut count = 6;
    let mut i = 0;
    while count + 10 <= lines {
        let _ = writeln!(out, "  - name: step-{i}\n    type: policy");
        if i > 0 {
            let _ = writeln!(out, "    dependsOn: [step-{}]", i - 1);
        } else {
            out.push_str("    dependsOn: []\n");
        }
        let _ = writeln!(
            out,
            "    config:\n      script: |\n        #!/usr/bin/env bash\n        set -euo pipefail\n        echo \"step {i} for {{{{ .parameters.app_name }}}}\"\n        kubectl get ns \"{{{{ .parameters.namespace }}}}\" >/dev/null"
        );
        count += 10;
        i += 1;
    }
    while count < lines {
        out.push_str("# padding\n");
        count += 1;
    }
    out
}

/// A Score spec of about 60 lines that lints clean.
fn score(i: usize) -> String {
    let mut out = format!(
        "apiVersion: score.dev/v1b1\nmetadata:\n  name: app-{i}\n  annotations:\n    acme-shop.example/owner-team: team-{i}\ncontainers:\n  main:\n    image: registry.example/app-{i}:1.{i}\n    resources:\n      limits:\n        cpu: 500m\n        memory: 256Mi\n    variables:\n"
    );
    for v in 0..16 {
        let _ = writeln!(out, "      VAR_{v}: \"${{resources.db.host}}\"");
    }
    out.push_str("resources:\n  db:\n    type: postgres\n");
    for r in 0..8 {
        let _ = write!(
            out,
            "  cache-{r}:\n    type: redis\n    params:\n      size: small\n"
        );
    }
    out
}

/// Rounds of part 5.
const ROUNDS: usize = 10;
/// How far above its start resident memory may be and still count as back in its
/// starting range (see the module comment).
const RANGE_KB: u64 = 2048;

/// `now` against `start`: the difference and whether it is within the starting range.
fn over(start: u64, now: u64) -> String {
    let diff = now as i64 - start as i64;
    let verdict = if now <= start + RANGE_KB {
        "in range"
    } else {
        "OUT OF RANGE"
    };
    format!("{diff:+} kB, {verdict}")
}

fn binary() -> PathBuf {
    if let Some(b) = std::env::var_os("INNOMINATUS_BIN") {
        return PathBuf::from(b);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let bin = root.join("target/release/innominatus");
    if !bin.exists() {
        let status = Command::new(env!("CARGO"))
            .args(["build", "--release", "--bin", "innominatus"])
            .current_dir(&root)
            .status()
            .expect("cargo build");
        assert!(status.success());
    }
    bin
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("inn-bench-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.canonicalize().unwrap()
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is not supported.
    let bin = binary();
    println!("server: {}", bin.display());
    let fast = json!({"debounceMs": 0, "workspaceDebounceMs": 1000});

    // 1 and 2: one 5,000-line workflow.
    let dir = scratch("5k");
    let path = dir.join("workflow.yaml");
    let text = workflow(5000, 1);
    std::fs::write(&path, &text).unwrap();
    let mut s = Server::start(&bin, &dir, fast.clone());
    let u = uri(&path);
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": u, "languageId": "yaml", "version": 0, "text": text}}),
    );
    s.diagnostics(&u, 0);
    // Toggle one letter of a value: `for` ↔ `fox` in step 100's script.
    let needle = "echo \"step 100 for";
    let line = text.lines().position(|l| l.contains(needle)).unwrap() as u32;
    let col = (text
        .lines()
        .nth(line as usize)
        .unwrap()
        .find(needle)
        .unwrap()
        + needle.len()
        - 1) as u32;
    let mut times = Vec::new();
    for v in 1..=300i64 {
        let letter = if v % 2 == 1 { "x" } else { "r" };
        let t = Instant::now();
        s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": u, "version": v},
                   "contentChanges": [{"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 1}}, "text": letter}]}),
        );
        s.diagnostics(&u, v);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "didChange -> publishDiagnostics, 5,000-line workflow (debounce 0): {}",
        percentiles(times)
    );
    let has_completion = s.initialized["result"]["capabilities"]["completionProvider"].is_object();
    if has_completion {
        let dep = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.starts_with("    dependsOn: [step-"))
            .nth(100)
            .unwrap()
            .0 as u32;
        let mut times = Vec::new();
        for _ in 0..300 {
            let t = Instant::now();
            let r = s.request(
                "textDocument/completion",
                json!({"textDocument": {"uri": u}, "position": {"line": dep, "character": 17}}),
            );
            assert!(r.get("error").is_none(), "{r}");
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        println!(
            "completion in dependsOn, 5,000-line workflow: {}",
            percentiles(times)
        );
    } else {
        println!("completion: not offered by this server build");
    }
    let (rss, peak) = s.memory();
    println!("resident memory with the 5,000-line file open: {rss} kB (peak {peak} kB)");
    s.stop();

    // 3: a 1,000-file workspace.
    let dir = scratch("1k");
    for i in 0..1000 {
        let (name, body) = if i % 2 == 0 {
            (format!("apps/app-{i}/score.yaml"), score(i))
        } else {
            (format!("workflows/wf-{i}.yaml"), workflow(60, i))
        };
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, body).unwrap();
    }
    let t = Instant::now();
    let mut s = Server::start(&bin, &dir, fast.clone());
    // Workspace symbols see the index once loading swapped it in (a small answer, so the
    // measurement is not inflated by the probe itself).
    loop {
        let r = s.request("workspace/symbol", json!({"query": "app-998"}));
        if r["result"].as_array().is_some_and(|a| !a.is_empty()) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let loaded = t.elapsed();
    std::thread::sleep(Duration::from_millis(1500)); // let the first workspace check finish
    let (rss, peak) = s.memory();
    println!(
        "1,000-file workspace: indexed in {:.0} ms; resident memory {rss} kB (peak {peak} kB)",
        loaded.as_secs_f64() * 1000.0
    );
    s.stop();

    // 4: stress and memory.
    let dir = scratch("stress");
    let mut s = Server::start(&bin, &dir, json!({}));
    let small = dir.join("small.yaml");
    let small_text = workflow(60, 7);
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(&small), "languageId": "yaml", "version": 0, "text": small_text}}),
    );
    s.diagnostics(&uri(&small), 0);
    let (start_rss, _) = s.memory();
    // Malformed JSON-RPC: each is answered with an error and the server goes on.
    for bad in [
        &b"Content-Length: 9\r\n\r\n{not json"[..],
        b"Content-Length: 20\r\n\r\n{\"id\":5,\"what\":\"no\"}",
        b"X-Garbage: yes\r\n\r\n",
    ] {
        s.send_raw(bad);
        s.wait(|m| m.get("error").is_some() && m.get("method").is_none());
    }
    let big = dir.join("big.yaml");
    let big_text = workflow(50_000, 2);
    let t = Instant::now();
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(&big), "languageId": "yaml", "version": 0, "text": big_text}}),
    );
    s.diagnostics(&uri(&big), 0);
    println!(
        "50,000-line file: first diagnostics after {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    s.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri(&big)}}),
    );
    let bin_doc = dir.join("binary.yaml");
    let junk: String = (0..20_000u32)
        .map(|i| char::from_u32(i % 0x2FF).unwrap_or('?'))
        .collect();
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(&bin_doc), "languageId": "yaml", "version": 0, "text": junk}}),
    );
    s.diagnostics(&uri(&bin_doc), 0);
    s.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri(&bin_doc)}}),
    );
    let t = Instant::now();
    for v in 1..=10_000i64 {
        s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri(&small), "version": v},
                   "contentChanges": [{"range": {"start": {"line": 3, "character": 2}, "end": {"line": 3, "character": 2}}, "text": if v % 2 == 0 { "x" } else { "#" }}]}),
        );
    }
    s.diagnostics(&uri(&small), 10_000);
    println!(
        "10,000 rapid edits: last diagnostics {:.0} ms after the first edit",
        t.elapsed().as_secs_f64() * 1000.0
    );
    std::thread::sleep(Duration::from_millis(1500));
    let (end_rss, peak) = s.memory();
    // tokio's blocking threads idle for 10 s before they exit, with their stacks.
    std::thread::sleep(Duration::from_millis(10_500));
    let (settled_rss, _) = s.memory();
    let r = s.request("innominatus/graph", json!({}));
    assert!(r.get("result").is_some(), "the server still answers");
    println!(
        "stress memory: {start_rss} kB before, {end_rss} kB 1.5 s after ({}), {settled_rss} kB 12 s after ({}) (peak {peak} kB)",
        over(start_rss, end_rss),
        over(start_rss, settled_rss),
    );
    s.stop();

    // 5: repeated stress, to see growth per round.
    let dir = scratch("rounds");
    let mut s = Server::start(&bin, &dir, json!({}));
    let small = uri(&dir.join("small.yaml"));
    let big = uri(&dir.join("big.yaml"));
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": small, "languageId": "yaml", "version": 0, "text": small_text}}),
    );
    s.diagnostics(&small, 0);
    let (start_rss, _) = s.memory();
    let mut rounds = Vec::new();
    let mut version = 0i64;
    for _ in 0..ROUNDS {
        s.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": big, "languageId": "yaml", "version": 0, "text": big_text}}),
        );
        s.diagnostics(&big, 0);
        s.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": big}}),
        );
        // Type a character and delete it again, so that every round ends with the same
        // text and any growth is the server's.
        for _ in 0..2_000 {
            version += 1;
            let (end, text) = if version % 2 == 1 { (2, "#") } else { (3, "") };
            s.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": small, "version": version},
                       "contentChanges": [{"range": {"start": {"line": 3, "character": 2}, "end": {"line": 3, "character": end}}, "text": text}]}),
            );
        }
        s.diagnostics(&small, version);
        std::thread::sleep(Duration::from_millis(1500));
        rounds.push(s.memory().0);
    }
    let peak = s.memory().1;
    let listed: Vec<String> = rounds.iter().map(|r| r.to_string()).collect();
    println!(
        "repeated stress memory: {start_rss} kB before, after each round {} kB (peak {peak} kB); first round {}, last round {}, last - first round {:+} kB",
        listed.join(", "),
        over(start_rss, rounds[0]),
        over(start_rss, rounds[ROUNDS - 1]),
        rounds[ROUNDS - 1] as i64 - rounds[0] as i64
    );
    s.stop();
}
