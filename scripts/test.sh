#!/usr/bin/env bash
# Runs the whole test suite, installing what it needs first (Chromium for the browser tests).
# Works as root (CI: no sudo, no TTY) and as a user with sudo.
# Usage: ./scripts/test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
exec "$(dirname "$0")/ensure-test-tools.sh" dotnet test VoiceSite.sln --logger "console;verbosity=normal" "$@"
