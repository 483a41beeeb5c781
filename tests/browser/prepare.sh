# Sourced by run.sh and timeline.sh: the binary, Chromium and playwright-core, and an empty
# artefact folder. Expects `here` (this folder) and `default_artifacts` to be set; sets `repo`,
# `bin` (absolute) and `artifacts`, exports E2E_HOME.
repo=$(cd "$here/../.." && pwd)
export E2E_HOME=${E2E_HOME:-${TMPDIR:-/tmp}/innominatus-vscode-e2e}
bin=${INNOMINATUS_BIN:-$repo/target/debug/innominatus}
artifacts=${BROWSER_ARTIFACTS:-$default_artifacts}

if [ ! -x "$bin" ]; then
  echo "building $bin"
  (cd "$repo" && cargo build -q --bin innominatus)
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
bash "$repo/editors/vscode/test/install-deps.sh"

rm -rf "$artifacts"
mkdir -p "$artifacts"
echo "artefacts (pages, screenshots): $artifacts"
