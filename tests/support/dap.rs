//! A Debug Adapter Protocol client for the tests: starts `innominatus dap`, frames
//! requests, waits for responses and events (with timeouts), and reads the Variables view
//! back into JSON.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long any one answer may take (the machine is shared with other builds).
const PATIENCE: Duration = Duration::from_secs(30);

/// Where a move of the session ended.
#[derive(Debug)]
pub enum Landing {
    /// A `stopped` event's body.
    Stopped(Value),
    /// The run ended: the `output` events' text and the `exited` code.
    Ended { output: String, exit_code: i64 },
}

pub struct DapClient {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    /// Messages received and not yet asked for, in arrival order.
    backlog: Vec<Value>,
    seq: i64,
}

pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

impl DapClient {
    /// `innominatus dap` started in `dir`, after `initialize`.
    pub fn start(dir: &Path) -> DapClient {
        let mut child = Command::new(env!("CARGO_BIN_EXE_innominatus"))
            .arg("dap")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts");
        let stdout = child.stdout.take().unwrap();
        let stdin = child.stdin.take();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
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
                        len = Some(v.parse::<usize>().expect("a numeric Content-Length"));
                    }
                }
                let mut body = vec![0; len.expect("every frame has a Content-Length")];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                let message: Value = serde_json::from_slice(&body).expect("a JSON body");
                if tx.send(message).is_err() {
                    return;
                }
            }
        });
        let mut c = DapClient {
            child,
            stdin,
            messages: rx,
            backlog: Vec::new(),
            seq: 0,
        };
        let caps = c.ok(
            "initialize",
            json!({"adapterID": "innominatus", "linesStartAt1": true, "columnsStartAt1": true}),
        );
        assert_eq!(caps["supportsConfigurationDoneRequest"], true, "{caps}");
        c
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("input still open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    /// Sends a request; its `seq`.
    pub fn send(&mut self, command: &str, arguments: Value) -> i64 {
        self.seq += 1;
        let msg =
            json!({"seq": self.seq, "type": "request", "command": command, "arguments": arguments});
        self.send_raw(&frame(&serde_json::to_vec(&msg).unwrap()));
        self.seq
    }

    /// The next message matching `pred` (others are kept, in order).
    pub fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(m) if pred(&m) => return m,
                Ok(m) => self.backlog.push(m),
                Err(RecvTimeoutError::Timeout) => panic!("timed out waiting for {what}"),
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("the adapter is gone while waiting for {what}")
                }
            }
        }
    }

    /// The response to a request (successful or not).
    pub fn request(&mut self, command: &str, arguments: Value) -> Value {
        let seq = self.send(command, arguments);
        self.wait_for(&format!("the response to {command}"), |m| {
            m["type"] == "response" && m["request_seq"] == seq
        })
    }

    /// The body of a request's successful response.
    pub fn ok(&mut self, command: &str, arguments: Value) -> Value {
        let r = self.request(command, arguments);
        assert_eq!(r["success"], true, "{command} failed: {r}");
        assert_eq!(r["command"], command, "{r}");
        r["body"].clone()
    }

    pub fn event(&mut self, name: &str) -> Value {
        self.wait_for(&format!("the {name} event"), |m| {
            m["type"] == "event" && m["event"] == name
        })
    }

    /// `launch` with `config`, up to the `initialized` event.
    pub fn launch(&mut self, config: Value) {
        self.ok("launch", config);
        self.event("initialized");
    }

    /// Where the session lands after a move: the next `stopped` event, or the end of the
    /// run (its output, `terminated`, `exited`).
    pub fn landing(&mut self) -> Landing {
        let m = self.wait_for("a stop or the end", |m| {
            m["type"] == "event" && (m["event"] == "stopped" || m["event"] == "terminated")
        });
        if m["event"] == "stopped" {
            return Landing::Stopped(m["body"].clone());
        }
        let exited = self.event("exited");
        let mut output = String::new();
        self.backlog.retain(|m| {
            let is_output = m["type"] == "event" && m["event"] == "output";
            if is_output {
                output.push_str(m["body"]["output"].as_str().unwrap_or(""));
            }
            !is_output
        });
        Landing::Ended {
            output,
            exit_code: exited["body"]["exitCode"].as_i64().unwrap_or(-1),
        }
    }

    /// Sends a move (`continue`, `next`, …) and returns where it lands.
    pub fn step(&mut self, command: &str) -> Landing {
        self.ok(command, json!({"threadId": 1}));
        self.landing()
    }

    pub fn frames(&mut self) -> Vec<Value> {
        let body = self.ok("stackTrace", json!({"threadId": 1}));
        body["stackFrames"].as_array().cloned().unwrap_or_default()
    }

    /// The step the session is stopped at (the top frame's name without `step `).
    pub fn current_step(&mut self) -> String {
        let frames = self.frames();
        let name = frames[0]["name"].as_str().unwrap_or("");
        name.strip_prefix("step ").unwrap_or(name).to_string()
    }

    /// The scopes of the top frame: (name, variablesReference).
    pub fn scopes(&mut self) -> Vec<(String, i64)> {
        let body = self.ok("scopes", json!({"frameId": 1}));
        body["scopes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["name"].as_str().unwrap().to_string(),
                    s["variablesReference"].as_i64().unwrap(),
                )
            })
            .collect()
    }

    /// The scope named `name`, read back into JSON through `variables`.
    pub fn scope(&mut self, name: &str) -> Value {
        let reference = self
            .scopes()
            .into_iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no scope {name}"))
            .1;
        if reference == 0 {
            return json!({});
        }
        self.read_back(reference, "object")
    }

    /// The variables under `reference` as the JSON value of type `kind` they show.
    pub fn read_back(&mut self, reference: i64, kind: &str) -> Value {
        let body = self.ok("variables", json!({"variablesReference": reference}));
        let mut object = serde_json::Map::new();
        let mut array = Vec::new();
        for v in body["variables"].as_array().unwrap() {
            let child_ref = v["variablesReference"].as_i64().unwrap_or(0);
            let text = v["value"].as_str().unwrap_or("");
            let value = match (v["type"].as_str().unwrap_or(""), child_ref) {
                (k @ ("object" | "array"), r) if r > 0 => self.read_back(r, k),
                ("object", _) => json!({}),
                ("array", _) => json!([]),
                ("string", _) => json!(text),
                ("null", _) => Value::Null,
                (_, _) => serde_json::from_str(text).unwrap_or_else(|_| json!(text)),
            };
            array.push(value.clone());
            object.insert(v["name"].as_str().unwrap().to_string(), value);
        }
        if kind == "array" {
            Value::Array(array)
        } else {
            Value::Object(object)
        }
    }

    /// The variablesReference of scope `name`.
    pub fn scope_reference(&mut self, name: &str) -> i64 {
        self.scopes()
            .into_iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no scope {name}"))
            .1
    }

    /// Closes the adapter's input and waits for it to exit; its exit status.
    pub fn close(mut self) -> Option<i32> {
        drop(self.stdin.take());
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for DapClient {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
