#!/usr/bin/env bash
# npm start: builds the pack, starts the vendor sandbox and a local n8n (installed once into
# ~/.cache/n8n-nodes-legal-billing) with the pack, sandbox credentials and templates imported.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ]; then
  echo "[legal-billing] node_modules missing: running npm ci first" >&2
  npm ci --no-audit --no-fund
fi
exec npx tsx scripts/start.ts "$@"
