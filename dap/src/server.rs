//! The adapter: one request at a time, in arrival order, each answered with the engine's
//! session ([`innominatus_engine::project::debug`]) rendered in the protocol's shapes.
//! A request the adapter cannot answer gets an error response; nothing ends the server
//! but `disconnect` or the end of its input.

use crate::launch::{launch, Launch};
use crate::render::{source, Origin};
use crate::transport::{self, Incoming};
use innominatus_engine::project::debug::{Event, ScopeKind, Session, EXCEPTION_FILTERS};
use serde_json::{json, Value};
use std::io::{self, BufRead, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The only thread: a dry run is one sequence of steps.
pub(crate) const THREAD: i64 = 1;

/// A node of the Variables view: its scope, its path from the scope's root, its value.
pub(crate) struct Reference {
    pub(crate) scope: ScopeKind,
    pub(crate) path: Vec<String>,
    pub(crate) value: Value,
}

/// What a request handler hands back: the response body, or an error message.
pub(crate) type Answer = Result<Value, String>;

pub struct Server<'o> {
    pub(crate) out: &'o mut dyn Write,
    pub(crate) seq: i64,
    pub(crate) session: Option<Session>,
    pub(crate) launch_args: Value,
    pub(crate) stop_on_entry: bool,
    /// `noDebug` (VS Code's "Run Without Debugging"): the run goes to its end, breakpoints
    /// or not.
    pub(crate) no_debug: bool,
    /// Variable references handed out since the last stop (`n` is `refs[n - 1]`).
    pub(crate) refs: Vec<Reference>,
    pub(crate) origin: Origin,
    /// Set by `disconnect`.
    pub(crate) done: bool,
}

impl<'o> Server<'o> {
    pub fn new(out: &'o mut dyn Write) -> Server<'o> {
        Server {
            out,
            seq: 0,
            session: None,
            launch_args: Value::Null,
            stop_on_entry: false,
            no_debug: false,
            refs: Vec::new(),
            origin: Origin { line: 1, column: 1 },
            done: false,
        }
    }

    /// Serves `input` until it ends or the client disconnects.
    pub fn serve(&mut self, input: &mut dyn BufRead) -> io::Result<()> {
        while !self.done {
            match transport::read(input) {
                Ok(Incoming::Message(m)) => self.handle(m)?,
                Ok(Incoming::Malformed(why)) => self.reply(&Value::Null, "", Err(why))?,
                Ok(Incoming::Closed) | Err(_) => break,
            }
        }
        Ok(())
    }

    pub(crate) fn send(&mut self, mut message: Value) -> io::Result<()> {
        self.seq += 1;
        message["seq"] = json!(self.seq);
        transport::write(self.out, &message)
    }

    pub(crate) fn event(&mut self, event: &str, body: Value) -> io::Result<()> {
        self.send(json!({ "type": "event", "event": event, "body": body }))
    }

    pub(crate) fn reply(
        &mut self,
        request_seq: &Value,
        command: &str,
        answer: Answer,
    ) -> io::Result<()> {
        let seq = request_seq.as_i64().unwrap_or(0);
        match answer {
            Ok(body) => self.send(json!({
                "type": "response", "request_seq": seq, "success": true,
                "command": command, "body": body,
            })),
            Err(message) => self.send(json!({
                "type": "response", "request_seq": seq, "success": false,
                "command": command, "message": message,
                "body": { "error": { "id": 1, "format": message, "showUser": true } },
            })),
        }
    }

    pub(crate) fn handle(&mut self, m: Value) -> io::Result<()> {
        let seq = m.get("seq").cloned().unwrap_or(Value::Null);
        let command = m
            .get("command")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        if m.get("type").and_then(Value::as_str) != Some("request") || command.is_empty() {
            let why = "expected a request: an object with \"type\": \"request\" and a \"command\"";
            return self.reply(&seq, &command, Err(why.into()));
        }
        let args = m.get("arguments").cloned().unwrap_or(json!({}));
        // Events a request causes go out after its response (the protocol's order).
        let mut after: Vec<(String, Value)> = Vec::new();
        let answer = catch_unwind(AssertUnwindSafe(|| {
            self.dispatch(&command, &args, &mut after)
        }))
        .unwrap_or_else(|_| Err(format!("internal error while answering `{command}`")));
        self.reply(&seq, &command, answer)?;
        for (event, body) in after {
            self.event(&event, body)?;
        }
        Ok(())
    }

    pub(crate) fn session(&mut self) -> Result<&mut Session, String> {
        self.session
            .as_mut()
            .ok_or_else(|| "no workflow is launched yet: send `launch` first".to_string())
    }

    pub(crate) fn dispatch(
        &mut self,
        command: &str,
        args: &Value,
        after: &mut Vec<(String, Value)>,
    ) -> Answer {
        match command {
            "initialize" => Ok(self.initialize(args)),
            "launch" => {
                let l = launch(args)?;
                self.start(l, args.clone())?;
                after.push(("initialized".into(), json!({})));
                Ok(json!({}))
            }
            "attach" => Err("`innominatus dap` simulates a workflow: use `launch`".into()),
            "configurationDone" => {
                let (stop_on_entry, no_debug) = (self.stop_on_entry, self.no_debug);
                let s = self.session()?;
                let event = if no_debug {
                    s.restart_at(usize::MAX)
                } else {
                    s.begin(stop_on_entry)
                };
                self.moved(event, after);
                Ok(json!({}))
            }
            "setBreakpoints" => self.set_breakpoints(args),
            "setFunctionBreakpoints" => self.set_function_breakpoints(args),
            "setExceptionBreakpoints" => {
                let filters: Vec<&str> = args["filters"]
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let s = self.session()?;
                s.breakpoints.on_failure = filters.contains(&"fail");
                s.breakpoints.on_skip = filters.contains(&"skip");
                let verified: Vec<Value> = filters
                    .iter()
                    .map(|f| json!({ "verified": EXCEPTION_FILTERS.iter().any(|(id, _)| id == f) }))
                    .collect();
                Ok(json!({ "breakpoints": verified }))
            }
            "threads" => Ok(self.threads()),
            "stackTrace" => self.stack_trace(),
            "scopes" => self.scopes(),
            "variables" => self.variables(args),
            "setVariable" => self.set_variable(args, after),
            "continue" => {
                let event = self.session()?.resume();
                self.moved(event, after);
                Ok(json!({ "allThreadsContinued": true }))
            }
            "next" | "stepIn" => {
                let event = self.session()?.next_step();
                self.moved(event, after);
                Ok(json!({}))
            }
            "stepOut" => {
                let event = self.session()?.step_out();
                self.moved(event, after);
                Ok(json!({}))
            }
            "pause" => {
                let event = self.session()?.pause();
                self.moved(event, after);
                Ok(json!({}))
            }
            "restart" => {
                let args = match args.get("arguments") {
                    Some(a) if a.is_object() => a.clone(),
                    _ => self.launch_args.clone(),
                };
                let l = launch(&args)?;
                let stop_on_entry = l.stop_on_entry;
                self.start(l, args)?;
                let event = self.session()?.begin(stop_on_entry);
                self.moved(event, after);
                Ok(json!({}))
            }
            "restartFrame" => {
                let level = args["frameId"].as_u64().unwrap_or(1).saturating_sub(1) as usize;
                let s = self.session()?;
                let here = s.current().ok_or("the session is not stopped")?;
                let k = s.frame_start(here, level);
                let event = s.restart_at(k);
                self.moved(event, after);
                Ok(json!({}))
            }
            "terminate" => {
                if let Some(s) = self.session.as_mut() {
                    if !s.is_ended() {
                        self.ended(after);
                    }
                }
                Ok(json!({}))
            }
            "disconnect" => {
                self.done = true;
                Ok(json!({}))
            }
            "evaluate" => self.evaluate(args, after),
            "loadedSources" => {
                let s = self.session()?;
                let mut files: Vec<String> =
                    s.report().runs.iter().map(|r| r.file.clone()).collect();
                files.retain(|f| !f.is_empty());
                files.dedup();
                Ok(json!({ "sources": files.iter().map(|f| source(f)).collect::<Vec<_>>() }))
            }
            "source" => {
                let path = args["source"]["path"].as_str().unwrap_or("");
                let s = self.session()?;
                let text = s
                    .source(path)
                    .and_then(|src| src.text.clone())
                    .ok_or_else(|| format!("{path} is not part of this debug session"))?;
                Ok(json!({ "content": text, "mimeType": "text/yaml" }))
            }
            other => Err(format!("`{other}` is not supported by innominatus dap")),
        }
    }

    pub(crate) fn initialize(&mut self, args: &Value) -> Value {
        self.origin = Origin {
            line: usize::from(args["linesStartAt1"].as_bool().unwrap_or(true)),
            column: usize::from(args["columnsStartAt1"].as_bool().unwrap_or(true)),
        };
        let filters: Vec<Value> = EXCEPTION_FILTERS
            .iter()
            .map(|(id, label)| json!({ "filter": id, "label": label, "default": false }))
            .collect();
        json!({
            "supportsConfigurationDoneRequest": true,
            "supportsConditionalBreakpoints": true,
            "supportsFunctionBreakpoints": true,
            "exceptionBreakpointFilters": filters,
            "supportsSetVariable": true,
            "supportsRestartRequest": true,
            "supportsRestartFrame": true,
            "supportsEvaluateForHovers": true,
            "supportsTerminateRequest": true,
            "supportsLoadedSourcesRequest": true,
            "supportsStepBack": false,
            "supportsHitConditionalBreakpoints": false,
            "supportsLogPoints": false,
        })
    }

    /// Starts (or restarts) the session from a launch, keeping breakpoints set before.
    pub(crate) fn start(&mut self, l: Launch, args: Value) -> Result<(), String> {
        match self.session.as_mut() {
            Some(s) => s
                .relaunch(l.subject, l.workspace, l.request)
                .map_err(|e| e.to_string())?,
            None => {
                let s =
                    Session::start(l.subject, l.workspace, l.request).map_err(|e| e.to_string())?;
                self.session = Some(s);
            }
        }
        self.stop_on_entry = l.stop_on_entry;
        self.no_debug = args["noDebug"].as_bool().unwrap_or(false);
        self.launch_args = args;
        self.refs.clear();
        Ok(())
    }

    /// The events of a move: a stop, or the end of the run.
    pub(crate) fn moved(&mut self, event: Event, after: &mut Vec<(String, Value)>) {
        self.refs.clear();
        match event {
            Event::Stopped(reason, description) => after.push((
                "stopped".into(),
                json!({
                    "reason": reason.name(),
                    "description": description,
                    "threadId": THREAD,
                    "allThreadsStopped": true,
                }),
            )),
            Event::Ended => self.ended(after),
        }
    }

    /// The timeline `workflow test --dry-run --format text` prints, then the end.
    pub(crate) fn ended(&mut self, after: &mut Vec<(String, Value)>) {
        let Some(s) = self.session.as_mut() else {
            return;
        };
        if !s.is_ended() {
            // A terminated session leaves its stop: nothing is stopped any more.
            let _ = s.restart_at(usize::MAX);
        }
        let report = s.report();
        let exit_code = i32::from(report.status() != "succeeded");
        after.push((
            "output".into(),
            json!({ "category": "stdout", "output": report.text() }),
        ));
        after.push(("terminated".into(), json!({})));
        after.push(("exited".into(), json!({ "exitCode": exit_code })));
    }

    pub(crate) fn threads(&self) -> Value {
        let name = self
            .session
            .as_ref()
            .and_then(|s| s.report().runs.first().map(|r| r.file.clone()))
            .unwrap_or_else(|| "dry run".into());
        json!({ "threads": [{ "id": THREAD, "name": format!("dry run of {name}") }] })
    }
}
