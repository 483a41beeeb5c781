//! The command line as users and CI systems see it: every output format snapshot on a
//! broken workspace, exit statuses, standard input, configuration errors and `explain`.

mod support;

use std::io::Write;
use std::process::Stdio;

const WORKSPACE: &str = "tests/fixtures/broken-workspace";

fn validate(args: &[&str]) -> (String, i32) {
    let mut all = vec!["validate", "--isolated"];
    all.extend_from_slice(args);
    let out = support::run(&support::repo_root(), &all);
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

#[test]
fn every_output_format_matches_its_snapshot() {
    let mut failures = Vec::new();
    for format in ["text", "concise", "json", "sarif", "github"] {
        let (stdout, code) = validate(&["--format", format, WORKSPACE]);
        assert_eq!(code, 1, "{format}: findings give exit status 1");
        let path = support::repo_root().join(format!("tests/snapshots/validate.{format}.txt"));
        if let Some(diff) = support::compare(&path, &stdout) {
            failures.push(diff);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn json_output_follows_the_version_1_contract() {
    let (stdout, _) = validate(&["--format", "json", WORKSPACE]);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["tool"]["name"], "innominatus");
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(!diags.is_empty());
    let mut previous = (String::new(), 0, 0);
    for d in diags {
        for key in ["file", "range", "severity", "code", "name", "message"] {
            assert!(d.get(key).is_some(), "{key} missing in {d}");
        }
        assert!(d["code"].as_str().unwrap().starts_with("INN"));
        let start = &d["range"]["start"];
        let here = (
            d["file"].as_str().unwrap().to_string(),
            start["line"].as_u64().unwrap(),
            start["column"].as_u64().unwrap(),
        );
        assert!(
            here >= previous,
            "diagnostics are sorted by file, line, column"
        );
        assert!(here.1 >= 1 && here.2 >= 1, "lines and columns are 1-based");
        previous = here;
        for optional in ["help", "related", "fix"] {
            if let Some(value) = d.get(optional) {
                assert!(!value.is_null(), "empty optional members are omitted");
            }
        }
    }
    let summary = &v["summary"];
    assert_eq!(summary["files"], 4);
    assert_eq!(
        summary["errors"].as_u64().unwrap() as usize,
        diags.iter().filter(|d| d["severity"] == "error").count()
    );
}

#[test]
fn sarif_output_is_sarif_2_1_0_with_rules_and_regions() {
    let (stdout, _) = validate(&["--format", "sarif", WORKSPACE]);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn a_clean_workspace_exits_zero() {
    let (stdout, code) = validate(&["examples"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.starts_with("All checks passed"), "{stdout}");
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let dir = std::env::temp_dir().join(format!("inn-warn-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("goldenpaths.yaml");
    std::fs::write(
        &file,
        "# goldenpaths:\n#   deploy: ./workflows/deploy.yaml\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    assert_eq!(validate(&["--format", "concise", path]).1, 0);
    let (stdout, code) = validate(&["--format", "concise", "--deny-warnings", path]);
    assert_eq!(code, 1);
    assert!(stdout.contains("warning[INN006 empty-file]"), "{stdout}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn standard_input_is_read_with_its_reported_name() {
    let mut child = support::binary()
        .args([
            "validate",
            "--isolated",
            "--format",
            "concise",
            "--stdin-filename",
            "apps/web/score.yaml",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    imgae: nginx:1.27\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.contains("apps/web/score.yaml:6:5: error[INN101 unknown-key] unknown key `imgae`"),
        "{stdout}"
    );
    assert!(stdout.contains("apps/web/score.yaml:5:3: error[INN102 missing-required-key] missing required key `image`"), "{stdout}");
}

#[test]
fn a_missing_path_is_reported_and_exits_two() {
    let (stdout, code) = validate(&["--format", "concise", "no/such/provider.yaml"]);
    assert_eq!(code, 2);
    assert!(
        stdout.contains("no/such/provider.yaml:1:1: error[INN901 unreadable-file]"),
        "{stdout}"
    );
}

#[test]
fn configuration_mistakes_are_diagnostics_on_the_config_file() {
    let dir = std::env::temp_dir().join(format!("inn-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join(".innominatus.toml"),
        "dialect = \"scor\"\n[lint]\nignore = [\"INN999\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("score.yaml"),
        "apiVersion: score.dev/v1b1\nmetadata: {name: web}\ncontainers: {main: {image: nginx}}\n",
    )
    .unwrap();
    let out = support::run(&dir, &["validate", "--format", "concise", "."]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(
        stdout.contains(
            ".innominatus.toml:1:11: error[INN020 invalid-config] unknown dialect `scor`"
        ),
        "{stdout}"
    );
    assert!(
        stdout
            .contains(".innominatus.toml:3:11: error[INN020 invalid-config] unknown rule selector `INN999`; expected a rule code, name, code prefix, group or `ALL`"),
        "{stdout}"
    );
    std::fs::write(
        dir.join(".innominatus.toml"),
        "dialect = \"score\"\n[lint]\nignore = [\"unknown-key\"]\n",
    )
    .unwrap();
    std::fs::write(dir.join("score.yaml"), "apiVersion: score.dev/v1b1\nmetadata: {name: web}\ncontainers: {main: {image: nginx, env: {}}}\nworkflows: {}\n").unwrap();
    let out = support::run(&dir, &["validate", "--format", "concise", "."]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "ignored rules do not count: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn explain_prints_the_rules_own_documentation() {
    let out = support::run(&support::repo_root(), &["explain", "unknown-key"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let rule = innominatus_engine::rules::find("INN101").unwrap();
    assert!(text.starts_with("# INN101 unknown-key"));
    assert!(text.contains(rule.doc.trim_end()));
    let out = support::run(&support::repo_root(), &["explain", "--all"]);
    let all = String::from_utf8(out.stdout).unwrap();
    for rule in innominatus_engine::rules::all() {
        assert!(all.contains(&format!("# {} {}", rule.code, rule.name)));
    }
    let out = support::run(&support::repo_root(), &["explain", "unknwn-key"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("Did you mean `unknown-key`?"));
}

#[test]
fn explain_list_prints_one_aligned_line_per_rule_with_its_fixability() {
    let out = support::run(&support::repo_root(), &["explain", "--list"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("CODE"), "{header}");
    // Where each column starts in the header is where it starts on every line.
    let starts: Vec<usize> = ["NAME", "GROUP", "SEVERITY", "FIX"]
        .iter()
        .map(|h| header.find(h).unwrap())
        .collect();
    let rows: Vec<&str> = lines.collect();
    let all = innominatus_engine::rules::all();
    assert_eq!(rows.len(), all.len(), "{text}");
    for (row, rule) in rows.iter().zip(all) {
        let cells: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(
            cells,
            [
                rule.code,
                rule.name,
                rule.group.as_str(),
                rule.severity.as_str(),
                rule.fix.as_str()
            ],
            "{row}"
        );
        for (start, cell) in starts.iter().zip(&cells[1..]) {
            assert_eq!(
                &row[*start..*start + cell.len()],
                *cell,
                "misaligned: {row}"
            );
        }
    }
    // The values are the engine's: a safe, an unsafe and a fixless rule.
    for (code, fix) in [("INN302", "safe"), ("INN201", "unsafe"), ("INN002", "none")] {
        let row = rows.iter().find(|r| r.starts_with(code)).unwrap();
        assert!(row.ends_with(fix), "{row}");
    }

    let out = support::run(
        &support::repo_root(),
        &["explain", "--list", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0));
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), all.len());
    for (item, rule) in items.iter().zip(all) {
        let mut expected = serde_json::json!({"code": rule.code, "name": rule.name, "group": rule.group.as_str(),
                               "severity": rule.severity.as_str(), "fix": rule.fix.as_str()});
        // A severity that depends on who reads the document is listed per reader.
        let readers: serde_json::Map<String, serde_json::Value> = rule
            .severities_by_reader()
            .map(|(reader, severity, _)| (reader.as_str().into(), severity.as_str().into()))
            .collect();
        if !readers.is_empty() {
            expected["severity_by_reader"] = readers.into();
        }
        assert_eq!(*item, expected);
    }
    let unknown_key = items.iter().find(|i| i["code"] == "INN101").unwrap();
    assert_eq!(
        unknown_key["severity_by_reader"],
        serde_json::json!({"platform documents": "warning"})
    );
    let out = support::run(&support::repo_root(), &["explain", "--list", "INN101"]);
    assert_eq!(out.status.code(), Some(2), "a rule and --list conflict");
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let mut child = support::binary()
        .args(["explain", "--all"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn directory_walks_honour_gitignore_and_config_excludes() {
    let dir = std::env::temp_dir().join(format!("inn-walk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["generated", "legacy", "apps/web"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    let broken =
        "apiVersion: score.dev/v1b1\nmetadata: {name: web}\ncontainers: {main: {imagee: nginx}}\n";
    std::fs::write(dir.join(".gitignore"), "generated/\n").unwrap();
    std::fs::write(dir.join("generated/score.yaml"), broken).unwrap();
    std::fs::write(dir.join("legacy/score.yaml"), broken).unwrap();
    std::fs::write(dir.join("apps/web/score.yml"), broken).unwrap();
    std::fs::write(dir.join("apps/web/notes.txt"), "not yaml: [").unwrap();
    std::fs::write(dir.join(".innominatus.toml"), "exclude = [\"legacy\"]\n").unwrap();
    let out = support::run(&dir, &["validate", "--format", "concise", "."]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("apps/web/score.yml:3:21: error[INN101 unknown-key]"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("generated/"),
        ".gitignore'd files are skipped: {stdout}"
    );
    assert!(
        !stdout.contains("legacy/"),
        "excluded files are skipped: {stdout}"
    );
    assert!(
        !stdout.contains("notes.txt"),
        "only YAML files are walked: {stdout}"
    );
    // A file named explicitly is always checked, ignored or not.
    let out = support::run(
        &dir,
        &["validate", "--format", "concise", "generated/score.yaml"],
    );
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("generated/score.yaml:3:21"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Named files that are not regular files, or too large, are refused at once with INN901
/// (exit 2): `/dev/zero` is never read until memory runs out and a FIFO never blocks.
#[test]
fn special_and_oversized_files_are_refused_not_read() {
    let dir = std::env::temp_dir().join(format!("inn-special-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("pipe.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
    let big = dir.join("big.yaml");
    std::fs::write(&big, format!("a: \"{}\"\n", "x".repeat(3000))).unwrap();
    std::fs::write(dir.join(".innominatus.toml"), "max-file-size = \"2 KiB\"\n").unwrap();
    let started = std::time::Instant::now();
    let out = support::run(
        &dir,
        &[
            "validate",
            "--format",
            "concise",
            "/dev/zero",
            "pipe.yaml",
            "big.yaml",
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert!(
        stdout.contains(
            "/dev/zero:1:1: error[INN901 unreadable-file] /dev/zero is not a regular file"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "pipe.yaml:1:1: error[INN901 unreadable-file] pipe.yaml is not a regular file"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("big.yaml:1:1: error[INN901 unreadable-file] big.yaml is 2.9 KiB, over the 2 KiB limit for one file"),
        "{stdout}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `docs/severities.md` records why each rule has its severity: every rule once, with the
/// catalog's default severity and each severity it has for one reader.
#[test]
fn the_severity_review_lists_every_rule_at_its_catalog_severity() {
    let page = std::fs::read_to_string(support::repo_root().join("docs/severities.md")).unwrap();
    let rows: Vec<Vec<&str>> = page
        .lines()
        .filter(|l| l.starts_with("| INN"))
        .map(|l| l.trim_matches('|').split(" | ").map(str::trim).collect())
        .collect();
    let all = innominatus_engine::rules::all();
    assert_eq!(rows.len(), all.len(), "one row per rule");
    for rule in all {
        let row = rows
            .iter()
            .find(|r| r[0] == rule.code)
            .unwrap_or_else(|| panic!("{} is not reviewed", rule.code));
        assert_eq!(row[1], rule.name, "{}", rule.code);
        assert!(
            row[2].starts_with(rule.severity.as_str()),
            "{}: the page says {}, the catalog {}",
            rule.code,
            row[2],
            rule.severity.as_str()
        );
        for (reader, severity, _) in rule.severities_by_reader() {
            let shown = format!("{} ({})", severity.as_str(), reader.as_str());
            assert!(row[2].contains(&shown), "{}: {shown} missing", rule.code);
        }
        assert!(!row[3].is_empty(), "{}: no reason", rule.code);
    }
}
