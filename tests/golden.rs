//! Golden cases: each folder of `tests/cases/` holds input files and `expected.txt`, the
//! exact concise output of `innominatus validate` run inside the folder, then the exit
//! status. An optional `args.txt` holds more arguments: it may start with the command (`lint`;
//! the default is `validate`), add options such as `--dialect score`, and name paths (the
//! default path is `.`). Every rule has a failing case (`<CODE>-…-fail`) and a passing one (`…-pass`).

mod support;

use innominatus_engine::rules;
use std::path::Path;

fn cases() -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(support::repo_root().join("tests/cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn run_case(dir: &Path) -> String {
    let extra = std::fs::read_to_string(dir.join("args.txt")).unwrap_or_default();
    // `args.txt` may start with the command (`lint ...`); the default is `validate`.
    let (command, extra) = match extra.split_whitespace().next() {
        Some(c @ ("lint" | "validate")) => {
            (c.to_string(), extra.trim_start()[c.len()..].to_string())
        }
        _ => ("validate".to_string(), extra),
    };
    let mut args: Vec<String> = vec![command, "--format".into(), "concise".into()];
    let own_config = extra.contains("--config") || dir.join(".innominatus.toml").exists();
    if !own_config {
        args.push("--isolated".into());
    }
    // `args.txt`, when present, holds the remaining arguments including the paths.
    let rest: Vec<String> = extra.split_whitespace().map(str::to_string).collect();
    let has_path = rest
        .iter()
        .any(|a| !a.starts_with("--") && !matches!(a.as_str(), "score" | "innominatus"));
    args.extend(rest);
    if !has_path {
        args.push(".".into());
    }
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = support::run(dir, &argv);
    let mut text = String::from_utf8(out.stdout).unwrap();
    text.push_str(&format!("exit: {}\n", out.status.code().unwrap_or(-1)));
    text
}

#[test]
fn golden_cases_match_their_expected_output() {
    let mut failures = Vec::new();
    for dir in cases() {
        let actual = run_case(&dir);
        if let Some(diff) = support::compare(&dir.join("expected.txt"), &actual) {
            failures.push(diff);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Rules whose failing case cannot be produced from files: a crash of the tool itself, and a
/// fix that cannot be written (a file changed during the run, a read-only folder): that one
/// is produced by `tests/lint_cli.rs` (`fixes_never_revert_an_edit_saved_meanwhile`).
const NOT_TRIGGERABLE: &[&str] = &["INN902", "INN903"];

#[test]
fn every_rule_has_a_failing_and_a_passing_case() {
    let names: Vec<String> = cases()
        .iter()
        .map(|d| d.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut missing = Vec::new();
    for rule in rules::all() {
        if NOT_TRIGGERABLE.contains(&rule.code) {
            continue;
        }
        let fail = names
            .iter()
            .find(|n| n.starts_with(rule.code) && n.ends_with("-fail"));
        let pass = names
            .iter()
            .any(|n| n.starts_with(rule.code) && n.ends_with("-pass"));
        match fail {
            None => missing.push(format!("{} has no failing case", rule.code)),
            Some(f) => {
                let expected = std::fs::read_to_string(
                    support::repo_root()
                        .join("tests/cases")
                        .join(f)
                        .join("expected.txt"),
                )
                .unwrap_or_default();
                if !expected.contains(&format!("[{} ", rule.code)) {
                    missing.push(format!(
                        "{}'s failing case {f} does not report it",
                        rule.code
                    ));
                }
            }
        }
        if !pass {
            missing.push(format!("{} has no passing case", rule.code));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn passing_cases_report_nothing_of_their_rule() {
    for dir in cases() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with("-pass") {
            continue;
        }
        let code = &name[..6];
        let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap_or_default();
        assert!(
            !expected.contains(&format!("[{code} ")),
            "{name} reports {code}"
        );
    }
}
