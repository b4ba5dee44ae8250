#!/usr/bin/env bash
# Installs the Debian packages the server's tests run for real, when missing (one apt-get for all):
#   redis-server  the event-bus tests run every consumer on both transports; each test run starts its own
#                 redis-server on a free port without persistence (server/src/stack/redis-server.ts).
#                 No Redis service is configured or left running.
#   libfaketime   the skewed-clock trace test shifts each service's wall clock by hours (LD_PRELOAD;
#                 server/src/testing/skewed-service-processes.ts).
set -euo pipefail
FAKETIME_LIB=/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -e "$FAKETIME_LIB" ] || missing+=(libfaketime)
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "Installing Debian's ${missing[*]} (needed by the server's tests)…"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The redis-server package starts a system Redis on 6379; the tests do not use it.
  $SUDO systemctl disable --now redis-server >/dev/null 2>&1 || true
fi
echo "redis-server: $(redis-server --version)"
echo "libfaketime: $FAKETIME_LIB"
