#!/usr/bin/env bash
# Load benchmark (issue 11): builds the site, the simulator host, the runtime hook and the generator in Release, then runs
# bench/VoiceSite.Load with the arguments given (see bench/README.md), e.g.
#   bench/load.sh                                   # relay 50,100,200,350,500 + floor, Interrupt at 100, pipeline 50,100
#   bench/load.sh --levels 200 --repeat 3 --label after --pipeline-levels none --interrupt 0
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
for project in VoiceSite bench/VoiceSite.SimulatorHost bench/VoiceSite.Load.Hook bench/VoiceSite.Load; do
  dotnet build -c Release "$project" -v quiet -nologo | grep -E "error|Warn.*[1-9]" || true
done
exec dotnet bench/VoiceSite.Load/bin/Release/net10.0/VoiceSite.Load.dll "$@"
