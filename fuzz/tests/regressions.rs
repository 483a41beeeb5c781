//! Every input that once made a fuzz target fail, run again through the same check:
//! `fuzz/regressions/<target>/<name>` holds the input exactly as libFuzzer saved it.

use std::path::Path;

fn run(target: &str, check: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("regressions")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return 0;
    };
    let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
    paths.sort();
    for path in &paths {
        let data = std::fs::read(path).unwrap();
        println!("{target}: {}", path.display());
        check(&data);
    }
    paths.len()
}

fn pipeline_file(data: &[u8]) {
    if let Some((name, bytes)) = innominatus_fuzz::named(data) {
        innominatus_fuzz::pipeline(vec![(name.to_string(), bytes.to_vec())]);
    }
}

fn pipeline_workspace(data: &[u8]) {
    innominatus_fuzz::pipeline(innominatus_fuzz::split_files(data));
}

#[test]
fn inputs_that_once_failed_pass() {
    let ran = run("syntax_tree", innominatus_fuzz::syntax_tree)
        + run("syntax_fast_path", innominatus_fuzz::syntax_fast_path)
        + run("schema_in_place", innominatus_fuzz::schema_in_place)
        + run("pipeline_file", pipeline_file)
        + run("pipeline_workspace", pipeline_workspace)
        + run("template_condition", innominatus_fuzz::template_condition)
        + run("fix", innominatus_fuzz::fix_file)
        + run("hostile", innominatus_fuzz::hostile);
    println!("{ran} regression inputs");
}

fn yaml_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(p);
        }
    }
}

/// The fuzz checks on the seeds themselves: each golden case and the example repository as
/// a workspace (real paths, so cross-file rules and their fixes apply), and every file of
/// them through `--fix` under its real name.
#[test]
fn golden_cases_and_examples_pass_every_fuzz_check() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut roots: Vec<_> = std::fs::read_dir(repo.join("tests/cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    roots.sort();
    roots.push(repo.join("examples"));
    let mut fixed_files = 0;
    for root in &roots {
        let mut paths = Vec::new();
        yaml_files(root, &mut paths);
        paths.sort();
        let files: Vec<(String, Vec<u8>)> = paths
            .iter()
            .map(|p| {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                (rel, std::fs::read(p).unwrap())
            })
            .collect();
        for (name, bytes) in &files {
            fixed_files += usize::from(innominatus_fuzz::fix_named(name, bytes));
        }
        innominatus_fuzz::pipeline(files);
    }
    // The golden cases include fixable findings; the fix check must have exercised some.
    assert!(
        fixed_files >= 5,
        "only {fixed_files} files had fixes applied"
    );
}
