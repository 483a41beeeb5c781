//! Which other files' findings an edit of one file can change: the rules' reading relation
//! between files, as the index knows it. A language server re-checks these after an edit
//! instead of the whole workspace.
//!
//! What the cross-file rules read (see `scope.rs` for which rules they are):
//! - a Score spec reads the providers that claim its resource types (resolution, loading,
//!   duplicate names) and the workflow each type resolves to (outputs, parameters);
//! - a provider reads the providers that share a claimed type or its name, and its workflow
//!   files (loading, names);
//! - a workflow reads the providers that name it, and the Score specs whose resources run it
//!   (its inputs), and golden paths (who runs it); a provider reads any file it names as a
//!   workflow, whatever that file holds;
//! - every file reads the admin configuration (policies, which providers load) and, through
//!   which engine runs a workflow, the golden paths.
//!
//! An edit is described by the [`Footprint`] of the file before and after it: the names it
//! defines and uses. A file depends on the edit when it reads a name of either: a renamed
//! claim re-checks the specs of the old type (now unresolved) and of the new one.
//! `tests/rule_dependents.rs` checks the relation on real workspaces by editing every file
//! and comparing the full findings of every other file before and after.

use crate::kind::DocumentKind;
use crate::paths::{join, normalize};
use crate::platform::resolution::claimed_types;
use crate::rules::compatibility::environment_kubernetes_side_effects::IMPLIED;
use crate::workspace::{ProviderEntry, Workspace};
use std::collections::BTreeSet;

/// What one file defines and uses, as far as other files' rules read it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Footprint {
    /// The file's path as the index compares paths.
    path: String,
    /// It holds a document every file may read (the admin configuration, golden paths).
    read_by_all: bool,
    provider_names: BTreeSet<String>,
    claimed_types: BTreeSet<String>,
    /// The workflow files its providers name, joined to the provider's folder.
    workflow_files: BTreeSet<String>,
    /// The resource types its Score specs use.
    used_types: BTreeSet<String>,
    /// Whether the workspace checked resource types at all (some provider loads) and held any
    /// provider when the footprint was taken: when either changes, every Score spec does.
    checks_types: bool,
    has_providers: bool,
}

impl Footprint {
    /// The footprint of file `file` of `ws` as indexed now.
    pub fn of(ws: &Workspace, file: usize) -> Footprint {
        if file >= ws.file_count() {
            return Footprint::default();
        }
        // From the index alone: the file's tree need not be held.
        let facts = ws.facts(file);
        let mut out = Footprint {
            path: normalize(&facts.path),
            read_by_all: facts.holds_kind(DocumentKind::AdminConfig)
                || facts.holds_kind(DocumentKind::GoldenPaths),
            checks_types: ws.checks_resource_types(),
            has_providers: !ws.providers.is_empty(),
            ..Footprint::default()
        };
        for p in ws.providers.iter().filter(|p| p.at.file == file) {
            out.provider_names
                .extend(p.model.name_text().map(str::to_owned));
            out.claimed_types.extend(claims_of(p));
            out.workflow_files.extend(workflow_files_of(p));
        }
        for (_, spec) in ws.scores.iter().filter(|(at, _)| at.file == file) {
            out.used_types.extend(
                spec.resources
                    .iter()
                    .filter_map(|r| r.resource_type.as_ref())
                    .map(|t| t.text.to_string()),
            );
        }
        out
    }
}

/// The files whose findings may differ after file `file` of `ws` changed from the footprint
/// `before` to what `ws` holds now, in file order, without `file` itself; `None` when that
/// is every file (the edited file is read by all, or resource types are checked at all now
/// and were not before, or the reverse).
pub fn dependents(ws: &Workspace, file: usize, before: &Footprint) -> Option<Vec<usize>> {
    let after = Footprint::of(ws, file);
    if before.read_by_all || after.read_by_all {
        return None;
    }
    let mut out = BTreeSet::new();
    let mut names = owned_union(&before.provider_names, &after.provider_names);
    let mut types = owned_union(&before.claimed_types, &after.claimed_types);
    if before.checks_types != after.checks_types || before.has_providers != after.has_providers {
        out.extend(ws.scores.iter().map(|(at, _)| at.file));
    }
    // The providers that name the file as a workflow read it, whatever it holds (whether
    // they load at all, an empty file); through them, so do the specs of their types and
    // the providers registered in their place.
    for p in &ws.providers {
        if workflow_files_of(p).any(|f| f == after.path) {
            out.insert(p.at.file);
            types.extend(claims_of(p));
            names.extend(p.model.name_text().map(str::to_owned));
        }
    }
    // Providers of one name: which of them registers changes with any of them.
    for p in &ws.providers {
        if p.model.name_text().is_some_and(|n| names.contains(n)) {
            out.insert(p.at.file);
            types.extend(claims_of(p));
        }
    }
    // Providers of those types: their claims conflict or their resolution changed, and
    // their workflows' inputs come from the specs that resolve to them.
    let used = owned_union(&before.used_types, &after.used_types);
    for p in ws.providers.iter() {
        let claimed: Vec<String> = claims_of(p).collect();
        let shares_claim = claimed.iter().any(|t| types.contains(t));
        if shares_claim {
            out.insert(p.at.file);
        }
        if shares_claim || claimed.iter().any(|t| used.contains(t)) {
            out.extend(workflow_files_of(p).filter_map(|f| ws.file_index(&f)));
        }
    }
    // A spec reads its resources' types and those `environment.type: kubernetes` adds.
    let implied = IMPLIED.iter().any(|(_, t)| types.contains(*t));
    for (at, spec) in &ws.scores {
        let uses = spec
            .resources
            .iter()
            .filter_map(|r| r.resource_type.as_ref())
            .any(|t| types.contains(t.text.as_str()));
        if uses || implied {
            out.insert(at.file);
        }
    }
    // The edited provider's own workflow files, old and new.
    for path in before.workflow_files.union(&after.workflow_files) {
        out.extend(ws.file_index(path));
    }
    out.remove(&file);
    Some(out.into_iter().collect())
}

fn owned_union(a: &BTreeSet<String>, b: &BTreeSet<String>) -> BTreeSet<String> {
    a.union(b).cloned().collect()
}

fn claims_of(p: &ProviderEntry) -> impl Iterator<Item = String> + '_ {
    claimed_types(&p.model)
        .into_iter()
        .map(|t| t.text.to_string())
}

fn workflow_files_of(p: &ProviderEntry) -> impl Iterator<Item = String> + '_ {
    p.model
        .workflows
        .iter()
        .filter_map(|w| w.file.as_ref())
        .filter(|f| !f.text.is_empty())
        .map(|f| join(&p.dir, &f.text))
}
