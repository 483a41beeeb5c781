//! `innominatus workflow test --dry-run`: the real binary on the example postgres workflow in
//! both engines, scenario flags, cycle refusal, and proof that nothing is executed.

mod support;

use serde_json::Value;
use std::path::PathBuf;

const POSTGRES: &str = "examples/providers/database-team/workflows/provision-postgres.yaml";

const PARAMS: &[&str] = &[
    "--param",
    "app_name=shop",
    "--param",
    "resource_name=db",
    "--param",
    "namespace=shop-default",
    "--param",
    "database_name=orders",
    "--param",
    "version=16",
    "--param",
    "instances=2",
    "--param",
    "storage_size=20Gi",
];

fn dry_run(file: &str, extra: &[&str]) -> (Value, i32) {
    let mut args = vec!["workflow", "test", file, "--dry-run", "--format", "json"];
    args.extend_from_slice(extra);
    let out = support::run(&support::repo_root(), &args);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {stdout}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (json, out.status.code().unwrap())
}

fn fates(v: &Value) -> Vec<(String, String)> {
    v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                s["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn step<'v>(v: &'v Value, name: &str) -> &'v Value {
    v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no step {name}"))
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn postgres_succeeds_in_both_engines_with_every_parameter() {
    for engine in ["documented", "live"] {
        let mut extra = vec!["--engine", engine];
        extra.extend_from_slice(PARAMS);
        let (v, code) = dry_run(POSTGRES, &extra);
        assert_eq!(code, 0, "{engine}: {v:#}");
        assert_eq!(v["status"], "succeeded");
        assert_eq!(v["engine"], engine);
        assert_eq!(
            fates(&v),
            pairs(&[
                ("validate-request", "succeeded"),
                ("ensure-namespace", "succeeded"),
                ("create-cluster", "succeeded"),
                ("restrict-network", "succeeded"),
                ("wait-for-ready", "succeeded"),
                ("label-app-secret", "succeeded"),
            ])
        );
        for s in v["steps"].as_array().unwrap() {
            assert_eq!(s["attempts"], 1);
            assert!(s["reason"].is_null());
            assert_eq!(s["rendered"]["unresolved"], serde_json::json!([]), "{s:#}");
            assert!(!s["effects"].as_array().unwrap().is_empty());
        }
        let cluster = step(&v, "create-cluster");
        assert_eq!(
            cluster["effects"],
            serde_json::json!(["kubectl apply -f - (the rendered manifest on stdin)"])
        );
        let manifest = cluster["rendered"]["text"].as_str().unwrap();
        assert!(manifest.contains("name: shop-db\n"), "{manifest}");
        // A workflow variable fills `.parameters` too.
        assert!(manifest.contains("imageName: ghcr.io/cloudnative-pg/postgresql:16"));
        assert!(step(&v, "validate-request")["effects"][1]
            .as_str()
            .unwrap()
            .starts_with("/bin/bash"));
    }
}

#[test]
fn a_failure_stops_dependants_or_everything_depending_on_the_engine() {
    let mut extra = vec!["--fail", "create-cluster=kubectl: connection refused"];
    extra.extend_from_slice(PARAMS);
    let (documented, code) = dry_run(POSTGRES, &extra);
    assert_eq!(code, 1);
    assert_eq!(documented["status"], "failed");
    assert_eq!(
        fates(&documented),
        pairs(&[
            ("validate-request", "succeeded"),
            ("ensure-namespace", "succeeded"),
            ("create-cluster", "failed"),
            ("restrict-network", "not_run"),
            ("wait-for-ready", "not_run"),
            ("label-app-secret", "not_run"),
        ])
    );
    assert_eq!(
        step(&documented, "restrict-network")["reason"],
        "not reached: the workflow failed at step 'create-cluster'"
    );
    // The documented retry policy starts a failing step four times.
    assert_eq!(step(&documented, "create-cluster")["attempts"], 4);
    assert_eq!(
        step(&documented, "create-cluster")["reason"],
        "kubectl: connection refused"
    );

    extra.extend_from_slice(&["--engine", "live"]);
    let (live, code) = dry_run(POSTGRES, &extra);
    assert_eq!(code, 1);
    assert_eq!(
        live["error"],
        "workflow failed at step 'create-cluster': kubectl: connection refused"
    );
    let groups: Vec<u64> = live["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["group"].as_u64().unwrap())
        .collect();
    assert_eq!(groups, [0, 1, 2, 3, 4, 5]);
    assert_eq!(step(&live, "wait-for-ready")["status"], "not_run");
    assert_eq!(step(&live, "wait-for-ready")["attempts"], 0);
    assert!(step(&live, "ensure-namespace")["notes"][0]
        .as_str()
        .unwrap()
        .contains("dependsOn"));
}

#[test]
fn missing_parameters_render_as_no_value() {
    let (v, code) = dry_run(POSTGRES, &["--param", "app_name=shop"]);
    assert_eq!(code, 0);
    let ns = step(&v, "ensure-namespace");
    assert_eq!(
        ns["rendered"]["unresolved"],
        serde_json::json!([".parameters.namespace"])
    );
    assert!(ns["rendered"]["text"]
        .as_str()
        .unwrap()
        .contains("ns=\"<no value>\""));
}

/// A scratch directory for one test, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("innominatus-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn cycles_are_refused_and_bad_flags_are_trouble() {
    let scratch = Scratch::new("dry-run-cycle");
    let file = scratch.0.join("cycle.yaml");
    std::fs::write(
        &file,
        "apiVersion: innominatus.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: c\nsteps:\n  - name: a\n    type: validation\n    dependsOn: [b]\n  - name: b\n    type: validation\n    dependsOn: [a]\n",
    )
    .unwrap();
    let (v, code) = dry_run(file.to_str().unwrap(), &[]);
    assert_eq!(code, 1);
    assert_eq!(v["status"], "invalid");
    assert_eq!(v["cycle"], serde_json::json!(["a", "b", "a"]));
    let out = support::run(
        &support::repo_root(),
        &[
            "workflow",
            "test",
            POSTGRES,
            "--dry-run",
            "--param",
            "novalue",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_dry_run_leaves_no_trace() {
    let scratch = Scratch::new("dry-run-trace");
    let marker = scratch.0.join("touched");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let file = scratch.0.join("side-effects.yaml");
    std::fs::write(
        &file,
        format!(
            "apiVersion: innominatus.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: trace\nsteps:\n  - name: touch\n    type: policy\n    config:\n      script: |\n        touch {}\n        exec 3<>/dev/tcp/127.0.0.1/{port}\n        echo hello >&3\n        mkdir -p {}/made-by-{{{{ .parameters.who }}}}\n",
            marker.display(),
            scratch.0.display(),
        ),
    )
    .unwrap();
    for engine in ["documented", "live"] {
        let (v, code) = dry_run(
            file.to_str().unwrap(),
            &["--engine", engine, "--param", "who=me"],
        );
        assert_eq!(code, 0, "{v:#}");
        let s = step(&v, "touch");
        assert_eq!(s["status"], "succeeded");
        let script = s["rendered"]["text"].as_str().unwrap();
        assert!(script.contains("touch "), "{script}");
        assert!(script.contains("made-by-me"), "{script}");
    }
    assert!(!marker.exists(), "the script was executed");
    assert!(
        !scratch.0.join("made-by-me").exists(),
        "the script was executed"
    );
    let entries: Vec<_> = std::fs::read_dir(&scratch.0).unwrap().collect();
    assert_eq!(entries.len(), 1, "only the workflow file is there");
    match listener.accept() {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        other => panic!("something connected to the socket: {other:?}"),
    }
}
