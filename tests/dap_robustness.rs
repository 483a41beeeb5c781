//! `innominatus dap` under input no debugger should send: broken frames, bodies that are
//! not JSON or not requests, unknown commands, requests out of order, launch
//! configurations that name nothing. Each gets an error response; the adapter keeps
//! serving and exits when its input closes.

mod support;

use serde_json::json;
use support::dap::{frame, DapClient, Landing};
use support::repo_root;

/// The next response the adapter sends, which must be a failure; its message.
fn failure(c: &mut DapClient) -> String {
    let r = c.wait_for("an error response", |m| m["type"] == "response");
    assert_eq!(r["success"], false, "{r}");
    r["message"].as_str().unwrap_or("").to_string()
}

#[test]
fn malformed_input_gets_errors_and_the_session_goes_on() {
    let mut c = DapClient::start(&repo_root());
    c.send_raw(b"this is not a header\r\n\r\n");
    assert!(failure(&mut c).contains("not a header"));
    c.send_raw(&frame(b"{ not json"));
    assert!(failure(&mut c).contains("not JSON"));
    c.send_raw(&frame(b"[1, 2, 3]"));
    assert!(failure(&mut c).contains("JSON object"));
    c.send_raw(&frame(br#"{"seq": 7, "type": "event", "event": "x"}"#));
    assert!(failure(&mut c).contains("expected a request"));
    c.send_raw(b"Content-Length: 99999999999999999999\r\n\r\n");
    assert!(failure(&mut c).contains("Content-Length"));

    // Requests that need a session, before launch.
    let r = c.request("stackTrace", json!({"threadId": 1}));
    assert_eq!(r["success"], false);
    assert!(r["message"].as_str().unwrap().contains("launch"), "{r}");
    let r = c.request("flyToTheMoon", json!({}));
    assert!(
        r["message"].as_str().unwrap().contains("not supported"),
        "{r}"
    );

    // Launch configurations that cannot be run.
    for (config, says) in [
        (json!({}), "needs `workflow`"),
        (
            json!({"workflow": "no/such/file.yaml"}),
            "no/such/file.yaml",
        ),
        (
            json!({"workflow": repo_root().join("examples/workflows/deploy-app.yaml"), "engine": "quantum"}),
            "unknown engine",
        ),
        (
            json!({"workflow": repo_root().join("examples/workflows/deploy-app.yaml"), "scenario": {"explode": ["a"]}}),
            "unknown scenario key",
        ),
        (
            json!({"workflow": repo_root().join("examples/workflows/deploy-app.yaml"), "params": [1]}),
            "`params` must be an object",
        ),
        (
            json!({"workflow": repo_root().join("examples/goldenpaths.yaml")}),
            "goldenpaths.yaml",
        ),
    ] {
        let r = c.request("launch", config.clone());
        assert_eq!(r["success"], false, "{config}: {r}");
        let message = r["message"].as_str().unwrap();
        assert!(message.contains(says), "{config}: {message}");
    }

    // After all that, a real session works.
    let file = repo_root().join("examples/workflows/deploy-app.yaml");
    c.launch(json!({"workflow": file, "goldenPath": "deploy-app", "stopOnEntry": true}));
    c.ok("configurationDone", json!({}));
    let Landing::Stopped(_) = c.landing() else {
        panic!("no stop on entry")
    };
    let r = c.request("variables", json!({"variablesReference": 4242}));
    assert_eq!(r["success"], false);
    let r = c.request(
        "setVariable",
        json!({"variablesReference": 1, "name": "status", "value": "failed"}),
    );
    assert_eq!(r["success"], false, "a step's fate is not a variable: {r}");
    assert_eq!(c.current_step(), "preflight");
    let Landing::Ended { exit_code, .. } = c.step("continue") else {
        panic!("stopped without a breakpoint")
    };
    assert_eq!(exit_code, 0);
    c.ok("disconnect", json!({}));
    assert_eq!(c.close(), Some(0));
}

#[test]
fn the_adapter_exits_when_its_input_closes_mid_frame() {
    let mut c = DapClient::start(&repo_root());
    c.send_raw(b"Content-Length: 500\r\n\r\n{\"seq\": 1,");
    assert_eq!(c.close(), Some(0));
}
