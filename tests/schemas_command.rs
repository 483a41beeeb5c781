//! `innominatus schemas --out-dir DIR` writes exactly the repository's `schemas/*.schema.json`
//! (the VS Code package takes its schemas from the binary it bundles, not from the sources).

mod support;

use std::collections::BTreeMap;
use std::path::Path;

fn schema_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.to_string_lossy().ends_with(".schema.json"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect()
}

#[test]
fn written_schemas_are_the_repositorys_byte_for_byte() {
    let dir = std::env::temp_dir().join(format!("inn-schemas-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = support::run(
        &std::env::temp_dir(),
        &["schemas", "--out-dir", dir.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let written = schema_files(&dir);
    let shipped = schema_files(&support::repo_root().join("schemas"));
    assert_eq!(
        written.keys().collect::<Vec<_>>(),
        shipped.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &shipped {
        assert!(
            written[name] == *bytes,
            "{name} differs from schemas/{name}"
        );
    }
    // One line per file written, naming it.
    let printed = String::from_utf8(out.stdout).unwrap();
    assert_eq!(printed.lines().count(), shipped.len(), "{printed}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn without_a_folder_the_names_are_listed() {
    let out = support::run(&std::env::temp_dir(), &["schemas"]);
    assert_eq!(out.status.code(), Some(0));
    let printed = String::from_utf8(out.stdout).unwrap();
    let names: Vec<&str> = printed.lines().collect();
    assert!(names.contains(&"score.schema.json"), "{printed}");
    assert!(
        names.contains(&"provider-workflow.schema.json"),
        "{printed}"
    );
    assert_eq!(names.len(), 9, "{printed}");
}

#[test]
fn an_unwritable_folder_is_a_usage_problem() {
    let file = std::env::temp_dir().join(format!("inn-schemas-file-{}", std::process::id()));
    std::fs::write(&file, "not a folder").unwrap();
    let out = support::run(
        &std::env::temp_dir(),
        &["schemas", "--out-dir", file.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write schemas"));
    std::fs::remove_file(&file).unwrap();
}
