#!/usr/bin/env bash
# Builds the platform oracle (../shared/oracle: the platform's own loaders, validators and
# resolver, pinned copies) and this repository's driver of it (tests/oracle/resolve) into
# OUT_DIR (default target/oracle). Prints nothing on success; the tests that use the oracle
# skip with one line when Go or ../shared/oracle is missing.
# Needs Debian's Go and the libraries the platform code imports:
#   apt-get install -y golang-go golang-gopkg-yaml.v3-dev \
#     golang-github-masterminds-semver-dev golang-github-sirupsen-logrus-dev
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
shared=${INNOMINATUS_SHARED:-$repo/../shared}
out=${1:-$repo/target/oracle}
mkdir -p "$out"
out=$(cd "$out" && pwd)
"$shared/oracle/build.sh" "$out" > /dev/null
mkdir -p "$out/gopath/src/innominatus/cmd/resolve"
cp "$here/resolve/main.go" "$out/gopath/src/innominatus/cmd/resolve/main.go"
export GOPATH="$out/gopath:/usr/share/gocode" GO111MODULE=off GOFLAGS= GOCACHE="$out/gocache"
go build -o "$out/resolve" innominatus/cmd/resolve
