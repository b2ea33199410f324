#!/usr/bin/env bash
# Every test, in pyramid order: lint, type check, unit, integration, build, system. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_NO_CLOUD=true NX_DAEMON=false NX_TUI=false
step() { printf '\n\033[1;35m== %s ==\033[0m\n' "$*"; }
step "lint";        npx nx show projects >/dev/null  # builds the project graph @nx/enforce-module-boundaries needs
                    npx eslint --max-warnings=0 apps libs test tools scripts bench
step "format";      npx prettier --check "apps/**/*.ts" "libs/**/*.ts" "test/**/*.ts" "tools/**/*.ts" "bench/**/*.ts"
step "compose";     OG_DATABASE_PASSWORD=x OG_JWT_SECRET=x OG_AGENT_SECRET=x OG_AGENT_WEBHOOK_SECRET=x \
                      OG_REPOSITORY_WEBHOOK_SECRET=x OG_REPOSITORY_TOKEN=x docker-compose config -q
step "type check";  npx tsc -p tsconfig.json
step "unit";        npx jest -c jest.unit.config.ts
step "integration"; npx jest -c jest.int.config.ts --runInBand
step "build";       npx nx run-many -t build --parallel=2 --skip-nx-cache
step "system";      npx jest -c jest.system.config.ts --runInBand
