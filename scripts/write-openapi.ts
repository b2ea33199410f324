import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_OPENAPI_FILE, buildAgentOpenApi } from '@agent/openapi/agent-openapi';
import { buildCoreOpenApi, CORE_OPENAPI_FILE } from '@core/openapi';
import { generateRepositoryOpenApi } from '@repository/app.factory';
import { loadRepositoryConfig } from '@repository/config/env';

/** Regenerates the committed OpenAPI specs of the three services: `npm run openapi`. */
async function main(): Promise<void> {
  const repositoryConfig = loadRepositoryConfig({
    OG_REPOSITORY_TOKEN: 'unused',
    OG_REPOSITORY_DIR: '/nonexistent',
    OG_REPOSITORY_NAME: 'spec',
  });
  const specs: Array<[string, () => Promise<object>]> = [
    [CORE_OPENAPI_FILE, buildCoreOpenApi],
    [AGENT_OPENAPI_FILE, buildAgentOpenApi],
    ['openapi/og-repository.json', () => generateRepositoryOpenApi(repositoryConfig)],
  ];
  for (const [file, build] of specs) {
    writeFileSync(join(__dirname, '..', file), `${JSON.stringify(await build(), null, 2)}\n`);
    process.stdout.write(`wrote ${file}\n`);
  }
}

void main();
