//! Which step types each of the platform's runners executes, and which its validators
//! accept (FORMATS.md §1.4: the lists differ, and a linter built on any single one is wrong).
//! The dry run simulates with these lists and the compatibility rules compare against them.

/// Step types of the `WorkflowExecutor` registry (provider workflows, golden paths).
pub const EXECUTOR_TYPES: &[&str] = &[
    "policy",
    "kubernetes",
    "terraform",
    "terraform-generate",
    "ansible",
    "gitea-repo",
    "argocd-app",
    "resource-provisioning",
    "security",
    "cost-analysis",
    "tagging",
    "database-migration",
    "vault-setup",
    "monitoring",
    "validation",
];

/// Step types the provider load-time validator accepts; any other drops the whole provider.
pub const LOAD_TIME_TYPES: &[&str] = &[
    "terraform",
    "kubernetes",
    "ansible",
    "policy",
    "gitea-repo",
    "argocd-app",
];

/// Step types of the legacy runner (Score-embedded workflows, retries).
pub const LEGACY_TYPES: &[&str] = &[
    "terraform",
    "ansible",
    "kubernetes",
    "gitea-repo",
    "argocd-app",
    "git-commit-manifests",
    "policy",
    "dummy",
];

/// Registry types that only sleep and report success, with their sleep in seconds.
pub const SIMULATED_TYPES: &[(&str, u32)] = &[
    ("security", 4),
    ("cost-analysis", 2),
    ("tagging", 1),
    ("database-migration", 3),
    ("vault-setup", 2),
    ("monitoring", 2),
    ("validation", 1),
];

/// The code that executes a workflow's steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Runner {
    /// `WorkflowExecutor.ExecuteWorkflowWithName`, the live engine.
    Executor,
    /// `workflow.RunWorkflow` / `runStepWithSpinner`.
    Legacy,
}

impl Runner {
    pub fn title(self) -> &'static str {
        match self {
            Runner::Executor => "the live workflow executor",
            Runner::Legacy => "the legacy runner",
        }
    }

    pub fn types(self) -> &'static [&'static str] {
        match self {
            Runner::Executor => EXECUTOR_TYPES,
            Runner::Legacy => LEGACY_TYPES,
        }
    }

    /// Whether this runner has an executor for `step_type` (any other fails the step with
    /// "unsupported step type: <type>").
    pub fn runs(self, step_type: &str) -> bool {
        self.types().contains(&step_type)
    }

    /// Whether this runner renders Go templates in step content (only the executor does:
    /// the legacy runner runs scripts as written).
    pub fn renders_templates(self) -> bool {
        self == Runner::Executor
    }
}

/// How long a simulated registry type sleeps, in seconds (`None` for any other type).
pub fn simulated_seconds(step_type: &str) -> Option<u32> {
    SIMULATED_TYPES
        .iter()
        .find(|(t, _)| *t == step_type)
        .map(|(_, s)| *s)
}
