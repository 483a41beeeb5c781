#!/usr/bin/env bash
# Headless Chromium test of the HTML graph page: the examples, the cyclic fixture and a
# generated workspace of 2,000+ nodes (tests/browser/generate-workspace.mjs), each written by
# `innominatus graph --format html` and checked by tests/browser/graph.mjs. Chromium and
# playwright-core come from the VS Code test's installer (editors/vscode/test/install-deps.sh).
# Prints the artefact folder (pages, screenshots), one line per check, the render times and
# "browser graph: N passed, N failed".
#
#   INNOMINATUS_BIN     binary (default: the repository's target/debug/innominatus, built if missing)
#   E2E_HOME            tools folder shared with the VS Code test (default: $TMPDIR/innominatus-vscode-e2e)
#   BROWSER_ARTIFACTS   where pages and screenshots go (default: $TMPDIR/innominatus-browser-graph)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
default_artifacts=${TMPDIR:-/tmp}/innominatus-browser-graph
# shellcheck source=tests/browser/prepare.sh
source "$here/prepare.sh"
generated="$artifacts/generated-workspace"
node "$here/generate-workspace.mjs" --out "$generated" --nodes 2000

# Each page is made from the folder its paths are relative to (the repository for the
# checked-in trees, the artefact folder for the generated one), as a user would run the
# command, so its file links resolve against that folder.
pages=()
page() { # name, folder to run in, path to graph, node id to search for
  (cd "$2" && "$bin" graph --isolated --format html "$3" -o "$artifacts/$1.html")
  (cd "$2" && "$bin" graph --isolated --format json "$3" -o "$artifacts/$1.json")
  pages+=(--page "$1=$artifacts/$1.html=$artifacts/$1.json=$4=$2")
}
page examples "$repo" examples resource:orders-api/db
page cycle "$repo" tests/fixtures/graph-cycle resource:shop-api/db
page generated "$artifacts" generated-workspace application:app-200

focus=examples/apps/orders-api/score.yaml
(cd "$repo" && "$bin" graph --isolated --format html --focus "$focus" examples -o "$artifacts/focus.html")

node "$here/graph.mjs" --tools "$E2E_HOME/tools" --artifacts "$artifacts" "${pages[@]}" \
  --focus "$artifacts/focus.html=$artifacts/examples.json=$focus"
