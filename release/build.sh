#!/usr/bin/env bash
# Builds the release artifacts of innominatus-tools into dist/ from a clone:
#   innominatus-VERSION-x86_64-unknown-linux-gnu.tar.gz   the binary, shell completions
#                                                         (bash, zsh, fish), man pages,
#                                                         LICENSE and README.md
#   innominatus-VERSION-linux-x64.vsix                    the VS Code extension carrying the
#                                                         binary (server/innominatus)
#   innominatus-VERSION-py3-none-manylinux_*_x86_64.whl   the binary as a Python wheel
#                                                         (`pip install` puts it on PATH)
#
#   release/build.sh [--profile release|dev|NAME] [--out DIR] [--only archive,vsix,wheel]
#
# The binary is compiled once: maturin builds the root package with the chosen cargo profile
# (`release` by default; `dev` reuses the debug build CI already has, with nothing compiled)
# and packs it into the wheel; the archive and the .vsix take the same target/PROFILE binary,
# its debug information stripped. maturin (PyPI) goes into a venv and @vscode/vsce (npm)
# into a copy of editors/vscode, both under $RELEASE_TOOLS (default: $TMPDIR/innominatus-release).
# The extension is packaged from that copy: its schemas come from the binary it carries.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
profile=release
out=$repo/dist
only=archive,vsix,wheel
while [ $# -gt 0 ]; do
  case $1 in
    --profile) profile=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    -h | --help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "release/build.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
wants() { [[ ",$only," == *",$1,"* ]]; }

[ "$(uname -sm)" = "Linux x86_64" ] || { echo "release/build.sh builds x86_64 Linux artifacts, on x86_64 Linux only" >&2; exit 2; }
tools=${RELEASE_TOOLS:-${TMPDIR:-/tmp}/innominatus-release}
mkdir -p "$out" "$tools"
out=$(cd "$out" && pwd)
target_dir=${CARGO_TARGET_DIR:-$repo/target}
case $profile in
  dev) profile_dir=debug ;;
  *) profile_dir=$profile ;;
esac
bin=$target_dir/$profile_dir/innominatus
elapsed() { echo "$(($(date +%s) - $1)) s"; }

# 1. The binary and the wheel: maturin runs cargo for the root package (a no-op when the
# profile's binary is up to date) and packs the binary as the wheel's script.
started=$(date +%s)
if wants wheel; then
  venv=$tools/maturin-venv
  if [ ! -x "$venv/bin/maturin" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "maturin>=1.9,<2"
  fi
  rm -f "$out"/innominatus-*.whl
  (cd "$repo/python" && "$venv/bin/maturin" build --quiet --profile "$profile" --out "$out") >"$tools/maturin.log" 2>&1 \
    || { cat "$tools/maturin.log" >&2; exit 1; }
  echo "wheel: $(basename "$out"/innominatus-*.whl) ($(elapsed "$started"))"
else
  (cd "$repo" && cargo build --quiet --profile "$profile" --bin innominatus)
  echo "binary: $bin ($(elapsed "$started"))"
fi
[ -x "$bin" ] || { echo "no binary at $bin" >&2; exit 1; }
version=$("$bin" --version | awk '{print $2}')

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
# The copy the archive and the .vsix carry: debug information stripped when `strip` exists
# (the release profile has none to strip; a dev build drops from about 110 to 42 MB).
shipped=$stage/innominatus
cp "$bin" "$shipped"
if command -v strip >/dev/null; then
  strip --strip-debug "$shipped"
fi

# 2. The archive: one folder named like the archive.
if wants archive; then
  started=$(date +%s)
  name=innominatus-$version-x86_64-unknown-linux-gnu
  dir=$stage/$name
  mkdir -p "$dir/completions" "$dir/man/man1"
  cp "$shipped" "$dir/innominatus"
  "$shipped" completions bash >"$dir/completions/innominatus.bash"
  "$shipped" completions zsh >"$dir/completions/_innominatus"
  "$shipped" completions fish >"$dir/completions/innominatus.fish"
  "$shipped" man --out-dir "$dir/man/man1" >/dev/null
  cp "$repo/LICENSE" "$repo/README.md" "$dir/"
  tar -C "$stage" --owner=0 --group=0 --numeric-owner -czf "$out/$name.tar.gz" "$name"
  echo "archive: $name.tar.gz ($(elapsed "$started"))"
fi

# 3. The platform-specific VS Code package, built from a copy of editors/vscode (anything
# beside it in the repository is out of reach), carrying the binary in server/.
if wants vsix; then
  started=$(date +%s)
  ext=$tools/vscode
  # Keep node_modules between runs (npm ci is skipped while the lock file is unchanged).
  mkdir -p "$ext"
  find "$ext" -mindepth 1 -maxdepth 1 ! -name node_modules -exec rm -rf {} +
  (cd "$repo/editors/vscode" && tar --exclude=./node_modules --exclude=./out --exclude=./dist \
    --exclude=./schemas --exclude=./server --exclude='./*.vsix' -cf - .) | tar -C "$ext" -xf -
  if ! cmp -s "$ext/package-lock.json" "$ext/node_modules/.package-lock.copy.json"; then
    (cd "$ext" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$ext/package-lock.json" "$ext/node_modules/.package-lock.copy.json"
  fi
  mkdir -p "$ext/server"
  cp "$shipped" "$ext/server/innominatus"
  cp "$repo/LICENSE" "$ext/LICENSE"
  vsix=$out/innominatus-$version-linux-x64.vsix
  rm -f "$vsix"
  (cd "$ext" && env -u INNOMINATUS_BIN -u INNOMINATUS_SCHEMAS_DIR \
    npx vsce package --target linux-x64 --no-dependencies --allow-missing-repository -o "$vsix") \
    >"$tools/vsce.log" 2>&1 || { cat "$tools/vsce.log" >&2; exit 1; }
  (cd "$ext" && npx vsce ls --no-dependencies) >"$tools/vsce-ls.txt"
  echo "vsix: $(basename "$vsix") ($(elapsed "$started"))"
fi

ls -l "$out"
