//! Which engine module may import which (ARCHITECTURE.md, "Invariants").
//!
//! Every top-level module has a rank; a module may use only modules of a lower rank. Data
//! flows one way — text, syntax, kinds and schemas, models, the platform's knowledge, the
//! workspace index, then rules, graph, plans and editor features, and the project layer on
//! top — so the bottom layers can be understood, tested and fuzzed without the rules, and a
//! decision made in a high layer can never leak into a low one. The test below reads every
//! source file and fails on an import against the order, or on a module missing from it.

/// (module, rank). Modules of equal rank may not use each other.
pub const RANKS: &[(&str, u8)] = &[
    // Leaves: byte ranges and lines, the Score dialects, rule metadata, resource budgets,
    // the hasher of small integer keys.
    ("text", 0),
    ("small_keys", 0),
    ("dialect", 0),
    ("catalog", 0),
    ("limits", 0),
    ("paths", 0),
    ("diagnostic", 1),
    ("syntax", 2),
    ("template", 3),
    ("kind", 3),
    ("schema", 4),
    ("source", 5),
    ("model", 6),
    ("platform", 7),
    ("workspace", 8),
    ("lint", 9),
    ("graph", 9),
    ("rules", 10),
    ("plan", 10),
    ("inventory", 10),
    ("ide", 11),
    ("project", 12),
    ("layering", 13),
];

#[cfg(test)]
mod tests {
    use super::RANKS;
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    fn rank(module: &str) -> Option<u8> {
        RANKS.iter().find(|(m, _)| *m == module).map(|(_, r)| *r)
    }

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("source folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// The top-level modules a text names as `crate::NAME` (in `use` lines and paths alike).
    fn crate_references(text: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for (at, _) in text.match_indices("crate::") {
            // `other_crate::…` is another crate, not a path of ours.
            if text[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = &text[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
        out
    }

    #[test]
    fn every_module_imports_only_modules_below_it() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        assert!(files.len() > 50, "the engine's sources were not found");
        let mut problems = Vec::new();
        for file in &files {
            let relative = file.strip_prefix(&src).expect("below src");
            let module = relative
                .components()
                .next()
                .and_then(|c| c.as_os_str().to_str())
                .map(|m| m.trim_end_matches(".rs").to_string())
                .expect("a module name");
            if module == "lib" {
                continue;
            }
            let Some(own) = rank(&module) else {
                problems.push(format!("module `{module}` has no rank in layering::RANKS"));
                continue;
            };
            let text = std::fs::read_to_string(file).expect("readable source");
            for used in crate_references(&text) {
                if used == module {
                    continue;
                }
                match rank(&used) {
                    None => problems.push(format!(
                        "{}: uses `crate::{used}`, which has no rank",
                        relative.display()
                    )),
                    Some(r) if r >= own => problems.push(format!(
                        "{}: `{module}` (rank {own}) uses `{used}` (rank {r}); only lower ranks may be used",
                        relative.display()
                    )),
                    Some(_) => {}
                }
            }
        }
        problems.sort();
        problems.dedup();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn the_scan_sees_paths_and_skips_other_crates() {
        let found = crate_references(
            "use crate::syntax::Document;\nlet x = crate::rules::find(c);\nlet y = my_crate::no;\n",
        );
        assert_eq!(
            found.into_iter().collect::<Vec<_>>(),
            vec!["rules".to_string(), "syntax".to_string()]
        );
    }
}
