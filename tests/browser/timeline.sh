#!/usr/bin/env bash
# Headless Chromium test of the dry-run timeline page: dry runs of the examples (a workflow
# with a retried and a skipped step, the same on the live engine with a failure and steps that
# never run, a Score spec with a run per resource), each written by `innominatus workflow test
# FILE --dry-run --format html` beside its `--format json` report, checked by
# tests/browser/timeline.mjs. Chromium and playwright-core come from the VS Code test's
# installer (editors/vscode/test/install-deps.sh). Prints the artefact folder, one line per
# check and "browser timeline: N passed, N failed".
#
#   INNOMINATUS_BIN     binary (default: the repository's target/debug/innominatus, built if missing)
#   E2E_HOME            tools folder shared with the VS Code test (default: $TMPDIR/innominatus-vscode-e2e)
#   BROWSER_ARTIFACTS   where pages and screenshots go (default: $TMPDIR/innominatus-browser-timeline)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
default_artifacts=${TMPDIR:-/tmp}/innominatus-browser-timeline
# shellcheck source=tests/browser/prepare.sh
source "$here/prepare.sh"

pages=()
page() { # name, file, flags...
  local name=$1 file=$2
  shift 2
  # Exit status 1 is "the run would fail": a report all the same.
  (cd "$repo" && "$bin" workflow test "$file" --dry-run --format html "$@" -o "$artifacts/$name.html") || [ $? -eq 1 ]
  (cd "$repo" && "$bin" workflow test "$file" --dry-run --format json "$@" -o "$artifacts/$name.json") || [ $? -eq 1 ]
  pages+=(--page "$name=$artifacts/$name.html=$artifacts/$name.json")
}
page retried examples/workflows/ephemeral-env.yaml --attempts mark-namespace=2
page failed examples/workflows/ephemeral-env.yaml --engine live --fail apply-quota=boom
page score examples/apps/orders-api/score.yaml

node "$here/timeline.mjs" --tools "$E2E_HOME/tools" --artifacts "$artifacts" "${pages[@]}"
