//! Which rules can be trusted with one file alone. A language server must show a freshly
//! opened document's findings before it has read the rest of the folder; a rule that reads
//! other files (providers, workflows, golden paths, the admin configuration) would then
//! report what is only missing from an index still being built ("no provider claims this
//! type" while the providers are being read). Such rules wait for the workspace; every other
//! finding is known from the file itself and is shown at once.
//!
//! The list below is the one decision. It names the rules that need the workspace, so a new
//! rule is file-local unless it is added here; `tests/rule_scope.rs` checks the decision on
//! every test case and example: a file checked alone gives exactly the file-local findings
//! it has in its workspace.

use crate::catalog::{Rule, UNUSED_SUPPRESSION};
use crate::diagnostic::Diagnostic;
use crate::dialect::Dialect;
use crate::kind::DocumentKind;
use crate::source::SourceFile;
use crate::workspace::{ExistsFn, FileModels, Policy, Workspace};

/// The rules whose findings depend on files other than the one checked, with what they read.
const NEEDS_WORKSPACE: &[&str] = &[
    // References between files: workflow files, providers, golden paths, admin paths.
    "INN202", // missing-workflow-file: the workflow file's presence and first document
    "INN203", // provider-directory-mismatch: the admin configuration's provider paths
    "INN208", // resource-type-unresolved: every provider and how it loads
    "INN209", // conflicting-provider-claims: the other providers' claims
    "INN211", // missing-golden-path-workflow: the workflow file's presence
    "INN212", // golden-path-workflow-location: where the server looks for the file
    "INN213", // admin-provider-path-missing: the provider folders
    "INN216", // duplicate-provider-name: the other providers of that name
    "INN218", // required-parameter-not-supplied: the workflow a resource resolves to
    // Templates whose inputs come from the providers, Score specs and golden paths that
    // run the workflow.
    "INN405", "INN406", "INN407", "INN409", "INN418",
    // Compatibility: which engine runs a workflow depends on who references it.
    "INN501", "INN502", "INN503", "INN504", "INN505", "INN506", "INN507", "INN508", "INN509",
    "INN511", // environment-kubernetes-side-effects: the providers of a type
    "INN513", // Policies of the admin configuration that governs the file.
    "INN605", "INN606",
];

/// Whether `rule`'s findings on a file can change with other files of the workspace. The
/// unused-suppression rule is among them: a suppression may silence a cross-file finding.
pub fn needs_workspace(rule: &Rule) -> bool {
    rule.code == UNUSED_SUPPRESSION.code || NEEDS_WORKSPACE.contains(&rule.code)
}

/// The findings of `source` that need no other file: syntax, schema, and every enabled rule
/// [`needs_workspace`] does not name, with the configured `policy`. `dialect` is the
/// configured one; when none is configured the workspace chooses it (`auto_dialect`), so a
/// file that settles the choice itself (it holds innominatus documents) is checked in that
/// dialect, and any other file keeps only the findings both dialects agree on: nothing that
/// the workspace's later choice could withdraw.
pub fn lint_file_local(
    source: SourceFile,
    dialect: Option<Dialect>,
    policy: &Policy,
    enabled: &dyn Fn(&Rule) -> bool,
) -> Vec<Diagnostic> {
    let local = |r: &Rule| !needs_workspace(r) && enabled(r);
    let check = |source: SourceFile, dialect: Dialect| {
        let mut ws = Workspace::new(vec![source], Some(dialect), Box::new(|_: &str| false));
        ws.policy = policy.clone();
        super::lint_file(&ws, 0, &local)
    };
    match dialect {
        Some(d) => check(source, d),
        None if source.has_platform_documents() => check(source, Dialect::Innominatus),
        None => {
            let as_score = check(source.clone(), Dialect::Score);
            let extended = check(source, Dialect::Innominatus);
            as_score
                .into_iter()
                .filter(|d| extended.contains(d))
                .collect()
        }
    }
}

/// Whether `source` holds a document through which files' findings depend on each other:
/// anything but Score specs and documents the platform does not read. A rule that reads
/// other files ([`needs_workspace`]) reads, for a Score spec, only providers, workflows,
/// golden paths and the admin configuration, and Score specs are read only by rules
/// checking those; nothing else runs on a document the platform does not read. So in a
/// workspace where no file relates files, every file's findings are its findings alone,
/// and a run can check each file as soon as it is parsed ([`lint_alone`];
/// `tests/rule_scope.rs` holds this to every test case and example).
pub fn relates_files(source: &SourceFile) -> bool {
    source
        .kinds
        .iter()
        .any(|kind| !matches!(kind, DocumentKind::Score | DocumentKind::Unknown))
}

/// Every finding of `source` (whose index entry is `models`) checked alone, in `dialect`
/// with `policy`: its findings in any workspace where no file [`relates_files`].
pub fn lint_alone(
    source: &SourceFile,
    models: FileModels,
    dialect: Dialect,
    policy: &Policy,
    exists: Box<ExistsFn>,
    enabled: &dyn Fn(&Rule) -> bool,
) -> Vec<Diagnostic> {
    let mut ws = Workspace::of_one_file(models, dialect, exists);
    ws.policy = policy.clone();
    super::lint_source(&ws, 0, source, enabled)
}
