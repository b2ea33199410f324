#!/usr/bin/env bash
# bench/inventory: p50/p99 latency of og-core's console reads over 10,000 clients in 100 classrooms.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/prereqs.sh >/dev/null
NX_NO_CLOUD=true NX_DAEMON=false NX_TUI=false npx nx build og-core --output-style=static >/dev/null
exec npx ts-node -P tsconfig.scripts.json bench/inventory/run.ts
