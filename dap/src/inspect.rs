//! What a stopped session shows the client: the stack, the scopes and their variables
//! (each expandable value given a reference until the next stop), and what changes them:
//! `setVariable` and the debug console's `evaluate`.

use crate::render::{children, expands, range, shown, source};
use crate::server::{Answer, Reference, Server, THREAD};
use innominatus_engine::project::debug::{Evaluation, ScopeKind};
use serde_json::{json, Value};

impl Server<'_> {
    pub(crate) fn stack_trace(&mut self) -> Answer {
        let origin = self.origin;
        let s = self.session()?;
        let Some(k) = s.current() else {
            return Ok(json!({ "stackFrames": [], "totalFrames": 0 }));
        };
        let frames: Vec<Value> = s
            .frames(k)
            .iter()
            .enumerate()
            .map(|(level, f)| {
                let mut frame = match (f.span, s.source(&f.file)) {
                    (Some(span), Some(src)) => range(src, span, origin),
                    _ => serde_json::Map::new(),
                };
                frame.entry("line").or_insert(json!(0));
                frame.entry("column").or_insert(json!(0));
                frame.insert("id".into(), json!(level + 1));
                frame.insert("name".into(), json!(f.name));
                if !f.file.is_empty() {
                    frame.insert("source".into(), source(&f.file));
                }
                frame.insert("canRestart".into(), json!(true));
                Value::Object(frame)
            })
            .collect();
        let total = frames.len();
        Ok(json!({ "stackFrames": frames, "totalFrames": total }))
    }

    pub(crate) fn remember(&mut self, scope: ScopeKind, path: Vec<String>, value: &Value) -> usize {
        if !expands(value) {
            return 0;
        }
        self.refs.push(Reference {
            scope,
            path,
            value: value.clone(),
        });
        self.refs.len()
    }

    pub(crate) fn scopes(&mut self) -> Answer {
        let s = self.session()?;
        let Some(k) = s.current() else {
            return Ok(json!({ "scopes": [] }));
        };
        let scopes = s.scopes(k);
        let mut out = Vec::new();
        for (kind, value) in scopes {
            let reference = self.remember(kind, Vec::new(), &value);
            // An empty scope still shows (with nothing inside): say so rather than hide it.
            out.push(json!({
                "name": kind.label(),
                "variablesReference": reference,
                "namedVariables": children(&value).len(),
                "expensive": false,
                "presentationHint": if kind == ScopeKind::Step { "locals" } else { "registers" },
            }));
        }
        Ok(json!({ "scopes": out }))
    }

    pub(crate) fn variables(&mut self, args: &Value) -> Answer {
        let n = args["variablesReference"].as_u64().unwrap_or(0) as usize;
        let Some(r) = n.checked_sub(1).and_then(|i| self.refs.get(i)) else {
            return Err(format!("unknown variablesReference {n}"));
        };
        let (scope, path, value) = (r.scope, r.path.clone(), r.value.clone());
        let mut out = Vec::new();
        for (name, child) in children(&value) {
            let mut child_path = path.clone();
            child_path.push(name.clone());
            let reference = self.remember(scope, child_path, &child);
            let (shown, kind) = shown(&child);
            out.push(json!({
                "name": name, "value": shown, "type": kind, "variablesReference": reference,
            }));
        }
        Ok(json!({ "variables": out }))
    }

    pub(crate) fn set_variable(
        &mut self,
        args: &Value,
        after: &mut Vec<(String, Value)>,
    ) -> Answer {
        let n = args["variablesReference"].as_u64().unwrap_or(0) as usize;
        let name = args["name"].as_str().ok_or("setVariable needs `name`")?;
        let value = match &args["value"] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let Some(r) = n.checked_sub(1).and_then(|i| self.refs.get(i)) else {
            return Err(format!("unknown variablesReference {n}"));
        };
        let (scope, mut path) = (r.scope, r.path.clone());
        path.push(name.to_string());
        self.session()?.set_variable(scope, &path, &value)?;
        self.refs.clear();
        after.push((
            "invalidated".into(),
            json!({ "areas": ["variables", "stacks"], "threadId": THREAD }),
        ));
        Ok(json!({ "value": value, "type": "string", "variablesReference": 0 }))
    }

    pub(crate) fn evaluate(&mut self, args: &Value, after: &mut Vec<(String, Value)>) -> Answer {
        let expression = args["expression"]
            .as_str()
            .ok_or("evaluate needs `expression`")?;
        match self.session()?.evaluate(expression, None)? {
            Evaluation::Value(v) => Ok(json!({ "result": v, "variablesReference": 0 })),
            Evaluation::Changed(what) => {
                self.refs.clear();
                after.push((
                    "invalidated".into(),
                    json!({ "areas": ["variables", "stacks"], "threadId": THREAD }),
                ));
                Ok(json!({ "result": what, "variablesReference": 0 }))
            }
        }
    }
}
