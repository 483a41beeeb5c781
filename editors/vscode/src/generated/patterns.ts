// Generated from engine/src/project/files.rs by `UPDATE_EXPECT=1 cargo test --test editor_files`; do not edit.
// Which YAML files are the platform's (engine/src/project/files.rs explains the order:
// exclusions, then names and folders, then content markers).

/** The platform's file names and folders, as VS Code document-filter globs. */
export const OWNED_GLOBS: readonly string[] = [
  "**/score*.{yaml,yml}", // Score spec (score.yaml, score-NAME.yaml)
  "**/*.score.{yaml,yml}", // Score spec (NAME.score.yaml)
  "**/{provider,platform}.{yaml,yml}", // provider manifest
  "**/providers/*/workflows/*.{yaml,yml}", // provider workflow
  "**/[!.]*/workflows/platform/*.{yaml,yml}", // platform workflow
  "**/[!.]*/workflows/products/*/*.{yaml,yml}", // product workflow
  "**/[!.]*/workflows/**/*.{yaml,yml}", // workflow of a platform repository (anything under workflows/)
  "**/goldenpaths.{yaml,yml}", // golden paths
  "**/admin-config.{yaml,yml}", // admin config
  "**/*.test.{yaml,yml}", // workflow test file
];

/** The same conventions as regular expressions over a path with `/` separators. */
export const OWNED_PATHS: readonly RegExp[] = [
  new RegExp("^(?:.*/)?score[^/]*\\.(?:yaml|yml)$"), // Score spec (score.yaml, score-NAME.yaml)
  new RegExp("^(?:.*/)?[^/]*\\.score\\.(?:yaml|yml)$"), // Score spec (NAME.score.yaml)
  new RegExp("^(?:.*/)?(?:provider|platform)\\.(?:yaml|yml)$"), // provider manifest
  new RegExp("^(?:.*/)?providers/[^/]*/workflows/[^/]*\\.(?:yaml|yml)$"), // provider workflow
  new RegExp("^(?:.*/)?[^/.][^/]*/workflows/platform/[^/]*\\.(?:yaml|yml)$"), // platform workflow
  new RegExp("^(?:.*/)?[^/.][^/]*/workflows/products/[^/]*/[^/]*\\.(?:yaml|yml)$"), // product workflow
  new RegExp("^(?:.*/)?[^/.][^/]*/workflows/(?:.*/)?[^/]*\\.(?:yaml|yml)$"), // workflow of a platform repository (anything under workflows/)
  new RegExp("^(?:.*/)?goldenpaths\\.(?:yaml|yml)$"), // golden paths
  new RegExp("^(?:.*/)?admin-config\\.(?:yaml|yml)$"), // admin config
  new RegExp("^(?:.*/)?[^/]*\\.test\\.(?:yaml|yml)$"), // workflow test file
];

/** Other tools' files, never the platform's whatever they hold (over a path with `/` separators). */
export const EXCLUDED_PATHS: readonly RegExp[] = [
  new RegExp("^(?:.*/)?\\.github/.*$"), // GitHub configuration (Actions workflows, dependabot, …)
  new RegExp("^(?:.*/)?\\.gitlab-ci\\.(?:yaml|yml)$"), // GitLab CI pipeline
  new RegExp("^(?:.*/)?docker-compose[^/]*\\.(?:yaml|yml)$"), // Docker Compose file
  new RegExp("^(?:.*/)?compose\\.(?:yaml|yml)$"), // Compose file
  new RegExp("^(?:.*/)?compose\\.[^/]*\\.(?:yaml|yml)$"), // Compose override
  new RegExp("^(?:.*/)?Chart\\.(?:yaml|yml)$"), // Helm chart
  new RegExp("^(?:.*/)?values\\.(?:yaml|yml)$"), // Helm values
  new RegExp("^(?:.*/)?values-[^/]*\\.(?:yaml|yml)$"), // Helm values (values-ENV.yaml)
  new RegExp("^(?:.*/)?values\\.[^/]*\\.(?:yaml|yml)$"), // Helm values (values.ENV.yaml)
  new RegExp("^(?:.*/)?\\.kube/.*$"), // kubectl configuration
  new RegExp("^(?:.*/)?[^/]*kubeconfig[^/]*$"), // kubeconfig
];

/** Content markers: a file is the platform's when each key of a marker is on one of its first 80 lines. */
export const MARKERS: readonly { what: string; keys: readonly RegExp[] }[] = [
  { what: "Score spec", keys: [new RegExp("^apiVersion:[ \\t]+[\"']?score\\.")] },
  { what: "provider manifest", keys: [new RegExp("^kind:[ \\t]+[\"']?(?:Provider|Platform)[\"']?(?:[ \\t]+#.*)?[ \\t]*\\r?$")] },
  { what: "workflow (innominatus.io)", keys: [new RegExp("^apiVersion:[ \\t]+[\"']?innominatus\\.io/")] },
  { what: "workflow (workflow.dev)", keys: [new RegExp("^apiVersion:[ \\t]+[\"']?workflow\\.dev/")] },
  { what: "workflow (orchestrator.innominatus.dev)", keys: [new RegExp("^apiVersion:[ \\t]+[\"']?orchestrator\\.innominatus\\.dev/")] },
  { what: "workflow test file", keys: [new RegExp("^workflow:(?:[ \\t]|\\r?$)"), new RegExp("^cases:(?:[ \\t]|\\r?$)")] },
];

/** How many lines are read for markers. */
export const MARKER_LINES = 80;
