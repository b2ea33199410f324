import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCoreOpenApi, CORE_OPENAPI_FILE } from '@core/openapi';

/** Regenerates the committed OpenAPI specs of the services: `npm run openapi`. */
async function main(): Promise<void> {
  const specs: Array<[string, () => Promise<object>]> = [[CORE_OPENAPI_FILE, buildCoreOpenApi]];
  for (const [file, build] of specs) {
    writeFileSync(join(__dirname, '..', file), `${JSON.stringify(await build(), null, 2)}\n`);
    process.stdout.write(`wrote ${file}\n`);
  }
}

void main();
