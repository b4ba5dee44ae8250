#!/usr/bin/env bash
# Installs Debian's redis-server when it is missing: the event-bus tests run every consumer on both
# transports, and for Redis each test run starts its own redis-server on a free port without
# persistence (server/src/stack/redis-server.ts). No Redis service is configured or left running.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  echo "redis-server: $(redis-server --version)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing Debian's redis-server (needed by the event-bus tests)…"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends redis-server >/dev/null
# The package starts a system Redis on 6379; the tests do not use it.
$SUDO systemctl disable --now redis-server >/dev/null 2>&1 || true
echo "redis-server: $(redis-server --version)"
