//! `setBreakpoints` and `setFunctionBreakpoints`: the engine's placements in the
//! protocol's shapes (a verified breakpoint moves to its step's range).

use crate::render::{range, source};
use crate::server::{Answer, Server};
use innominatus_engine::project::debug::{FunctionBreakpoint, LineBreakpoint, Placement};
use serde_json::{json, Value};

impl Server<'_> {
    pub(crate) fn set_breakpoints(&mut self, args: &Value) -> Answer {
        let path = args["source"]["path"]
            .as_str()
            .ok_or("setBreakpoints needs `source.path`")?
            .to_string();
        let origin = self.origin;
        let wanted: Vec<LineBreakpoint> = args["breakpoints"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|b| LineBreakpoint {
                        line: (b["line"].as_u64().unwrap_or(0) as usize)
                            .saturating_sub(origin.line),
                        condition: b["condition"]
                            .as_str()
                            .filter(|c| !c.trim().is_empty())
                            .map(str::to_string),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let lines: Vec<usize> = wanted.iter().map(|b| b.line).collect();
        let s = self.session()?;
        let placed = s.set_line_breakpoints(&path, wanted);
        let src = s.source(&path);
        let breakpoints: Vec<Value> = placed
            .iter()
            .zip(lines)
            .enumerate()
            .map(|(n, (p, line))| match (p, src) {
                (Placement::Step(span), Some(src)) => {
                    let mut b = range(src, *span, origin);
                    b.insert("id".into(), json!(n + 1));
                    b.insert("verified".into(), json!(true));
                    b.insert("source".into(), source(&path));
                    Value::Object(b)
                }
                (Placement::Unverified(why), _) => json!({
                    "id": n + 1, "verified": false, "message": why,
                    "line": line + origin.line, "source": source(&path),
                }),
                (Placement::Step(_), None) => json!({ "id": n + 1, "verified": false }),
            })
            .collect();
        Ok(json!({ "breakpoints": breakpoints }))
    }

    pub(crate) fn set_function_breakpoints(&mut self, args: &Value) -> Answer {
        let wanted: Vec<FunctionBreakpoint> = args["breakpoints"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|b| {
                        Some(FunctionBreakpoint {
                            name: b["name"].as_str()?.to_string(),
                            condition: b["condition"].as_str().map(str::to_string),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let names: Vec<String> = wanted.iter().map(|f| f.name.clone()).collect();
        let verified = self.session()?.set_function_breakpoints(wanted);
        let out: Vec<Value> = verified
            .iter()
            .zip(names)
            .map(|(v, name)| {
                if *v {
                    json!({ "verified": true })
                } else {
                    json!({ "verified": false, "message": format!("no step is named '{name}'") })
                }
            })
            .collect();
        Ok(json!({ "breakpoints": out }))
    }
}
