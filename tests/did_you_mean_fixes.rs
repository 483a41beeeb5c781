//! Every "did you mean" is a fix that `lint --fix --unsafe-fixes` applies. Each case breaks
//! one file of a copy of `examples/` the way a typo would (`imgae` for `image`), runs the
//! real binary on the copy, and checks that the finding carries an unsafe fix, that a safe-only
//! run leaves the typo alone, and that `--fix --unsafe-fixes` writes back exactly the text
//! before the typo (or, for a quoted key or value, the same text with its quotes kept) and
//! changes no other file.

mod support;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One typo: in `file` (under `examples/`), the first `from` becomes `to`; `code` must
/// report it with a fix, and fixing must give the original text with `after` in place of
/// `from` (the original itself when `after` is `None`).
struct Typo {
    code: &'static str,
    file: &'static str,
    from: &'static str,
    to: &'static str,
    after: Option<&'static str>,
}

const SCORE: &str = "apps/orders-api/score.yaml";
const PROVIDER: &str = "providers/database-team/provider.yaml";
const POSTGRES: &str = "providers/database-team/workflows/provision-postgres.yaml";
const EPHEMERAL: &str = "workflows/ephemeral-env.yaml";
const GOLDEN_PATHS: &str = "goldenpaths.yaml";

const fn typo(
    code: &'static str,
    file: &'static str,
    from: &'static str,
    to: &'static str,
) -> Typo {
    Typo {
        code,
        file,
        from,
        to,
        after: None,
    }
}

const TYPOS: &[Typo] = &[
    // A line without its `:` (the parser's complaint).
    typo(
        "INN001",
        SCORE,
        "      LOG_LEVEL: info",
        "      LOG_LEVEL info",
    ),
    // Unknown keys, plain and quoted (the quotes are kept).
    typo("INN101", SCORE, "    image: ghcr", "    imgae: ghcr"),
    Typo {
        after: Some("    \"image\": ghcr"),
        ..typo("INN101", SCORE, "    image: ghcr", "    \"imgae\": ghcr")
    },
    Typo {
        after: Some("    'image': ghcr"),
        ..typo("INN101", SCORE, "    image: ghcr", "    'imgae': ghcr")
    },
    typo(
        "INN101",
        POSTGRES,
        "    dependsOn: [validate-request]",
        "    dependson: [validate-request]",
    ),
    // Enumerated values, plain and quoted.
    typo(
        "INN104",
        PROVIDER,
        "category: provisioner",
        "category: provisoner",
    ),
    Typo {
        after: Some("category: \"provisioner\""),
        ..typo(
            "INN104",
            PROVIDER,
            "category: provisioner",
            "category: \"provisoner\"",
        )
    },
    // Names of steps, step types, resource types, workflows and files.
    typo(
        "INN201",
        POSTGRES,
        "dependsOn: [validate-request]",
        "dependsOn: [validate-requst]",
    ),
    typo("INN501", POSTGRES, "    type: policy", "    type: polciy"),
    typo("INN503", POSTGRES, "operation: apply", "operation: aply"),
    typo("INN208", SCORE, "    type: postgres", "    type: postgress"),
    typo(
        "INN204",
        PROVIDER,
        "workflow: provision-postgres",
        "workflow: provision-postgre",
    ),
    typo(
        "INN202",
        PROVIDER,
        "file: ./workflows/provision-postgres.yaml",
        "file: ./workflows/provision-postgre.yaml",
    ),
    typo(
        "INN206",
        PROVIDER,
        "aliasFor: postgres",
        "aliasFor: postgre",
    ),
    typo(
        "INN211",
        GOLDEN_PATHS,
        "workflow: ./workflows/deploy-app.yaml",
        "workflow: ./workflows/deploy-ap.yaml",
    ),
    typo(
        "INN518",
        GOLDEN_PATHS,
        "default: development",
        "default: developmnet",
    ),
    // Names inside strings and templates: resources, parameters, functions, variables.
    typo(
        "INN210",
        SCORE,
        "${resources.db.host}",
        "${resources.dbb.host}",
    ),
    typo(
        "INN405",
        POSTGRES,
        "{{ .parameters.storage_size }}",
        "{{ .parameters.storage_sise }}",
    ),
    typo(
        "INN404",
        POSTGRES,
        "{{ .parameters.version }}",
        "{{ .version }}",
    ),
    typo(
        "INN402",
        EPHEMERAL,
        "{{ if eq .parameters.size",
        "{{ if eqq .parameters.size",
    ),
    typo(
        "INN406",
        EPHEMERAL,
        "${workflow.seed_data}",
        "${workflow.seed_dta}",
    ),
];

fn examples() -> PathBuf {
    support::repo_root().join("examples")
}

/// Every file under `dir`, by its path relative to `dir`.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.insert(path.strip_prefix(dir).unwrap().to_path_buf(), bytes);
            }
        }
    }
    out
}

fn write_all(dir: &Path, files: &BTreeMap<PathBuf, Vec<u8>>) {
    for (rel, bytes) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

fn lint(dir: &Path, args: &[&str]) -> (String, i32) {
    let mut all = vec!["lint", "--isolated"];
    all.extend_from_slice(args);
    all.push(".");
    let out = support::run(dir, &all);
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

/// What is wrong with the fix of `t`, if anything.
fn check(t: &Typo, i: usize, original: &BTreeMap<PathBuf, Vec<u8>>) -> Option<String> {
    let dir = std::env::temp_dir().join(format!("inn-dym-{}-{i}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    write_all(&dir, original);
    let file = dir.join(t.file);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(t.from), "{}: `{}` not found", t.file, t.from);
    let broken = text.replacen(t.from, t.to, 1);
    std::fs::write(&file, &broken).unwrap();
    let label = format!("{} `{}` in {}", t.code, t.to, t.file);

    // The finding carries an unsafe fix.
    let (json, _) = lint(&dir, &["--format", "json"]);
    let report: Value = serde_json::from_str(&json).unwrap();
    let fixes: Vec<&Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == t.code && d["file"].as_str().unwrap().ends_with(t.file))
        .map(|d| &d["fix"])
        .collect();
    if fixes.is_empty() {
        return Some(format!("{label}: no {} finding:\n{json}", t.code));
    }
    if !fixes.iter().any(|f| f["applicability"] == "unsafe") {
        return Some(format!("{label}: no unsafe fix: {fixes:?}"));
    }

    // Safe fixes only: the typo stays.
    lint(&dir, &["--fix"]);
    if std::fs::read_to_string(&file).unwrap() != broken {
        return Some(format!("{label}: a safe-only run changed the file"));
    }

    // With unsafe fixes: the text before the typo, nothing else touched, a clean run.
    let (out, code) = lint(&dir, &["--fix", "--unsafe-fixes", "--format", "concise"]);
    let expected = match t.after {
        Some(after) => text.replacen(t.from, after, 1),
        None => text.clone(),
    };
    let fixed = std::fs::read_to_string(&file).unwrap();
    if fixed != expected {
        let line = fixed
            .lines()
            .zip(expected.lines())
            .find(|(a, b)| a != b)
            .map_or_else(
                || "(lengths differ)".to_string(),
                |(a, b)| format!("got `{a}`, expected `{b}`"),
            );
        return Some(format!("{label}: fixed text differs: {line}"));
    }
    if code != 0 {
        return Some(format!(
            "{label}: findings remain after fixing (exit {code}):\n{out}"
        ));
    }
    let mut now = files(&dir);
    now.remove(Path::new(t.file));
    let mut others = original.clone();
    others.remove(Path::new(t.file));
    if now != others {
        return Some(format!("{label}: another file changed"));
    }
    std::fs::remove_dir_all(&dir).unwrap();
    None
}

#[test]
fn every_did_you_mean_is_fixed_by_lint_fix_unsafe_fixes() {
    let original = files(&examples());
    let failures: Vec<String> = TYPOS
        .iter()
        .enumerate()
        .filter_map(|(i, t)| check(t, i, &original))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
