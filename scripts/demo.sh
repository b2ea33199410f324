#!/usr/bin/env bash
# The one command: installs what is missing, starts PostgreSQL and Redis, builds the three services,
# starts og-core, og-repository and two og-agents on loop-device disks, and plays the OpenGnsys 2 demo.
#   bash scripts/demo.sh          play the demo, then stop everything and clean up (exit code = result)
#   bash scripts/demo.sh --keep   leave the suite running afterwards and print URLs and credentials
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "run as root: the agents partition loop devices" >&2; exit 1; }
bash scripts/prereqs.sh
export NX_NO_CLOUD=true NX_DAEMON=false NX_TUI=false
echo "[demo] building og-core, og-repository, og-agent"
build_log=$(mktemp /tmp/ogsuite-build.XXXXXX.log)
npx nx run-many -t build --parallel=2 --output-style=static >"$build_log" 2>&1 || { cat "$build_log"; exit 1; }
rm -f "$build_log"
exec npx ts-node -P tsconfig.scripts.json tools/demo/main.ts "$@"
