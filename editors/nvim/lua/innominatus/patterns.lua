-- Generated from engine/src/project/files.rs by `UPDATE_EXPECT=1 cargo test --test editor_files`; do not edit.
-- Which YAML files are the platform's (engine/src/project/files.rs explains the order:
-- exclusions, then names and folders, then content markers). Path patterns are for
-- string.find over the path with `/` separators, starting with `/`.
return {
  -- The platform's file names and folders.
  owned = {
    "/score[^/]*%.yaml$", -- Score spec (score.yaml, score-NAME.yaml)
    "/score[^/]*%.yml$", -- Score spec (score.yaml, score-NAME.yaml)
    "/[^/]*%.score%.yaml$", -- Score spec (NAME.score.yaml)
    "/[^/]*%.score%.yml$", -- Score spec (NAME.score.yaml)
    "/provider%.yaml$", -- provider manifest
    "/provider%.yml$", -- provider manifest
    "/platform%.yaml$", -- provider manifest
    "/platform%.yml$", -- provider manifest
    "/providers/[^/]*/workflows/[^/]*%.yaml$", -- provider workflow
    "/providers/[^/]*/workflows/[^/]*%.yml$", -- provider workflow
    "/[^/%.][^/]*/workflows/platform/[^/]*%.yaml$", -- platform workflow
    "/[^/%.][^/]*/workflows/platform/[^/]*%.yml$", -- platform workflow
    "/[^/%.][^/]*/workflows/products/[^/]*/[^/]*%.yaml$", -- product workflow
    "/[^/%.][^/]*/workflows/products/[^/]*/[^/]*%.yml$", -- product workflow
    "/[^/%.][^/]*/workflows/.*%.yaml$", -- workflow of a platform repository (anything under workflows/)
    "/[^/%.][^/]*/workflows/.*%.yml$", -- workflow of a platform repository (anything under workflows/)
    "/goldenpaths%.yaml$", -- golden paths
    "/goldenpaths%.yml$", -- golden paths
    "/admin%-config%.yaml$", -- admin config
    "/admin%-config%.yml$", -- admin config
    "/[^/]*%.test%.yaml$", -- workflow test file
    "/[^/]*%.test%.yml$", -- workflow test file
  },
  -- Other tools' files, never the platform's whatever they hold.
  excluded = {
    "/%.github/", -- GitHub configuration (Actions workflows, dependabot, …)
    "/%.gitlab%-ci%.yaml$", -- GitLab CI pipeline
    "/%.gitlab%-ci%.yml$", -- GitLab CI pipeline
    "/docker%-compose[^/]*%.yaml$", -- Docker Compose file
    "/docker%-compose[^/]*%.yml$", -- Docker Compose file
    "/compose%.yaml$", -- Compose file
    "/compose%.yml$", -- Compose file
    "/compose%.[^/]*%.yaml$", -- Compose override
    "/compose%.[^/]*%.yml$", -- Compose override
    "/Chart%.yaml$", -- Helm chart
    "/Chart%.yml$", -- Helm chart
    "/values%.yaml$", -- Helm values
    "/values%.yml$", -- Helm values
    "/values%-[^/]*%.yaml$", -- Helm values (values-ENV.yaml)
    "/values%-[^/]*%.yml$", -- Helm values (values-ENV.yaml)
    "/values%.[^/]*%.yaml$", -- Helm values (values.ENV.yaml)
    "/values%.[^/]*%.yml$", -- Helm values (values.ENV.yaml)
    "/%.kube/", -- kubectl configuration
    "/[^/]*kubeconfig[^/]*$", -- kubeconfig
  },
  -- Content markers: a file is the platform's when each key of a marker is on one of its
  -- first marker_lines lines (a key is on a line when one of its patterns matches it).
  markers = {
    { what = "Score spec", keys = { { "^apiVersion:[ \t]+[\"']?score%." } } },
    { what = "provider manifest", keys = { { "^kind:[ \t]+[\"']?Provider[\"']?[ \t\r]*$", "^kind:[ \t]+[\"']?Provider[\"']?[ \t]+#", "^kind:[ \t]+[\"']?Platform[\"']?[ \t\r]*$", "^kind:[ \t]+[\"']?Platform[\"']?[ \t]+#" } } },
    { what = "workflow (innominatus.io)", keys = { { "^apiVersion:[ \t]+[\"']?innominatus%.io/" } } },
    { what = "workflow (workflow.dev)", keys = { { "^apiVersion:[ \t]+[\"']?workflow%.dev/" } } },
    { what = "workflow (orchestrator.innominatus.dev)", keys = { { "^apiVersion:[ \t]+[\"']?orchestrator%.innominatus%.dev/" } } },
    { what = "workflow test file", keys = { { "^workflow:[ \t\r]", "^workflow:$" }, { "^cases:[ \t\r]", "^cases:$" } } },
  },
  marker_lines = 80,
}
