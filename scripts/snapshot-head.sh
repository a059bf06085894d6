#!/usr/bin/env bash
# Development aid while several people commit to one tree: exports the COMMITTED pack (HEAD) into
# a scratch folder (node_modules linked from the clone) and builds it there, so the runner can load
# it with LB_PACK_ROOT=<that folder> even when the work tree holds someone's half-done files.
set -euo pipefail
cd "$(dirname "$0")/.."
DEST="${1:-/tmp/lb-head}"
rm -rf "$DEST"; mkdir -p "$DEST"
git archive HEAD | tar -x -C "$DEST"
ln -s "$PWD/node_modules" "$DEST/node_modules"
(cd "$DEST" && npm run --silent build >&2)
echo "$DEST"
