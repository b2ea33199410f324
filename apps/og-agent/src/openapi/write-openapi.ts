/**
 * Regenerates `openapi/og-agent.json` from the code:
 * `npx ts-node -P tsconfig.scripts.json apps/og-agent/src/openapi/write-openapi.ts` (from the workspace root).
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_OPENAPI_FILE, buildAgentOpenApi, serializeOpenApi } from './agent-openapi';

void buildAgentOpenApi().then((doc) => {
  const file = join(process.cwd(), AGENT_OPENAPI_FILE);
  writeFileSync(file, serializeOpenApi(doc));
  console.log(`wrote ${file}`);
});
