#!/usr/bin/env bash
# Installs Debian's libfaketime when it is missing: the skewed-clock trace test runs each service with
# its wall clock shifted by hours (LD_PRELOAD; server/src/testing/skewed-service-processes.ts).
set -euo pipefail
LIB=/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1
if [ -e "$LIB" ]; then
  echo "libfaketime: $LIB"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing Debian's libfaketime (needed by the skewed-clock trace test)…"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libfaketime >/dev/null
echo "libfaketime: $LIB"
