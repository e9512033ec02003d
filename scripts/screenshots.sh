#!/usr/bin/env bash
# Makes the README's pictures (docs/screenshots/) by running the screenshot tests in real Chromium:
# the conversation page mid-conversation and the replay of a recorded session, desk and phone widths,
# and the admin dashboard on a phone. Installs what the browser tests need when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export SCREENSHOTS_DIR="$PWD/docs/screenshots"
mkdir -p "$SCREENSHOTS_DIR"
exec ./scripts/ensure-test-tools.sh dotnet test VoiceSite.Tests \
  --filter "FullyQualifiedName~Browser.ScreenshotTests|FullyQualifiedName~Browser.DashboardBrowserTests"
