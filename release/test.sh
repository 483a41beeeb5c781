#!/usr/bin/env bash
# Builds the release artifacts (release/build.sh) and installs each in a clean place:
#   - the archive, unpacked in a temporary folder: `validate` on the examples (clean) and on a
#     broken copy (exit 1); completions for bash, zsh and fish; a man page per command;
#   - the wheel, in a fresh venv: `innominatus --version`, `validate` on a broken file
#     (exit 1), with neither cargo, rustc nor another innominatus on PATH;
#   - the `language: python` pre-commit hook, from this repository, installing that wheel
#     without compiling (tests/precommit/try_repo.sh with INNOMINATUS_WHEEL_DIR);
#   - the .vsix: its file list (one bundled script, the server, the schemas, the readme), then
#     in code-server with nothing else installed (editors/vscode/test/packaged.sh).
# Prints one line per check and "release: N passed, N failed"; exits non-zero on a failure.
#
#   release/test.sh [--profile dev|release]   (default dev: CI's debug build, nothing compiled)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
profile=dev
if [ "${1:-}" = --profile ]; then
  profile=$2
fi
# shellcheck source=lib.sh
source "$repo/release/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dist=$work/dist

passed=0
failed=0
check() { # NAME COMMAND...: runs the command, its output in $work/out.txt
  local name=$1
  shift
  if "$@" >"$work/out.txt" 2>&1; then
    echo "ok   $name"
    passed=$((passed + 1))
  else
    echo "FAIL $name"
    # (without a nested "N passed, N failed" line, which .ci/run's closing total would count)
    grep -vE '[0-9]+ passed, [0-9]+ failed' "$work/out.txt" | tail -n 20 | sed 's/^/     /'
    failed=$((failed + 1))
  fi
}

started=$(date +%s)
"$repo/release/build.sh" --profile "$profile" --out "$dist"
echo "release/build.sh --profile $profile: $(($(date +%s) - started)) s"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$repo/Cargo.toml" | head -n 1)

# The broken copy of the examples the checks below run on: a misspelt key in a Score spec.
broken=$work/broken
cp -r "$repo/examples" "$broken"
sed -i '26s/image:/imgae:/' "$broken/apps/orders-api/score.yaml"
grep -q '^    imgae: ' "$broken/apps/orders-api/score.yaml"
clean_path=$(path_without innominatus cargo rustc)

# ---- the archive
archive=$dist/innominatus-$version-x86_64-unknown-linux-gnu.tar.gz
mkdir "$work/archive"
check "archive unpacks into one folder" tar -C "$work/archive" -xzf "$archive"
unpacked=$work/archive/innominatus-$version-x86_64-unknown-linux-gnu
check "archive: innominatus validate examples/ is clean" \
  env PATH="$clean_path" "$unpacked/innominatus" validate "$repo/examples"
check "archive: innominatus validate on a broken copy exits 1 naming INN101" \
  bash -c "cd '$broken' && { PATH='$clean_path' '$unpacked/innominatus' validate --format concise .; [ \$? = 1 ]; } | grep -F 'apps/orders-api/score.yaml:26:5: error[INN101'"
check "archive: bash, zsh and fish completions" bash -c "
  grep -q 'complete -F _innominatus' '$unpacked/completions/innominatus.bash' &&
  grep -q '#compdef innominatus' '$unpacked/completions/_innominatus' &&
  grep -q 'complete -c innominatus' '$unpacked/completions/innominatus.fish'"
check "archive: man pages for the commands" bash -c "
  for page in innominatus innominatus-validate innominatus-lint innominatus-workflow-test; do
    grep -q '^\.TH' '$unpacked/man/man1/'\$page.1 || { echo \"no \$page.1\"; exit 1; }
  done"
check "archive: LICENSE and README.md" test -s "$unpacked/LICENSE" -a -s "$unpacked/README.md"

# ---- the wheel, in a fresh venv
wheel=$(ls "$dist"/innominatus-"$version"-py3-none-manylinux_*_x86_64.whl)
venv=$work/venv
python3 -m venv "$venv"
check "wheel: pip install in a fresh venv" "$venv/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel"
check "wheel: innominatus on the venv's PATH prints its version" \
  bash -c "PATH='$venv/bin:$clean_path' innominatus --version | grep -Fx 'innominatus $version'"
check "wheel: innominatus validate on a broken file exits 1" \
  bash -c "cd '$broken' && PATH='$venv/bin:$clean_path' innominatus validate apps/orders-api/score.yaml; [ \$? = 1 ]"
check "the pre-commit anchor (pyproject.toml) pins this version of the wheel" \
  grep -Fx "dependencies = [\"innominatus==$version\"]" "$repo/pyproject.toml"

# ---- pre-commit's language: python hook, with the wheel
check "pre-commit: innominatus-lint-python installs the wheel and fails, then passes, with no Rust" \
  env INNOMINATUS_WHEEL_DIR="$dist" bash "$repo/tests/precommit/try_repo.sh" "$unpacked/innominatus"
grep -E '^(-- |pre-commit hooks)' "$work/out.txt" | sed 's/^/     /'

# ---- the VS Code package
vsix=$dist/innominatus-$version-linux-x64.vsix
python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$vsix" >"$work/vsix.txt"
check "vsix: one JavaScript file (dist/extension.js), nothing from out/ or node_modules/" \
  bash -c "[ \"\$(grep -c '\.js$' '$work/vsix.txt')\" = 1 ] && grep -qx 'extension/dist/extension.js' '$work/vsix.txt' && ! grep -qE '^extension/(out|node_modules)/' '$work/vsix.txt'"
check "vsix: the server binary, the schemas and the readme" bash -c "
  grep -qx 'extension/server/innominatus' '$work/vsix.txt' &&
  grep -qx 'extension/readme.md' '$work/vsix.txt' &&
  [ \"\$(grep -c '^extension/schemas/.*\.schema\.json$' '$work/vsix.txt')\" = 9 ]"
check "vsix: targets linux-x64" python3 -c '
import sys, zipfile
assert "TargetPlatform=\"linux-x64\"" in zipfile.ZipFile(sys.argv[1]).read("extension.vsixmanifest").decode()
' "$vsix"
started=$(date +%s)
check "vsix: in code-server without innominatus or Rust on PATH (packaged.sh)" \
  bash "$repo/editors/vscode/test/packaged.sh" "$vsix"
grep -E '^(ok|FAIL) ' "$work/out.txt" | cut -c1-200 | sed 's/^/     /'
echo "packaged.sh: $(($(date +%s) - started)) s"

echo "release: $passed passed, $failed failed"
[ "$failed" = 0 ]
