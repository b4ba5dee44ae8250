#!/usr/bin/env bash
# Installs Debian's Chromium for the Playwright tests when it is missing. Playwright's own browser
# download is not used: it is blocked on closed networks, and Debian's build is what CI has.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  echo "chromium: $("$CHROMIUM" --version 2>/dev/null || echo present)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing Debian's chromium (needed by the end-to-end tests)…"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
echo "chromium: $("$CHROMIUM" --version)"
