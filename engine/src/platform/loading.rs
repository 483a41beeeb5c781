//! Whether the platform loads a provider manifest at all (FORMATS.md §3.3): the loader
//! skips a provider whose `aliasFor` chain loops, whose workflow file is missing or fails the
//! loader's workflow validator (`workflow_load`), and the
//! registry refuses a second provider with a name already registered. Only loaded providers
//! take part in resolution. Registration follows the admin configuration's `providers` list
//! (the server loads its enabled filesystem sources in that order), so which of two providers
//! with one name wins depends on it.

use crate::model::{AdminConfig, Provider};
use crate::paths::{join, normalize};
use crate::text::Span;

/// Why the platform refuses to load a provider at all, with the place that causes it.
pub struct LoadFailure {
    pub span: Span,
    pub reason: String,
}

/// The first reason the platform skips provider `p` (whose manifest is in folder `dir`) at
/// load — an alias cycle, a missing workflow file, a workflow the loader's validator rejects
/// — or `None` when it loads as far as these go. `exists` answers for a normalised path;
/// `rejection` gives, for the file at a normalised path when it was read (a file not read is
/// not judged), why the loader's validator rejects it as a workflow file
/// ([`super::workflow_load::file_rejection`]'s reason), if it does.
pub fn load_failure<'a>(
    p: &Provider,
    dir: &str,
    exists: &dyn Fn(&str) -> bool,
    rejection: &dyn Fn(&str) -> Option<Option<&'a str>>,
) -> Option<LoadFailure> {
    if let Some((span, alias)) = alias_cycle(p) {
        return Some(LoadFailure {
            span,
            reason: format!(
                "its `aliasFor` chain from `{alias}` loops (\"circular alias reference detected\")"
            ),
        });
    }
    for w in &p.workflows {
        let Some(file) = &w.file else { continue };
        if file.text.is_empty() {
            continue;
        }
        if !exists(&join(dir, &file.text)) {
            return Some(LoadFailure {
                span: file.span,
                reason: format!("its workflow file `{}` does not exist", file.text),
            });
        }
    }
    // The loader reads the files after checking they all exist, in the manifest's order.
    for w in &p.workflows {
        let Some(file) = w.file.as_ref().filter(|f| !f.text.is_empty()) else {
            continue;
        };
        if let Some(rejected) = rejection(&join(dir, &file.text)).flatten() {
            let name = w.name.as_ref().map_or("", |n| n.text.as_str());
            return Some(LoadFailure {
                span: file.span,
                reason: format!(
                    "its workflow `{name}` (`{}`) fails the loader's validator: {rejected}",
                    file.text
                ),
            });
        }
    }
    None
}

/// The first alias whose `aliasFor` chain comes back to a type already seen, as the load-time
/// validator walks it (`Provider.validateAliasReferences`): (span of its `type`, its name).
pub fn alias_cycle(p: &Provider) -> Option<(Span, String)> {
    // The validator builds a map type → aliasFor; a later entry of the same type wins.
    let mut map: Vec<(&str, &str)> = Vec::new();
    for c in &p.capabilities {
        if let (Some(t), Some(a)) = (&c.resource_type, &c.alias_for) {
            if a.text.is_empty() {
                continue;
            }
            match map.iter_mut().find(|(k, _)| *k == t.text) {
                Some(slot) => slot.1 = &a.text,
                None => map.push((&t.text, &a.text)),
            }
        }
    }
    for c in &p.capabilities {
        let (Some(t), Some(_)) = (&c.resource_type, &c.alias_for) else {
            continue;
        };
        let mut seen: Vec<&str> = Vec::new();
        let mut current: &str = &t.text;
        loop {
            if seen.contains(&current) {
                return Some((t.span, t.text.to_string()));
            }
            seen.push(current);
            match map.iter().find(|(k, _)| *k == current) {
                Some((_, next)) => current = next,
                None => break,
            }
        }
    }
    None
}

/// Where the provider in folder `dir` comes in the server's registration order: its position
/// among the enabled filesystem sources of the admin configuration `admin` (whose file is in
/// folder `admin_dir`; paths are relative to it), or `None` when it is not listed there.
pub fn admin_position(admin: &AdminConfig, admin_dir: &str, dir: &str) -> Option<usize> {
    admin
        .providers
        .iter()
        .filter(|src| src.enabled)
        .filter(|src| {
            src.source_type
                .as_ref()
                .is_some_and(|t| t.text == "filesystem")
        })
        .position(|src| {
            src.path
                .as_ref()
                .is_some_and(|path| join(admin_dir, &path.text) == normalize(dir))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;
    use std::sync::Arc;

    #[test]
    fn admin_position_counts_enabled_filesystem_sources_relative_to_the_config() {
        let text = "providers:\n  - {name: a, type: filesystem, path: ./providers/a}\n  - {name: off, type: filesystem, path: ./providers/off, enabled: false}\n  - {name: git, type: git, path: ./providers/git, enabled: true}\n  - {name: b, type: filesystem, path: providers/b/, enabled: true}\n  - {name: c, type: filesystem, path: ./providers/c, enabled: true}\n";
        let parsed = parse(&Arc::from("ops/admin-config.yaml"), text);
        let admin = AdminConfig::from_document(&parsed.documents[0]).expect("an admin config");
        // `enabled` defaults to false in the platform's struct: `a` is not loaded.
        assert_eq!(admin_position(&admin, "ops", "ops/providers/a"), None);
        assert_eq!(admin_position(&admin, "ops", "ops/providers/off"), None);
        assert_eq!(admin_position(&admin, "ops", "ops/providers/git"), None);
        assert_eq!(admin_position(&admin, "ops", "ops/providers/b"), Some(0));
        assert_eq!(admin_position(&admin, "ops", "ops/providers/c"), Some(1));
        assert_eq!(admin_position(&admin, "ops", "providers/c"), None);
    }
}
