#!/usr/bin/env bash
# Installs what the VS Code end-to-end test needs, outside the repository:
# Debian packages (when root and missing), code-server and playwright-core into $E2E_HOME/tools.
# Recipe: ../shared/docs/EDITOR-TESTING.md (code-server 4.100.3 is the newest on Node 20;
# the browser is Debian's Chromium, never a downloaded one).
set -euo pipefail

E2E_HOME=${E2E_HOME:-${TMPDIR:-/tmp}/innominatus-vscode-e2e}
tools="$E2E_HOME/tools"
mkdir -p "$tools"

need_pkgs=()
for pkg in libkrb5-dev libsecret-1-dev ripgrep chromium fonts-liberation; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_pkgs+=("$pkg")
done
if ((${#need_pkgs[@]})); then
  if [ "$(id -u)" = 0 ]; then
    echo "installing Debian packages: ${need_pkgs[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
  else
    echo "missing Debian packages (run as root or install them): ${need_pkgs[*]}" >&2
    exit 1
  fi
fi

if [ -x "$tools/node_modules/.bin/code-server" ] && [ -d "$tools/node_modules/playwright-core" ]; then
  echo "code-server and playwright-core already in $tools"
  exit 0
fi

# @vscode/ripgrep downloads ripgrep from GitHub unless it finds this archive in its cache;
# give it Debian's rg instead.
rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
mkdir -p "$rg_cache"
rg_stage=$(mktemp -d)
cp /usr/bin/rg "$rg_stage/rg"
tar -C "$rg_stage" -czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" rg
rm -rf "$rg_stage"

cd "$tools"
[ -f package.json ] || echo '{"name":"innominatus-vscode-e2e-tools","private":true}' >package.json
export npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir=/usr
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
echo "installing code-server@4.100.3 and playwright-core into $tools"
npm install --no-save --loglevel=error code-server@4.100.3 playwright-core@1.52.0
