#!/usr/bin/env bash
# End-to-end test of the packaged VS Code extension in a real VS Code (code-server) driven
# through headless Chromium. Installs what it needs (see install-deps.sh), packages the .vsix,
# opens a broken copy of examples/ (editors/test-fixtures/break-workspace.sh) and checks, in
# e2e.mjs, diagnostics, hover, the dry-run code lens, the graph, restart, live typing, quick
# fixes, completion, and that other tools' YAML gets nothing; then, in debug-e2e.mjs, the
# workflow debugger (breakpoint, "⏵ Debug" lens, Variables, Step Over, Continue). The expectations come from the
# CLI run here on the same files (lint, workflow test --dry-run, graph). The server runs
# through a recorder of what VS Code and the server send each other.
#
#   INNOMINATUS_BIN  server binary (default: the repository's target/debug/innominatus)
#   E2E_HOME         scratch folder for tools and profiles (default: $TMPDIR/innominatus-vscode-e2e)
#   E2E_TIMEOUT      seconds for the browser part (default 240)
#   DEBUG_E2E_TIMEOUT  seconds for the debugger's browser part (default 120)
#   E2E_PARTS        `debug`: only the debugger's browser part (for working on it); default all
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
ext_dir=$(cd "$here/.." && pwd)
repo=$(cd "$ext_dir/../.." && pwd)
export E2E_HOME=${E2E_HOME:-${TMPDIR:-/tmp}/innominatus-vscode-e2e}
bin=${INNOMINATUS_BIN:-$repo/target/debug/innominatus}
timeout_s=${E2E_TIMEOUT:-240}

if [ ! -x "$bin" ]; then
  echo "building $bin"
  (cd "$repo" && cargo build -q --bin innominatus)
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

started=$(date +%s)
bash "$here/install-deps.sh"
echo "installs: $(($(date +%s) - started)) s"

echo "packaging the extension"
# npm ci only when the installed tree is older than the lock file (it takes a minute).
if [ ! -f "$ext_dir/node_modules/.package-lock.json" ] || [ "$ext_dir/package-lock.json" -nt "$ext_dir/node_modules/.package-lock.json" ]; then
  (cd "$ext_dir" && npm ci --no-audit --no-fund --loglevel=error)
fi
echo "unit tests (content detection, dry-run report)"
(cd "$ext_dir" && INNOMINATUS_BIN="$bin" npm test --silent)
rm -f "$ext_dir/innominatus.vsix"
(cd "$ext_dir" && npm run -s package 2>&1 | grep -E 'DONE|ERROR|error' || true)
[ -f "$ext_dir/innominatus.vsix" ] || { echo "packaging failed" >&2; exit 1; }
vsix="$ext_dir/innominatus.vsix"

run="$E2E_HOME/run"
rm -rf "$run"
mkdir -p "$run/home" "$run/data/User" "$run/data/Machine" "$run/extensions" "$run/chromium"
workspace="$run/workspace"
"$repo/editors/test-fixtures/break-workspace.sh" "$workspace" >/dev/null

# The extension starts the server and the debug adapter through this recorder: what VS Code
# sends goes to lsp.in / dap.in, what they answer to lsp.out / dap.out (e2e.mjs and
# debug-e2e.mjs read them); the commands' other invocations (graph, dry-run fallback) run the
# binary directly.
lsp_log="$run/lsp"
dap_log="$run/dap"
recorder="$run/innominatus-recorder"
cat >"$recorder" <<SH
#!/bin/sh
case "\$1" in
  lsp) tee -a "$lsp_log.in" | "$bin" "\$@" | tee -a "$lsp_log.out" ;;
  dap) tee -a "$dap_log.in" | "$bin" "\$@" | tee -a "$dap_log.out" ;;
  *) exec "$bin" "\$@" ;;
esac
SH
chmod +x "$recorder"

# code-server and Chromium write to HOME and the XDG folders: keep them in the scratch folder.
export HOME="$run/home" XDG_CONFIG_HOME="$run/home/.config" XDG_DATA_HOME="$run/home/.local/share"
export XDG_CACHE_HOME="$run/home/.cache" XDG_RUNTIME_DIR="$run/home/.runtime"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

# Without these the workspace opens in Restricted Mode and the extension never activates.
cat >"$run/data/User/settings.json" <<JSON
{
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "telemetry.telemetryLevel": "off",
  "editor.quickSuggestions": { "other": false, "comments": false, "strings": false },
  "editor.wordBasedSuggestions": "off",
  "editor.codeLens": true,
  "[Log]": { "editor.wordWrap": "off" },
  "innominatus.server.path": "$recorder"
}
JSON
cp "$run/data/User/settings.json" "$run/data/Machine/settings.json"

code_server="$E2E_HOME/tools/node_modules/.bin/code-server"
"$code_server" --extensions-dir "$run/extensions" --user-data-dir "$run/data" \
  --install-extension "$vsix" >"$run/install-extension.log" 2>&1 || {
  cat "$run/install-extension.log"
  exit 1
}

# shellcheck source=code-server.sh
source "$here/code-server.sh"
start_code_server "$PATH" "$code_server" "$run" "$workspace"

# The references: what the command line says about the same files.
workflow=providers/container-team/workflows/delete-namespace.yaml
# The debugger's test steps through a workflow the broken workspace leaves intact.
debug_workflow=workflows/deploy-app.yaml
(
  cd "$workspace"
  "$bin" lint --format json "$workflow" apps/orders-api/score.yaml >"$run/expected.json" || true
  "$bin" workflow test "$workflow" --dry-run --format text >"$run/dry-run.txt" || true
  "$bin" graph . --format json >"$run/graph.json" || true
  "$bin" workflow test "$debug_workflow" --dry-run --format json >"$run/debug-dry-run.json" || true
)

started=$(date +%s)
status=0
[ "${E2E_PARTS:-all}" = debug ] || timeout --kill-after=10 "$timeout_s" \
  node "$here/e2e.mjs" --url "http://127.0.0.1:$port/?folder=$workspace" --workspace "$workspace" \
  --expected "$run/expected.json" --dry-run "$run/dry-run.txt" --graph "$run/graph.json" --repo "$repo" \
  --artifacts "$run" --tools "$E2E_HOME/tools" --lsp-log "$lsp_log" || status=$?
echo "browser run: $(($(date +%s) - started)) s"

# The workflow debugger, in the same code-server (a new browser page).
started=$(date +%s)
timeout --kill-after=10 "${DEBUG_E2E_TIMEOUT:-120}" \
  node "$here/debug-e2e.mjs" --url "http://127.0.0.1:$port/?folder=$workspace" --workspace "$workspace" \
  --workflow "$debug_workflow" --dry-run-json "$run/debug-dry-run.json" \
  --artifacts "$run" --tools "$E2E_HOME/tools" --dap-log "$dap_log" || status=1
echo "debugger browser run: $(($(date +%s) - started)) s"
if [ "$status" -ne 0 ]; then
  echo "--- code-server log (tail)"
  tail -n 40 "$run/code-server.log"
fi
echo "screenshots and logs in $run"
exit "$status"
