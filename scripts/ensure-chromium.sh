#!/usr/bin/env bash
# The browser tests drive Debian's Chromium with playwright-core (no browser download is possible
# here). Installs it when /usr/bin/chromium is missing. Prints the binary path.
set -euo pipefail
BIN="${CHROMIUM_BIN:-/usr/bin/chromium}"
if [ ! -x "$BIN" ]; then
  echo "[chromium] $BIN missing: apt-get update && apt-get install -y chromium (once, ~1-2 min)" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >&2
fi
echo "$BIN"
