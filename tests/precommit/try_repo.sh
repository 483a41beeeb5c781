#!/usr/bin/env bash
# The pre-commit hooks of this repository, run by pre-commit itself (`try-repo`) in a
# throw-away git repository holding one broken and one clean platform file: the hook must
# fail on the broken file, then pass once it is fixed.
#
#   tests/precommit/try_repo.sh [BINARY]          (default: target/debug/innominatus)
#
# It installs pre-commit in a virtualenv under $PRECOMMIT_VENV (default: a temporary
# folder). The `innominatus-lint-system` hook is tested with BINARY on PATH; the
# `innominatus-lint` hook (language: rust) is tested too when INNOMINATUS_TEST_RUST_HOOK=1,
# as it builds the whole tool in release mode (see README, "pre-commit"). With
# INNOMINATUS_WHEEL_DIR (a folder holding the wheel release/build.sh makes), the
# `innominatus-lint-python` hook (language: python) is tested too: pip finds the wheel there,
# may not build `innominatus` from source, and runs with neither a Rust toolchain nor an
# `innominatus` on PATH, so the hook can only work from the wheel, without compiling.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
binary=$(realpath "${1:-$repo/target/debug/innominatus}")
[ -x "$binary" ] || { echo "no binary at $binary (build it first)" >&2; exit 2; }
wheels=${INNOMINATUS_WHEEL_DIR:+$(realpath "$INNOMINATUS_WHEEL_DIR")}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
venv=${PRECOMMIT_VENV:-$work/venv}
if [ -x "$venv/bin/pre-commit" ]; then
  precommit=("$venv/bin/pre-commit")
elif python3 -m venv "$venv" 2>/dev/null; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
  precommit=("$venv/bin/pre-commit")
else
  # A Python without the venv module (Debian without python3-venv): a private folder.
  python3 -m pip install --quiet --disable-pip-version-check --target "$work/pylib" pre-commit
  export PYTHONPATH="$work/pylib"
  precommit=(python3 -m pre_commit)
fi
"${precommit[@]}" --version

# pre-commit commits a snapshot of a dirty hook repository: give git an identity, and keep
# pre-commit's own cache out of the home folder.
export GIT_AUTHOR_NAME=ci GIT_AUTHOR_EMAIL=ci@example.invalid
export GIT_COMMITTER_NAME=ci GIT_COMMITTER_EMAIL=ci@example.invalid
export PRE_COMMIT_HOME="$work/pre-commit-home"

project="$work/project"
mkdir -p "$project/apps/web" "$project/apps/api"
cd "$project"
git init --quiet .
cat > apps/web/score.yaml <<'YAML'
apiVersion: score.dev/v1b1
metadata:
  name: web
containers:
  web:
    image: ghcr.io/example/web:1.0.0
YAML
cat > apps/api/score.yaml <<'YAML'
apiVersion: score.dev/v1b1
metadata:
  name: api
containers:
  api:
    image: ghcr.io/example/api:1.0.0
    varaibles:
      PORT: "8080"
YAML
git add .

try_hook() { # HOOK_ID EXPECTED_STATUS: runs the hook on both files
  local hook=$1 expected=$2 status=0
  "${precommit[@]}" try-repo "$repo" "$hook" --files apps/web/score.yaml apps/api/score.yaml \
    >"$work/out.txt" 2>&1 || status=$?
  cat "$work/out.txt"
  if [ "$status" -ne "$expected" ]; then
    echo "FAIL: $hook exited $status, expected $expected" >&2
    exit 1
  fi
}

check_hook() { # HOOK_ID
  local hook=$1
  echo "-- $hook on a broken file: must fail"
  try_hook "$hook" 1
  grep -q 'apps/api/score.yaml:7:5: error\[INN101 unknown-key\]' "$work/out.txt" \
    || { echo "FAIL: the finding is not in the hook's output" >&2; exit 1; }
  echo "-- $hook after the fix: must pass"
  sed -i 's/varaibles:/variables:/' apps/api/score.yaml
  git add .
  try_hook "$hook" 0
  # Back to the broken file for the next hook.
  sed -i 's/variables:/varaibles:/' apps/api/score.yaml
  git add .
}

PATH="$(dirname "$binary"):$PATH" check_hook innominatus-lint-system
if [ -n "$wheels" ]; then
  # shellcheck source=../../release/lib.sh
  source "$repo/release/lib.sh"
  ls "$wheels"/innominatus-*.whl >/dev/null
  PATH=$(path_without cargo rustc innominatus) PIP_FIND_LINKS="$wheels" PIP_ONLY_BINARY=innominatus \
    check_hook innominatus-lint-python
fi
if [ "${INNOMINATUS_TEST_RUST_HOOK:-0}" = 1 ]; then
  check_hook innominatus-lint
fi
echo "pre-commit hooks: ok"
