#!/usr/bin/env bash
# Runs the whole test suite, installing what it needs first (Chromium for the browser tests).
# Usage: ./scripts/test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "Chromium not found at $chromium: installing it for the browser tests (Debian package 'chromium')."
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -q
  $sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
fi

dotnet test VoiceSite.sln --logger "console;verbosity=normal" "$@"
