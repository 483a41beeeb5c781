#!/usr/bin/env bash
# Makes the broken workspace both editor tests open: a copy of examples/ with two mistakes in
# one provider workflow, and two files of other tools the editors and the server must leave
# alone. Usage: break-workspace.sh TARGET_DIR
#   line 20: `type: polcy`        -> INN501 unsupported-step-type (+ INN605 policy), fix `policy`
#   line 44: `dependson:`         -> INN101 unknown-key, fix `dependsOn`
#   .github/workflows/ci.yml      GitHub Actions: a misspelt key (`runs-onn`) and a duplicate
#                                 `run` (INN002 to `innominatus lint`)
#   charts/web/values.yaml        Helm values: a duplicate `tag` (INN002 to `innominatus lint`)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
target=$1
rm -rf "$target"
cp -r "$repo/examples" "$target"
file="$target/providers/container-team/workflows/delete-namespace.yaml"
grep -q '^    type: policy$' <(sed -n 20p "$file")
grep -q '^    dependsOn: \[check-empty\]$' <(sed -n 44p "$file")
sed -i -e '20s/type: policy/type: polcy/' -e '44s/dependsOn:/dependson:/' "$file"
mkdir -p "$target/.github/workflows" "$target/charts/web"
cat >"$target/.github/workflows/ci.yml" <<'YAML'
name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  lint:
    runs-on: ubuntu-latest
    runs-onn: ubuntu-22.04
    steps:
      - uses: actions/checkout@v4
      - name: lint the platform files
        run: innominatus lint .
        run: innominatus lint --format github .
YAML
cat >"$target/charts/web/values.yaml" <<'YAML'
replicaCount: 2
image:
  repository: nginx
  tag: stable
  tag: "1.27"
service:
  port: 80
YAML
echo "$file"
