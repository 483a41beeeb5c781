#!/usr/bin/env bash
# The platform-specific .vsix (release/build.sh), installed into a fresh code-server profile
# and used as a Score author would: no `innominatus` and no Rust toolchain on PATH, no
# setting. It must find the binary it carries, show diagnostics within 10 s of opening a
# broken Score spec, offer the INN101 quick fix, and handle a missing binary and setting
# changes without errors (packaged.mjs lists the checks).
#
#   editors/vscode/test/packaged.sh VSIX
#
#   E2E_HOME     scratch folder shared with e2e.sh (tools from install-deps.sh; default
#                $TMPDIR/innominatus-vscode-e2e); this test's profile goes to $E2E_HOME/packaged
#   E2E_TIMEOUT  seconds for the browser part (default 240)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
vsix=$(realpath "${1:?usage: packaged.sh VSIX}")
export E2E_HOME=${E2E_HOME:-${TMPDIR:-/tmp}/innominatus-vscode-e2e}
timeout_s=${E2E_TIMEOUT:-240}
# shellcheck source=../../../release/lib.sh
source "$repo/release/lib.sh"

bash "$here/install-deps.sh"

run="$E2E_HOME/packaged"
rm -rf "$run"
mkdir -p "$run/home" "$run/data/User" "$run/extensions"
# A platform repository with one mistake: `image` misspelt in a Score spec.
workspace="$run/workspace"
cp -r "$repo/examples" "$workspace"
score="$workspace/apps/orders-api/score.yaml"
grep -q '^    image: ' <(sed -n 26p "$score")
sed -i '26s/image:/imgae:/' "$score"

export HOME="$run/home" XDG_CONFIG_HOME="$run/home/.config" XDG_DATA_HOME="$run/home/.local/share"
export XDG_CACHE_HOME="$run/home/.cache" XDG_RUNTIME_DIR="$run/home/.runtime"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
# No innominatus.server.path: the extension must find the binary it carries.
cat >"$run/data/User/settings.json" <<JSON
{
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "telemetry.telemetryLevel": "off"
}
JSON

code_server="$E2E_HOME/tools/node_modules/.bin/code-server"
# code-server runs on node, which stays; innominatus, cargo and rustc must not be found.
clean_path=$(path_without innominatus cargo rustc)
if PATH=$clean_path command -v innominatus cargo rustc; then
  echo "the sanitised PATH still finds the commands above" >&2
  exit 1
fi
echo "PATH for code-server: $clean_path"
PATH=$clean_path "$code_server" --extensions-dir "$run/extensions" --user-data-dir "$run/data" \
  --install-extension "$vsix" >"$run/install-extension.log" 2>&1 || {
  cat "$run/install-extension.log"
  exit 1
}

# shellcheck source=code-server.sh
source "$here/code-server.sh"
start_code_server "$clean_path" "$code_server" "$run" "$workspace"

started=$(date +%s)
status=0
timeout --kill-after=10 "$timeout_s" \
  node "$here/packaged.mjs" --url "http://127.0.0.1:$port/?folder=$workspace" --workspace "$workspace" \
  --extensions "$run/extensions" --artifacts "$run" --tools "$E2E_HOME/tools" --pgid "$server_pid" || status=$?
echo "browser run: $(($(date +%s) - started)) s"
if [ "$status" -ne 0 ]; then
  echo "--- code-server log (tail)"
  tail -n 20 "$run/code-server.log"
  echo "screenshots and logs in $run"
fi
exit "$status"
