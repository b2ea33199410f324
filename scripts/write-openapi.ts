import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Builders of each service's spec, loaded lazily so one service can be regenerated alone. */
const SPECS: Record<string, { file: string; build: () => Promise<object> }> = {
  'og-core': { file: 'openapi/og-core.json', build: async () => (await import('@core/openapi')).buildCoreOpenApi() },
  'og-agent': {
    file: 'openapi/og-agent.json',
    build: async () => (await import('@agent/openapi/agent-openapi')).buildAgentOpenApi(),
  },
  'og-repository': {
    file: 'openapi/og-repository.json',
    build: async () => {
      const { generateRepositoryOpenApi } = await import('@repository/app.factory');
      const { loadRepositoryConfig } = await import('@repository/config/env');
      return generateRepositoryOpenApi(
        loadRepositoryConfig({
          OG_REPOSITORY_TOKEN: 'unused',
          OG_REPOSITORY_DIR: '/nonexistent',
          OG_REPOSITORY_NAME: 'spec',
        }),
      );
    },
  },
};

/** Regenerates the committed OpenAPI specs: `npm run openapi` (all) or `npm run openapi -- og-core` (some). */
async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  for (const name of wanted.length ? wanted : Object.keys(SPECS)) {
    const spec = SPECS[name];
    if (!spec) throw new Error(`unknown service ${name}; one of ${Object.keys(SPECS).join(', ')}`);
    writeFileSync(join(__dirname, '..', spec.file), `${JSON.stringify(await spec.build(), null, 2)}\n`);
    process.stdout.write(`wrote ${spec.file}\n`);
  }
}

main().catch((err) => {
  process.stderr.write(`${err}\n`);
  process.exit(1);
});
