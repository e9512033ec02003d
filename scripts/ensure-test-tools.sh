#!/usr/bin/env bash
# Installs what the tests need when it is missing (Debian packages, npm), then runs the given command.
# Every tool the tests start is listed here, so a fresh machine needs nothing but the .NET SDK.
# Usage: scripts/ensure-test-tools.sh [command ...]
set -euo pipefail

as_root() {
  # `env` carries the variable through sudo and also works when we already are root
  # (a bare `$sudo VAR=value cmd` with an empty $sudo runs "VAR=value" as a command).
  if [ "$(id -u)" -eq 0 ]; then env DEBIAN_FRONTEND=noninteractive "$@"
  else sudo env DEBIAN_FRONTEND=noninteractive "$@"; fi
}

missing=()
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium" ] || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
# Native libopus for recordings, as in the container (Dockerfile): Concentus loads "libopus.so", which only the -dev
# package links; without it the tests would run the managed Opus port instead of what production runs.
ldconfig -p 2>/dev/null | grep -q 'libopus\.so ' || missing+=(libopus-dev)

if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing for the tests: ${missing[*]} (Debian packages)."
  as_root apt-get update -q
  as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
  [ -x "$chromium" ] || { echo "Chromium is still missing at $chromium after the install." >&2; exit 1; }
fi

# Azurite, Microsoft's Azure Storage emulator, for the blob recording store's tests (npm registry, pinned: the
# newest releases need Node.js 22). Installed inside the repository (ignored by git); the tests find it there.
azurite_dir="${AZURITE_DIR:-$(cd "$(dirname "$0")/.." && pwd)/.test-tools/azurite}"
if [ ! -x "$azurite_dir/node_modules/.bin/azurite-blob" ]; then
  echo "Installing for the tests: azurite 3.35.0 (npm) into $azurite_dir."
  mkdir -p "$azurite_dir"
  npm install --prefix "$azurite_dir" --no-audit --no-fund --loglevel=error azurite@3.35.0
fi

if [ "$#" -gt 0 ]; then exec "$@"; fi
