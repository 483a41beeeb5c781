#!/usr/bin/env bash
# Makes the broken workspace both editor tests open: a copy of examples/ with two mistakes in
# one provider workflow. Usage: break-workspace.sh TARGET_DIR
#   line 20: `type: polcy`        -> INN501 unsupported-step-type (+ INN605 policy), fix `policy`
#   line 44: `dependson:`         -> INN101 unknown-key, fix `dependsOn`
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
target=$1
rm -rf "$target"
cp -r "$repo/examples" "$target"
file="$target/providers/container-team/workflows/delete-namespace.yaml"
grep -q '^    type: policy$' <(sed -n 20p "$file")
grep -q '^    dependsOn: \[check-empty\]$' <(sed -n 44p "$file")
sed -i -e '20s/type: policy/type: polcy/' -e '44s/dependsOn:/dependson:/' "$file"
echo "$file"
