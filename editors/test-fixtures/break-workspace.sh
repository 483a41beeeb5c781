#!/usr/bin/env bash
# Makes the broken workspace both editor tests open: a copy of examples/ with known mistakes
# in a provider workflow and a Score spec, and three files of other tools the editors and the
# server must leave alone. The tests take the expected findings from `innominatus lint --format
# json` on these files, never from this list. Usage: break-workspace.sh TARGET_DIR
#   delete-namespace.yaml line 20: `type: polcy` -> INN501 unsupported-step-type (naming INN605
#                                  policy), fix `policy`
#   delete-namespace.yaml line 44: `dependson:`  -> INN101 unknown-key, did you mean `dependsOn`
#   apps/orders-api/score.yaml line 26: `imgae:` -> INN101 unknown-key, did you mean `image`
#                                  (+ INN102: `image` missing)
#   .github/workflows/ci.yml      GitHub Actions: a misspelt key (`runs-onn`) and a duplicate
#                                 `run` (INN002 to `innominatus lint`)
#   charts/web/values.yaml        Helm values: a duplicate `tag` (INN002 to `innominatus lint`)
#   docker-compose.yml            Compose: a duplicate `image` (INN002 to `innominatus lint`)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
target=$1
rm -rf "$target"
cp -r "$repo/examples" "$target"
file="$target/providers/container-team/workflows/delete-namespace.yaml"
grep -q '^    type: policy$' <(sed -n 20p "$file")
grep -q '^    dependsOn: \[check-empty\]$' <(sed -n 44p "$file")
sed -i -e '20s/type: policy/type: polcy/' -e '44s/dependsOn:/dependson:/' "$file"
score="$target/apps/orders-api/score.yaml"
grep -q '^    image: ' <(sed -n 26p "$score")
sed -i '26s/image:/imgae:/' "$score"
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
cat >"$target/docker-compose.yml" <<'YAML'
services:
  web:
    image: nginx:1.27
    image: nginx:stable
    ports:
      - "8080:80"
YAML
echo "$file"
