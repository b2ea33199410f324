import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCoreOpenApi, CORE_OPENAPI_FILE } from './openapi';

describe('og-core OpenAPI', () => {
  it('matches the committed spec (run `npm run openapi` after changing the API)', async () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '../../..', CORE_OPENAPI_FILE), 'utf8'));
    expect(JSON.parse(JSON.stringify(await buildCoreOpenApi()))).toEqual(committed);
  });
});
